package org.socsim.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.socsim.result.Stats;
import org.socsim.traces.hope.HopeCatalog;
import org.socsim.traces.hope.MeasuredTimeline;

/**
 * Fits {@link SocProfile.CoRunSpec} (issue 11, item 3) from a phone's measured CPU+GPU co-run timelines.
 *
 * <p>In a co-run timeline each op ran either while the other side (GPU for a CPU op, CPU for a GPU op) was busy
 * or while it was idle. For each op of at least {@value #MIN_OP_US} us with a latency in the profile's table, its
 * measured duration over that latency is a ratio; a file's estimate for one side is the median ratio of its
 * overlapped ops (other side busy for >= 90 % of the op) over the median ratio of its solo ops (<= 10 %), when
 * both groups have {@value #MIN_GROUP} ops or more. Comparing within one file cancels what differs between
 * measuring sessions (clocks, thermal state, runtime version), which moves a whole file by 10-70 %. The fit per side
 * is the median over files of {@code estimate - 1}, floored at 0: ops are not sped up by co-running. Files of 8
 * threads (both CPU clusters) are left out: their CPU ops have no per-op table to compare with.
 */
public final class CoRunFitter {
  static final double MIN_OP_US = 200;
  static final int MIN_GROUP = 10;
  private static final double OVERLAPPED = 0.9;
  private static final double SOLO = 0.1;

  private CoRunFitter() {
  }

  /** One co-run file's estimates: slowdown ratio per side ({@code cpu}, {@code gpu}), NaN when it has too few ops. */
  public record FileEstimate(HopeCatalog.TimelineFile file, double cpu, double gpu) {
  }

  /** Every co-run file of {@code profile}'s device that its tables can price. */
  public static List<FileEstimate> estimates(HopeCatalog catalog, SocProfile profile) {
    List<FileEstimate> out = new ArrayList<>();
    for (HopeCatalog.TimelineFile tf : catalog.timelines()) {
      if (tf.kind() != HopeCatalog.Kind.PARALLEL || !tf.device().equals(profile.name())
          || !profile.models().containsKey(tf.model())) {
        continue;
      }
      String cpuUnit = tf.processor().equals("cpu-little") ? "cpu-little" : "cpu-big";
      int threads = tf.threads() == 0 ? 1 : tf.threads();
      if (profile.units().stream().noneMatch(u -> u.id().equals(cpuUnit))
          || !profile.unitSpec(cpuUnit).threads().contains(threads)) {
        continue;
      }
      int col = profile.unitSpec(cpuUnit).threads().indexOf(threads);
      Map<String, Map<String, List<Double>>> ops = profile.models().get(tf.model()).ops();
      List<double[]> cpu = new ArrayList<>();
      List<double[]> gpu = new ArrayList<>();
      for (List<MeasuredTimeline.Row> run : MeasuredTimeline.read(tf.path()).runs()) {
        double[][] cpuBusy = busy(run, MeasuredTimeline.Proc.CPU);
        double[][] gpuBusy = busy(run, MeasuredTimeline.Proc.GPU);
        for (MeasuredTimeline.Row r : run) {
          boolean isCpu = r.proc() == MeasuredTimeline.Proc.CPU;
          if (!(isCpu || r.proc() == MeasuredTimeline.Proc.GPU) || r.durUs() < MIN_OP_US
              || ops.get(r.op()) == null || ops.get(r.op()).get(isCpu ? cpuUnit : "gpu") == null) {
            continue;
          }
          List<Double> v = ops.get(r.op()).get(isCpu ? cpuUnit : "gpu");
          double t0 = v.get(isCpu ? col : 0);
          if (t0 > 0) {
            double phi = overlap(r.startUs(), r.endUs(), isCpu ? gpuBusy : cpuBusy) / r.durUs();
            (isCpu ? cpu : gpu).add(new double[] {phi, r.durUs() / t0});
          }
        }
      }
      out.add(new FileEstimate(tf, ratio(cpu), ratio(gpu)));
    }
    return out;
  }

  /** The fit on the files {@code use} accepts, or null when none has an estimate. */
  public static SocProfile.CoRunSpec fit(List<FileEstimate> estimates, Predicate<HopeCatalog.TimelineFile> use,
      Path root, String source) {
    Map<String, Double> slowdown = new LinkedHashMap<>();
    List<String> perFile = new ArrayList<>();
    double[] c = estimates.stream().filter(e -> use.test(e.file())).mapToDouble(FileEstimate::cpu)
        .filter(Double::isFinite).toArray();
    double[] g = estimates.stream().filter(e -> use.test(e.file())).mapToDouble(FileEstimate::gpu)
        .filter(Double::isFinite).toArray();
    if (c.length == 0 && g.length == 0) {
      return null;
    }
    if (c.length > 0) {
      slowdown.put("cpu", round(Math.max(0, Stats.median(c) - 1)));
    }
    if (g.length > 0) {
      slowdown.put("gpu", round(Math.max(0, Stats.median(g) - 1)));
    }
    for (FileEstimate e : estimates) {
      if (use.test(e.file())) {
        perFile.add(String.format(Locale.ROOT, "%s: cpu %s, gpu %s", root.relativize(e.file().path()), text(e.cpu()),
            text(e.gpu())));
      }
    }
    return new SocProfile.CoRunSpec(slowdown, perFile, source);
  }

  /** {@code p} with the fit on all its device's co-run files in its platform, and a note; unchanged without one. */
  public static SocProfile withFit(SocProfile p, HopeCatalog catalog) {
    SocProfile.CoRunSpec c = fit(estimates(catalog, p), f -> true, catalog.root(), "co-run timelines (parallel)");
    if (c == null || p.platform() == null) {
      return p;
    }
    List<String> notes = new ArrayList<>(p.notes());
    notes.add(describe(c));
    return new SocProfile(p.schema(), p.name(), p.description(), p.sources(), p.units(), p.links(), p.models(),
        p.costModels(), p.platform().withCoRun(c), List.copyOf(notes), p.coexec(), p.gpuQueue());
  }

  public static String describe(SocProfile.CoRunSpec c) {
    return String.format(Locale.ROOT, "co-run interference: while both sides run, CPU ops slowed %.1f %%, GPU ops "
        + "%.1f %% (median over %d files of overlapped vs solo ops in the same file: %s)",
        100 * c.slowdown().getOrDefault("cpu", 0.0), 100 * c.slowdown().getOrDefault("gpu", 0.0), c.perFile().size(),
        String.join("; ", c.perFile()));
  }

  private static String text(double ratio) {
    return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%+.1f%%", 100 * (ratio - 1)) : "n/a";
  }

  private static double round(double v) {
    return Math.round(v * 1e4) / 1e4;
  }

  /** Median ratio of overlapped ops over that of solo ops, NaN with fewer than {@value #MIN_GROUP} in either. */
  static double ratio(List<double[]> phiAndRatio) {
    double[] co = phiAndRatio.stream().filter(x -> x[0] >= OVERLAPPED).mapToDouble(x -> x[1]).toArray();
    double[] solo = phiAndRatio.stream().filter(x -> x[0] <= SOLO).mapToDouble(x -> x[1]).toArray();
    return co.length < MIN_GROUP || solo.length < MIN_GROUP ? Double.NaN : Stats.median(co) / Stats.median(solo);
  }

  /** The merged busy intervals of one side in one run, sorted. */
  static double[][] busy(List<MeasuredTimeline.Row> run, MeasuredTimeline.Proc side) {
    double[][] iv = run.stream().filter(r -> r.proc() == side).map(r -> new double[] {r.startUs(), r.endUs()})
        .sorted((a, b) -> Double.compare(a[0], b[0])).toArray(double[][]::new);
    List<double[]> out = new ArrayList<>();
    for (double[] x : iv) {
      if (!out.isEmpty() && x[0] <= out.get(out.size() - 1)[1]) {
        out.get(out.size() - 1)[1] = Math.max(out.get(out.size() - 1)[1], x[1]);
      } else {
        out.add(x.clone());
      }
    }
    return out.toArray(double[][]::new);
  }

  static double overlap(double a, double b, double[][] busy) {
    double s = 0;
    for (double[] x : busy) {
      if (x[0] >= b) {
        break;
      }
      s += Math.max(0, Math.min(b, x[1]) - Math.max(a, x[0]));
    }
    return s;
  }
}
