package org.socsim.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socsim.graph.Edge;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.plan.Transfer;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/**
 * Plan files, schema {@value #SCHEMA} (docs/plan-schema.md): {@code socsim run --export-plan P.json} writes the
 * plan a run executed (every op with the model's own node name, its unit and threads; the issue order; the copies;
 * the plan's own graph when the strategy refined the model's, e.g. channel slices or pipelined frames), and
 * {@code --strategy replay --plan P.json} reads it back ({@link PlanFileReader}) into the same plan, so the replay
 * is the same run.
 */
public final class PlanFile {
  public static final String SCHEMA = "socsim-plan/1";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private PlanFile() {
  }

  /** Writes the plan of {@code res} to {@code out} atomically; a run-time strategy has no plan to write. */
  public static void write(Path out, ScenarioResult res) throws IOException {
    if (res.online() != null) {
      throw new IllegalArgumentException("--export-plan applies to plan strategies; " + res.scenario().strategy()
          + " decides at run time (its placements differ per request)");
    }
    String text = JSON.writeValueAsString(toJson(res)) + "\n";
    org.socsim.io.AtomicFiles.writeString(out, text);
  }

  /** The plan file's object, keys in a fixed order. */
  static Map<String, Object> toJson(ScenarioResult res) {
    Scenario s = res.scenario();
    Workbench wb = res.workbench();
    ExecutionPlan p = res.plan();
    ModelGraph g = p.graph();
    Soc soc = wb.soc();
    boolean refined = g != wb.graph();
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("schema", SCHEMA);
    o.put("soc", wb.profile().name());
    o.put("model", wb.graph().name());
    o.put("strategy", p.strategy());
    o.put("granularity", s.granularity());
    o.put("threads", s.threads());
    o.put("what_if", s.whatIf().isEmpty() ? null : s.whatIf());
    o.put("zero_copy", s.zeroCopy());
    o.put("reuse_copies", s.reuseCopies());
    List<Map<String, Object>> units = new ArrayList<>();
    for (Unit u : soc.units()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", u.id());
      m.put("kind", u.kind().name());
      m.put("cores", u.cores());
      units.add(m);
    }
    o.put("units", units);
    o.put("graph", refined ? "refined" : "model");
    List<Map<String, Object>> ops = new ArrayList<>();
    for (Op op : g.ops()) {
      Placement pl = p.placement(op.index());
      String[] jobNode = jobAndNode(op, wb.graph());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", op.name());
      m.put("node", jobNode[1]);
      m.put("job", jobNode[0]);
      m.put("type", op.type());
      m.put("origin", op.origin());
      m.put("fraction", op.fraction());
      m.put("unit", soc.unit(pl.unit()).id());
      m.put("threads", pl.threads());
      m.put("fallback", p.isFallback(op.index()));
      ops.add(m);
    }
    o.put("ops", ops);
    List<Map<String, Object>> edges = null;
    if (refined) {
      edges = new ArrayList<>();
      for (Edge e : g.edges()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", g.op(e.producer()).name());
        m.put("to", g.op(e.consumer()).name());
        m.put("bytes", e.bytesKnown() ? e.bytes() : null);
        m.put("shape", e.shape());
        edges.add(m);
      }
    }
    o.put("edges", edges);
    List<String> order = new ArrayList<>();
    for (int i : p.issueOrder()) {
      order.add(g.op(i).name());
    }
    o.put("issue_order", order);
    List<Map<String, Object>> ts = new ArrayList<>();
    for (Transfer t : p.transfers()) {
      Edge e = g.edges().get(t.edge());
      Map<String, Object> m = edgeRef(g, t.edge());
      m.put("from_unit", soc.unit(t.fromUnit()).id());
      m.put("to_unit", soc.unit(t.toUnit()).id());
      m.put("executor", soc.unit(t.executor()).id());
      m.put("threads", t.threads());
      m.put("duration_us", t.durationUs());
      m.put("priced_us", soc.transfers().transferUs(soc.unit(t.fromUnit()), soc.unit(t.toUnit()), e));
      List<Map<String, Object>> shared = new ArrayList<>();
      for (int x : t.sharedBy()) {
        shared.add(edgeRef(g, x));
      }
      m.put("shared_by", shared);
      ts.add(m);
    }
    o.put("transfers", ts);
    o.put("notes", p.notes());
    return o;
  }

  private static Map<String, Object> edgeRef(ModelGraph g, int edge) {
    Edge e = g.edges().get(edge);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("edge", edge);
    m.put("from_op", g.op(e.producer()).name());
    m.put("to_op", g.op(e.consumer()).name());
    return m;
  }

  /**
   * The job ({@code k:model} of a multi-DNN workload, else null) and the model's own node an op stands for: its
   * origin, followed through the run's graph (a slice of a tile names the tile, whose origin is the model's node).
   */
  static String[] jobAndNode(Op op, ModelGraph runGraph) {
    String o = op.origin();
    for (int guard = 0; guard < 8; guard++) {
      int i = runGraph.indexOf(o);
      if (i < 0 || runGraph.op(i).origin().equals(o)) {
        break;
      }
      o = runGraph.op(i).origin();
    }
    int bar = o.indexOf('|');
    return bar < 0 ? new String[] {null, o} : new String[] {o.substring(0, bar), o.substring(bar + 1)};
  }
}
