package org.socsim.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.socsim.graph.Edge;
import org.socsim.graph.ModelGraph;
import org.socsim.graph.Op;
import org.socsim.graph.OpFeatures;
import org.socsim.plan.ExecutionPlan;
import org.socsim.plan.Placement;
import org.socsim.plan.Transfer;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;
import org.socsim.traces.TraceFormatException;

/**
 * Reads a {@value PlanFile#SCHEMA} file back into the plan it describes, on the run's graph (after granularity) and
 * SoC. A refined graph (slices, joins, frames) is rebuilt from the file's ops and edges, each op's features taken
 * from its origin in the run's graph scaled by its fraction, as the strategies build them. Copies: on the SoC the
 * plan was made for, each copy keeps its recorded duration (so the replay is the same run); where this SoC prices
 * the copy differently (another SoC, a what-if, zero-copy), the copy is re-priced keeping any overhead the strategy
 * added on top. A file without {@code transfers} gets a copy for every tensor crossing units. Errors name the file
 * and the line of the offending name.
 */
final class PlanFileReader {
  private PlanFileReader() {
  }

  static ExecutionPlan read(Path file, Workbench wb, Scenario s) {
    String text;
    JsonNode n;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
      n = new ObjectMapper().readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new TraceFormatException(file, line, "expected a socsim plan JSON: " + e.getOriginalMessage()
          .split("\n")[0]);
    } catch (IOException e) {
      throw new TraceFormatException(file, 0, "cannot read the plan: " + e.getMessage());
    }
    Ctx c = new Ctx(file, text);
    if (n == null || !n.isObject() || !PlanFile.SCHEMA.equals(n.path("schema").asText())) {
      throw new TraceFormatException(file, 1, "expected a plan with \"schema\": \"" + PlanFile.SCHEMA + "\"");
    }
    String gran = n.path("granularity").asText("op");
    if (!gran.equals(s.granularity())) {
      throw c.bad("granularity", "--granularity " + gran + ", the plan's (this run: " + s.granularity() + ")");
    }
    ModelGraph run = wb.graph();
    String model = n.path("model").asText(run.name());
    if (!model.equals(run.name())) {
      throw c.bad("model", "a run of model " + model + " as the plan's (this run: " + run.name() + ")");
    }
    Soc soc = wb.soc();
    JsonNode ops = c.array(n, "ops");
    ModelGraph g = n.path("edges").isArray() ? rebuild(c, n, run) : run;
    if (ops.size() != g.size()) {
      throw c.bad("\"ops\"", "one entry per op of " + g.name() + " (" + g.size() + "), found " + ops.size());
    }
    Placement[] p = new Placement[g.size()];
    Set<Integer> fallbacks = new HashSet<>();
    for (JsonNode op : ops) {
      int i = c.op(g, op.path("name").asText());
      Unit u = c.unit(soc, op.path("unit").asText(), op.path("name").asText());
      int threads = op.path("threads").asInt(0);
      if (threads < 1 || threads > u.cores()) {
        throw c.bad(op.path("name").asText(), "threads from 1 to " + u.cores() + " on " + u.id() + ", found "
            + op.path("threads"));
      }
      if (p[i] != null) {
        throw c.bad(op.path("name").asText(), "each op once in \"ops\"");
      }
      p[i] = new Placement(i, u.index(), threads);
      if (op.path("fallback").asBoolean(false)) {
        fallbacks.add(i);
      }
    }
    JsonNode orderNode = c.array(n, "issue_order");
    int[] order = new int[orderNode.size()];
    for (int k = 0; k < order.length; k++) {
      order[k] = c.op(g, orderNode.get(k).asText());
    }
    List<String> notes = new ArrayList<>();
    notes.add("replayed the " + n.path("strategy").asText("?") + " plan of " + file.getFileName());
    try {
      if (!n.path("transfers").isArray()) {
        return ExecutionPlan.withTransfers("replay", g, soc, p, order, x -> true, notes, fallbacks);
      }
      return new ExecutionPlan("replay", g, soc, p, transfers(c, n, g, soc, notes), order, notes, fallbacks);
    } catch (IllegalArgumentException e) {
      throw new TraceFormatException(file, 0, "expected a valid plan: " + e.getMessage());
    }
  }

  /** The plan's own graph from its ops and edges; features from each op's origin in the run's graph. */
  private static ModelGraph rebuild(Ctx c, JsonNode n, ModelGraph run) {
    ModelGraph.Builder b = new ModelGraph.Builder(run.name());
    for (JsonNode op : c.array(n, "ops")) {
      String name = op.path("name").asText();
      String origin = op.path("origin").asText(name);
      String type = op.path("type").asText();
      double f = op.path("fraction").asDouble(1.0);
      if (!(f > 0 && f <= 1)) {
        throw c.bad(name, "a fraction in (0, 1], found " + op.path("fraction"));
      }
      if (b.hasOp(name)) {
        throw c.bad(name, "each op once in \"ops\"");
      }
      OpFeatures feats;
      if (Op.JOIN.equals(type)) {
        feats = OpFeatures.NONE;
      } else {
        int at = run.indexOf(origin);
        if (at < 0) {
          throw c.bad(origin, "an origin op of " + run.name() + ", found '" + origin + "'");
        }
        feats = f == 1.0 ? run.op(at).features() : run.op(at).features().fraction(f);
      }
      b.slice(name, type, feats, origin, f);
    }
    for (JsonNode e : c.array(n, "edges")) {
      String from = e.path("from").asText();
      String to = e.path("to").asText();
      if (!b.hasOp(from) || !b.hasOp(to)) {
        throw c.bad(b.hasOp(from) ? to : from, "edges between ops listed in \"ops\"");
      }
      b.edge(from, to, e.path("bytes").isNumber() ? e.path("bytes").asLong() : Edge.UNKNOWN_BYTES,
          e.path("shape").asText(""));
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new TraceFormatException(c.file, 0, "expected an acyclic plan graph: " + e.getMessage());
    }
  }

  private static List<Transfer> transfers(Ctx c, JsonNode n, ModelGraph g, Soc soc, List<String> notes) {
    List<Transfer> out = new ArrayList<>();
    int repriced = 0;
    for (JsonNode t : n.path("transfers")) {
      int e = c.edge(g, t);
      String at = t.path("from_op").asText();
      Unit from = c.unit(soc, t.path("from_unit").asText(), at);
      Unit to = c.unit(soc, t.path("to_unit").asText(), at);
      Unit exec = c.unit(soc, t.path("executor").asText(), at);
      double dur = t.path("duration_us").asDouble(Double.NaN);
      double priced = t.path("priced_us").asDouble(dur);
      if (!(dur >= 0 && dur < 1e9) || !(priced >= 0 && priced < 1e9)) {
        throw c.bad(t.path("from_op").asText(), "a copy's duration_us and priced_us >= 0 and < 1e9 us");
      }
      double now = soc.transfers().transferUs(from, to, g.edges().get(e));
      if (now != priced) {
        repriced++;
        dur = Math.max(0.0, dur - priced + now);
        if (dur <= 0) {
          continue;
        }
      }
      List<Integer> shared = new ArrayList<>();
      for (JsonNode x : t.path("shared_by")) {
        shared.add(c.edge(g, x));
      }
      out.add(new Transfer(e, from.index(), to.index(), exec.index(), Math.max(1, t.path("threads").asInt(1)), dur,
          shared));
    }
    if (repriced > 0) {
      notes.add(repriced + " copies re-priced on " + soc.name() + " (the plan's copy costs differ here)");
    }
    return out;
  }

  /** The file being read, for errors naming the line of a name. */
  private record Ctx(Path file, String text) {
    JsonNode array(JsonNode n, String key) {
      JsonNode a = n.path(key);
      if (!a.isArray()) {
        throw new TraceFormatException(file, 0, "expected a list \"" + key + "\"");
      }
      return a;
    }

    int op(ModelGraph g, String name) {
      int i = g.indexOf(name);
      if (i < 0) {
        throw bad(name, "an op of " + g.name() + ", found '" + name + "' (a plan of another model?)");
      }
      return i;
    }

    /** The unit with this id; an error points at the line of {@code near} (the op naming it). */
    Unit unit(Soc soc, String id, String near) {
      return soc.unit(id).orElseThrow(() -> bad(near, "a unit of " + soc.name() + " " + soc.units().stream()
          .map(Unit::id).toList() + ", found '" + id + "'"));
    }

    int edge(ModelGraph g, JsonNode ref) {
      int e = ref.path("edge").asInt(-1);
      String from = ref.path("from_op").asText();
      String to = ref.path("to_op").asText();
      if (e >= 0 && e < g.edges().size() && g.op(g.edges().get(e).producer()).name().equals(from)
          && g.op(g.edges().get(e).consumer()).name().equals(to)) {
        return e;
      }
      for (int k = 0; k < g.edges().size(); k++) {
        Edge x = g.edges().get(k);
        if (g.op(x.producer()).name().equals(from) && g.op(x.consumer()).name().equals(to)) {
          return k;
        }
      }
      throw bad(from, "a copy on an edge of the plan's graph, found " + from + " -> " + to);
    }

    TraceFormatException bad(String token, String expected) {
      String[] lines = text.split("\n", -1);
      String quoted = token.startsWith("\"") ? token : "\"" + token + "\"";
      int line = 0;
      for (int i = 0; i < lines.length && line == 0; i++) {
        if (lines[i].contains(quoted)) {
          line = i + 1;
        }
      }
      return new TraceFormatException(file, line, "expected " + expected);
    }
  }
}
