package org.socsim.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.socsim.profile.ProfileIo;
import org.socsim.scenario.SharedFolder;
import org.socsim.scenario.Workbench;
import org.socsim.sweep.SweepSpec;

/**
 * What a JVM sees of the files a sweep's points read: for each SoC and model name, where it would come from
 * (bundled profile, profile file, HOPE DAG, ONNX or ncnn graph under the shared folder) and the file's size. The
 * driver's view travels with the job; each executor compares its own once per name, so an executor that lacks
 * the shared folder (and would chain a model's ops instead of reading its DAG) fails the sweep with a sentence
 * instead of writing other numbers.
 */
final class DataView {
  /** Marks the failure in Spark's wrapped exceptions, so the driver can report it as bad input. */
  static final String MARK = "socsim-data: ";

  private static final Map<String, String> SEEN = new ConcurrentHashMap<>();

  private DataView() {
  }

  /** The driver's view of the names these points use. */
  static TreeMap<String, String> of(Iterable<SweepSpec.Point> points) {
    TreeMap<String, String> out = new TreeMap<>();
    for (SweepSpec.Point p : points) {
      out.computeIfAbsent("soc " + p.soc(), DataView::describe);
      for (String m : p.model().split(",")) {
        out.computeIfAbsent("model " + m.strip(), DataView::describe);
      }
    }
    return out;
  }

  /** On an executor: throws when this JVM sees any name otherwise than the driver did. */
  static void check(Map<String, String> driver) {
    for (Map.Entry<String, String> e : driver.entrySet()) {
      String here = SEEN.computeIfAbsent(e.getKey(), DataView::describe);
      if (!here.equals(e.getValue())) {
        String host;
        try {
          host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException x) {
          host = "?";
        }
        throw new IllegalStateException(MARK + "executor " + host + " sees " + e.getKey() + " as '" + here
            + "', the driver as '" + e.getValue() + "': ship the profiles and the shared folder with the job"
            + " (spark-submit --archives shared.tgz#shared; see docs/performance.md)");
      }
    }
  }

  static String describe(String key) {
    String name = key.substring(key.indexOf(' ') + 1);
    if (key.startsWith("soc ")) {
      return name.endsWith(".json") || name.contains("/") ? "profile file " + size(Path.of(name))
          : ProfileIo.bundled().contains(name) ? "bundled profile" : "unknown profile";
    }
    if (name.endsWith(".dot") || name.endsWith(".onnx") || name.endsWith(".param") || name.contains("/")) {
      return "model file " + size(Path.of(name));
    }
    var shared = SharedFolder.root();
    if (shared.isEmpty()) {
      return "no shared folder";
    }
    Path dot = shared.get().resolve("traces/hope-mnn/models").resolve(name).resolve(name + ".dot");
    String bare = name.startsWith("ncnn:") ? name.substring(5) : name;
    Path onnx = Workbench.onnxFiles().get(bare);
    Path ncnn = Workbench.ncnnFiles().get(bare);
    return "dag " + size(dot) + ", onnx " + (onnx == null ? "-" : size(onnx)) + ", ncnn "
        + (ncnn == null ? "-" : size(ncnn));
  }

  private static String size(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.size(p) + " bytes" : "-";
    } catch (IOException e) {
      return "unreadable";
    }
  }
}
