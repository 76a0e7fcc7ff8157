package org.socsim.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import org.socsim.sweep.SweepSpec;

/** The Spark engine's parts that need no Spark context. */
class PartsTest {
  @Test
  void pointsTravelWhole() {
    var full = new SweepSpec.Point(7, "h100-server", "resnet50", "codl", "op", "cpu:2", "powersave", 12.5, 4, 3L, 5,
        2.0, true, null, false, "80,40", "gpu-share=0.5");
    var plain = new SweepSpec.Point(0, "redmi", "inception-v3", "heft", "model", "", "performance", 0, 4, 1, 1, 0);
    for (var p : List.of(full, plain)) {
      assertEquals(p, Wire.point(Wire.of(p)));
      assertEquals(p.toString(), Wire.point(Wire.of(p)).toString());
    }
  }

  @Test
  void tasksHoldAFewPointsPerSlotAndAtMost64() {
    assertEquals(1, SparkSweepEngine.taskPoints(3, 2));
    assertEquals(63, SparkSweepEngine.taskPoints(500, 2));
    assertEquals(64, SparkSweepEngine.taskPoints(1_000_000, 2));
    assertEquals(3, SparkSweepEngine.taskPoints(1_000, 100));
  }

  @Test
  void anEmbeddedSparkStaysOnLoopbackWithoutAWebUi() {
    SparkConf local = SparkSweepEngine.conf(null);
    assertEquals(SparkSweepEngine.DEFAULT_MASTER, local.get("spark.master"));
    assertEquals("127.0.0.1", local.get("spark.driver.bindAddress"));
    assertEquals("false", local.get("spark.ui.enabled"));
    SparkConf cluster = SparkSweepEngine.conf("spark://head:7077");
    assertEquals("spark://head:7077", cluster.get("spark.master"));
    assertEquals(false, cluster.contains("spark.driver.bindAddress"));
  }

  @Test
  void anExecutorThatSeesOtherFilesStopsTheSweepWithASentence() {
    TreeMap<String, String> driver = DataView.of(List.of(
        new SweepSpec.Point(0, "h100-server", "resnet50", "heft", "op", "", "performance", 0, 4, 1, 1, 0)));
    assertEquals(List.of("model resnet50", "soc h100-server"), List.copyOf(driver.keySet()));
    assertEquals("bundled profile", driver.get("soc h100-server"));
    DataView.check(driver); // this JVM sees what it described
    TreeMap<String, String> other = new TreeMap<>(driver);
    other.put("model resnet50", "dag 1234 bytes, onnx -, ncnn -");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> DataView.check(other));
    assertTrue(e.getMessage().startsWith(DataView.MARK + "executor "), e.getMessage());
    // as the driver gets it back: wrapped by Spark, reported as bad input (exit 2) in one line
    var wrapped = new SparkException("Job aborted due to stage failure: Task 3 failed: " + e + "\nDriver stacktrace:");
    var report = SparkSweepEngine.failure(wrapped);
    assertTrue(report instanceof IllegalArgumentException, report.toString());
    assertTrue(report.getMessage().startsWith("--engine spark: executor "), report.getMessage());
    assertTrue(report.getMessage().contains("ship the profiles and the shared folder"), report.getMessage());
    assertEquals(-1, report.getMessage().indexOf('\n'));
    assertTrue(SparkSweepEngine.failure(new SparkException("lost")) instanceof IllegalStateException);
  }

  /** Where a point's files come from, per name; a model named by path is described by its file. */
  @Test
  void viewsNameWhereFilesComeFrom() {
    Map<String, String> v = DataView.of(List.of(new SweepSpec.Point(0, "/nowhere/p.json", "/nowhere/m.dot,resnet50",
        "heft", "op", "", "performance", 0, 4, 1, 1, 0)));
    assertEquals("profile file -", v.get("soc /nowhere/p.json"));
    assertEquals("model file -", v.get("model /nowhere/m.dot"));
    assertTrue(v.containsKey("model resnet50"));
  }
}
