package org.socsim.profile;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.socsim.graph.Op;
import org.socsim.soc.CostModel;
import org.socsim.soc.Unit;

/** Op latency looked up in a profile's measured table for one model. */
public final class TableCostModel implements CostModel {
  private final SocProfile profile;
  private final String model;
  private final SocProfile.ModelTable table;
  private final Set<String> gpuUnsupported;
  /** The fitted per-stage synchronisation a chained GPU run saves ({@link SocProfile.GpuQueueSpec}), or 0. */
  private final double gpuSyncUs;

  public TableCostModel(SocProfile profile, String model) {
    this.profile = profile;
    this.model = model;
    this.table = profile.models().get(model);
    if (table == null) {
      throw new IllegalArgumentException("profile " + profile.name() + " has no latency table for model '" + model
          + "'; " + (profile.models().isEmpty() ? "it has none: its costs come from per-layer features, so give a"
          + " graph with features (a shared ONNX or ncnn model, e.g. --model mobilenet_v2, or a .onnx/.param path;"
          + " socsim list models)" : "it has " + profile.models().keySet()));
    }
    this.gpuUnsupported = new HashSet<>(table.gpuUnsupported());
    this.gpuSyncUs = profile.gpuSyncUs();
  }

  /** Thread counts of each unit id, looked up once per unit instead of once per op. */
  private final Map<String, List<Integer>> threadsOf = new java.util.concurrent.ConcurrentHashMap<>();

  @Override
  public double durationUs(Op op, Unit unit, int threads) {
    if (op.isJoin()) {
      return 0.0;
    }
    List<Double> v = row(op, unit);
    if (v == null) {
      throw new IllegalArgumentException("profile " + profile.name() + " has no " + unit.id() + " latency for op "
          + op.name() + " of " + model);
    }
    List<Integer> ts = threadsOf.get(unit.id());
    if (ts == null) {
      ts = threadsOf.computeIfAbsent(unit.id(), id -> profile.unitSpec(id).threads());
    }
    int k = ts.indexOf(threads);
    if (k < 0 && !unit.isCpu()) {
      k = 0;
    }
    if (k < 0 || k >= v.size()) {
      throw new IllegalArgumentException("profile " + profile.name() + " has " + unit.id() + " latencies for "
          + ts + " threads, not " + threads);
    }
    double us = v.get(k);
    if (gpuSyncUs > 0 && unit.kind() == org.socsim.soc.UnitKind.GPU) {
      us = Math.max(0.0, us - gpuSyncUs); // measured synchronised, runs chained: see SocProfile.GpuQueueSpec
    }
    return us * op.fraction();
  }

  @Override
  public boolean supports(Op op, Unit unit) {
    if (op.isJoin()) {
      return true;
    }
    Row r = rowOf(op);
    if (r.gpuUnsupported() && unit.id().equals("gpu")) {
      return false;
    }
    return r.byUnit() != null && r.byUnit().get(unit.id()) != null;
  }

  /** Traffic from features when the graph has shapes, else one mean-size tensor of the model in and one out. */
  @Override
  public double memoryBytes(Op op, Unit unit) {
    if (op.features().known()) {
      return op.features().bytesIn() + op.features().bytesOut();
    }
    return op.isJoin() || table.tensorBytes() == null ? 0.0 : 2.0 * table.tensorBytes() * op.fraction();
  }

  /** Whether the table lists {@code threads} for the unit. */
  public boolean hasThreads(Unit unit, int threads) {
    return profile.unitSpec(unit.id()).threads().contains(threads) || !unit.isCpu();
  }

  /** Whether the table has a latency for this op on this unit id. */
  public boolean hasLatency(String opName, String unitId) {
    Map<String, List<Double>> byUnit = table.ops().get(opName);
    return byUnit != null && byUnit.containsKey(unitId);
  }

  public boolean hasOp(String opName) {
    return table.ops().containsKey(opName);
  }

  public Set<String> opNames() {
    return table.ops().keySet();
  }

  private List<Double> row(Op op, Unit unit) {
    Map<String, List<Double>> byUnit = rowOf(op).byUnit();
    return byUnit == null ? null : byUnit.get(unit.id());
  }

  /** The table's row of one op (null when the table lacks it) and its GPU support, remembered for that op object. */
  private record Row(Op op, Map<String, List<Double>> byUnit, boolean gpuUnsupported) {
  }

  /**
   * Rows by op index, each checked against the op object it was looked up for: planners and the engine ask for the
   * same ops thousands of times, and a lookup by name compares the whole (often 60-100 character) name. Threads may
   * race on a slot; every value written is correct and immutable, so a lost write only costs a lookup.
   */
  private volatile Row[] rows = new Row[0];

  private Row rowOf(Op op) {
    Row[] rs = rows;
    int i = op.index();
    if (i < rs.length) {
      Row r = rs[i];
      if (r != null && r.op() == op) {
        return r;
      }
    }
    Row r = new Row(op, table.ops().get(op.origin()), gpuUnsupported.contains(op.origin()));
    if (i >= 0 && i < (1 << 20)) {
      if (i >= rs.length) {
        rs = java.util.Arrays.copyOf(rs, Math.max(i + 1, Math.max(64, 2 * rs.length)));
      }
      rs[i] = r;
      rows = rs;
    }
    return r;
  }
}
