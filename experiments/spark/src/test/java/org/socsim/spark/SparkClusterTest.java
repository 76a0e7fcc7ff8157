package org.socsim.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep on a Spark cluster of its own ({@code local-cluster[1,2,1024]}: a master and a worker in this JVM, an
 * executor in another JVM that gets points and sends rows over the loopback network, as on a real cluster):
 * the local engine's bytes, and an executor that sees other files than the driver stops the sweep with a sentence.
 * Surefire sets SPARK_HOME to target/spark-home (a RELEASE file and an empty jars/ here: the executor's class path
 * is this test's) and SPARK_SCALA_VERSION.
 */
class SparkClusterTest {
  static final String MASTER = "local-cluster[1,2,1024]";
  private final Map<String, String> saved = new java.util.HashMap<>();

  @TempDir
  Path dir;

  @BeforeEach
  void sparkHome() throws Exception {
    Path home = Path.of(System.getenv().getOrDefault("SPARK_HOME", "target/spark-home"));
    Files.createDirectories(home.resolve("jars"));
    Files.writeString(home.resolve("RELEASE"), "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()
        + " (socsim test layout: jars come from spark.executor.extraClassPath)\n");
    set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
  }

  private void set(String key, String value) {
    saved.putIfAbsent(key, System.getProperty(key));
    System.setProperty(key, value);
  }

  @AfterEach
  void restore() {
    saved.forEach((k, v) -> {
      if (v == null) {
        System.clearProperty(k);
      } else {
        System.setProperty(k, v);
      }
    });
  }

  @Test
  void anExecutorInAnotherJvmWritesTheLocalEnginesBytes() throws Exception {
    Path spec = dir.resolve("spec.yaml");
    Files.writeString(spec, SparkSweepTest.SPEC);
    Path local = dir.resolve("local");
    assertEquals(0, SparkSweepTest.cli("sweep", spec.toString(), "--out", local.toString()).code());
    Path out = dir.resolve("cluster");
    var r = SparkSweepTest.cli("sweep", spec.toString(), "--out", out.toString(), "--engine", "spark", "--master",
        MASTER);
    assertEquals(0, r.code(), r.err());
    assertEquals(SparkSweepTest.POINTS, SparkSweepEngine.lastComputed());
    for (String f : java.util.List.of("results.csv", "results.jsonl", ".sweep.points")) {
      assertEquals(-1L, Files.mismatch(local.resolve(f), out.resolve(f)), f + " differs from --engine local");
    }
  }

  @Test
  void anExecutorThatLacksTheDriversModelFilesStopsTheSweep() throws Exception {
    // the driver sees a shared folder with a DAG for resnet50; the executor JVM does not see that folder
    Path shared = dir.resolve("shared");
    Path dot = shared.resolve("traces/hope-mnn/models/resnet50/resnet50.dot");
    Files.createDirectories(dot.getParent());
    Files.writeString(dot, "digraph resnet50 {}\n");
    set("socsim.shared", shared.toString());
    Path spec = dir.resolve("spec.yaml");
    Files.writeString(spec, "soc: [h100-server]\nmodel: [resnet50]\nstrategy: [heft]\n");
    var r = SparkSweepTest.cli("sweep", spec.toString(), "--out", dir.resolve("out").toString(), "--engine",
        "spark", "--master", MASTER);
    assertEquals(2, r.code(), r.err());
    String last = r.err().strip().substring(r.err().strip().lastIndexOf('\n') + 1);
    assertTrue(last.startsWith("socsim: --engine spark: executor ") && last.contains("sees model resnet50 as '")
        && last.contains("the driver as 'dag " + Files.size(dot) + " bytes, onnx -, ncnn -'") && last.contains("--archives"), r.err());
  }
}
