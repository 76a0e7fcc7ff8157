package org.socsim.traces.ncnn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.socsim.graph.ModelGraph;
import org.socsim.traces.Csv;
import org.socsim.traces.TraceFormatException;

/**
 * The ncnn benchmark table ({@code results.csv}) and its graphs ({@code models/*.param}): published whole-model
 * latencies of many devices. Rows are grouped into settings (device, unit kind, threads); a setting's latency of
 * a model is the median of its rows (a few devices list a model twice).
 */
public final class NcnnBench {
  /** Old model names in early device blocks, and the graph they ran. */
  public static final Map<String, String> ALIASES = Map.of("squeezenet-ssd", "squeezenet_ssd", "mobilenet-ssd",
      "mobilenet_ssd", "mobilenet-yolo", "mobilenet_yolo", "squeezenet-int8", "squeezenet_int8");

  /** Unit kinds of a setting: big cluster (powersave 2), LITTLE (1), any core (0), a Vulkan GPU. */
  public enum UnitKind {
    BIG("cpu-big", "big"), LITTLE("cpu-little", "LITTLE"), ANY("cpu", "any"), GPU("gpu", "GPU");

    public final String unitId;
    public final String label;

    UnitKind(String unitId, String label) {
      this.unitId = unitId;
      this.label = label;
    }
  }

  /**
   * One row of results.csv. {@code model} is the name as written; {@code graph} the .param it ran; {@code spread}
   * the loop's (max - min) / avg, NaN when the row has no min or max.
   */
  public record Row(String device, int threads, UnitKind kind, int gpuDevice, String model, String graph,
      double avgMs, int line, Setting host, double spread) {
    public Setting setting() {
      return new Setting(device, kind, threads, gpuDevice);
    }
  }

  /**
   * A device setting: what one unit of the device's profile measures at one thread count. GPU settings have
   * threads 1 and {@code gpu} the Vulkan device index (-1 for CPU settings).
   */
  public record Setting(String device, UnitKind kind, int threads, int gpu) implements Comparable<Setting> {
    /** The profile unit this setting calibrates: {@code cpu-big}, {@code cpu-little}, {@code cpu}, {@code gpu}, {@code gpu1}. */
    public String unitId() {
      return kind == UnitKind.GPU && gpu > 0 ? "gpu" + gpu : kind.unitId;
    }

    @Override
    public int compareTo(Setting o) {
      int c = device.compareTo(o.device);
      if (c != 0) {
        return c;
      }
      c = kind.compareTo(o.kind);
      if (c != 0) {
        return c;
      }
      c = Integer.compare(gpu, o.gpu);
      return c != 0 ? c : Integer.compare(threads, o.threads);
    }
  }

  private final Path root;
  private final List<Row> rows;
  private final List<String> notes;
  private final Map<String, ModelGraph> graphs = new TreeMap<>();
  private final Map<String, Double> macs = new HashMap<>();
  private Map<Setting, Setting> hosts;

  private NcnnBench(Path root, List<Row> rows, List<String> notes) {
    this.root = root;
    this.rows = rows;
    this.notes = notes;
  }

  private static final java.util.regex.Pattern GHZ = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*[Gg][Hh][Zz]");
  private static final java.util.regex.Pattern MHZ = java.util.regex.Pattern.compile("(\\d+)\\s*MHz");

  /** The clocks a device heading writes, in GHz ("2.4GHz", "1.848 GHz", "766MHz"), ascending; empty when none. */
  public static java.util.TreeSet<Double> clocksGhz(String heading) {
    java.util.TreeSet<Double> out = new java.util.TreeSet<>();
    java.util.regex.Matcher g = GHZ.matcher(heading);
    while (g.find()) {
      out.add(Double.parseDouble(g.group(1)));
    }
    java.util.regex.Matcher m = MHZ.matcher(heading);
    while (m.find()) {
      out.add(Double.parseDouble(m.group(1)) / 1000.0);
    }
    return out;
  }

  /** True when {@code dir} holds the ncnn-bench layout (results.csv and models/). */
  public static boolean accepts(Path dir) {
    return Files.isRegularFile(dir.resolve("results.csv")) && Files.isDirectory(dir.resolve("models"));
  }

  /** The table without the settings whose latency falls as the work grows ({@link #withoutInvertedSettings}). */
  public static NcnnBench read(Path dir) {
    return readAll(dir).withoutInvertedSettings();
  }

  /**
   * Every row, the settings whose latency falls as the work grows included (a leave-out validation decides them per
   * fold from its training rows, {@link #inverted}); notes as {@link #read}.
   */
  public static NcnnBench readAll(Path dir) {
    Path csv = dir.resolve("results.csv");
    List<Csv.Row> lines = utf8Rows(csv);
    if (lines.isEmpty()) {
      throw new TraceFormatException(csv, 0, "expected a header line");
    }
    List<String> header = lines.get(0).fields().stream().map(String::strip).toList();
    String[] need = {"device_header", "num_threads", "powersave", "gpu_device", "model", "avg_ms"};
    int[] col = new int[need.length];
    for (int k = 0; k < need.length; k++) {
      col[k] = header.indexOf(need[k]);
      if (col[k] < 0) {
        throw new TraceFormatException(csv, lines.get(0).line(), "expected a column named " + need[k]
            + " in the header");
      }
    }
    List<Row> rows = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    int noGraph = 0;
    for (int i = 1; i < lines.size(); i++) {
      Csv.Row f = lines.get(i);
      int l = f.line();
      if (f.size() != header.size()) {
        throw new TraceFormatException(csv, l, "expected " + header.size() + " comma-separated fields, found "
            + f.size());
      }
      String device = f.get(col[0]).strip();
      int threads = intField(csv, l, f.get(col[1]), "num_threads");
      int powersave = intField(csv, l, f.get(col[2]), "powersave");
      String g = f.get(col[3]).strip();
      int gpu = g.isEmpty() ? -1 : intField(csv, l, g, "gpu_device");
      String model = f.get(col[4]).strip();
      double ms;
      try {
        ms = Double.parseDouble(f.get(col[5]).strip());
      } catch (NumberFormatException e) {
        throw new TraceFormatException(csv, l, "expected a number for avg_ms, found '" + f.get(col[5]) + "'");
      }
      if (!(ms >= 1e-3 && ms < 1e7)) {
        throw new TraceFormatException(csv, l, "expected avg_ms from 0.001 to 1e7 ms, found " + ms);
      }
      double lo = optional(csv, f, header.indexOf("min_ms"), "min_ms");
      double hi = optional(csv, f, header.indexOf("max_ms"), "max_ms");
      // Rounding in the README: allow 0.01 ms of slack around min <= avg <= max.
      if (!Double.isNaN(lo) && !Double.isNaN(hi) && !(lo <= ms + 0.01 && ms <= hi + 0.01)) {
        throw new TraceFormatException(csv, l, "expected min_ms <= avg_ms <= max_ms, found " + lo + ", "
            + ms + ", " + hi);
      }
      if (threads < 1 || threads > 1024 || powersave < 0 || powersave > 2) {
        throw new TraceFormatException(csv, l, "expected num_threads in 1..1024 and powersave 0..2");
      }
      UnitKind cpuKind = powersave == 2 ? UnitKind.BIG : powersave == 1 ? UnitKind.LITTLE : UnitKind.ANY;
      UnitKind kind = gpu >= 0 ? UnitKind.GPU : cpuKind;
      String graph = ALIASES.getOrDefault(model, model);
      if (!Files.isRegularFile(dir.resolve("models").resolve(graph + ".param"))) {
        noGraph++;
        continue;
      }
      rows.add(new Row(device, kind == UnitKind.GPU ? 1 : threads, kind, gpu, model, graph, ms, l,
          new Setting(device, cpuKind, threads, -1), Double.isNaN(lo) || Double.isNaN(hi) ? Double.NaN : (hi - lo) / ms));
    }
    if (noGraph > 0) {
      notes.add(noGraph + " rows name a model with no .param graph (skipped)");
    }
    NcnnBench bench = new NcnnBench(dir, rows, notes);
    bench.notes.addAll(NcnnWorkOrder.notes(bench));
    bench.noteMerges();
    return bench;
  }

  /**
   * Notes how rows become the scored (setting, model) cells ({@link #table}): rows of one cell (a block repeated in
   * the README, a model listed under two names) give one cell, the median of their latencies; GPU rows run with a
   * second host thread count are not scored (they still train their host CPU setting, {@link #host}).
   */
  private void noteMerges() {
    Map<String, Integer> perCell = new java.util.TreeMap<>();
    int otherHost = 0;
    for (Row r : rows) {
      if (scored(r)) {
        perCell.merge(r.setting() + "|" + r.graph(), 1, Integer::sum);
      } else {
        otherHost++;
      }
    }
    long cells = perCell.values().stream().filter(n -> n > 1).count();
    int merged = perCell.values().stream().filter(n -> n > 1).mapToInt(Integer::intValue).sum();
    if (cells > 0) {
      notes.add(merged + " rows measure a (setting, model) cell that another row also measures (a repeated block or"
          + " a model listed under two names): " + cells + " cells scored once each, at the median of their rows");
    }
    if (otherHost > 0) {
      notes.add(otherHost + " GPU rows ran with a second host thread count of their GPU setting: not scored (the"
          + " setting keeps its most frequent host count); their int8 rows train that host CPU setting");
    }
  }

  /**
   * Whether a row is one of the scored cells' ({@link #table}): a GPU setting measured with several host thread
   * counts (three devices) keeps the rows of its host setting.
   */
  private boolean scored(Row r) {
    return r.kind() != UnitKind.GPU || r.host().equals(host(r.setting()));
  }

  /** This table without the settings whose latencies fall as the work grows ({@link NcnnWorkOrder}), with a note. */
  public NcnnBench withoutInvertedSettings() {
    Set<Setting> drop = inverted((st, g) -> true);
    if (drop.isEmpty()) {
      return this;
    }
    NcnnBench kept = new NcnnBench(root, rows.stream().filter(r -> !drop.contains(r.setting())).toList(), notes);
    kept.graphs.putAll(graphs);
    return kept;
  }

  /**
   * The settings whose latencies fall as the work grows over the cells {@code admit} lets through
   * ({@link NcnnWorkOrder}). A leave-out fold asks with its training cells, so the held-out rows never decide which
   * settings it trains on.
   */
  public Set<Setting> inverted(java.util.function.BiPredicate<Setting, String> admit) {
    Set<Setting> drop = new java.util.TreeSet<>();
    NcnnWorkOrder.rho(this, admit).forEach((s, rho) -> {
      if (rho < 0) {
        drop.add(s);
      }
    });
    return drop;
  }

  /** The table's records (blank lines left out), each with the line it starts on. */
  private static List<Csv.Row> utf8Rows(Path csv) {
    if (!Files.isRegularFile(csv)) {
      throw new TraceFormatException(csv, 0, "file not found (expected the ncnn-bench results.csv)");
    }
    String text;
    try {
      text = Csv.decode(Files.readAllBytes(csv), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new TraceFormatException(csv, 0, "cannot read as UTF-8 text: " + e.getMessage());
    }
    return Csv.parse(csv, text, true);
  }

  /** A numeric column that may be absent or empty (NaN then). */
  private static double optional(Path csv, Csv.Row f, int col, String what) {
    if (col < 0 || f.get(col).isBlank()) {
      return Double.NaN;
    }
    try {
      double v = Double.parseDouble(f.get(col).strip());
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new TraceFormatException(csv, f.line(), "expected a number for " + what + ", found '" + f.get(col)
          + "'");
    }
  }

  private static int intField(Path csv, int line, String s, String what) {
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      throw new TraceFormatException(csv, line, "expected an integer for " + what + ", found '" + s + "'");
    }
  }

  public Path root() {
    return root;
  }

  public List<Row> rows() {
    return rows;
  }

  public List<String> notes() {
    return notes;
  }

  /** Device headings in file order. */
  public List<String> devices() {
    return rows.stream().map(Row::device).distinct().toList();
  }

  /** Headings containing {@code text} (case-insensitive); an exact heading match alone when there is one. */
  public List<String> devicesMatching(String text) {
    String t = text.toLowerCase(java.util.Locale.ROOT);
    List<String> exact = devices().stream().filter(d -> d.equalsIgnoreCase(text)).toList();
    if (!exact.isEmpty()) {
      return exact;
    }
    return devices().stream().filter(d -> d.toLowerCase(java.util.Locale.ROOT).contains(t)).toList();
  }

  /** Graph names (the .param stems) that rows use, sorted. */
  public Set<String> graphNames() {
    Set<String> s = new java.util.TreeSet<>();
    rows.forEach(r -> s.add(r.graph()));
    return s;
  }

  /**
   * Whether a graph has an int8 layer (family {@code <family>.int8}): the benchmarked ncnn releases run such a
   * network on the CPU even when told to use the GPU ({@link #host}).
   */
  public boolean int8(String graph) {
    return graph(graph).ops().stream().anyMatch(o -> o.features().family().endsWith(".int8"));
  }

  /** The graph of a model (cached). */
  public synchronized ModelGraph graph(String graph) {
    return graphs.computeIfAbsent(graph, g -> NcnnParam.read(root.resolve("models").resolve(g + ".param")));
  }

  /** A graph's multiply-accumulates, summed once (the work-order check asks per setting and per fold). */
  synchronized double macs(String graph) {
    return macs.computeIfAbsent(graph, g -> graph(g).ops().stream().mapToDouble(o -> o.features().macs()).sum());
  }

  /**
   * The CPU setting a setting's rows ran their CPU work on: for a CPU setting itself; for a GPU setting the
   * benchmark's thread count and powersave of its rows (the most frequent pair, then the most threads). The
   * benchmarked ncnn releases have no int8 Vulkan kernels and turn Vulkan off for a network with int8 layers
   * (Tencent/ncnn issues 2170, 4130): an int8 model's latency on a GPU setting is that CPU setting's (the devices
   * that measured both agree within -3 % .. +10 %, 10th to 90th percentile; docs/fidelity.md).
   */
  public Setting host(Setting s) {
    if (s.kind() != UnitKind.GPU) {
      return s;
    }
    return hosts().getOrDefault(s, new Setting(s.device(), UnitKind.ANY, 1, -1));
  }

  /** Every GPU setting's host, from one pass over the rows (computed once). */
  private synchronized Map<Setting, Setting> hosts() {
    if (hosts == null) {
      Map<Setting, Map<Setting, Integer>> count = new TreeMap<>();
      for (Row r : rows) {
        if (r.kind() == UnitKind.GPU) {
          count.computeIfAbsent(r.setting(), k -> new TreeMap<>()).merge(r.host(), 1, Integer::sum);
        }
      }
      hosts = new HashMap<>();
      // the most frequent host; among equally frequent ones the most threads, then the first in setting order
      count.forEach((gpu, hs) -> hosts.put(gpu, hs.entrySet().stream().max(Map.Entry
          .<Setting, Integer>comparingByValue().thenComparingInt(e -> e.getKey().threads())).orElseThrow().getKey()));
    }
    return hosts;
  }

  /**
   * Median latency per (setting, graph), in ms: the labels a cost model learns from.
   */
  public Map<Setting, Map<String, Double>> table() {
    Map<Setting, Map<String, List<Double>>> acc = new TreeMap<>();
    for (Row r : rows) {
      if (!scored(r)) {
        continue;
      }
      acc.computeIfAbsent(r.setting(), s -> new TreeMap<>()).computeIfAbsent(r.graph(), g -> new ArrayList<>())
          .add(r.avgMs());
    }
    Map<Setting, Map<String, Double>> out = new TreeMap<>();
    acc.forEach((s, m) -> {
      Map<String, Double> mm = new LinkedHashMap<>();
      m.forEach((g, v) -> mm.put(g, median(v)));
      out.put(s, mm);
    });
    return out;
  }

  static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = a.length;
    return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
  }
}
