package org.socsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Issue 13's rule, kept: no main source file over 400 lines (a file that grows past it is split by job). */
class SourceSizeTest {
  @Test
  void noMainSourceFileIsOver400Lines() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    assertTrue(Files.isDirectory(root.resolve("sim-core/src/main/java")), "run from a module of the checkout");
    List<String> over;
    try (Stream<Path> files = Files.walk(root)) {
      over = files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
              && !p.toString().contains("/target/"))
          .filter(p -> lines(p) > 400).map(p -> root.relativize(p) + " (" + lines(p) + " lines)").sorted().toList();
    }
    assertEquals(List.of(), over);
  }

  private static long lines(Path p) {
    try (Stream<String> s = Files.lines(p)) {
      return s.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
