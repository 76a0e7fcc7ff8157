package org.socsim.strategy;

import java.util.ArrayList;
import java.util.List;
import org.socsim.graph.Edge;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/**
 * Branch parallelism at subgraph granularity: the DAG is cut into chains (maximal single-input single-output
 * paths, e.g. one branch of an Inception block or NASNet cell), and each chain is placed whole on the unit where
 * it finishes earliest, so independent branches land on different units.
 */
public final class BranchParallelStrategy implements Strategy {
  @Override
  public String name() {
    return "branch-parallel";
  }

  @Override
  public String description() {
    return "independent branches (chains of the DAG) each placed whole on the unit where they finish earliest";
  }

  @Override
  public ExecutionPlan plan(ModelGraph g, Soc soc, PlanContext ctx) {
    int n = g.size();
    int[] chainOf = new int[n];
    java.util.Arrays.fill(chainOf, -1);
    List<List<Integer>> chains = new ArrayList<>();
    for (int v : g.topologicalOrder()) {
      if (chainOf[v] >= 0) {
        continue;
      }
      List<Integer> c = new ArrayList<>();
      int x = v;
      while (true) {
        c.add(x);
        chainOf[x] = chains.size();
        int[] s = g.successors(x);
        if (s.length != 1 || g.predecessors(s[0]).length != 1 || chainOf[s[0]] >= 0) {
          break;
        }
        x = s[0];
      }
      chains.add(c);
    }
    double[] finish = new double[n];
    int[] unitOf = new int[n];
    double[] avail = new double[soc.units().size()];
    Placement[] p = new Placement[n];
    List<Integer> order = new ArrayList<>();
    for (List<Integer> c : chains) {
      double bestF = Double.POSITIVE_INFINITY;
      int best = Plans.fallbackCpu(soc).index();
      for (Unit u : soc.units()) {
        double t = avail[u.index()];
        for (int e : g.inEdges(c.get(0))) {
          Edge edge = g.edges().get(e);
          double copy = unitOf[edge.producer()] == u.index() ? 0
              : soc.transfers().transferUs(soc.unit(unitOf[edge.producer()]), u, edge);
          t = Math.max(t, finish[edge.producer()] + copy);
        }
        boolean ok = true;
        for (int v : c) {
          Op o = g.op(v);
          if (!ctx.cost().supports(o, u)) {
            ok = false;
            break;
          }
          t += u.dispatchUs() + ctx.cost().durationUs(o, u, Plans.threadsOn(u, ctx.threads()));
        }
        if (ok && t < bestF) {
          bestF = t;
          best = u.index();
        }
      }
      Unit u = soc.unit(best);
      double t = 0;
      for (int v : c) {
        p[v] = new Placement(v, best, Plans.threadsOn(u, ctx.threads()));
        unitOf[v] = best;
        order.add(v);
      }
      for (int v : c) {
        finish[v] = bestF;
      }
      avail[best] = bestF;
    }
    double[] rank = new double[n];
    for (int k = 0; k < order.size(); k++) {
      rank[order.get(k)] = k;
    }
    List<String> notes = List.of(chains.size() + " chains");
    return ExecutionPlan.withTransfers(name(), g, soc, p, Plans.orderBy(g, rank), c -> true, notes);
  }
}
