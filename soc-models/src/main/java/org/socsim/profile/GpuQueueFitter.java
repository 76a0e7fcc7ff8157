package org.socsim.profile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.socsim.traces.h100.Splits;

/**
 * Fits {@link SocProfile.GpuQueueSpec} (issue 11, item 2) from whole runs against per-stage measurements.
 *
 * <p>The h100-server measured every stage alone on the GPU with a synchronise around it, and it also measured whole
 * split plans, among them the plans that run every stage on the GPU. A chained run enqueues the next stage's
 * kernels while the GPU still runs the previous ones and synchronises once, when the result leaves the GPU. With
 * the stage tables holding the fastest synchronised run of each stage ({@code min_ms}: the run least slowed by
 * launch latency and an idle GPU's clocks), a whole-GPU run is predicted as
 * {@code copies + sum_i max(0, g_i - s) + s}; each measured whole-GPU run gives the {@code s} that makes the
 * prediction equal to it (0 when the chain is slower than its stages), and the fit is their mean.
 */
public final class GpuQueueFitter {
  private GpuQueueFitter() {
  }

  /**
   * One measured run of every stage of a model on the GPU.
   *
   * @param file       the splits file, relative to the trace folder
   * @param copiesUs   its copies (input to the GPU, the output back when the plan copies it)
   * @param stageUs    the table's GPU latency of each stage
   * @param measuredUs the run's measured latency
   */
  public record Sample(String file, String model, String plan, double copiesUs, double[] stageUs, double measuredUs) {
    /** The run as the queue model prices it with sync {@code s}. */
    public double predictUs(double s) {
      double t = copiesUs + s;
      for (double g : stageUs) {
        t += Math.max(0.0, g - s);
      }
      return t;
    }

    /** The sync that makes the prediction equal to the measurement (bounded to where the prediction falls). */
    double solve() {
      if (predictUs(0) <= measuredUs) {
        return 0.0;
      }
      double[] g = stageUs.clone();
      java.util.Arrays.sort(g);
      double lo = 0;
      double hi = g.length >= 2 ? g[g.length - 2] : 0; // beyond the second largest stage the prediction rises again
      for (int i = 0; i < 100; i++) {
        double mid = 0.5 * (lo + hi);
        if (predictUs(mid) > measuredUs) {
          lo = mid;
        } else {
          hi = mid;
        }
      }
      return 0.5 * (lo + hi);
    }
  }

  /** The whole-GPU runs in {@code root/splits} of the models {@code profile} has stage tables of. */
  public static List<Sample> samples(Path root, SocProfile profile) {
    List<Sample> out = new ArrayList<>();
    for (Path f : splitFiles(root)) {
      for (Splits.Split s : Splits.read(f).splits()) {
        SocProfile.ModelTable t = profile.models().get(s.model());
        boolean allGpu = s.first().equals("gpu") ? s.k() == s.nStages() : s.k() == 0;
        if (t == null || !allGpu || t.outputBytes() == null) {
          continue;
        }
        List<String> stages = new ArrayList<>(t.ops().keySet());
        stages.remove(H100Calibrator.INPUT);
        if (stages.size() != s.nStages()) {
          continue; // the replay reports the mismatch
        }
        double[] g = new double[stages.size()];
        for (int i = 0; i < g.length; i++) {
          g[i] = t.ops().get(stages.get(i)).get("gpu").get(0);
        }
        double copies = copyUs(profile, "cpu->gpu", t.outputBytes().get(H100Calibrator.INPUT));
        if (s.first().equals("gpu")) {
          copies += copyUs(profile, "gpu->cpu", t.outputBytes().get(stages.get(stages.size() - 1)));
        }
        out.add(new Sample(root.relativize(f).toString(), s.model(), s.label(), copies, g, 1000.0 * s.medianMs()));
      }
    }
    return out;
  }

  /** The {@code splits/<model>.splits.json} files of an h100-server layout, sorted; none without {@code splits/}. */
  public static List<Path> splitFiles(Path root) {
    Path dir = root.resolve("splits");
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".splits.json")).sorted().toList();
    } catch (java.io.IOException e) {
      throw new org.socsim.traces.TraceFormatException(dir, 0, "cannot list: " + e.getMessage());
    }
  }

  private static double copyUs(SocProfile p, String link, long bytes) {
    SocProfile.LinkSpec l = p.links().get(link);
    return l == null ? 0.0 : l.copyUs(bytes);
  }

  /** The fit on {@code samples} whose model is not {@code excludeModel} (null: all), or null when none is left. */
  public static SocProfile.GpuQueueSpec fit(List<Sample> samples, String excludeModel, String source) {
    List<Sample> use = samples.stream().filter(x -> !x.model().equals(excludeModel)).toList();
    if (use.isEmpty()) {
      return null;
    }
    double s = use.stream().mapToDouble(Sample::solve).average().orElse(0);
    s = Math.round(s * 1000.0) / 1000.0;
    double res = 0;
    Set<String> models = new TreeSet<>();
    for (Sample x : use) {
      res += Math.abs(x.predictUs(s) / x.measuredUs() - 1);
      models.add(x.model());
    }
    return new SocProfile.GpuQueueSpec(s, use.size(), models.size(),
        Math.round(1e5 * res / use.size()) / 1000.0, source);
  }

  /** The residual of each sample under {@code spec}, one line each: model, plan, measured, predicted, error. */
  public static List<String> residuals(List<Sample> samples, SocProfile.GpuQueueSpec spec) {
    List<String> out = new ArrayList<>();
    for (Sample x : samples) {
      double p = x.predictUs(spec.syncUs());
      out.add(String.format(Locale.ROOT, "%s %s: measured %.3f ms, predicted %.3f ms (%+.1f%%; with sync 0:"
          + " %.3f ms)", x.model(), x.plan(), x.measuredUs() / 1000, p / 1000, 100 * (p / x.measuredUs() - 1),
          x.predictUs(0) / 1000));
    }
    return out;
  }

  public static String describe(SocProfile.GpuQueueSpec q) {
    return String.format(Locale.ROOT, "GPU queue: a chained run saves %.1f us of synchronisation per GPU stage "
        + "(stage latency = fastest synchronised run) and pays it once per drain (a copy off the GPU); fitted on %d "
        + "whole-GPU runs of %d models, mean |residual| %.1f%%", q.syncUs(), q.plans(), q.models(),
        q.meanAbsResidualPct());
  }
}
