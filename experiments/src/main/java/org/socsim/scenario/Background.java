package org.socsim.scenario;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.socsim.engine.Workload;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;
import org.socsim.soc.UnitKind;

/**
 * Parses {@code --background} specs: comma-separated {@code ui:60hz:4ms} (UI rendering on the GPU: refresh rate
 * and GPU cost per frame; {@code ui:90hz:3ms@npu} to render elsewhere) and {@code cpu:2} / {@code cpu-little:1}
 * (busy background threads on a CPU cluster; {@code cpu} = the first CPU unit).
 */
public final class Background {
  private Background() {
  }

  /** Checks the form of a background spec without a SoC (unit names are checked against the SoC when it runs). */
  public static void check(String spec) {
    parse(spec, null, 1, 0);
  }

  /** The workload of {@code requests} inferences beside the background; {@code soc} null checks the form only. */
  public static Workload parse(String spec, Soc soc, int requests, double periodUs) {
    Workload.Ui ui = null;
    Map<Integer, Integer> bg = new HashMap<>();
    if (spec != null && !spec.isBlank()) {
      for (String part : spec.split(",")) {
        String p = part.strip().toLowerCase(Locale.ROOT);
        String[] f = p.split(":");
        if (f[0].equals("ui")) {
          if (f.length != 3 || !f[1].endsWith("hz") || !f[2].matches("[0-9.]+ms(@[a-z0-9-]+)?")) {
            throw new IllegalArgumentException("--background " + part + ": expected ui:<rate>hz:<gpu ms per frame>,"
                + " e.g. ui:60hz:4ms");
          }
          double hz = number(part, f[1].substring(0, f[1].length() - 2));
          String[] cost = f[2].split("@");
          double ms = number(part, cost[0].substring(0, cost[0].length() - 2));
          if (hz > MAX_UI_HZ || ms > MAX_FRAME_MS) {
            throw new IllegalArgumentException("--background " + part + ": expected a frame rate up to " + MAX_UI_HZ
                + " Hz and a frame cost up to " + MAX_FRAME_MS + " ms");
          }
          if (soc == null) {
            continue;
          }
          Unit u = cost.length > 1 ? unit(soc, part, cost[1]) : soc.firstOfKind(UnitKind.GPU)
              .orElseThrow(() -> new IllegalArgumentException("--background " + part + ": SoC " + soc.name()
                  + " has no GPU; name the unit with @unit"));
          ui = new Workload.Ui(u.index(), 1e6 / hz, ms * 1000);
        } else {
          if (f.length != 2) {
            throw new IllegalArgumentException("--background " + part + ": expected <cpu unit>:<threads>, e.g. cpu:2");
          }
          double n = number(part, f[1]);
          if (n != Math.rint(n) || n > MAX_THREADS) {
            throw new IllegalArgumentException("--background " + part + ": expected a whole number of busy threads"
                + " from 1 to " + MAX_THREADS + ", found '" + f[1] + "'");
          }
          if (soc == null) {
            continue;
          }
          Unit u = f[0].equals("cpu") ? soc.firstOfKind(UnitKind.CPU).orElseThrow() : unit(soc, part, f[0]);
          if (!u.isCpu()) {
            throw new IllegalArgumentException("--background " + part + ": " + u.id() + " is not a CPU cluster");
          }
          bg.merge(u.index(), (int) n, Integer::sum);
        }
      }
    }
    return new Workload(requests, periodUs, ui, bg);
  }

  /** Bounds that keep a background inside what a phone runs (and the event count finite). */
  static final double MAX_UI_HZ = 1000;
  static final double MAX_FRAME_MS = 1000;
  static final int MAX_THREADS = 1024;

  private static Unit unit(Soc soc, String part, String id) {
    try {
      return soc.requireUnit(id);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--background " + part + ": " + e.getMessage());
    }
  }

  private static double number(String part, String s) {
    try {
      double v = Double.parseDouble(s);
      if (v > 0 && Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("--background " + part + ": expected a positive number, found '" + s + "'");
  }
}
