package org.socsim.strategy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.socsim.graph.Edge;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.plan.Transfer;
import org.socsim.soc.CoexecFit;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;
import org.socsim.soc.UnitKind;

/**
 * Intra-operator CPU+GPU co-execution. {@code channel-split} (uLayer): every conv / fully-connected op both units
 * can run is split into a CPU slice and a GPU slice whose sizes balance the cost model (GPU share
 * f = t_cpu / (t_cpu + t_gpu)), then joined on the CPU; other ops run on the faster unit. {@code codl}: the same,
 * but chains of split ops keep one common ratio and pass their slices straight on (spatial partitioning with
 * operator chaining), so only the chain's end is joined — fewer syncs and copies.
 *
 * <p>When the SoC carries a fitted co-execution cost ({@link CoexecFit#of}; the h100-server profile), a split is
 * priced as the simulator will run it: the GPU slice after its input copy, the CPU slice, the copy of the GPU's
 * output back, and the per-call overhead (fixed + join per output byte + the CPU slice's fixed part), which the plan
 * charges on that copy back into the join. The GPU share is the one that minimises this (1 % steps between
 * {@link #MIN_SHARE} and 1 - {@link #MIN_SHARE}), and an op (codl: a chain) is split only if that beats running it
 * whole on either unit (the GPU with the same two copies). Without a fit the ratio balances the two slices and
 * joins are free, as before issue 11.
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

  /** A fixed GPU share of every split op instead of the cost-balancing one (a what-if, or a measured ratio). */
  public static final StrategyOption<Double> GPU_SHARE = StrategyOption.number("gpu-share",
      "GPU share of the output channels of every splittable op (default: the cost-balancing share per op or chain;"
      + " a share below " + MIN_SHARE + " puts the op whole on the CPU, above " + (1 - MIN_SHARE)
      + " whole on the GPU)", null, 0, 1);

  @Override
  public List<StrategyOption<?>> options() {
    return List.of(GPU_SHARE);
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
    Built split = build(g, soc, ctx, true);
    if (split.splits() == 0 || ctx.options().get(GPU_SHARE) != null) {
      return split.plan();
    }
    // splitting each op where it pays alone can still lose as a whole (its copies and joins stall the other unit):
    // the plan without splits, placed by the same rules, when it is estimated shorter
    Built whole = build(g, soc, ctx, false);
    Built kept = whole.estimateUs() < split.estimateUs() ? whole : split;
    List<String> notes = new ArrayList<>(kept.plan().notes());
    notes.add(String.format(Locale.ROOT, "estimated %.1f ms with %d ops split, %.1f ms with none: %s",
        split.estimateUs() / 1000, split.splits(), whole.estimateUs() / 1000, kept == split ? "split" : "none split"));
    ExecutionPlan p = kept.plan();
    return new ExecutionPlan(p.strategy(), p.graph(), soc, p.placements().toArray(new Placement[0]), p.transfers(),
        p.issueOrder(), notes, p.fallbacks());
  }

  /** A plan, its list-scheduling estimate (join overheads added) and how many ops it splits. */
  private record Built(ExecutionPlan plan, double estimateUs, int splits) {
  }

  /** The plan; with {@code split} false, the same plan with every op whole (no share is computed). */
  private Built build(ModelGraph g, Soc soc, PlanContext ctx, boolean split) {
    Unit cpu = Plans.fallbackCpu(soc);
    Unit gpu = soc.firstOfKind(UnitKind.GPU).orElse(null);
    CoexecFit.Spec co = gpu == null ? null : CoexecFit.of(soc);
    int n = g.size();
    double[] share = new double[n];
    Double fixed = ctx.options().get(GPU_SHARE);
    if (fixed != null && gpu == null) {
      throw new IllegalArgumentException("gpu-share (--split-fraction) needs a GPU; " + soc.name() + " has none");
    }
    boolean[] candidate = new boolean[n];
    for (Op o : g.ops()) {
      if (split && gpu != null && splittable(o) && ctx.cost().supports(o, gpu) && ctx.cost().supports(o, cpu)) {
        candidate[o.index()] = true;
        double tc = ctx.cost().durationUs(o, cpu, Plans.threadsOn(cpu, ctx.threads()));
        double tg = ctx.cost().durationUs(o, gpu, 1);
        share[o.index()] = co != null ? bestShare(co, soc, cpu, gpu, tc, tg, inBytes(g, o.index()),
            outBytes(o), tc) : tc + tg > 0 ? tc / (tc + tg) : 0;
        if (fixed != null) {
          share[o.index()] = fixed;
        }
      }
    }
    // codl: chains of split ops (single producer -> single consumer) share one ratio
    boolean[] chainedToNext = new boolean[n];
    if (chain && split) {
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
          // with a co-execution fit: one copy in, one copy back and one join for the chain, every CPU slice
          // paying its fixed part; 0 (no split) when that does not beat a whole unit
          double f = fixed != null ? fixed : co != null ? bestShare(co, soc, cpu, gpu, tc, tg,
              inBytes(g, run.get(0)), outBytes(g.op(run.get(run.size() - 1))), tc) : tc / (tc + tg);
          for (int x : run) {
            share[x] = f;
          }
        }
      }
    }
    ModelGraph.Builder b = new ModelGraph.Builder(g.name());
    Map<String, Integer> unitOf = new HashMap<>();
    Map<String, Double> joinOverheadUs = new HashMap<>();
    java.util.Set<String> whole = new java.util.HashSet<>(); // unsplit ops either unit can run
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
          } else if (co != null) {
            long bytes = g.bytesBetween(p, v);
            b.edge(out[p], sg, bytes, "").edge(out[p], sc, bytes, "");
          } else {
            b.edge(out[p], sg).edge(out[p], sc);
          }
        }
        sliceOut[v] = new String[] {sg, sc};
        if (!chain || !chainedToNext[v]) {
          String join = o.name() + "#join";
          b.slice(join, Op.JOIN, org.socsim.graph.OpFeatures.NONE, o.name(), 1.0);
          if (co != null) {
            long ob = outBytes(o);
            b.edge(sg, join, ob > 0 ? Math.round(ob * f) : Edge.UNKNOWN_BYTES, "").edge(sc, join);
            // the whole call's (codl: the chain's) CPU time, for the CPU slices' fixed part
            double tcCall = 0;
            for (int x = v; ; x = g.predecessors(x)[0]) {
              tcCall += ctx.cost().durationUs(g.op(x), cpu, Plans.threadsOn(cpu, ctx.threads()));
              if (!chain || g.predecessors(x).length != 1 || !chainedToNext[g.predecessors(x)[0]]) {
                break;
              }
            }
            joinOverheadUs.put(join, co.callOverheadUs(Math.max(0, ob), tcCall));
          } else {
            b.edge(sg, join).edge(sc, join);
          }
          unitOf.put(join, cpu.index());
          out[v] = join;
        }
      } else {
        b.op(o.name(), o.type(), o.features());
        // A fixed share too small or too large to split puts a splittable op whole on the unit it points to.
        Unit u = fixed != null && candidate[v] ? (fixed > 0.5 ? gpu : cpu) : faster(o, cpu, gpu, ctx);
        unitOf.put(o.name(), u.index());
        if (!(fixed != null && candidate[v]) && gpu != null && ctx.cost().supports(o, gpu)) {
          whole.add(o.name());
        }
        for (int p : g.predecessors(v)) {
          b.edge(out[p], o.name());
        }
        out[v] = o.name();
      }
    }
    ModelGraph refined = b.build();
    SplitPlacement.Placed placed = SplitPlacement.wholeOpsPlaced(refined, soc, ctx, cpu, gpu, unitOf, whole);
    Placement[] pl = new Placement[refined.size()];
    int slices = 0;
    for (Op o : refined.ops()) {
      Unit u = soc.unit(unitOf.get(o.name()));
      pl[o.index()] = new Placement(o.index(), u.index(), Plans.threadsOn(u, ctx.threads()));
      slices += o.isSlice() && !o.isJoin() ? 1 : 0;
    }
    List<String> notes = List.of(gpu == null ? soc.name() + " has no GPU: nothing split, every op on " + cpu.id()
        : slices / 2 + " ops split across " + cpu.id() + " and " + gpu.id() + "; " + (refined.size() - g.size())
        + " extra slice/join ops; unsplit ops " + placed.rule());
    ExecutionPlan plan = ExecutionPlan.withTransfers(name(), refined, soc, pl, refined.topologicalOrder(), c -> true,
        notes);
    double estimate = placed.estimateUs() + joinOverheadUs.values().stream().mapToDouble(Double::doubleValue).sum();
    return new Built(co == null ? plan : withJoinOverheads(plan, soc, co, cpu, gpu, joinOverheadUs, ctx.threads()),
        estimate, slices / 2);
  }

  /** Charges each split's per-call overhead on the copy of its GPU slice back into the join (CPU queue). */
  private static ExecutionPlan withJoinOverheads(ExecutionPlan plan, Soc soc, CoexecFit.Spec co, Unit cpu, Unit gpu,
      Map<String, Double> overheadUs, int threads) {
    ModelGraph rg = plan.graph();
    List<Transfer> ts = new ArrayList<>(plan.transfers());
    List<String> notes = new ArrayList<>(plan.notes());
    double total = 0;
    for (int e = 0; e < rg.edges().size(); e++) {
      Edge edge = rg.edges().get(e);
      String join = rg.op(edge.consumer()).name();
      Double extra = overheadUs.get(join);
      if (extra == null || plan.placement(edge.producer()).unit() != gpu.index()) {
        continue;
      }
      total += extra;
      int at = -1;
      for (int i = 0; i < ts.size(); i++) {
        at = ts.get(i).edge() == e ? i : at;
      }
      if (at >= 0) {
        Transfer t = ts.get(at);
        ts.set(at, new Transfer(t.edge(), t.fromUnit(), t.toUnit(), t.executor(), t.threads(), t.durationUs() + extra,
            t.sharedBy()));
      } else {
        ts.add(new Transfer(e, gpu.index(), cpu.index(), cpu.index(), Plans.threadsOn(cpu, threads), extra));
      }
    }
    notes.add(String.format(Locale.ROOT, "co-execution overhead (%s): %.1f us over %d joins", co.source(), total, overheadUs.size()));
    return new ExecutionPlan(plan.strategy(), rg, soc, plan.placements().toArray(new Placement[0]), ts,
        plan.issueOrder(), notes, plan.fallbacks());
  }

  /**
   * The GPU share that minimises one co-executed call (1 % steps in [MIN_SHARE, 1 - MIN_SHARE]), or 0 when no share
   * beats the whole op on the CPU ({@code tc}) or on the GPU with the same copies in and back.
   */
  static double bestShare(CoexecFit.Spec co, Soc soc, Unit cpu, Unit gpu, double tc, double tg, long inBytes,
      long outBytes, double tcWhole) {
    double copyIn = soc.transfers().transferUs(cpu, gpu, new Edge(0, 0, inBytes, ""));
    double overhead = co.callOverheadUs(Math.max(0, outBytes), tcWhole);
    double whole = Math.min(tc, copyIn + tg + copyOut(soc, cpu, gpu, outBytes, 1.0));
    double best = Double.POSITIVE_INFINITY;
    double bestF = 0;
    for (int k = (int) Math.round(MIN_SHARE * 100); k <= Math.round((1 - MIN_SHARE) * 100); k++) {
      double f = k / 100.0;
      double t = Math.max(tc * (1 - f), copyIn + tg * f) + copyOut(soc, cpu, gpu, outBytes, f) + overhead;
      if (t < best) {
        best = t;
        bestF = f;
      }
    }
    return best < whole ? bestF : 0;
  }

  private static double copyOut(Soc soc, Unit cpu, Unit gpu, long outBytes, double f) {
    long b = outBytes > 0 ? Math.round(outBytes * f) : Edge.UNKNOWN_BYTES;
    return soc.transfers().transferUs(gpu, cpu, new Edge(0, 0, b, ""));
  }

  private static long outBytes(Op o) {
    return o.features().bytesOut() > 0 ? o.features().bytesOut() : Edge.UNKNOWN_BYTES;
  }

  /** Bytes reaching op {@code v} over its input edges (unknown if any is). */
  private static long inBytes(ModelGraph g, int v) {
    long sum = 0;
    for (int e : g.inEdges(v)) {
      Edge edge = g.edges().get(e);
      if (!edge.bytesKnown()) {
        return Edge.UNKNOWN_BYTES;
      }
      sum += edge.bytes();
    }
    return g.inEdges(v).length == 0 ? Edge.UNKNOWN_BYTES : sum;
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
