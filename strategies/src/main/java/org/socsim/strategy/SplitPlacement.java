package org.socsim.strategy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.socsim.graph.Edge;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/** {@link ChannelSplitStrategy}'s placement of the ops it does not split, and its makespan estimate of a plan. */
final class SplitPlacement {
  private SplitPlacement() {
  }

  /**
   * Places the unsplit ops either unit can run ({@code whole}), in {@code unitOf}: op by op on the faster unit
   * (uLayer's rule), or on the unit where the op plus the copies of its inputs costs least, whichever gives the
   * shorter estimated makespan ({@link #estimateUs}). The op-local rule alone moves a model's small ops back and
   * forth between CPU and GPU when no op is worth splitting, paying a copy each way (mi9 mobilenet_v2: 184 ms
   * against 45.7 ms on the CPU alone). Returns which rule was kept, for the plan's note, and the placement's estimate.
   */
  static Placed wholeOpsPlaced(ModelGraph rg, Soc soc, PlanContext ctx, Unit cpu, Unit gpu,
      Map<String, Integer> unitOf, java.util.Set<String> whole) {
    if (gpu == null || whole.isEmpty()) {
      return new Placed("on " + cpu.id(), estimateUs(rg, soc, ctx, unitOf));
    }
    Map<String, Integer> aware = new HashMap<>(unitOf);
    for (int v : rg.topologicalOrder()) {
      Op o = rg.op(v);
      if (!whole.contains(o.name())) {
        continue;
      }
      double best = Double.POSITIVE_INFINITY;
      for (Unit u : List.of(cpu, gpu)) {
        double t = ctx.cost().durationUs(o, u, Plans.threadsOn(u, ctx.threads()));
        for (int e : rg.inEdges(v)) {
          Edge edge = rg.edges().get(e);
          Unit from = soc.unit(aware.get(rg.op(edge.producer()).name()));
          t += from.index() == u.index() ? 0 : soc.transfers().transferUs(from, u, edge);
        }
        if (t < best) {
          best = t;
          aware.put(o.name(), u.index());
        }
      }
    }
    double local = estimateUs(rg, soc, ctx, unitOf);
    double copyAware = estimateUs(rg, soc, ctx, aware);
    if (copyAware < local) {
      unitOf.putAll(aware);
      return new Placed(String.format(Locale.ROOT, "placed counting the copies of their inputs (estimated %.1f ms;"
          + " each on its faster unit: %.1f ms)", copyAware / 1000, local / 1000), copyAware);
    }
    return new Placed(String.format(Locale.ROOT, "each on its faster unit (estimated %.1f ms; counting input copies:"
        + " %.1f ms)", local / 1000, copyAware / 1000), local);
  }

  /** Which placement rule was kept (for the plan's note) and its makespan estimate ({@link #estimateUs}). */
  record Placed(String rule, double estimateUs) {
  }

  /**
   * Makespan of a placement by list scheduling in topological order over in-order unit queues: an op starts when its
   * unit is free and its inputs are done, after the copies of inputs from other units and its unit's dispatch.
   */
  static double estimateUs(ModelGraph rg, Soc soc, PlanContext ctx, Map<String, Integer> unitOf) {
    double[] finish = new double[rg.size()];
    double[] avail = new double[soc.units().size()];
    double end = 0;
    for (int v : rg.topologicalOrder()) {
      Op o = rg.op(v);
      Unit u = soc.unit(unitOf.get(o.name()));
      double ready = avail[u.index()];
      double copies = 0;
      for (int e : rg.inEdges(v)) {
        Edge edge = rg.edges().get(e);
        ready = Math.max(ready, finish[edge.producer()]);
        Unit from = soc.unit(unitOf.get(rg.op(edge.producer()).name()));
        copies += from.index() == u.index() ? 0 : soc.transfers().transferUs(from, u, edge);
      }
      double dur = o.isJoin() ? 0 : ctx.cost().durationUs(o, u, Plans.threadsOn(u, ctx.threads()));
      finish[v] = ready + copies + u.dispatchUs() + dur;
      avail[u.index()] = finish[v];
      end = Math.max(end, finish[v]);
    }
    return end;
  }

}
