package org.socsim.traces.hope;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.socsim.traces.TraceFormatException;

/**
 * Finds the files of a HOPE/MNN trace tree ({@code models/<model>/<device>/...}, {@code models/<model>/<model>.dot},
 * {@code experimental_result_mnn/<device>/...}) and classifies them. Byte-identical copies are reported once.
 */
public final class HopeCatalog {
  /** Kinds of measured timeline. */
  public enum Kind { SERIAL, PARALLEL }

  /**
   * A measured timeline file.
   *
   * @param processor {@code cpu-big}, {@code cpu-little} or {@code gpu} for serial files; {@code cpu+gpu} for
   *                  parallel ones
   * @param threads   CPU threads, or 0 when the name does not say
   */
  public record TimelineFile(Path path, String model, String device, Kind kind, String processor, int threads) {
  }

  /** A file skipped with the reason. */
  public record Note(Path path, String reason) {
  }

  private static final Pattern SERIAL =
      Pattern.compile("^(.+?)-(cpu-big|cpu-little|gpu-big|gpu|cpu)(?:-(\\d+))?(-onwait)?\\.csv$");
  private static final Pattern CPU_N = Pattern.compile("cpu-(\\d+)");

  private final Path root;
  private final List<TimelineFile> timelines = new ArrayList<>();
  private final List<Note> notes = new ArrayList<>();
  /** Serial CPU files by set (model, device, cluster, folder) and thread count; judged on first query. */
  private final Map<String, Map<Integer, TimelineFile>> cpuSets = new HashMap<>();
  private final Map<String, Optional<String>> scalingVerdicts = new HashMap<>();

  /**
   * Bounds on the end-to-end speed-up from doubling the threads of one CPU cluster (1 to 2, 2 to 4): at most 2x
   * plus cache effects (the largest of a consistent set in the HOPE data is 2.33x, oneplus3 pnasnet-large), and
   * never a slowdown by a third (ACL on mi9 at 4 threads: 0.96x). A set of serial CPU files of one model, device and
   * cluster outside these bounds did not run on one cluster (names like {@code cpu-2} do not encode it).
   */
  public static final double MAX_DOUBLING_SPEEDUP = 2.5;
  public static final double MIN_DOUBLING_SPEEDUP = 1 / 1.5;

  private HopeCatalog(Path root) {
    this.root = root;
  }

  /** Scans {@code root} (the folder holding {@code models/}). */
  public static HopeCatalog scan(Path root) {
    if (!Files.isDirectory(root.resolve("models"))) {
      throw new TraceFormatException(root, 0, "expected a HOPE trace folder with a models/ subfolder");
    }
    HopeCatalog c = new HopeCatalog(root);
    c.scanTimelines();
    c.groupCpuSets();
    return c;
  }

  public Path root() {
    return root;
  }

  public List<TimelineFile> timelines() {
    return timelines;
  }

  public List<Note> notes() {
    return notes;
  }

  /**
   * Why a serial CPU file's thread scaling shows it did not run on the cluster it is filed under, or empty: the files
   * of its model, device and cluster speed up by more than {@link #MAX_DOUBLING_SPEEDUP} or less than
   * {@link #MIN_DOUBLING_SPEEDUP} when the threads double. Such files (and the layerwise columns averaged from them)
   * are kept in profiles (the only data of that model there), but validation neither scores them nor learns from them.
   */
  public Optional<String> inconsistentScaling(String model, String device, String cluster) {
    return scaling(setKey(model, device, cluster, root.resolve("models").resolve(model).resolve(device)));
  }

  /** {@link #inconsistentScaling(String, String, String)} for one file (any folder). */
  public Optional<String> inconsistentScaling(TimelineFile t) {
    return t.kind() == Kind.SERIAL ? scaling(setKey(t.model(), t.device(), t.processor(), t.path().getParent()))
        : Optional.empty();
  }

  private static String setKey(String model, String device, String cluster, Path folder) {
    return model + "|" + device + "|" + cluster + "|" + folder;
  }

  /** Groups the serial CPU files into sets (no reading: a set is read when first asked about). */
  private void groupCpuSets() {
    for (TimelineFile t : timelines) {
      if (t.kind() == Kind.SERIAL && t.processor().startsWith("cpu") && t.threads() > 0) {
        cpuSets.computeIfAbsent(setKey(t.model(), t.device(), t.processor(), t.path().getParent()),
            k -> new java.util.TreeMap<>()).putIfAbsent(t.threads(), t);
      }
    }
  }

  /** The verdict on one set: why its speed-up from doubling threads is outside the bounds, or empty. */
  private synchronized Optional<String> scaling(String key) {
    Map<Integer, TimelineFile> set = cpuSets.get(key);
    if (set == null) {
      return Optional.empty();
    }
    return scalingVerdicts.computeIfAbsent(key, k -> {
      Map<Integer, Double> e2e = new HashMap<>();
      java.util.function.IntToDoubleFunction latency = n -> e2e.computeIfAbsent(n,
          x -> MeasuredTimeline.read(set.get(x).path()).medianEndToEndUs());
      StringBuilder why = new StringBuilder();
      for (int n : new int[] {1, 2}) {
        if (set.containsKey(n) && set.containsKey(2 * n)) {
          double s = latency.applyAsDouble(n) / latency.applyAsDouble(2 * n);
          if (s > MAX_DOUBLING_SPEEDUP || s < MIN_DOUBLING_SPEEDUP) {
            why.append(why.length() == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT,
                "%d to %d threads x%.2f", n, 2 * n, s));
          }
        }
      }
      return why.length() == 0 ? Optional.empty() : Optional.of("thread scaling impossible on one cluster (" + why
          + "; allowed x" + String.format(java.util.Locale.ROOT, "%.2f..x%.1f", MIN_DOUBLING_SPEEDUP,
          MAX_DOUBLING_SPEEDUP) + "): these runs were not all on the cluster they are filed under");
    });
  }

  /** Model names: folders under {@code models/}. */
  public List<String> models() {
    return list(root.resolve("models")).stream().filter(Files::isDirectory)
        .map(p -> p.getFileName().toString()).sorted().toList();
  }

  /** Device folders of a model. */
  public List<String> devices(String model) {
    return list(root.resolve("models").resolve(model)).stream().filter(Files::isDirectory)
        .map(p -> p.getFileName().toString()).sorted().toList();
  }

  public Optional<Path> dot(String model) {
    Path p = root.resolve("models").resolve(model).resolve(model + ".dot");
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  public Optional<Path> layerwise(String model, String device) {
    return existing(root.resolve("models").resolve(model).resolve(device)
        .resolve(device + "-" + model + "-layerwise-latency.csv"));
  }

  public Optional<Path> transferTable(String model, String device) {
    return existing(root.resolve("models").resolve(model).resolve(device)
        .resolve(model + "-" + device + "-data-trans.csv"));
  }

  /** Device maps of a model on a device ({@code mDeviceMap-*.txt.op}). */
  public List<Path> deviceMaps(String model, String device) {
    return list(root.resolve("models").resolve(model).resolve(device)).stream()
        .filter(p -> p.getFileName().toString().startsWith("mDeviceMap-")
            && p.getFileName().toString().endsWith(".txt.op"))
        .sorted().toList();
  }

  private static Optional<Path> existing(Path p) {
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  private void scanTimelines() {
    Map<String, Path> byHash = new HashMap<>();
    List<Path> files = new ArrayList<>();
    for (String model : models()) {
      Path mdir = root.resolve("models").resolve(model);
      for (Path p : list(mdir)) {
        if (Files.isRegularFile(p)) {
          files.add(p);
        } else {
          files.addAll(list(p).stream().filter(Files::isRegularFile).toList());
        }
      }
    }
    Path exp = root.resolve("experimental_result_mnn");
    if (Files.isDirectory(exp)) {
      for (Path d : list(exp)) {
        if (Files.isDirectory(d)) {
          files.addAll(list(d).stream().filter(Files::isRegularFile).toList());
        }
      }
    }
    Map<String, TimelineFile> keptByHash = new HashMap<>();
    for (Path p : new TreeSet<>(files)) {
      classify(p).ifPresent(t -> {
        String h = sha256(p);
        Path first = byHash.putIfAbsent(h, p);
        if (first == null) {
          keptByHash.put(h, t);
          timelines.add(t);
          return;
        }
        TimelineFile kept = keptByHash.get(h);
        if (kept != null && kept.threads() == 8 && t.threads() != 8) {
          // an "8-thread" file with the bytes of a 1/2/4-thread run is the copy, whichever name sorts first
          timelines.set(timelines.indexOf(kept), t);
          keptByHash.put(h, t);
          byHash.put(h, p);
          notes.add(new Note(kept.path(), "byte-identical to " + root.relativize(p) + " (" + t.threads()
              + " threads): not an 8-thread measurement"));
        } else {
          notes.add(new Note(p, "byte-identical to " + root.relativize(first) + "; replayed once"));
        }
      });
    }
  }

  private Optional<TimelineFile> classify(Path p) {
    String name = p.getFileName().toString();
    if (!name.endsWith(".csv")) {
      return Optional.empty();
    }
    if (name.contains("compare") || name.contains("gather") || name.contains("data-trans")
        || name.contains("latency") || name.equals("profiling.csv")) {
      return Optional.empty();
    }
    Path rel = root.relativize(p);
    boolean experimental = rel.getName(0).toString().equals("experimental_result_mnn");
    String device;
    String model;
    if (experimental) {
      device = rel.getName(1).toString();
      model = name.contains("pnasnet") ? "pnasnet-mobile" : "inception-v3";
    } else {
      model = rel.getName(1).toString();
      device = rel.getNameCount() >= 4 ? rel.getName(2).toString() : prefixDevice(name);
    }
    if (name.contains("cell") || name.contains("test")) {
      notes.add(new Note(p, "excerpt of one cell, not a whole inference; skipped"));
      return Optional.empty();
    }
    if (name.contains("parallel") || name.contains("placement-result")) {
      Matcher m = CPU_N.matcher(name);
      int threads = m.find() ? Integer.parseInt(m.group(1)) : 0;
      return Optional.of(new TimelineFile(p, model, device, Kind.PARALLEL, "cpu+gpu", threads));
    }
    Matcher m = SERIAL.matcher(name);
    if (!m.matches()) {
      notes.add(new Note(p, "not a recognised timeline name; skipped"));
      return Optional.empty();
    }
    String proc = switch (m.group(2)) {
      case "cpu-little" -> "cpu-little";
      case "gpu", "gpu-big" -> "gpu";
      default -> "cpu-big";
    };
    int threads = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    if (m.group(4) != null) {
      notes.add(new Note(p, "'onwait' variant from an older runtime; skipped"));
      return Optional.empty();
    }
    Path onwait = p.resolveSibling(name.replaceFirst("\\.csv$", "-onwait.csv"));
    if (m.group(2).equals("gpu") && m.group(3) == null && Files.isRegularFile(onwait)) {
      // FORMAT.md 2.1: the pair gpu.csv / gpu-onwait.csv comes from a runtime that did not wait for the GPU after
      // each op unless told to; the per-op tables (and every other GPU file) wait after each op
      notes.add(new Note(p, "no-wait variant of an older runtime (its pair " + onwait.getFileName() + " waits after"
          + " each op): OpenCL durations are enqueue times, not the per-op synchronised runs the tables describe;"
          + " skipped"));
      return Optional.empty();
    }
    return Optional.of(new TimelineFile(p, model, device, Kind.SERIAL, proc, threads));
  }

  private static String prefixDevice(String name) {
    int dash = name.indexOf('-');
    return dash > 0 ? name.substring(0, dash) : name;
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new TraceFormatException(dir, 0, "cannot list folder: " + e.getMessage());
    }
  }

  private static String sha256(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new TraceFormatException(p, 0, "cannot read: " + e.getMessage());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
