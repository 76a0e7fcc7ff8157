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
 * Earliest-finish-time list scheduling over in-order unit queues: visits ops in a given dependency-respecting
 * order and puts each on the unit where it would finish first, counting the unit's backlog, dispatch overhead
 * and the copies of inputs that live elsewhere (charged on the consumer's queue, as the engine does).
 */
final class Eft {
  private Eft() {
  }

  static ExecutionPlan schedule(String name, ModelGraph g, Soc soc, PlanContext ctx, int[] order) {
    int[] none = new int[g.size()];
    java.util.Arrays.fill(none, -1);
    return schedule(name, g, soc, ctx, order, none);
  }

  /** As above; {@code pinned[op] >= 0} fixes that op's unit (if the unit supports it). */
  static ExecutionPlan schedule(String name, ModelGraph g, Soc soc, PlanContext ctx, int[] order, int[] pinned) {
    int n = g.size();
    double[] finish = new double[n];
    int[] unitOf = new int[n];
    double[] avail = new double[soc.units().size()];
    Placement[] p = new Placement[n];
    for (int op : order) {
      Op o = g.op(op);
      double bestFinish = Double.POSITIVE_INFINITY;
      int best = -1;
      int[] in = g.inEdges(op);
      for (Unit u : soc.units()) {
        int t = Plans.threadsOn(u, ctx.threads());
        if (!ctx.cost().supports(o, u) || pinned[op] >= 0 && pinned[op] != u.index()
            && ctx.cost().supports(o, soc.unit(pinned[op]))) {
          continue;
        }
        double ready = avail[u.index()];
        double copies = 0;
        for (int e : in) {
          Edge edge = g.edges().get(e);
          ready = Math.max(ready, finish[edge.producer()]);
          Unit from = soc.unit(unitOf[edge.producer()]);
          if (from.index() != u.index()) {
            copies += soc.transfers().transferUs(from, u, edge);
          }
        }
        double f = ready + copies + u.dispatchUs() + ctx.cost().durationUs(o, u, t);
        if (f < bestFinish) {
          bestFinish = f;
          best = u.index();
        }
      }
      if (best < 0) {
        Unit cpu = Plans.fallbackCpu(soc);
        throw new IllegalArgumentException("no unit of " + soc.name() + " supports op " + o.name()
            + " (not even " + cpu.id() + ")");
      }
      unitOf[op] = best;
      finish[op] = bestFinish;
      avail[best] = bestFinish;
      p[op] = new Placement(op, best, Plans.threadsOn(soc.unit(best), ctx.threads()));
    }
    int[] used = new int[soc.units().size()];
    for (Placement pl : p) {
      used[pl.unit()]++;
    }
    List<String> notes = new ArrayList<>();
    StringBuilder b = new StringBuilder("ops per unit:");
    for (Unit u : soc.units()) {
      b.append(' ').append(u.id()).append('=').append(used[u.index()]);
    }
    notes.add(b.toString());
    return ExecutionPlan.withTransfers(name, g, soc, p, order, c -> true, notes);
  }

  /** Mean duration of an op over the units that support it. */
  static double meanCost(Op o, Soc soc, PlanContext ctx) {
    double sum = 0;
    int k = 0;
    for (Unit u : soc.units()) {
      if (ctx.cost().supports(o, u)) {
        sum += u.dispatchUs() + ctx.cost().durationUs(o, u, Plans.threadsOn(u, ctx.threads()));
        k++;
      }
    }
    return k == 0 ? 0 : sum / k;
  }
}
