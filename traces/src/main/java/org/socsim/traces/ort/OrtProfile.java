package org.socsim.traces.ort;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.socsim.graph.OpFeatures;
import org.socsim.result.Stats;
import org.socsim.traces.JsonFiles;
import org.socsim.traces.TraceFormatException;

/**
 * An ONNX Runtime profiler trace (Chrome trace-event JSON): per-node kernel times with their input/output shapes,
 * grouped into the session's {@code model_run}s. The first run is dropped as warm-up.
 *
 * @param model     model name (from the file name {@code ort_<model>_cpu_t<N>...json})
 * @param threads   intra-op threads (from the file name), 0 if the name does not say
 * @param runsUs    end-to-end {@code model_run} durations of the kept runs
 * @param nodes     per node, in first-execution order
 */
public record OrtProfile(Path file, String model, int threads, List<Double> runsUs, List<NodeStats> nodes) {
  private static final Pattern NAME = Pattern.compile("^ort_(.+?)_cpu_t(\\d+)(?:_.*)?\\.json$");

  /**
   * @param medianUs median kernel time over the kept runs
   * @param samples  how many kept runs executed the node
   */
  public record NodeStats(String node, String opType, List<long[]> inputs, List<long[]> outputs, double medianUs,
      int samples) {
    public OpFeatures features() {
      return OpFeatures.of(opType, inputs, outputs, 4);
    }
  }

  /** Whether a file name follows the profile naming this reader expects. */
  public static boolean matches(String fileName) {
    return NAME.matcher(fileName).matches();
  }

  public static OrtProfile read(Path file) {
    JsonNode root = JsonFiles.read(file);
    JsonNode events = root.isArray() ? root : root.path("traceEvents");
    if (!events.isArray()) {
      throw new TraceFormatException(file, 1, "expected a Chrome trace: a JSON array of events or {traceEvents: [...]}");
    }
    Matcher m = NAME.matcher(file.getFileName().toString());
    String model = m.matches() ? m.group(1) : file.getFileName().toString().replaceFirst("\\.json$", "");
    int threads = m.matches() ? Integer.parseInt(m.group(2)) : 0;
    List<double[]> runs = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      if ("Session".equals(e.path("cat").asText()) && "model_run".equals(e.path("name").asText())) {
        String where = "event #" + i + " (model_run)";
        runs.add(new double[] {JsonFiles.number(file, e, "ts", where), JsonFiles.number(file, e, "dur", where)});
      }
    }
    runs.sort((a, b) -> Double.compare(a[0], b[0]));
    if (runs.size() < 2) {
      throw new TraceFormatException(file, 0, "expected at least 2 model_run events (the first is dropped as warm-up)");
    }
    double warmEnd = runs.get(0)[0] + runs.get(0)[1];
    double longest = runs.stream().mapToDouble(r -> r[1]).max().orElse(0);
    Map<String, List<Double>> durs = new LinkedHashMap<>();
    Map<String, NodeStats> first = new LinkedHashMap<>();
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      if (!"Node".equals(e.path("cat").asText())) {
        continue;
      }
      String name = e.path("name").asText();
      if (!name.endsWith("_kernel_time")) {
        continue;
      }
      String where = "event #" + i + " (" + name + ")";
      double ts = JsonFiles.number(file, e, "ts", where);
      if (ts <= warmEnd) {
        continue;
      }
      double dur = JsonFiles.number(file, e, "dur", where);
      if (dur > longest) {
        throw new TraceFormatException(file, 0, where + ": kernel dur " + dur + " us exceeds the longest model_run ("
            + longest + " us); expected each kernel inside a run");
      }
      String node = name.substring(0, name.length() - "_kernel_time".length());
      durs.computeIfAbsent(node, k -> new ArrayList<>()).add(dur);
      JsonNode args = e.path("args");
      NodeStats shape = new NodeStats(node, JsonFiles.text(file, args, "op_name", where + ".args"),
          shapes(file, args.path("input_type_shape"), where + ".args.input_type_shape"),
          shapes(file, args.path("output_type_shape"), where + ".args.output_type_shape"), 0, 0);
      first.putIfAbsent(node, shape);
    }
    if (durs.isEmpty()) {
      throw new TraceFormatException(file, 0, "expected Node events with _kernel_time after the warm-up run");
    }
    List<NodeStats> nodes = new ArrayList<>();
    for (Map.Entry<String, List<Double>> d : durs.entrySet()) {
      NodeStats f = first.get(d.getKey());
      nodes.add(new NodeStats(d.getKey(), f.opType(), f.inputs(), f.outputs(), Stats.median(d.getValue()),
          d.getValue().size()));
    }
    List<Double> kept = new ArrayList<>();
    for (int i = 1; i < runs.size(); i++) {
      kept.add(runs.get(i)[1]);
    }
    return new OrtProfile(file, model, threads, List.copyOf(kept), List.copyOf(nodes));
  }

  public double medianRunUs() {
    return Stats.median(runsUs);
  }

  /** Each {@code {type: [dims]}} of a shape list; a dim must be a whole number >= 0. */
  private static List<long[]> shapes(Path file, JsonNode list, String where) {
    List<long[]> out = new ArrayList<>();
    int k = 0;
    for (JsonNode t : list) {
      var it = t.fields();
      if (it.hasNext()) {
        JsonNode dims = it.next().getValue();
        long[] s = new long[dims.size()];
        for (int i = 0; i < s.length; i++) {
          JsonNode d = dims.get(i);
          if (!d.canConvertToExactIntegral() || !d.isNumber() || d.asLong() < 0) {
            throw new TraceFormatException(file, 0, where + "[" + k + "] dim " + i + " is " + d + "; expected a"
                + " whole number >= 0");
          }
          s[i] = d.asLong();
        }
        out.add(s);
      } else {
        out.add(null);
      }
      k++;
    }
    return out;
  }
}
