package org.socsim.strategy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.socsim.graph.Edge;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.graph.OpFeatures;
import org.socsim.soc.CoexecFit;
import org.socsim.soc.CostModel;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/**
 * Scheduling granularity as a graph transform applied before any strategy: {@code model} (one schedulable unit),
 * {@code subgraph:K} (K consecutive ops of the topological order), {@code op} (as is), {@code tile:N} (every
 * conv/FC op cut into N channel tiles, joined afterwards). A merged group is dispatched once (one launch/sync
 * overhead instead of one per op) and costs the sum of its members; a tile costs its share and pays its own
 * dispatch — so coarse grains save overhead and lose balance, fine grains the opposite.
 *
 * <p>With a SoC that carries a fitted co-execution cost ({@link #apply(ModelGraph, CostModel, String, Soc)},
 * {@link CoexecFit#of}), {@code tile:N} prices tiles as separate calls: a CPU tile also pays the CPU's fixed part
 * of the whole op ({@code cpu_fixed_share}), the join pays the fitted fixed cost plus the concatenation of the op's
 * output, and tile edges carry their bytes so copies are priced by the fitted links. Without one, tiles are a pure
 * fraction and joins are free, as before issue 11.
 */
public record Granularity(ModelGraph graph, CostModel cost, String spec) {

  public static Granularity apply(ModelGraph g, CostModel cost, String spec) {
    return apply(g, cost, spec, null);
  }

  /** As {@link #apply(ModelGraph, CostModel, String)}, with the co-execution costs {@code soc} carries (or none). */
  public static Granularity apply(ModelGraph g, CostModel cost, String spec, Soc soc) {
    String s = spec == null ? "op" : spec.strip().toLowerCase(Locale.ROOT);
    if (s.equals("op")) {
      return new Granularity(g, cost, "op");
    }
    if (s.equals("model")) {
      return merge(g, cost, g.size(), s);
    }
    if (s.startsWith("subgraph:")) {
      return merge(g, cost, positive(s, "subgraph:"), s);
    }
    if (s.startsWith("tile:")) {
      return tile(g, cost, positive(s, "tile:"), s, CoexecFit.of(soc));
    }
    throw new IllegalArgumentException("--granularity must be model, subgraph:K, op or tile:N, got '" + spec + "'");
  }

  /**
   * Checks a grain's form without a graph (model, op, subgraph:K with K >= 1, tile:N with N from 1 to
   * {@link #MAX_TILES}): the same refusals {@link #apply} gives, so a sweep spec can be checked before it runs.
   */
  public static void check(String spec) {
    String s = spec == null ? "op" : spec.strip().toLowerCase(Locale.ROOT);
    if (s.equals("op") || s.equals("model")) {
      return;
    }
    if (s.startsWith("subgraph:")) {
      positive(s, "subgraph:");
      return;
    }
    if (s.startsWith("tile:")) {
      int n = positive(s, "tile:");
      if (n > MAX_TILES) {
        throw new IllegalArgumentException("--granularity tile:N takes N from 1 to " + MAX_TILES + ", got " + n);
      }
      return;
    }
    throw new IllegalArgumentException("--granularity must be model, subgraph:K, op or tile:N, got '" + spec + "'");
  }

  private static int positive(String s, String prefix) {
    try {
      int k = Integer.parseInt(s.substring(prefix.length()));
      if (k >= 1) {
        return k;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("--granularity " + s + ": expected a positive integer after '" + prefix + "'");
  }

  private static Granularity merge(ModelGraph g, CostModel base, int k, String spec) {
    int[] order = g.topologicalOrder();
    int[] group = new int[g.size()];
    List<List<Op>> members = new ArrayList<>();
    ModelGraph.Builder b = new ModelGraph.Builder(g.name());
    for (int i = 0; i < order.length; i++) {
      if (i % k == 0) {
        members.add(new ArrayList<>());
      }
      group[order[i]] = members.size() - 1;
      members.get(members.size() - 1).add(g.op(order[i]));
    }
    List<String> names = new ArrayList<>();
    for (int gi = 0; gi < members.size(); gi++) {
      List<Op> m = members.get(gi);
      String name = m.size() == 1 ? m.get(0).name() : "group" + gi + "[" + m.get(0).name() + " +" + (m.size() - 1) + "]";
      b.op(name, m.size() == 1 ? m.get(0).type() : "Subgraph", sum(m));
      names.add(name);
    }
    Map<Long, long[]> crossing = new HashMap<>();
    for (Edge e : g.edges()) {
      int a = group[e.producer()];
      int c = group[e.consumer()];
      if (a != c) {
        long[] acc = crossing.computeIfAbsent(((long) a << 32) | c, x -> new long[] {0, 1});
        if (e.bytesKnown()) {
          acc[0] += e.bytes();
        } else {
          acc[1] = 0;
        }
      }
    }
    crossing.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(x -> b.edge(names.get((int) (x.getKey()
        >>> 32)), names.get((int) (long) x.getKey().intValue()), x.getValue()[1] == 1 ? x.getValue()[0]
        : Edge.UNKNOWN_BYTES, ""));
    ModelGraph coarse = b.build();
    Map<String, List<Op>> byName = new HashMap<>();
    for (int gi = 0; gi < members.size(); gi++) {
      byName.put(names.get(gi), members.get(gi));
    }
    // the members of each op of the coarse graph by index; a strategy's slice of one goes through its name
    List<List<Op>> membersOf = new ArrayList<>();
    for (Op op : coarse.ops()) {
      membersOf.add(byName.get(op.origin()));
    }
    CostModel cost = new CostModel() {
      private List<Op> members(Op op) {
        int i = op.index();
        return i < membersOf.size() && coarse.op(i) == op ? membersOf.get(i) : byName.get(op.origin());
      }

      @Override
      public double durationUs(Op op, Unit unit, int threads) {
        if (op.isJoin()) {
          return 0; // a strategy's join of a group's slices (a channel-split): no work of the group's own
        }
        double t = 0;
        List<Op> m = members(op);
        for (int i = 0; i < m.size(); i++) {
          t += base.durationUs(m.get(i), unit, threads);
        }
        return t * op.fraction();
      }

      @Override
      public double memoryBytes(Op op, Unit unit) {
        if (op.isJoin()) {
          return 0;
        }
        double bytes = 0;
        List<Op> m = members(op);
        for (int i = 0; i < m.size(); i++) {
          bytes += base.memoryBytes(m.get(i), unit);
        }
        return bytes * op.fraction();
      }

      @Override
      public boolean supports(Op op, Unit unit) {
        if (op.isJoin()) {
          return true;
        }
        List<Op> m = members(op);
        for (int i = 0; i < m.size(); i++) {
          if (!base.supports(m.get(i), unit)) {
            return false;
          }
        }
        return true;
      }
    };
    return new Granularity(coarse, cost, spec);
  }

  private static OpFeatures sum(List<Op> ops) {
    if (ops.size() == 1) {
      return ops.get(0).features();
    }
    double macs = 0;
    double flops = 0;
    long in = 0;
    long out = 0;
    long params = 0;
    for (Op o : ops) {
      macs += o.features().macs();
      flops += o.features().flops();
      in += o.features().bytesIn();
      out += o.features().bytesOut();
      params += o.features().params();
    }
    return new OpFeatures("other", macs, flops, in, out, params, 0, 0, 0, 0, 0);
  }

  /** Most tiles an op may be cut into (a tile narrower than a few channels is no longer a useful unit of work). */
  public static final int MAX_TILES = 64;

  private static Granularity tile(ModelGraph g, CostModel base, int n, String spec, CoexecFit.Spec co) {
    if (n > MAX_TILES) {
      throw new IllegalArgumentException("--granularity tile:N takes N from 1 to " + MAX_TILES + ", got " + n);
    }
    ModelGraph.Builder b = new ModelGraph.Builder(g.name());
    // name -> the whole op it prices and the share of it (a tile is 1/n; a strategy may slice a tile again)
    Map<String, Op> originOf = new HashMap<>();
    Map<String, Double> shareOf = new HashMap<>();
    java.util.Set<String> tiled = new java.util.HashSet<>();
    String[] out = new String[g.size()];
    for (int v : g.topologicalOrder()) {
      Op o = g.op(v);
      if (n > 1 && ChannelSplitStrategy.splittable(o)) {
        tiled.add(o.name());
        String join = o.name() + "#join";
        b.slice(join, Op.JOIN, OpFeatures.NONE, o.name(), 1.0);
        for (int t = 0; t < n; t++) {
          String tn = o.name() + "#tile" + t;
          b.slice(tn, o.type(), o.features().fraction(1.0 / n), o.name(), 1.0 / n);
          originOf.put(tn, o);
          shareOf.put(tn, 1.0 / n);
          for (int p : g.predecessors(v)) {
            if (co == null) {
              b.edge(out[p], tn);
            } else {
              b.edge(out[p], tn, g.bytesBetween(p, v), "");
            }
          }
          if (co == null) {
            b.edge(tn, join);
          } else {
            long ob = o.features().bytesOut();
            b.edge(tn, join, ob > 0 ? Math.round((double) ob / n) : Edge.UNKNOWN_BYTES, "");
          }
        }
        out[v] = join;
      } else {
        b.slice(o.name(), o.type(), o.features(), o.name(), 1.0);
        for (int p : g.predecessors(v)) {
          // an untiled op keeps its input tensor's size (from a join: the producer's whole output)
          b.edge(out[p], o.name(), g.bytesBetween(p, v), "");
        }
        out[v] = o.name();
      }
      originOf.put(o.name(), o);
      shareOf.put(o.name(), 1.0);
    }
    ModelGraph tiles = b.build();
    /** How one op of a tiled graph is priced: the whole op it is part of, its share, whether it is a tile call. */
    record Priced(boolean join, double joinUs, Op whole, double share, boolean tileCall) {
    }
    java.util.function.Function<Op, Priced> price = op -> {
      if (op.isJoin()) {
        // the fitted per-call fixed cost and the concatenation of the op's output (the CPU's fixed part is
        // charged on each CPU tile)
        return new Priced(true, co == null || !tiled.contains(op.origin()) ? 0.0
            : co.callOverheadUs(Math.max(0, originOf.get(op.origin()).features().bytesOut()), 0.0), null, 0, false);
      }
      // a tile's origin is the whole op (fraction 1/n); a slice of a tile names the tile as its origin
      double share = op.origin().contains("#tile") ? shareOf.get(op.origin()) * op.fraction() : op.fraction();
      boolean tileCall = op.origin().contains("#tile") || shareOf.getOrDefault(op.name(), 1.0) < 1;
      return new Priced(false, 0.0, originOf.get(op.origin()), share, tileCall);
    };
    // priced once per op of the tiled graph (by index); a strategy's slice of a tile is priced by its names
    Priced[] byIndex = new Priced[tiles.size()];
    for (Op op : tiles.ops()) {
      byIndex[op.index()] = price.apply(op);
    }
    CostModel cost = new CostModel() {
      private Priced priced(Op op) {
        int i = op.index();
        return i < byIndex.length && tiles.op(i) == op ? byIndex[i] : price.apply(op);
      }

      @Override
      public double durationUs(Op op, Unit unit, int threads) {
        Priced p = priced(op);
        if (p.join()) {
          return p.joinUs();
        }
        double whole = base.durationUs(p.whole(), unit, threads);
        double extra = co != null && unit.isCpu() && p.tileCall() ? co.cpuFixedShare() * whole : 0.0;
        return whole * p.share() + extra;
      }

      @Override
      public double memoryBytes(Op op, Unit unit) {
        Priced p = priced(op);
        return p.join() ? 0 : base.memoryBytes(p.whole(), unit) * p.share();
      }

      @Override
      public boolean supports(Op op, Unit unit) {
        Priced p = priced(op);
        return p.join() || base.supports(p.whole(), unit);
      }
    };
    return new Granularity(tiles, cost, spec);
  }

}
