package org.socsim.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.socsim.graph.Edge;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/**
 * Pipe-it-style pipelining for a stream of frames: the topological order is cut into one contiguous stage per unit
 * (CPU clusters and GPU), balancing the slowest stage; {@value #FRAMES} frames then flow through the stages, each
 * unit working on a different frame at a time. The plan's graph holds the frames ({@code f<k>/<op>}); the run's
 * latency is the makespan of all frames, and the notes give throughput and per-frame latency.
 */
public final class PipelineStrategy implements Strategy {
  static final int FRAMES = 4;

  @Override
  public String name() {
    return "pipeline";
  }

  @Override
  public String description() {
    return "Pipe-it: one contiguous stage per unit, " + FRAMES + " frames streamed through (latency = makespan)";
  }

  @Override
  public ExecutionPlan plan(ModelGraph g, Soc soc, PlanContext ctx) {
    Plans.requireRunnable(g, soc, ctx);
    int[] order = g.topologicalOrder();
    int n = order.length;
    List<Unit> units = soc.units();
    int stages = Math.min(units.size(), n);
    double[][] cost = new double[n][units.size()];
    for (int k = 0; k < n; k++) {
      Op o = g.op(order[k]);
      for (Unit u : units) {
        cost[k][u.index()] = ctx.cost().supports(o, u)
            ? u.dispatchUs() + ctx.cost().durationUs(o, u, Plans.threadsOn(u, ctx.threads())) : 1e15;
      }
    }
    // stage s (units in SoC order) gets ops [cut[s], cut[s+1]); choose cuts minimising the slowest stage
    int[] cut = bestCuts(cost, stages);
    int[] unitOfPos = new int[n];
    for (int s = 0; s < stages; s++) {
      for (int k = cut[s]; k < cut[s + 1]; k++) {
        unitOfPos[k] = units.get(s).index();
      }
    }
    ModelGraph.Builder b = new ModelGraph.Builder(g.name());
    List<Integer> unitOf = new ArrayList<>();
    List<double[]> rank = new ArrayList<>();
    for (int f = 0; f < FRAMES; f++) {
      for (int k = 0; k < n; k++) {
        Op o = g.op(order[k]);
        b.slice("f" + f + "/" + o.name(), o.type(), o.features(), o.name(), 1.0);
        unitOf.add(unitOfPos[k]);
      }
      for (Edge e : g.edges()) {
        b.edge("f" + f + "/" + g.op(e.producer()).name(), "f" + f + "/" + g.op(e.consumer()).name(), e.bytes(),
            e.shape());
      }
      if (f > 0) {
        // frames enter in order: frame f's first op waits for frame f-1's first op
        b.edge("f" + (f - 1) + "/" + g.op(order[0]).name(), "f" + f + "/" + g.op(order[0]).name());
      }
    }
    ModelGraph frames = b.build();
    Placement[] p = new Placement[frames.size()];
    double[] key = new double[frames.size()];
    for (int i = 0; i < frames.size(); i++) {
      Op o = frames.op(i);
      int f = Integer.parseInt(o.name().substring(1, o.name().indexOf('/')));
      int k = i - f * n;
      Unit u = soc.unit(unitOf.get(i));
      p[i] = new Placement(i, u.index(), Plans.threadsOn(u, ctx.threads()));
      key[i] = f * (double) n + k;
    }
    double slowest = 0;
    for (int s = 0; s < stages; s++) {
      double t = 0;
      for (int k = cut[s]; k < cut[s + 1]; k++) {
        t += cost[k][units.get(s).index()];
      }
      slowest = Math.max(slowest, t);
    }
    List<String> notes = List.of(String.format(Locale.ROOT, "%d frames; stages %s; slowest stage %.3f ms -> steady "
        + "throughput about %.1f frames/s", FRAMES, stageText(units, cut, stages), slowest / 1000, 1e6 / slowest));
    return ExecutionPlan.withTransfers(name(), frames, soc, p, Plans.orderBy(frames, key), c -> true, notes);
  }

  private static String stageText(List<Unit> units, int[] cut, int stages) {
    StringBuilder sb = new StringBuilder();
    for (int s = 0; s < stages; s++) {
      sb.append(s == 0 ? "" : ", ").append(units.get(s).id()).append('=').append(cut[s + 1] - cut[s]).append(" ops");
    }
    return sb.toString();
  }

  /** Linear partition by dynamic programming: minimise the maximum stage cost. */
  static int[] bestCuts(double[][] cost, int stages) {
    int n = cost.length;
    double[][] best = new double[stages + 1][n + 1];
    int[][] from = new int[stages + 1][n + 1];
    for (double[] row : best) {
      java.util.Arrays.fill(row, Double.POSITIVE_INFINITY);
    }
    best[0][0] = 0;
    for (int s = 1; s <= stages; s++) {
      for (int i = 0; i <= n; i++) {
        double seg = 0;
        for (int j = i; j >= 0; j--) {
          if (j < i) {
            seg += cost[j][s - 1];
          }
          double c = Math.max(best[s - 1][j], seg);
          if (c < best[s][i]) {
            best[s][i] = c;
            from[s][i] = j;
          }
        }
      }
    }
    int[] cut = new int[stages + 1];
    cut[stages] = n;
    for (int s = stages; s > 0; s--) {
      cut[s - 1] = from[s][cut[s]];
    }
    return cut;
  }
}
