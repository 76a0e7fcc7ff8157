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
  /**
   * What to replay: op name -> unit id, op names in issue order (empty: topological), and the consumers whose
   * cross-unit inputs were copied explicitly (null: every consumer); or a whole plan read back from a plan file
   * ({@code socsim run --export-plan}: every op's unit and threads, the issue order, the copies, slices), replayed
   * as it is.
   */
  public record Recorded(java.util.Map<String, String> placement, List<String> issueOrder,
      java.util.Set<String> copyAt, ExecutionPlan plan) {
    public Recorded {
      placement = java.util.Map.copyOf(placement);
      issueOrder = List.copyOf(issueOrder);
      copyAt = copyAt == null ? null : java.util.Set.copyOf(copyAt);
    }

    /** A placement to replay. */
    public Recorded(java.util.Map<String, String> placement, List<String> issueOrder,
        java.util.Set<String> copyAt) {
      this(placement, issueOrder, copyAt, null);
    }

    /** A whole recorded plan, replayed as it is. */
    public static Recorded of(ExecutionPlan plan) {
      return new Recorded(java.util.Map.of(), List.of(), null, plan);
    }
  }

  /** The recorded plan; the pipeline sets it from {@code --plan FILE}. */
  public static final StrategyOption<Recorded> RECORDED = new StrategyOption<>("plan", "a recorded placement",
      "set by --plan FILE: a HOPE device map (.op/.txt), a measured timeline (.csv) or a plan JSON written by"
      + " run --export-plan", null, null);

  @Override
  public List<StrategyOption<?>> options() {
    return List.of(RECORDED);
  }

  @Override
  public String name() {
    return "replay";
  }

  @Override
  public String description() {
    return "replays a recorded placement (--plan: a HOPE device map, a measured timeline or a plan JSON of"
        + " --export-plan)";
  }

  @Override
  public ExecutionPlan plan(ModelGraph graph, Soc soc, PlanContext ctx) {
    Recorded rec = ctx.options().get(RECORDED);
    if (rec != null && rec.plan() != null) {
      if (!rec.plan().graph().name().equals(graph.name())) {
        throw new IllegalArgumentException("the recorded plan is for " + rec.plan().graph().name() + ", not "
            + graph.name());
      }
      return rec.plan();
    }
    if (rec == null || rec.placement().isEmpty()) {
      throw new IllegalArgumentException("strategy 'replay' needs a placement: pass --plan FILE");
    }
    int matched = 0;
    for (String name : rec.placement().keySet()) {
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
      String id = rec.placement().get(op.name());
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
    List<String> order = rec.issueOrder();
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
    var copyAt = rec.copyAt();
    return ExecutionPlan.withTransfers(name(), graph, soc, p, Plans.orderBy(graph, rank),
        c -> copyAt == null || copyAt.contains(graph.op(c).name()), notes);
  }
}
