package org.socsim.replay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.socsim.engine.Simulation;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.profile.GpuQueueFitter;
import org.socsim.profile.H100Calibrator;
import org.socsim.profile.SocProfile;
import org.socsim.profile.TableCostModel;
import org.socsim.result.RunResult;
import org.socsim.soc.CostModel;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;
import org.socsim.traces.TraceFormatException;
import org.socsim.traces.h100.Splits;

/**
 * Replays the h100-server's measured split plans: stages {@code [0,k)} on the first unit, one copy, the rest on
 * the other unit. The input starts in host memory; a GPU-first plan uploads it first (for k = 0 it is uploaded
 * and copied straight back); the output of the last stage is copied to the other unit when k = n.
 */
public final class H100Replay {
  static final String UPLOAD = "upload";
  static final String OUTPUT = "output";

  private final Path root;
  private final SocProfile profile;

  public H100Replay(Path root, SocProfile profile) {
    this.root = root;
    this.profile = profile;
  }

  /**
   * @param relative per split row (by its index in {@code rows}): {relative error %, measurement noise %}; the
   *                 relative error compares plan / all-CPU plan of the same model, threads and file (one run):
   *                 100 x ((predicted plan / predicted all-CPU) / (measured plan / measured all-CPU) - 1)
   * @param queue    per model, the GPU queue sync its plans were predicted with (fitted without its own runs)
   */
  public record Result(List<HopeReplay.Row> rows, Map<String, String> skipped, List<Map<String, Object>> coexecBest,
      Map<Integer, double[]> relative, List<String> queue) {
  }

  public Result replayAll() {
    List<HopeReplay.Row> rows = new ArrayList<>();
    Map<String, String> skipped = new java.util.TreeMap<>();
    Map<Integer, double[]> relative = new java.util.TreeMap<>();
    List<String> queue = new ArrayList<>();
    List<GpuQueueFitter.Sample> whole = profile.gpuQueue() == null ? List.of() : GpuQueueFitter.samples(root, profile);
    Map<String, SocProfile> byModel = new java.util.HashMap<>();
    for (Path f : GpuQueueFitter.splitFiles(root)) {
      Splits sp = Splits.read(f);
      Map<String, double[]> reference = new java.util.HashMap<>();
      Map<Integer, Splits.Split> mine = new java.util.LinkedHashMap<>();
      for (int i = 0; i < sp.splits().size(); i++) {
        Splits.Split s = sp.splits().get(i);
        if (!profile.models().containsKey(s.model())) {
          skipped.put(root.relativize(f) + " " + s.label(), "profile " + profile.name() + " has no stages of "
              + s.model());
          continue;
        }
        int stages = profile.models().get(s.model()).ops().size() - (profile.models().get(s.model()).ops()
            .containsKey(H100Calibrator.INPUT) ? 1 : 0);
        List<Integer> threads = profile.unitSpec("cpu").threads();
        if (stages != s.nStages() || !threads.contains(s.threads())) {
          throw new TraceFormatException(f, 0, "split #" + i + " has " + s.nStages() + " stages at " + s.threads()
              + " threads; expected the " + stages + " stages of " + s.model() + " at " + threads + " threads, as"
              + " measured in stages/");
        }
        RunResult r = simulate(s, byModel.computeIfAbsent(s.model(), m -> heldOut(m, whole, queue)));
        if (s.allCpu()) {
          reference.putIfAbsent(s.model() + "|" + s.threads(), new double[] {r.latencyMs(), s.medianMs()});
        }
        mine.put(rows.size(), s);
        rows.add(new HopeReplay.Row(profile.name(), s.model(), s.label(), "split", "cpu+gpu", s.threads(), s.runs(),
            s.medianMs(), r.latencyMs(), 0));
      }
      mine.forEach((i, s) -> {
        double[] ref = reference.get(s.model() + "|" + s.threads());
        // the all-CPU plans are the references themselves (relative error 0 by construction): not scored
        if (ref != null && !s.allCpu()) {
          HopeReplay.Row row = rows.get(i);
          double rel = 100.0 * ((row.predictedMs() / ref[0]) / (row.measuredMs() / ref[1]) - 1);
          relative.put(i, new double[] {rel, s.noisePct()});
        }
      });
    }
    List<Map<String, Object>> best = List.of();
    Path coexec = root.resolve("coexec/layers.coexec.json");
    if (Files.isRegularFile(coexec)) {
      CoexecReplay.Result c = new CoexecReplay(profile).replay(org.socsim.traces.h100.Coexec.read(coexec));
      List<Double> rel = c.relativePct();
      for (int i = 0; i < c.rows().size(); i++) {
        relative.put(rows.size(), new double[] {rel.get(i), c.noisePct().get(i)});
        rows.add(c.rows().get(i));
      }
      best = c.best();
    }
    return new Result(rows, skipped, best, relative, List.copyOf(queue));
  }

  /**
   * The profile {@code model}'s plans are predicted with: its GPU queue refitted on the other models' whole-GPU runs
   * (a model's own whole runs never price its plans); without other models' runs, no queue model (sync 0).
   */
  private SocProfile heldOut(String model, List<GpuQueueFitter.Sample> whole, List<String> notes) {
    if (profile.gpuQueue() == null) {
      return profile;
    }
    SocProfile.GpuQueueSpec q = GpuQueueFitter.fit(whole, model, "splits/ whole-GPU plans of the other models");
    notes.add(q == null ? model + ": no other model's whole-GPU run; GPU queue sync 0"
        : String.format(java.util.Locale.ROOT, "%s: GPU queue sync %.1f us, fitted leave-one-model-out on %d "
            + "whole-GPU runs of %d other model(s), mean |residual| %.1f%%", model, q.syncUs(), q.plans(), q.models(),
            q.meanAbsResidualPct()));
    return profile.withGpuQueue(q);
  }

  /** Simulates one split plan with the profile as given. */
  public RunResult simulate(Splits.Split s) {
    return simulate(s, profile);
  }

  private RunResult simulate(Splits.Split s, SocProfile profile) {
    SocProfile.ModelTable t = profile.models().get(s.model());
    List<String> stages = new ArrayList<>(t.ops().keySet());
    stages.remove(H100Calibrator.INPUT);
    if (stages.size() != s.nStages()) {
      throw new TraceFormatException(root, 0, "split plan of " + s.model() + " has " + s.nStages()
          + " stages, the profile " + stages.size());
    }
    boolean gpuFirst = s.first().equals("gpu");
    ModelGraph.Builder b = new ModelGraph.Builder(s.model());
    String prev = H100Calibrator.INPUT;
    long bytes = t.outputBytes().get(H100Calibrator.INPUT);
    b.op(prev);
    if (gpuFirst) {
      b.edge(prev, UPLOAD, bytes, "");
      prev = UPLOAD;
    }
    for (String st : stages) {
      b.edge(prev, st, bytes, "");
      prev = st;
      bytes = t.outputBytes().get(st);
    }
    b.edge(prev, OUTPUT, bytes, "");
    ModelGraph g = b.build();
    Soc soc = profile.toSoc(s.model());
    Unit cpu = soc.requireUnit("cpu");
    Unit gpu = soc.requireUnit("gpu");
    Unit first = gpuFirst ? gpu : cpu;
    Unit other = gpuFirst ? cpu : gpu;
    Placement[] p = new Placement[g.size()];
    for (Op op : g.ops()) {
      Unit u;
      if (op.name().equals(H100Calibrator.INPUT)) {
        u = cpu;
      } else if (op.name().equals(UPLOAD)) {
        u = gpu;
      } else if (op.name().equals(OUTPUT)) {
        u = other;
      } else {
        u = stages.indexOf(op.name()) < s.k() ? first : other;
      }
      p[op.index()] = new Placement(op.index(), u.index(), u.isCpu() ? s.threads() : 1);
    }
    TableCostModel table = new TableCostModel(profile, s.model());
    CostModel cost = new CostModel() {
      @Override
      public double durationUs(Op op, Unit unit, int threads) {
        if (op.name().equals(OUTPUT)) {
          // the timer's final synchronise: the output left on the GPU still waits for its queue to drain
          return unit.id().equals("gpu") ? profile.gpuSyncUs() : 0.0;
        }
        return op.name().equals(UPLOAD) ? 0.0 : table.durationUs(op, unit, threads);
      }

      @Override
      public boolean supports(Op op, Unit unit) {
        return true;
      }
    };
    ExecutionPlan plan = ExecutionPlan.withTransfers("split", g, soc, p, g.topologicalOrder(), c -> true, List.of());
    return new Simulation(g, soc, plan, cost).run();
  }

}
