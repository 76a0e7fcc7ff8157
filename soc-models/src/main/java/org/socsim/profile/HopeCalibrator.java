package org.socsim.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.socsim.traces.TraceFormatException;
import org.socsim.traces.hope.HopeCatalog;
import org.socsim.traces.hope.Layerwise;
import org.socsim.traces.hope.MeasuredTimeline;
import org.socsim.traces.hope.TransferTable;

/**
 * Builds a {@link SocProfile} for one device from a HOPE/MNN trace tree: per-op latency tables from the
 * layerwise files, GPU operator support from the measured GPU runs (ops the GPU backend ran on the CPU),
 * dispatch gaps from the serial timelines, and CPU/GPU transfer costs fitted on the data-trans tables.
 */
public final class HopeCalibrator {
  private static final List<Integer> CPU_THREADS = List.of(1, 2, 4);

  private final HopeCatalog catalog;
  private final String device;
  private final List<String> notes = new ArrayList<>();
  private final List<String> sources = new ArrayList<>();

  private final boolean fillFromTimelines;

  public HopeCalibrator(HopeCatalog catalog, String device) {
    this(catalog, device, true);
  }

  /**
   * @param fillFromTimelines whether table cells the layerwise files lack are derived from serial timelines;
   *                          false keeps the profile to the per-op files (for generalisation checks)
   */
  public HopeCalibrator(HopeCatalog catalog, String device, boolean fillFromTimelines) {
    this.catalog = catalog;
    this.device = device;
    this.fillFromTimelines = fillFromTimelines;
  }

  public SocProfile build() {
    Map<String, SocProfile.ModelTable> models = new TreeMap<>();
    boolean anyLittle = false;
    List<TransferTable> transfers = new ArrayList<>();
    Map<String, List<Double>> gapsByUnit = new TreeMap<>();
    for (String model : catalog.models()) {
      Map<String, Map<String, double[]>> ops = new LinkedHashMap<>();
      var lwPath = catalog.layerwise(model, device);
      if (lwPath.isPresent()) {
        fromLayerwise(model, lwPath.get(), ops);
      }
      HopeUnits.noteInconsistentClusters(catalog, model, device, notes);
      Map<String, Map<String, double[]>> layerwise = HopeUnits.copy(ops);
      TreeSet<String> unsupported = new TreeSet<>();
      Map<String, List<Double>> modelGaps = new TreeMap<>();
      int filled = 0;
      for (HopeCatalog.TimelineFile tf : catalog.timelines()) {
        if (!tf.model().equals(model) || !tf.device().equals(device) || tf.kind() != HopeCatalog.Kind.SERIAL) {
          continue;
        }
        MeasuredTimeline t = MeasuredTimeline.read(tf.path());
        if (!ops.isEmpty() && t.runs().get(0).stream().filter(r -> ops.containsKey(r.op())).count()
            < 0.95 * t.runs().get(0).size()) {
          notes.add("skipped " + rel(tf.path()) + ": its ops do not match " + model + " (misfiled)");
          continue;
        }
        if (lwPath.isPresent()) {
          HopeUnits.sameUnits(lwPath.get(), layerwise, tf, t, tf.processor().equals("gpu") ? 0
              : CPU_THREADS.indexOf(tf.threads()));
        }
        if (tf.processor().equals("gpu")) {
          for (MeasuredTimeline.Row r : t.runs().get(0)) {
            if (r.proc() == MeasuredTimeline.Proc.CPU) {
              unsupported.add(r.op());
            }
          }
        }
        if (fillFromTimelines) {
          filled += fillFromTimeline(tf, t, ops);
        }
        modelGaps.computeIfAbsent(tf.processor(), k -> new ArrayList<>()).addAll(gaps(t));
        sources.add(rel(tf.path()));
      }
      if (ops.isEmpty()) {
        continue;
      }
      if (filled > 0) {
        notes.add(model + ": " + filled + " per-op latencies taken from serial timelines (filtered means) where"
            + " the layerwise file has no column");
      }
      Map<String, Map<String, List<Double>>> table = new LinkedHashMap<>();
      for (Map.Entry<String, Map<String, double[]>> e : ops.entrySet()) {
        Map<String, List<Double>> byUnit = new LinkedHashMap<>();
        for (String unit : UNIT_ORDER) {
          double[] v = e.getValue().get(unit);
          if (v != null && Arrays.stream(v).noneMatch(Double::isNaN)) {
            byUnit.put(unit, Arrays.stream(v).boxed().toList());
          }
        }
        table.put(e.getKey(), byUnit);
      }
      anyLittle |= table.values().stream().anyMatch(m -> m.containsKey("cpu-little"));
      Map<String, Double> dispatch = new TreeMap<>();
      for (Map.Entry<String, List<Double>> g : modelGaps.entrySet()) {
        dispatch.put(g.getKey(), round(org.socsim.result.Stats.median(g.getValue())));
        gapsByUnit.computeIfAbsent(g.getKey(), k -> new ArrayList<>()).add(org.socsim.result.Stats.median(g.getValue()));
      }
      String runtime = model.startsWith("acl-") ? "ACL" : "MNN";
      unsupported.retainAll(table.keySet());
      Map<String, Double> copyUs = new TreeMap<>();
      Double[] tensorBytes = {null};
      catalog.transferTable(model, device).ifPresent(p -> {
        {
          TransferTable tt = TransferTable.read(p);
          if (HopeUnits.millisecondModel(model)) {
            tt = new TransferTable(tt.file(), tt.rows().stream().map(r -> new TransferTable.Row(r.key(), r.elements(),
                r.cpuToGpuUs() * 1000, r.gpuToCpuUs() * 1000)).toList());
          }
          transfers.add(tt);
          sources.add(rel(p));
          double meanBytes = tt.rows().stream().filter(r -> r.elements() > 0).mapToLong(TransferTable.Row::bytesFp32)
              .average().orElse(0);
          if (meanBytes > 0) {
            tensorBytes[0] = round(meanBytes);
          }
          if (!tt.rows().isEmpty()) {
            String a = npuLayout() ? "npu" : "gpu";
            copyUs.put("cpu->" + a, round(tt.rows().stream().mapToDouble(TransferTable.Row::cpuToGpuUs).average()
                .orElse(0)));
            copyUs.put(a + "->cpu", round(tt.rows().stream().mapToDouble(TransferTable.Row::gpuToCpuUs).average()
                .orElse(0)));
          }
        }
      });
      models.put(model, new SocProfile.ModelTable(runtime, table, List.copyOf(unsupported), dispatch, copyUs, null, tensorBytes[0]));
    }
    if (models.isEmpty()) {
      throw new TraceFormatException(catalog.root(), 0, "expected layerwise latency files for device '" + device
          + "' under models/<model>/" + device + "/");
    }
    List<SocProfile.UnitSpec> units = new ArrayList<>();
    units.add(new SocProfile.UnitSpec("cpu-big", "CPU", 4, 1, defaultGap(gapsByUnit, "cpu-big"), CPU_THREADS));
    if (anyLittle) {
      units.add(new SocProfile.UnitSpec("cpu-little", "CPU", 4, 1, defaultGap(gapsByUnit, "cpu-little"),
          CPU_THREADS));
    }
    if (npuLayout()) {
      units.add(new SocProfile.UnitSpec("npu", "NPU", 1, 1, defaultGap(gapsByUnit, "npu"), List.of(1)));
      notes.add("npu folder: columns 1-3 read as the Ascend AI CPU (unit cpu-big), column 4 as the AI Core (unit"
          + " npu); 100000/1000000 mark ops a processor cannot run, which makes the operator support matrix");
    } else {
      units.add(new SocProfile.UnitSpec("gpu", "GPU", 1, 1, defaultGap(gapsByUnit, "gpu"), List.of(1)));
    }
    notes.add("cluster sizes assumed 4 big + 4 little cores (traces use at most 4 threads per cluster);"
        + " one stream per unit (MNN runs one executor thread per backend)");
    Map<String, SocProfile.LinkSpec> links = new TreeMap<>();
    String acc = npuLayout() ? "npu" : "gpu";
    transfers.removeIf(t -> t.rows().isEmpty());
    if (!transfers.isEmpty()) {
      links.put("cpu->" + acc, HopeLinkFit.fit("cpu", acc, transfers, true, notes));
      links.put(acc + "->cpu", HopeLinkFit.fit(acc, "cpu", transfers, false, notes));
    } else if (!npuLayout() && !otherDevicesTransfers().isEmpty()) {
      List<TransferTable> prior = otherDevicesTransfers();
      links.put("cpu->gpu", HopeLinkFit.fit("cpu", "gpu", prior, true, notes));
      links.put("gpu->cpu", HopeLinkFit.fit("gpu", "cpu", prior, false, notes));
      notes.add("no CPU<->GPU copy measurements for " + device + ": copy cost fitted on the other phones' data-trans"
          + " tables (" + prior.size() + " tables) as a prior");
    } else {
      notes.add("no data-trans tables: CPU<->" + acc + " copies cost 0");
      links.put("cpu->" + acc, new SocProfile.LinkSpec("cpu", acc, 0, 0, 0, 0, 0));
      links.put(acc + "->cpu", new SocProfile.LinkSpec(acc, "cpu", 0, 0, 0, 0, 0));
    }
    String desc = "Calibrated from HOPE/MNN traces of device '" + device + "' (" + models.size() + " models)";
    return CoRunFitter.withFit(PlatformAssumptions.complete(new SocProfile(SocProfile.SCHEMA, device, desc,
        List.copyOf(new TreeSet<>(sources)), units, links, models, null,
        HopePlatforms.platform(device, catalog.root(), notes), List.copyOf(notes)), PlatformAssumptions.CALIBRATED),
        catalog);
  }

  private static final List<String> UNIT_ORDER = List.of("cpu-big", "cpu-little", "gpu", "npu");

  /** The Huawei NPU folder: columns 1-3 are the Ascend AI CPU, column 4 the AI Core. */
  private boolean npuLayout() {
    return device.equals("npu");
  }

  private void fromLayerwise(String model, Path path, Map<String, Map<String, double[]>> ops) {
    if (isEmpty(path)) {
      notes.add(model + ": layerwise file " + rel(path) + " is empty; per-op data from timelines only");
      return;
    }
    Layerwise lw = Layerwise.read(path);
    sources.add(rel(path));
    if (!lw.duplicates().isEmpty()) {
      notes.add(model + ": repeated op names in layerwise file, first row kept: " + lw.duplicates());
    }
    boolean little = lw.hasLittle() && !lw.littleRepeatsBig();
    if (lw.hasLittle() && !little) {
      notes.add(model + ": little-core columns of the layerwise file repeat the big-core ones; ignored");
    }
    double scale = HopeUnits.millisecondModel(model) ? 1000.0 : 1.0;
    if (scale != 1.0) {
      notes.add(model + ": latencies read as milliseconds (MindSpore Lite graphs; FORMAT.md 1) and scaled to us");
    }
    HopeUnits.checkUnits(path, lw, scale);
    for (Map.Entry<String, double[]> e : lw.ops().entrySet()) {
      double[] v = e.getValue().clone();
      for (int i = 0; i < v.length; i++) {
        v[i] *= scale;
      }
      Map<String, double[]> byUnit = new LinkedHashMap<>();
      byUnit.put("cpu-big", HopeUnits.notRunnable(v[0]) ? nans(3) : new double[] {v[0], v[1], v[2]});
      if (npuLayout()) {
        byUnit.put("npu", HopeUnits.notRunnable(v[3]) ? nans(1) : new double[] {v[3]});
      } else {
        byUnit.put("cpu-little", little ? new double[] {v[4], v[5], v[6]} : nans(3));
        byUnit.put("gpu", new double[] {v[3]});
      }
      ops.put(e.getKey(), byUnit);
    }
  }

  /**
   * Fills the table cells of this timeline's unit and thread count that are still empty, with the per-op mean
   * after discarding samples above 1.2x the plain mean (how HOPE derives its layerwise files).
   *
   * @return cells filled
   */
  /**
   * A one-model table measured by the given runs of a serial timeline: the file's unit at its thread count
   * (GPU files: the GPU, and the CPU big cluster for ops the GPU backend left on the CPU), as 1.2x-filtered means.
   */
  /** Per-op CPU latency of a timeline's runs, in us: filtered means, as the layerwise files are made. */
  public static Map<String, Double> cpuLatencies(List<List<MeasuredTimeline.Row>> runs) {
    return HopeUnits.cpuLatencies(runs);
  }

  public static SocProfile.ModelTable tableFromRuns(HopeCatalog.TimelineFile tf, List<List<MeasuredTimeline.Row>> runs) {
    Map<String, Map<String, List<Double>>> ops = new LinkedHashMap<>();
    Map<String, List<Double>> samples = new LinkedHashMap<>();
    Map<String, String> unitOf = new LinkedHashMap<>();
    TreeSet<String> unsupported = new TreeSet<>();
    String cpu = tf.processor().equals("cpu-little") ? "cpu-little" : "cpu-big";
    for (List<MeasuredTimeline.Row> run : runs) {
      for (MeasuredTimeline.Row r : run) {
        if (r.proc() == MeasuredTimeline.Proc.CPU || r.proc() == MeasuredTimeline.Proc.GPU) {
          samples.computeIfAbsent(r.op(), k -> new ArrayList<>()).add(r.durUs());
          unitOf.putIfAbsent(r.op(), r.proc() == MeasuredTimeline.Proc.GPU ? "gpu" : cpu);
          if (tf.processor().equals("gpu") && r.proc() == MeasuredTimeline.Proc.CPU) {
            unsupported.add(r.op());
          }
        }
      }
    }
    int col = Math.max(0, CPU_THREADS.indexOf(tf.threads() == 0 ? 1 : tf.threads()));
    for (Map.Entry<String, List<Double>> e : samples.entrySet()) {
      String unit = unitOf.get(e.getKey());
      double v = round(HopeUnits.filteredMean(e.getValue()));
      List<Double> cells;
      if (unit.equals("gpu")) {
        cells = List.of(v);
      } else {
        Double[] c = new Double[CPU_THREADS.size()];
        Arrays.fill(c, Double.NaN);
        c[col] = v;
        cells = Arrays.asList(c);
      }
      Map<String, List<Double>> byUnit = new LinkedHashMap<>();
      byUnit.put(unit, cells);
      ops.put(e.getKey(), byUnit);
    }
    Map<String, Double> dispatch = new TreeMap<>();
    dispatch.put(tf.processor(), round(org.socsim.result.Stats.median(gaps(new MeasuredTimeline(tf.path(), runs, 0)))));
    return new SocProfile.ModelTable("measured", ops, List.copyOf(unsupported), dispatch, Map.of(), null, null);
  }

  private static int fillFromTimeline(HopeCatalog.TimelineFile tf, MeasuredTimeline t,
      Map<String, Map<String, double[]>> ops) {
    int col;
    if (tf.processor().equals("gpu")) {
      col = 0;
    } else {
      col = CPU_THREADS.indexOf(tf.threads());
      if (col < 0) {
        return 0;
      }
    }
    Map<String, List<Double>> samples = new LinkedHashMap<>();
    for (List<MeasuredTimeline.Row> run : t.runs()) {
      for (MeasuredTimeline.Row r : run) {
        if (r.proc() == MeasuredTimeline.Proc.CPU || r.proc() == MeasuredTimeline.Proc.GPU) {
          samples.computeIfAbsent(r.op(), k -> new ArrayList<>()).add(r.durUs());
        }
      }
    }
    int filled = 0;
    for (Map.Entry<String, List<Double>> e : samples.entrySet()) {
      Map<String, double[]> byUnit = ops.computeIfAbsent(e.getKey(), k -> {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put("cpu-big", nans(3));
        m.put("cpu-little", nans(3));
        m.put("gpu", nans(1));
        return m;
      });
      double[] cells = byUnit.get(tf.processor());
      if (Double.isNaN(cells[col])) {
        cells[col] = round(HopeUnits.filteredMean(e.getValue()));
        filled++;
      }
    }
    return filled;
  }

  /** SoC names of the device folders whose chips the published spec sheet covers. */
  private static boolean isEmpty(Path p) {
    try {
      return java.nio.file.Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1).isBlank();
    } catch (java.io.IOException e) {
      throw new TraceFormatException(p, 0, "cannot read: " + e.getMessage());
    }
  }

  private static double[] nans(int n) {
    double[] a = new double[n];
    Arrays.fill(a, Double.NaN);
    return a;
  }

  /** Data-trans tables of every other device (MNN/ACL phones; the ms-unit model1-4 files excluded). */
  private List<TransferTable> otherDevicesTransfers() {
    List<TransferTable> out = new ArrayList<>();
    for (String model : catalog.models()) {
      if (HopeUnits.millisecondModel(model)) {
        continue;
      }
      for (String d : catalog.devices(model)) {
        if (!d.equals(device) && !d.equals("npu")) {
          catalog.transferTable(model, d).map(TransferTable::read).filter(t -> !t.rows().isEmpty()).ifPresent(out::add);
        }
      }
    }
    return out;
  }

  public List<String> notes() {
    return notes;
  }

  private static double defaultGap(Map<String, List<Double>> gaps, String unit) {
    List<Double> g = gaps.get(unit);
    return g == null || g.isEmpty() ? 0.0 : round(org.socsim.result.Stats.median(g));
  }

  /** Idle time between consecutive ops of each run (framework dispatch, sync), clamped at 0. */
  static List<Double> gaps(MeasuredTimeline t) {
    List<Double> out = new ArrayList<>();
    for (List<MeasuredTimeline.Row> run : t.runs()) {
      List<MeasuredTimeline.Row> sorted = new ArrayList<>(run);
      sorted.sort((a, b) -> Double.compare(a.startUs(), b.startUs()));
      for (int i = 1; i < sorted.size(); i++) {
        out.add(Math.max(0, sorted.get(i).startUs() - sorted.get(i - 1).endUs()));
      }
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  private String rel(Path p) {
    return catalog.root().relativize(p).toString();
  }
}
