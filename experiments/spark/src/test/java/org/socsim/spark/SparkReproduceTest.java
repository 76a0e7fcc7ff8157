package org.socsim.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socsim.scenario.SharedFolder;
import org.socsim.study.StudyPoints;
import org.socsim.sweep.PointRunner;
import org.socsim.sweep.SweepSpec;

/** {@code reproduce --engine spark}: the study's points on Spark, rows as the local engine computes them. */
class SparkReproduceTest {
  @TempDir
  Path dir;

  @Test
  void theStudyRunsOnSpark() throws Exception {
    if (SharedFolder.root().isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError("CI=true but ../shared is missing beside the project: the study needs its traces");
      }
      assumeTrue(false, "the study needs ../shared (HOPE traces); set SOCSIM_SHARED");
    }
    SparkSweepTest.Run r = SparkSweepTest.cli("reproduce", "--out", dir.toString(), "--engine", "spark", "--master",
        "local[2]");
    assertEquals(0, r.code(), r.err());
    List<SweepSpec.Point> points = StudyPoints.points(SharedFolder.hope());
    List<SweepSpec.Point> uiCost = StudyPoints.uiCostPoints(StudyPoints.Selection.DEFAULT);
    assertTrue(r.out().startsWith("socsim reproduce: " + (points.size() + uiCost.size()) + " simulated points"),
        r.out());
    assertTrue(r.out().contains("engine spark"), r.out());
    assertEquals(uiCost.size(), SparkSweepEngine.lastComputed(), "the last sweep (UI cost) ran on Spark");
    assertTrue(Files.isRegularFile(dir.resolve("report.html")));
    // every 10th point of both sweeps again on this machine's PointRunner: the same JSON line
    PointRunner local = new PointRunner();
    ObjectMapper json = new ObjectMapper();
    for (var sweep : java.util.Map.of("sweep", points, "sweep-ui-cost", uiCost).entrySet()) {
      List<String> rows = Files.readAllLines(dir.resolve(sweep.getKey()).resolve("results.jsonl"),
          StandardCharsets.UTF_8);
      assertEquals(sweep.getValue().size(), rows.size(), sweep.getKey());
      for (int i = 0; i < rows.size(); i += 10) {
        assertEquals(json.writeValueAsString(local.run(sweep.getValue().get(i))), rows.get(i),
            sweep.getKey() + " point " + i);
      }
    }
  }
}
