package org.socsim.strategy;

import java.util.ArrayList;
import java.util.List;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;
import org.socsim.soc.UnitKind;

/** Helpers shared by strategies: fallback to the CPU, thread counts, dependency-respecting orders. */
public final class Plans {
  private Plans() {
  }

  /** The CPU unit ops fall back to: the first CPU unit (the big cluster by convention). */
  public static Unit fallbackCpu(Soc soc) {
    return soc.firstOfKind(UnitKind.CPU)
        .orElseThrow(() -> new IllegalArgumentException("SoC " + soc.name() + " has no CPU to fall back to"));
  }

  /** Threads an op gets on {@code unit}: the requested count on CPUs, clamped to the cluster; 1 elsewhere. */
  public static int threadsOn(Unit unit, int requested) {
    return unit.threadsFor(requested);
  }

  /** Fails with the op's name when no unit of {@code soc} can run some op of {@code g}. */
  public static void requireRunnable(ModelGraph g, Soc soc, PlanContext ctx) {
    for (Op op : g.ops()) {
      if (soc.units().stream().noneMatch(u -> ctx.cost().supports(op, u))) {
        throw new IllegalArgumentException("no unit of " + soc.name() + " runs op " + op.name());
      }
    }
  }

  /**
   * Places every op on {@code preferred}, falling back to the CPU where the unit lacks the op; copies across
   * units are charged to every consumer.
   */
  public static ExecutionPlan solo(String name, ModelGraph g, Soc soc, PlanContext ctx, Unit preferred) {
    Placement[] p = new Placement[g.size()];
    Unit cpu = fallbackCpu(soc);
    java.util.Set<Integer> fallbacks = new java.util.TreeSet<>();
    for (Op op : g.ops()) {
      Unit u = preferred;
      if (!ctx.cost().supports(op, preferred)) {
        u = ctx.cost().supports(op, cpu) ? cpu : soc.units().stream().filter(x -> ctx.cost().supports(op, x))
            .findFirst().orElseThrow(() -> new IllegalArgumentException("no unit of " + soc.name() + " runs op "
                + op.name()));
      }
      if (u != preferred) {
        fallbacks.add(op.index());
      }
      p[op.index()] = new Placement(op.index(), u.index(), threadsOn(u, ctx.threads()));
    }
    List<String> notes = new ArrayList<>();
    if (!fallbacks.isEmpty()) {
      notes.add(fallbacks.size() + " ops fell back from " + preferred.id() + " (unsupported there)");
    }
    return ExecutionPlan.withTransfers(name, g, soc, p, g.topologicalOrder(), c -> true, notes, fallbacks);
  }

  /**
   * A topological order that follows {@code rank} (lower first) wherever dependencies allow; equals the rank
   * order when that order already respects every edge.
   */
  public static int[] orderBy(ModelGraph g, double[] rank) {
    return g.topologicalOrder(rank);
  }

}
