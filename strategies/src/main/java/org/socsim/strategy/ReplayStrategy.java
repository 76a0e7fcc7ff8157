package org.socsim.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/**
 * A given placement (a HOPE device map, or the processor column of a measured run), issued in the given order.
 * Ops the placement leaves out go to the GPU when it supports them, else the CPU (MNN's rule for absent ops).
 */
public final class ReplayStrategy implements Strategy {
  @Override
  public String name() {
    return "replay";
  }

  @Override
  public String description() {
    return "replays a recorded placement (--plan: a HOPE device map or a measured timeline)";
  }

  @Override
  public ExecutionPlan plan(ModelGraph graph, Soc soc, PlanContext ctx) {
    if (ctx.placement().isEmpty()) {
      throw new IllegalArgumentException("strategy 'replay' needs a placement: pass --plan FILE");
    }
    int matched = 0;
    for (String name : ctx.placement().keySet()) {
      if (graph.indexOf(name) >= 0) {
        matched++;
      }
    }
    if (matched == 0) {
      throw new IllegalArgumentException("the plan names none of the " + graph.size() + " ops of " + graph.name());
    }
    Placement[] p = new Placement[graph.size()];
    Unit cpu = Plans.fallbackCpu(soc);
    int absent = 0;
    for (Op op : graph.ops()) {
      String id = ctx.placement().get(op.name());
      Unit u;
      if (id == null) {
        absent++;
        u = soc.unit("gpu").filter(g -> ctx.cost().supports(op, g)).orElse(cpu);
      } else {
        u = soc.requireUnit(id);
      }
      p[op.index()] = new Placement(op.index(), u.index(), Plans.threadsOn(u, ctx.threads()));
    }
    double[] rank = new double[graph.size()];
    Arrays.fill(rank, Double.MAX_VALUE);
    List<String> order = ctx.issueOrder();
    for (int k = 0; k < order.size(); k++) {
      int i = graph.indexOf(order.get(k));
      if (i >= 0 && rank[i] == Double.MAX_VALUE) {
        rank[i] = k;
      }
    }
    int[] topo = graph.topologicalOrder();
    for (int k = 0; k < topo.length; k++) {
      if (rank[topo[k]] == Double.MAX_VALUE) {
        rank[topo[k]] = order.size() + k;
      }
    }
    List<String> notes = new ArrayList<>();
    if (absent > 0) {
      notes.add(absent + " ops absent from the plan were placed by MNN's rule (GPU if supported, else CPU)");
    }
    var copyAt = ctx.copyAt();
    return ExecutionPlan.withTransfers(name(), graph, soc, p, Plans.orderBy(graph, rank),
        c -> copyAt == null || copyAt.contains(graph.op(c).name()), notes);
  }
}
