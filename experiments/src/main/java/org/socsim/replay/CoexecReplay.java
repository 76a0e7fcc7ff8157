package org.socsim.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socsim.engine.Simulation;
import org.socsim.graph.Edge;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.graph.OpFeatures;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.plan.Transfer;
import org.socsim.profile.CoexecFitter;
import org.socsim.profile.SocProfile;
import org.socsim.soc.CoexecFit;
import org.socsim.soc.CostModel;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;
import org.socsim.traces.h100.Coexec;

/**
 * Predicts channel-split co-execution of one conv layer: the GPU computes a fraction f of the output channels,
 * the CPU the rest, concurrently; the host thread copies the input to the GPU (only the GPU's input channels for
 * a depthwise layer) before computing its share, copies the GPU's output back afterwards, and concatenates.
 * Compute costs come from the layer's separately measured full-layer components scaled by the fraction. Without a
 * co-execution fit in the profile, copies are priced by the profile's fitted PCIe links on the bytes moved and the
 * join is free (the behaviour before issue 11). With one ({@link SocProfile#coexec()}), copies are the layer's own
 * measured copies ({@link CoexecFitter#copyInUs}, {@link CoexecFitter#copyOutUs}) and a call that spans both units
 * pays the fitted per-call overhead at the join; {@link #replay} then refits that overhead leave-one-layer-out, so no
 * layer is scored by a fit that saw it.
 */
public final class CoexecReplay {
  private final SocProfile profile;

  public CoexecReplay(SocProfile profile) {
    this.profile = profile;
  }

  /** Predicted end-to-end ms of {@code layer} split at {@code f}, with the profile's own co-execution fit. */
  public double predictMs(Coexec.Row layer, Coexec.Components comp, double f) {
    return predictMs(layer, comp, f, profile.coexec());
  }

  /**
   * Predicted end-to-end ms of {@code layer} split at {@code f}; {@code spec} null: the pre-issue-11 model (fitted
   * links, free join).
   */
  public double predictMs(Coexec.Row layer, Coexec.Components comp, double f, CoexecFit.Spec spec) {
    Soc soc = profile.toSoc("");
    Unit cpu = soc.requireUnit("cpu");
    Unit gpu = soc.requireUnit("gpu");
    ModelGraph.Builder b = new ModelGraph.Builder(layer.layer());
    b.op("input", "Input", OpFeatures.NONE);
    long inBytes = layer.depthwise() ? Math.round(layer.inputBytes() * f) : layer.inputBytes();
    long outGpu = Math.round(layer.outputBytes() * f);
    if (f > 0) {
      b.slice("conv@gpu", "Conv", OpFeatures.NONE, "conv", f);
      b.edge("input", "conv@gpu", inBytes, "");
    }
    if (f < 1) {
      b.slice("conv@cpu", "Conv", OpFeatures.NONE, "conv", 1 - f);
      b.edge("input", "conv@cpu");
      b.edge("conv@cpu", "concat");
    }
    if (f > 0) {
      b.edge("conv@gpu", "concat", outGpu, "");
    }
    ModelGraph g = b.build();
    Placement[] p = new Placement[g.size()];
    for (Op op : g.ops()) {
      Unit u = op.name().equals("conv@gpu") ? gpu : cpu;
      p[op.index()] = new Placement(op.index(), u.index(), u.isCpu() ? layer.cpuThreads() : 1);
    }
    List<Transfer> copies = new ArrayList<>();
    for (int e = 0; e < g.edges().size(); e++) {
      Edge edge = g.edges().get(e);
      int from = p[edge.producer()].unit();
      int to = p[edge.consumer()].unit();
      if (from != to) {
        double us = spec == null ? soc.transfers().transferUs(soc.unit(from), soc.unit(to), edge)
            : to == gpu.index() ? CoexecFitter.copyInUs(layer, comp, f, profile.links().get("cpu->gpu"))
            : CoexecFitter.copyOutUs(comp, f, profile.links().get("gpu->cpu"));
        copies.add(new Transfer(e, from, to, cpu.index(), 1, us));
      }
    }
    int[] order = new int[g.size()];
    int k = 0;
    for (String name : new String[] {"input", "conv@gpu", "conv@cpu", "concat"}) {
      int i = g.indexOf(name);
      if (i >= 0) {
        order[k++] = i;
      }
    }
    double gpuUs = comp.gpuFullMs() * 1000;
    double cpuUs = comp.cpuFullMs() * 1000;
    double joinUs = spec != null && f > 0 && f < 1 ? spec.callOverheadUs(layer.outputBytes(), cpuUs) : 0.0;
    CostModel cost = new CostModel() {
      @Override
      public double durationUs(Op op, Unit unit, int threads) {
        return switch (op.name()) {
          case "conv@gpu" -> gpuUs * op.fraction();
          case "conv@cpu" -> cpuUs * op.fraction();
          case "concat" -> joinUs;
          default -> 0.0;
        };
      }

      @Override
      public boolean supports(Op op, Unit unit) {
        return true;
      }
    };
    ExecutionPlan plan = new ExecutionPlan("channel-split", g, soc, p, copies, order,
        List.of("f_gpu=" + f));
    return new Simulation(g, soc, plan, cost).run().latencyMs();
  }

  /**
   * One compared row per (layer, fraction), per layer the best fraction predicted and measured, and per row the
   * measurement's block-to-block spread (NaN where the file has none) and GPU share.
   */
  public record Result(List<HopeReplay.Row> rows, List<Map<String, Object>> best, List<Double> noisePct,
      List<Double> fGpu) {
    /**
     * Per row, the error of its latency relative to the same layer's all-CPU call (f_gpu = 0) in percent:
     * (predicted / predicted all-CPU) / (measured / measured all-CPU) - 1, like a split plan against the same run's
     * all-CPU plan. NaN for the all-CPU call itself (0 by construction) and for a layer without one.
     */
    public List<Double> relativePct() {
      Map<String, double[]> cpu = new LinkedHashMap<>();
      for (int i = 0; i < rows.size(); i++) {
        if (fGpu.get(i) == 0) {
          cpu.put(rows.get(i).model(), new double[] {rows.get(i).predictedMs(), rows.get(i).measuredMs()});
        }
      }
      List<Double> out = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        HopeReplay.Row r = rows.get(i);
        double[] ref = cpu.get(r.model());
        out.add(ref == null || fGpu.get(i) == 0 ? Double.NaN
            : 100.0 * ((r.predictedMs() / ref[0]) / (r.measuredMs() / ref[1]) - 1));
      }
      return out;
    }
  }

  public Result replay(Coexec data) {
    Map<String, Coexec.Components> comps = CoexecFitter.components(data);
    // leave-one-layer-out: each layer is predicted with an overhead fitted on the other layers' interior calls only
    Map<String, CoexecFit.Spec> heldOut = new LinkedHashMap<>();
    if (profile.coexec() != null) {
      List<CoexecFitter.Sample> samples = CoexecFitter.samples(data, profile.links());
      for (String layer : comps.keySet()) {
        boolean others = samples.stream().anyMatch(s -> !s.layer().equals(layer));
        heldOut.put(layer, others ? CoexecFitter.fitWithout(samples, layer, "coexec") : null);
      }
    }
    List<HopeReplay.Row> rows = new ArrayList<>();
    List<Double> noise = new ArrayList<>();
    List<Double> fractions = new ArrayList<>();
    Map<String, double[]> bestPred = new LinkedHashMap<>();
    Map<String, double[]> bestMeas = new LinkedHashMap<>();
    Map<String, Map<Double, Double>> measuredAt = new LinkedHashMap<>();
    for (Coexec.Row r : data.rows()) {
      Coexec.Components c = comps.get(r.layer());
      if (c == null) {
        continue;
      }
      CoexecFit.Spec spec = heldOut.get(r.layer());
      double pred = predictMs(r, c, r.fGpu(), spec);
      String plan = String.format(java.util.Locale.ROOT, "coexec f_gpu=%.2f", r.fGpu());
      if (profile.coexec() != null) {
        plan += spec == null ? " (no other layer to fit the overhead on: parts only)"
            : r.fGpu() > 0 && r.fGpu() < 1 ? String.format(java.util.Locale.ROOT,
            " (overhead %.3f ms, fitted leave-one-layer-out on %d calls of %d other layers)",
            spec.callOverheadUs(r.outputBytes(), c.cpuFullMs() * 1000) / 1000, spec.samples(), spec.layers())
            : " (layer's own copies; no overhead at the ends)";
      }
      rows.add(new HopeReplay.Row(profile.name(), r.layer(), plan, "coexec", "cpu+gpu", r.cpuThreads(), r.runs(),
          r.medianMs(), pred, 0));
      noise.add(r.noisePct());
      fractions.add(r.fGpu());
      bestPred.merge(r.layer(), new double[] {r.fGpu(), pred}, (a, x) -> x[1] < a[1] ? x : a);
      bestMeas.merge(r.layer(), new double[] {r.fGpu(), r.medianMs()}, (a, x) -> x[1] < a[1] ? x : a);
      measuredAt.computeIfAbsent(r.layer(), x -> new LinkedHashMap<>()).put(r.fGpu(), r.medianMs());
    }
    List<Map<String, Object>> best = new ArrayList<>();
    for (String layer : bestPred.keySet()) {
      Map<String, Object> m = new LinkedHashMap<>();
      double fp = bestPred.get(layer)[0];
      m.put("layer", layer);
      m.put("predicted_best_f_gpu", fp);
      m.put("measured_best_f_gpu", bestMeas.get(layer)[0]);
      m.put("measured_ms_at_measured_best", round(bestMeas.get(layer)[1]));
      m.put("measured_ms_at_predicted_best", round(measuredAt.get(layer).get(fp)));
      m.put("regret_pct", round(100 * (measuredAt.get(layer).get(fp) - bestMeas.get(layer)[1]) / bestMeas.get(layer)[1]));
      if (profile.coexec() != null) {
        m.put("overhead_fit", "leave-one-layer-out");
      }
      best.add(m);
    }
    return new Result(rows, best, noise, fractions);
  }

  /** The per-layer best fractions as a text table (nothing when there are none). */
  public static void printBest(java.io.PrintWriter out, List<Map<String, Object>> best) {
    if (best.isEmpty()) {
      return;
    }
    out.println();
    out.println("channel split: best GPU fraction per layer (channel-split picks the predicted best)");
    out.printf("%-22s %11s %10s %14s %16s %9s%n", "layer", "predicted_f", "measured_f", "ms@measured_f",
        "ms@predicted_f", "regret_%");
    for (Map<String, Object> b : best) {
      out.printf("%-22s %11.2f %10.2f %14.3f %16.3f %9.1f%n", b.get("layer"), b.get("predicted_best_f_gpu"),
          b.get("measured_best_f_gpu"), b.get("measured_ms_at_measured_best"), b.get("measured_ms_at_predicted_best"),
          b.get("regret_pct"));
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
