package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code --engine spark} finds Spark when the CLI jar runs alone (the relaunch), and what it says when not built. */
class EnginesTest {
  @TempDir
  Path dir;

  @Test
  void theEngineOnTheClassPathRunsInThisJvm() {
    assertEquals("spark", Engines.find("spark").orElseThrow().name());
    assertTrue(Engines.find("local").isEmpty());
  }

  @Test
  void anUnbuiltSparkModuleIsOneSentence() {
    String was = System.getProperty("socsim.spark.jar");
    System.setProperty("socsim.spark.jar", dir.resolve("socsim-spark.jar").toString());
    try {
      PrintWriter sink = new PrintWriter(new StringWriter());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Engines.relaunch("spark", List.of("sweep", "s.yaml", "--out", "o", "--engine", "spark"), sink, sink));
      assertEquals("--engine spark: " + dir.resolve("socsim-spark.jar") + " not found: build the Spark module with"
          + " 'mvn -B package -DskipTests'", e.getMessage());
    } finally {
      if (was == null) {
        System.clearProperty("socsim.spark.jar");
      } else {
        System.setProperty("socsim.spark.jar", was);
      }
    }
  }

  @Test
  void anEmbeddedMasterGetsTheLoopbackAddress() {
    assertTrue(Engines.localMaster(List.of("sweep", "s.yaml", "--engine", "spark")));
    assertTrue(Engines.localMaster(List.of("sweep", "--master", "local[2]")));
    assertTrue(Engines.localMaster(List.of("sweep", "--master=local[*]")));
    assertFalse(Engines.localMaster(List.of("sweep", "--master", "spark://head:7077")));
    assertFalse(Engines.localMaster(List.of("reproduce", "--master=yarn")));
  }
}
