package org.socsim.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.IntPredicate;
import org.socsim.graph.Edge;
import org.socsim.graph.ModelGraph;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/**
 * Where every op runs, with how many threads, which tensors are copied across units, and the order in which
 * ops are issued to their units' queues.
 */
public final class ExecutionPlan {
  private final String strategy;
  private final ModelGraph graph;
  private final java.util.Set<Integer> fallbacks;
  private final Placement[] placements;
  private final List<Transfer> transfers;
  private final int[] issueOrder;
  private final List<String> notes;

  /**
   * @param placements one per op, indexed by op
   * @param issueOrder a permutation of op indices that respects dependencies (in-order queues would deadlock
   *                   otherwise)
   */
  public ExecutionPlan(String strategy, ModelGraph graph, Soc soc, Placement[] placements,
      List<Transfer> transfers, int[] issueOrder, List<String> notes) {
    this(strategy, graph, soc, placements, transfers, issueOrder, notes, java.util.Set.of());
  }

  /**
   * @param graph     the graph this plan schedules: the model's, or a refinement of it whose ops may be slices
   * @param fallbacks ops placed away from the unit the strategy wanted because that unit cannot run them
   */
  public ExecutionPlan(String strategy, ModelGraph graph, Soc soc, Placement[] placements,
      List<Transfer> transfers, int[] issueOrder, List<String> notes, java.util.Set<Integer> fallbacks) {
    this.strategy = strategy;
    this.graph = graph;
    this.fallbacks = java.util.Set.copyOf(fallbacks);
    this.placements = placements.clone();
    this.transfers = List.copyOf(transfers);
    this.issueOrder = issueOrder.clone();
    this.notes = List.copyOf(notes);
    validate(graph, soc);
  }

  private void validate(ModelGraph graph, Soc soc) {
    int n = graph.size();
    if (placements.length != n) {
      throw new IllegalArgumentException("plan places " + placements.length + " ops, graph has " + n);
    }
    for (int i = 0; i < n; i++) {
      Placement p = placements[i];
      if (p == null || p.op() != i) {
        throw new IllegalArgumentException("op " + graph.op(i).name() + " is not placed");
      }
      Unit u = soc.unit(p.unit());
      if (p.threads() > u.cores()) {
        throw new IllegalArgumentException("op " + graph.op(i).name() + " asks " + p.threads()
            + " threads on " + u.id() + " which has " + u.cores() + " cores");
      }
    }
    if (issueOrder.length != n) {
      throw new IllegalArgumentException("issue order lists " + issueOrder.length + " ops, graph has " + n);
    }
    int[] rank = new int[n];
    Arrays.fill(rank, -1);
    for (int k = 0; k < n; k++) {
      int op = issueOrder[k];
      if (op < 0 || op >= n || rank[op] >= 0) {
        throw new IllegalArgumentException("issue order is not a permutation of the ops (at position " + k + ")");
      }
      rank[op] = k;
    }
    for (Edge e : graph.edges()) {
      if (rank[e.producer()] > rank[e.consumer()]) {
        throw new IllegalArgumentException("issue order puts " + graph.op(e.consumer()).name() + " before its input "
            + graph.op(e.producer()).name());
      }
    }
    for (Transfer t : transfers) {
      Edge e = graph.edges().get(t.edge());
      if (placements[e.producer()].unit() != t.fromUnit() || placements[e.consumer()].unit() != t.toUnit()) {
        throw new IllegalArgumentException("transfer on edge " + graph.op(e.producer()).name() + " -> "
            + graph.op(e.consumer()).name() + " does not match the placement");
      }
    }
  }

  /**
   * A plan that copies every tensor crossing units, on the consumer's executor with the consumer's threads.
   * Crossings the SoC's transfer model prices at zero (e.g. between CPU clusters) get no copy task.
   *
   * @param copyAt which consumers get copies charged (the others wait for their inputs for free); use
   *               {@code c -> true} for all
   */
  public static ExecutionPlan withTransfers(String strategy, ModelGraph graph, Soc soc, Placement[] placements,
      int[] issueOrder, IntPredicate copyAt, List<String> notes) {
    return withTransfers(strategy, graph, soc, placements, issueOrder, copyAt, notes, java.util.Set.of());
  }

  /** As {@link #withTransfers(String, ModelGraph, Soc, Placement[], int[], IntPredicate, List)}, with fallbacks. */
  public static ExecutionPlan withTransfers(String strategy, ModelGraph graph, Soc soc, Placement[] placements,
      int[] issueOrder, IntPredicate copyAt, List<String> notes, java.util.Set<Integer> fallbacks) {
    List<Transfer> transfers = new ArrayList<>();
    List<Edge> edges = graph.edges();
    for (int e = 0; e < edges.size(); e++) {
      Edge edge = edges.get(e);
      Placement from = placements[edge.producer()];
      Placement to = placements[edge.consumer()];
      if (from.unit() != to.unit() && copyAt.test(edge.consumer())) {
        Unit fu = soc.unit(from.unit());
        Unit tu = soc.unit(to.unit());
        double us = soc.transfers().transferUs(fu, tu, edge);
        if (us <= 0) {
          continue; // shared memory and layout: the consumer only waits for the producer
        }
        transfers.add(new Transfer(e, from.unit(), to.unit(), to.unit(), to.threads(), us));
      }
    }
    return new ExecutionPlan(strategy, graph, soc, placements, transfers, issueOrder, notes, fallbacks);
  }

  /**
   * The same plan where a tensor copied to a unit is copied once and reused by every consumer there (the first
   * consumer in issue order pays the copy; the others read it).
   */
  public ExecutionPlan reuseCopies(Soc soc) {
    int[] rank = new int[graph.size()];
    for (int k = 0; k < issueOrder.length; k++) {
      rank[issueOrder[k]] = k;
    }
    List<Transfer> sorted = new ArrayList<>(transfers);
    sorted.sort(java.util.Comparator.comparingInt(t -> rank[graph.edges().get(t.edge()).consumer()]));
    java.util.Map<Long, Integer> first = new java.util.LinkedHashMap<>();
    java.util.Map<Integer, List<Integer>> shared = new java.util.HashMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      Transfer t = sorted.get(i);
      long key = ((long) graph.edges().get(t.edge()).producer() << 32) | t.toUnit();
      Integer f = first.putIfAbsent(key, i);
      if (f != null) {
        shared.computeIfAbsent(f, x -> new ArrayList<>()).add(t.edge());
      }
    }
    List<Transfer> out = new ArrayList<>();
    for (int i : first.values()) {
      Transfer t = sorted.get(i);
      // copies a plan already shares (a replayed plan made with reused copies) stay shared
      List<Integer> by = new ArrayList<>(t.sharedBy());
      by.addAll(shared.getOrDefault(i, List.of()));
      out.add(new Transfer(t.edge(), t.fromUnit(), t.toUnit(), t.executor(), t.threads(), t.durationUs(), by));
    }
    List<String> n = new ArrayList<>(notes);
    n.add("copies reused per (tensor, unit): " + transfers.size() + " -> " + out.size());
    return new ExecutionPlan(strategy, graph, soc, placements, out, issueOrder, n, fallbacks);
  }

  /** The graph this plan schedules (may hold slices of the model's ops). */
  public ModelGraph graph() {
    return graph;
  }

  public java.util.Set<Integer> fallbacks() {
    return fallbacks;
  }

  public boolean isFallback(int op) {
    return fallbacks.contains(op);
  }

  /**
   * Partitions: connected groups of ops on the same unit (edges between ops on one unit join them), the way a
   * delegate splits a model into subgraphs.
   */
  public int partitions() {
    int n = graph.size();
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    for (Edge e : graph.edges()) {
      if (placements[e.producer()].unit() == placements[e.consumer()].unit()) {
        int a = find(parent, e.producer());
        int b = find(parent, e.consumer());
        if (a != b) {
          parent[a] = b;
        }
      }
    }
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (find(parent, i) == i) {
        count++;
      }
    }
    return count;
  }

  private static int find(int[] parent, int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  public String strategy() {
    return strategy;
  }

  public Placement placement(int op) {
    return placements[op];
  }

  public List<Placement> placements() {
    return Collections.unmodifiableList(Arrays.asList(placements));
  }

  public List<Transfer> transfers() {
    return transfers;
  }

  public int[] issueOrder() {
    return issueOrder.clone();
  }

  public List<String> notes() {
    return notes;
  }
}
