package org.socsim.strategy;

import org.socsim.graph.Edge;
import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/**
 * HEFT (Topcuoglu et al. 2002): ops by decreasing upward rank (mean cost plus the longest mean-cost path to an
 * exit, copies included), each placed where it finishes earliest.
 */
public final class HeftStrategy implements Strategy {
  @Override
  public String name() {
    return "heft";
  }

  @Override
  public String description() {
    return "HEFT: ops by decreasing upward rank, each on its earliest-finish unit";
  }

  @Override
  public ExecutionPlan plan(ModelGraph graph, Soc soc, PlanContext ctx) {
    int n = graph.size();
    double[] rank = new double[n];
    int[] topo = graph.topologicalOrder();
    double meanCopy = meanCopy(graph, soc);
    for (int k = n - 1; k >= 0; k--) {
      int v = topo[k];
      double tail = 0;
      for (int w : graph.successors(v)) {
        tail = Math.max(tail, meanCopy + rank[w]);
      }
      rank[v] = Eft.meanCost(graph.op(v), soc, ctx) + tail;
    }
    double[] key = new double[n];
    for (int i = 0; i < n; i++) {
      key[i] = -rank[i];
    }
    return Eft.schedule(name(), graph, soc, ctx, Plans.orderBy(graph, key));
  }

  /** Mean copy cost between two distinct units for a tensor of unknown size (the communication term of HEFT). */
  private static double meanCopy(ModelGraph g, Soc soc) {
    if (soc.units().size() < 2) {
      return 0;
    }
    Edge probe = new Edge(0, 0, Edge.UNKNOWN_BYTES, "");
    double sum = 0;
    int k = 0;
    for (Unit a : soc.units()) {
      for (Unit b : soc.units()) {
        if (a != b) {
          sum += soc.transfers().transferUs(a, b, probe);
          k++;
        }
      }
    }
    return sum / k;
  }
}
