package org.socsim.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.socsim.profile.CoexecDefault;
import org.socsim.profile.ProfileIo;
import org.socsim.profile.SocProfile;
import org.socsim.soc.CoexecFit;
import org.socsim.traces.hope.HopeCatalog;
import org.socsim.traces.hope.MeasuredTimeline;

/**
 * Checks the co-execution cost a phone is priced with when it has no fit of its own ({@link CoexecDefault}: the CPU
 * fixed part each slice of a split op pays) on the only measurement of ops split across two units of a phone: a
 * serial 8-thread run, which spreads every op over both CPU clusters (4 big + 4 LITTLE cores). Measured: the run's
 * latency over each serial 4-thread run of the same model in the same folder (the same measuring session).
 * Predicted: every op of the device's bundled table split between its big and LITTLE 4-thread latencies at the share
 * that balances the two slices, each slice paying the fixed part, never slower than the op whole on the faster
 * cluster; summed over the ops (a serial run), over the big cluster's 4-thread sum. Both are ratios, so the sessions of
 * the table and of the run need not match in absolute speed.
 */
public final class ClusterSplitCheck {
  private ClusterSplitCheck() {
  }

  /** One line per serial 8-thread CPU run whose device has a bundled table of the model at 4 threads on both clusters. */
  public static List<String> lines(HopeCatalog catalog) {
    List<String> out = new ArrayList<>();
    CoexecFit.Spec co = CoexecDefault.get();
    for (HopeCatalog.TimelineFile t8 : catalog.timelines()) {
      if (co == null || t8.kind() != HopeCatalog.Kind.SERIAL || t8.threads() != BothClusters.THREADS
          || t8.processor().startsWith("gpu") || !ProfileIo.bundled().contains(t8.device())) {
        continue;
      }
      SocProfile p = ProfileIo.load(t8.device());
      SocProfile.ModelTable table = p.models().get(t8.model());
      int big = column(p, "cpu-big");
      int little = column(p, "cpu-little");
      List<Double> measured = new ArrayList<>();
      double ms8 = MeasuredTimeline.read(t8.path()).medianEndToEndUs();
      for (HopeCatalog.TimelineFile t4 : catalog.timelines()) {
        if (t4.kind() == HopeCatalog.Kind.SERIAL && t4.threads() == 4 && !t4.processor().startsWith("gpu")
            && t4.device().equals(t8.device()) && t4.model().equals(t8.model())
            && t4.path().getParent().equals(t8.path().getParent())) {
          measured.add(ms8 / MeasuredTimeline.read(t4.path()).medianEndToEndUs());
        }
      }
      if (table == null || big < 0 || little < 0 || measured.isEmpty()) {
        continue;
      }
      measured.sort(null);
      out.add(String.format(Locale.ROOT, "ops split across both CPU clusters (%s %s, serial 8-thread run against the"
          + " same folder's %d serial 4-thread run(s)): measured %.3f-%.3f of the 4-thread time; predicted %.3f"
          + " with the CPU fixed part each slice pays (%s), %.3f with free slices", t8.device(), t8.model(),
          measured.size(), measured.get(0),
          measured.get(measured.size() - 1), predicted(table, big, little, co.cpuFixedShare()), co.source(),
          predicted(table, big, little, 0)));
    }
    return out;
  }

  /** Index of the 4-thread column of a CPU unit, or -1. */
  private static int column(SocProfile p, String unit) {
    return p.units().stream().filter(u -> u.id().equals(unit)).findFirst().map(u -> u.threads().indexOf(4))
        .orElse(-1);
  }

  static double predicted(SocProfile.ModelTable table, int big, int little, double share) {
    double whole = 0;
    double split = 0;
    for (Map<String, List<Double>> op : table.ops().values()) {
      List<Double> b = op.get("cpu-big");
      List<Double> l = op.get("cpu-little");
      if (b == null || l == null || b.size() <= big || l.size() <= little || !(b.get(big) > 0)
          || !(l.get(little) > 0)) {
        continue;
      }
      double tb = b.get(big);
      double tl = l.get(little);
      double f = Math.max(0, Math.min(1, (tl + share * (tl - tb)) / (tb + tl)));
      split += Math.min(Math.max((f + share) * tb, (1 - f + share) * tl), Math.min(tb, tl));
      whole += tb;
    }
    return whole > 0 ? split / whole : Double.NaN;
  }
}
