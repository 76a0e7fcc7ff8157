package org.socsim.traces.hope;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/traces/hope-mnn from a module's working directory; skips the test when absent. */
final class SharedTraces {
  private SharedTraces() {
  }

  static Path hope() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path c = d.resolveSibling("shared").resolve("traces").resolve("hope-mnn");
      if (Files.isDirectory(c)) {
        return c;
      }
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true but ../shared/traces/hope-mnn is missing beside the project");
    }
    assumeTrue(false, "../shared/traces/hope-mnn not found beside the project: real-trace test skipped");
    return null;
  }
}
