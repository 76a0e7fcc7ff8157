package org.socsim.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** An immutable operator DAG. Build it with {@link Builder}; construction rejects cycles. */
public final class ModelGraph {
  private final String name;
  private final List<Op> ops;
  private final List<Edge> edges;
  private final Map<String, Integer> byName;
  private final int[][] preds;
  private final int[][] succs;
  private final int[][] inEdges;
  private final int[] topo;

  private ModelGraph(String name, List<Op> ops, List<Edge> edges) {
    this.name = name;
    this.ops = List.copyOf(ops);
    this.edges = List.copyOf(edges);
    this.byName = new HashMap<>();
    for (Op op : ops) {
      byName.put(op.name(), op.index());
    }
    int n = ops.size();
    // adjacency as int arrays in edge order: count, size, fill (no boxed lists)
    int[] inDegree = new int[n];
    int[] outDegree = new int[n];
    for (Edge edge : this.edges) {
      inDegree[edge.consumer()]++;
      outDegree[edge.producer()]++;
    }
    preds = new int[n][];
    succs = new int[n][];
    inEdges = new int[n][];
    for (int i = 0; i < n; i++) {
      preds[i] = new int[inDegree[i]];
      inEdges[i] = new int[inDegree[i]];
      succs[i] = new int[outDegree[i]];
    }
    int[] in = new int[n];
    int[] out = new int[n];
    for (int e = 0; e < this.edges.size(); e++) {
      Edge edge = this.edges.get(e);
      int c = edge.consumer();
      int pr = edge.producer();
      preds[c][in[c]] = pr;
      inEdges[c][in[c]++] = e;
      succs[pr][out[pr]++] = c;
    }
    topo = kahn(new ArrayDeque<>());
  }

  /**
   * Kahn's algorithm; {@code ready} decides which ready op goes next (a FIFO gives insertion order, a priority
   * queue a ranked order). Deterministic for a deterministic queue.
   */
  private int[] kahn(java.util.Queue<Integer> ready) {
    int n = ops.size();
    int[] indeg = new int[n];
    for (int i = 0; i < n; i++) {
      indeg[i] = preds[i].length;
    }
    for (int i = 0; i < n; i++) {
      if (indeg[i] == 0) {
        ready.add(i);
      }
    }
    int[] order = new int[n];
    int k = 0;
    while (!ready.isEmpty()) {
      int v = ready.poll();
      order[k++] = v;
      for (int w : succs[v]) {
        if (--indeg[w] == 0) {
          ready.add(w);
        }
      }
    }
    if (k != n) {
      List<String> stuck = new ArrayList<>();
      for (int i = 0; i < n && stuck.size() < 3; i++) {
        if (indeg[i] > 0) {
          stuck.add(ops.get(i).name());
        }
      }
      throw new CycleException(stuck);
    }
    return order;
  }

  public String name() {
    return name;
  }

  public int size() {
    return ops.size();
  }

  public List<Op> ops() {
    return ops;
  }

  public Op op(int index) {
    return ops.get(index);
  }

  public List<Edge> edges() {
    return edges;
  }

  /** Index of the op with this name, or -1. */
  public int indexOf(String opName) {
    Integer i = byName.get(opName);
    return i == null ? -1 : i;
  }

  public int[] predecessors(int op) {
    return preds[op].clone();
  }

  public int[] successors(int op) {
    return succs[op].clone();
  }

  /** Edges into {@code op}, as indices into {@link #edges()}. */
  /** Bytes of the tensor {@code producer} passes to {@code consumer}, or {@link Edge#UNKNOWN_BYTES} with no edge. */
  public long bytesBetween(int producer, int consumer) {
    for (int e : inEdges(consumer)) {
      if (edges.get(e).producer() == producer) {
        return edges.get(e).bytes();
      }
    }
    return Edge.UNKNOWN_BYTES;
  }

  public int[] inEdges(int op) {
    return inEdges[op].clone();
  }

  int predCount(int op) {
    return preds[op].length;
  }

  /**
   * The topological order that follows {@code rank} (lower first, ties by op index) wherever dependencies allow;
   * equals the rank order when that order already respects every edge.
   */
  public int[] topologicalOrder(double[] rank) {
    return kahn(new java.util.PriorityQueue<>((a, b) -> {
      int c = Double.compare(rank[a], rank[b]);
      return c != 0 ? c : Integer.compare(a, b);
    }));
  }

  /** A topological order (producers before consumers), deterministic for a given construction order. */
  public int[] topologicalOrder() {
    return topo.clone();
  }

  /**
   * The longest path when each op weighs {@code weight} and edges are free.
   *
   * @return the ops on the path, source first; its length is {@link #criticalPathLength}
   */
  public List<Integer> criticalPath(ToDoubleFunction<Op> weight) {
    int n = ops.size();
    double[] best = new double[n];
    int[] from = new int[n];
    Arrays.fill(from, -1);
    int end = -1;
    double endLen = Double.NEGATIVE_INFINITY;
    for (int v : topo) {
      double base = 0;
      for (int u : preds[v]) {
        if (best[u] > base || (best[u] == base && from[v] < 0)) {
          base = best[u];
          from[v] = u;
        }
      }
      best[v] = base + weight.applyAsDouble(ops.get(v));
      if (best[v] > endLen) {
        endLen = best[v];
        end = v;
      }
    }
    List<Integer> path = new ArrayList<>();
    for (int v = end; v >= 0; v = from[v]) {
      path.add(v);
    }
    Collections.reverse(path);
    return path;
  }

  public double criticalPathLength(ToDoubleFunction<Op> weight) {
    double sum = 0;
    for (int v : criticalPath(weight)) {
      sum += weight.applyAsDouble(ops.get(v));
    }
    return sum;
  }

  /**
   * A chain: ops in the given order, each feeding the next (a repeated name is kept once, at its first place);
   * the edge after op {@code p} carries {@code outputBytes.apply(p)} bytes, unknown when that is null.
   */
  public static ModelGraph chain(String name, Iterable<String> ops,
      java.util.function.Function<String, Long> outputBytes) {
    Builder b = new Builder(name);
    String prev = null;
    for (String op : ops) {
      if (b.hasOp(op)) {
        continue;
      }
      if (prev == null) {
        b.op(op);
      } else {
        Long bytes = outputBytes.apply(prev);
        b.edge(prev, op, bytes == null ? Edge.UNKNOWN_BYTES : bytes, "");
      }
      prev = op;
    }
    return b.build();
  }

  /** Raised when the edges do not form a DAG. */
  public static final class CycleException extends IllegalArgumentException {
    private final List<String> opsOnCycle;

    CycleException(List<String> opsOnCycle) {
      super("graph has a cycle through " + String.join(", ", opsOnCycle));
      this.opsOnCycle = List.copyOf(opsOnCycle);
    }

    public List<String> opsOnCycle() {
      return opsOnCycle;
    }
  }

  /** Collects ops and edges by name; duplicate edges are kept once. */
  public static final class Builder {
    private final String name;
    private final List<Op> ops = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final List<Edge> edges = new ArrayList<>();
    private final java.util.Set<Long> seen = new java.util.HashSet<>();

    public Builder(String name) {
      this.name = name;
    }

    /** Adds an op if absent; returns its index. */
    public int op(String opName, String type, OpFeatures features) {
      Integer i = index.get(opName);
      if (i != null) {
        return i;
      }
      int k = ops.size();
      ops.add(new Op(k, opName, type, features));
      index.put(opName, k);
      return k;
    }

    /** Adds a slice: {@code fraction} of op {@code origin}'s work, with already scaled features. */
    public int slice(String opName, String type, OpFeatures features, String origin, double fraction) {
      Integer i = index.get(opName);
      if (i != null) {
        return i;
      }
      int k = ops.size();
      ops.add(new Op(k, opName, type, features, origin, fraction));
      index.put(opName, k);
      return k;
    }

    public int op(String opName) {
      return op(opName, typeFromName(opName), OpFeatures.NONE);
    }

    public boolean hasOp(String opName) {
      return index.containsKey(opName);
    }

    public Builder edge(String producer, String consumer) {
      return edge(producer, consumer, Edge.UNKNOWN_BYTES, "");
    }

    public Builder edge(String producer, String consumer, long bytes, String shape) {
      int p = op(producer);
      int c = op(consumer);
      if (seen.add(((long) p << 32) | c)) {
        edges.add(new Edge(p, c, bytes, shape));
      }
      return this;
    }

    public ModelGraph build() {
      return new ModelGraph(name, ops, edges);
    }
  }

  /** TF-style names end in the op type ({@code .../Conv2d_1a_3x3/Conv2D} gives {@code Conv2D}). */
  public static String typeFromName(String opName) {
    int slash = opName.lastIndexOf('/');
    String last = slash >= 0 ? opName.substring(slash + 1) : opName;
    int colon = last.indexOf(':');
    return colon > 0 ? last.substring(0, colon) : last;
  }
}
