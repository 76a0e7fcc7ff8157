package org.socsim.strategy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;
import org.socsim.soc.UnitKind;

/**
 * Intra-operator CPU+GPU co-execution. {@code channel-split} (uLayer): every conv / fully-connected op both units
 * can run is split into a CPU slice and a GPU slice whose sizes balance the cost model (GPU share
 * f = t_cpu / (t_cpu + t_gpu)), then joined on the CPU; other ops run on the faster unit. {@code codl}: the same,
 * but chains of split ops keep one common ratio and pass their slices straight on (spatial partitioning with
 * operator chaining), so only the chain's end is joined — fewer syncs and copies.
 */
public class ChannelSplitStrategy implements Strategy {
  /** Below this share a slice is not worth its launch and copies; the op stays whole. */
  static final double MIN_SHARE = 0.05;
  private final boolean chain;

  public ChannelSplitStrategy() {
    this(false);
  }

  ChannelSplitStrategy(boolean chain) {
    this.chain = chain;
  }

  @Override
  public String name() {
    return chain ? "codl" : "channel-split";
  }

  @Override
  public String description() {
    return chain ? "CoDL: CPU+GPU split of conv/FC ops with one ratio per chain of split ops, joined only at chain ends"
        : "uLayer: each conv/FC op split across CPU and GPU at the cost-balancing ratio, joined after every op";
  }

  /** {@code codl}. */
  public static final class Codl extends ChannelSplitStrategy {
    public Codl() {
      super(true);
    }
  }

  static boolean splittable(Op o) {
    String t = o.type().toLowerCase(Locale.ROOT);
    String fam = o.features().family();
    return t.contains("conv") || t.contains("matmul") || t.contains("gemm") || t.contains("fullyconnected")
        || fam.equals("dense") || fam.equals("dwconv");
  }

  @Override
  public ExecutionPlan plan(ModelGraph g, Soc soc, PlanContext ctx) {
    Unit cpu = Plans.fallbackCpu(soc);
    Unit gpu = soc.firstOfKind(UnitKind.GPU).orElse(null);
    int n = g.size();
    double[] share = new double[n];
    for (Op o : g.ops()) {
      if (gpu != null && splittable(o) && ctx.cost().supports(o, gpu) && ctx.cost().supports(o, cpu)) {
        double tc = ctx.cost().durationUs(o, cpu, Plans.threadsOn(cpu, ctx.threads()));
        double tg = ctx.cost().durationUs(o, gpu, 1);
        share[o.index()] = tc + tg > 0 ? tc / (tc + tg) : 0;
      }
    }
    // codl: chains of split ops (single producer -> single consumer) share one ratio
    boolean[] chainedToNext = new boolean[n];
    if (chain) {
      for (int v : g.topologicalOrder()) {
        int[] s = g.successors(v);
        chainedToNext[v] = isSplit(share[v]) && s.length == 1 && g.predecessors(s[0]).length == 1
            && isSplit(share[s[0]]);
      }
      for (int v : g.topologicalOrder()) {
        if (isSplit(share[v]) && (g.predecessors(v).length != 1 || !chainedToNext[g.predecessors(v)[0]])) {
          List<Integer> run = new ArrayList<>();
          for (int x = v; ; x = g.successors(x)[0]) {
            run.add(x);
            if (!chainedToNext[x]) {
              break;
            }
          }
          double tc = 0;
          double tg = 0;
          for (int x : run) {
            tc += ctx.cost().durationUs(g.op(x), cpu, Plans.threadsOn(cpu, ctx.threads()));
            tg += ctx.cost().durationUs(g.op(x), gpu, 1);
          }
          for (int x : run) {
            share[x] = tc / (tc + tg);
          }
        }
      }
    }
    ModelGraph.Builder b = new ModelGraph.Builder(g.name());
    Map<String, Integer> unitOf = new HashMap<>();
    String[] out = new String[n];
    String[][] sliceOut = new String[n][];
    for (int v : g.topologicalOrder()) {
      Op o = g.op(v);
      if (isSplit(share[v])) {
        double f = share[v];
        String sg = o.name() + "@gpu";
        String sc = o.name() + "@cpu";
        b.slice(sg, o.type(), o.features().fraction(f), o.name(), f);
        b.slice(sc, o.type(), o.features().fraction(1 - f), o.name(), 1 - f);
        unitOf.put(sg, gpu.index());
        unitOf.put(sc, cpu.index());
        for (int p : g.predecessors(v)) {
          if (chain && chainedToNext[p]) {
            b.edge(sliceOut[p][0], sg).edge(sliceOut[p][1], sc);
          } else {
            b.edge(out[p], sg).edge(out[p], sc);
          }
        }
        sliceOut[v] = new String[] {sg, sc};
        if (!chain || !chainedToNext[v]) {
          String join = o.name() + "#join";
          b.slice(join, Op.JOIN, org.socsim.graph.OpFeatures.NONE, o.name(), 1.0);
          b.edge(sg, join).edge(sc, join);
          unitOf.put(join, cpu.index());
          out[v] = join;
        }
      } else {
        b.op(o.name(), o.type(), o.features());
        Unit u = faster(o, cpu, gpu, ctx);
        unitOf.put(o.name(), u.index());
        for (int p : g.predecessors(v)) {
          b.edge(out[p], o.name());
        }
        out[v] = o.name();
      }
    }
    ModelGraph refined = b.build();
    Placement[] pl = new Placement[refined.size()];
    int slices = 0;
    for (Op o : refined.ops()) {
      Unit u = soc.unit(unitOf.get(o.name()));
      pl[o.index()] = new Placement(o.index(), u.index(), Plans.threadsOn(u, ctx.threads()));
      slices += o.isSlice() && !o.isJoin() ? 1 : 0;
    }
    List<String> notes = List.of(slices / 2 + " ops split across " + cpu.id() + " and "
        + (gpu == null ? "-" : gpu.id()) + "; " + (refined.size() - g.size()) + " extra slice/join ops");
    return ExecutionPlan.withTransfers(name(), refined, soc, pl, refined.topologicalOrder(), c -> true, notes);
  }

  private static boolean isSplit(double share) {
    return share >= MIN_SHARE && share <= 1 - MIN_SHARE;
  }

  private static Unit faster(Op o, Unit cpu, Unit gpu, PlanContext ctx) {
    if (gpu == null || !ctx.cost().supports(o, gpu)) {
      return cpu;
    }
    double tc = ctx.cost().durationUs(o, cpu, Plans.threadsOn(cpu, ctx.threads()));
    double tg = ctx.cost().durationUs(o, gpu, 1);
    return tg < tc ? gpu : cpu;
  }
}
