package org.socsim.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.socsim.graph.Edge;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/**
 * MOSAIC-style slicing: the topological order is cut into contiguous segments, each run on one unit, chosen by
 * dynamic programming to minimise total time = segment costs + copies of tensors entering a segment from a
 * segment on another unit. Segments are at most {@value #MAX_SEGMENT} ops (consecutive segments may share a unit).
 */
public final class MosaicStrategy implements Strategy {
  static final int MAX_SEGMENT = 96;

  @Override
  public String name() {
    return "mosaic";
  }

  @Override
  public String description() {
    return "MOSAIC: dynamic programming over contiguous segments of the layer chain, copies counted at cuts";
  }

  @Override
  public ExecutionPlan plan(ModelGraph g, Soc soc, PlanContext ctx) {
    Plans.requireRunnable(g, soc, ctx);
    int n = g.size();
    int nu = soc.units().size();
    int[] order = g.topologicalOrder();
    int[] pos = new int[n];
    for (int k = 0; k < n; k++) {
      pos[order[k]] = k;
    }
    double[][] cost = new double[n][nu];
    for (int k = 0; k < n; k++) {
      Op o = g.op(order[k]);
      for (Unit u : soc.units()) {
        cost[k][u.index()] = ctx.cost().supports(o, u)
            ? u.dispatchUs() + ctx.cost().durationUs(o, u, Plans.threadsOn(u, ctx.threads()))
            : Double.POSITIVE_INFINITY;
      }
    }
    // each edge's copy time between every pair of units, priced once (the DP below adds it for every segment
    // start the edge crosses)
    List<Edge> edges = g.edges();
    int[][] inOf = new int[n][];
    for (int k = 0; k < n; k++) {
      inOf[k] = g.inEdges(order[k]);
    }
    double[] copyUs = new double[edges.size() * nu * nu];
    for (int e = 0; e < edges.size(); e++) {
      for (int v = 0; v < nu; v++) {
        for (int u = 0; u < nu; u++) {
          if (u != v) {
            copyUs[(e * nu + v) * nu + u] = soc.transfers().transferUs(soc.unit(v), soc.unit(u), edges.get(e));
          }
        }
      }
    }
    double[][] best = new double[n + 1][nu];
    int[][] fromJ = new int[n + 1][nu];
    int[][] fromV = new int[n + 1][nu];
    for (double[] row : best) {
      Arrays.fill(row, Double.POSITIVE_INFINITY);
    }
    Arrays.fill(best[0], 0.0);
    for (int j = 0; j < n; j++) {
      double[] seg = new double[nu];
      double[][] copies = new double[nu][nu];
      for (int i = j + 1; i <= Math.min(n, j + MAX_SEGMENT); i++) {
        int k = i - 1;
        for (int u = 0; u < nu; u++) {
          seg[u] += cost[k][u];
        }
        for (int e : inOf[k]) {
          if (pos[edges.get(e).producer()] < j) {
            for (int v = 0; v < nu; v++) {
              for (int u = 0; u < nu; u++) {
                if (u != v) {
                  copies[v][u] += copyUs[(e * nu + v) * nu + u];
                }
              }
            }
          }
        }
        for (int u = 0; u < nu; u++) {
          if (Double.isInfinite(seg[u])) {
            continue;
          }
          for (int v = 0; v < nu; v++) {
            double c = best[j][v] + seg[u] + (j == 0 ? 0 : copies[v][u]);
            if (c < best[i][u]) {
              best[i][u] = c;
              fromJ[i][u] = j;
              fromV[i][u] = v;
            }
          }
        }
      }
    }
    int u = 0;
    for (int x = 1; x < nu; x++) {
      if (best[n][x] < best[n][u]) {
        u = x;
      }
    }
    Placement[] p = new Placement[n];
    int segments = 0;
    for (int i = n; i > 0; ) {
      int j = fromJ[i][u];
      Unit unit = soc.unit(u);
      for (int k = j; k < i; k++) {
        p[order[k]] = new Placement(order[k], u, Plans.threadsOn(unit, ctx.threads()));
      }
      segments++;
      int v = fromV[i][u];
      i = j;
      u = v;
    }
    List<String> notes = new ArrayList<>();
    notes.add(segments + " segments; DP estimate " + Math.round(best[n][0] < 0 ? 0 : minOf(best[n])) / 1000.0
        + " ms (sequential)");
    return ExecutionPlan.withTransfers(name(), g, soc, p, order, c -> true, notes);
  }

  private static double minOf(double[] a) {
    return Arrays.stream(a).min().orElse(0);
  }
}
