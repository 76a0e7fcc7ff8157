package org.socsim.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the shared trace folder ({@code shared/} beside the project): {@code -Dsocsim.shared}, then
 * {@code $SOCSIM_SHARED}, then {@code ../shared} from the working directory or any parent.
 */
public final class SharedFolder {
  private SharedFolder() {
  }

  public static Optional<Path> root() {
    String prop = System.getProperty("socsim.shared");
    if (prop == null || prop.isBlank()) {
      prop = System.getenv("SOCSIM_SHARED");
    }
    if (prop != null && !prop.isBlank()) {
      Path p = Path.of(prop);
      return Files.isDirectory(p.resolve("traces")) ? Optional.of(p.toAbsolutePath().normalize()) : Optional.empty();
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path c = d.resolveSibling("shared");
      if (Files.isDirectory(c.resolve("traces"))) {
        return Optional.of(c.normalize());
      }
      if (Files.isDirectory(d.resolve("shared").resolve("traces"))) {
        return Optional.of(d.resolve("shared").normalize());
      }
    }
    return Optional.empty();
  }

  /** The HOPE/MNN trace tree, or an error saying how to point at it. */
  public static Path hope() {
    return root().map(r -> r.resolve("traces").resolve("hope-mnn")).filter(Files::isDirectory)
        .orElseThrow(() -> new IllegalArgumentException("cannot find the shared traces (looked for ../shared/traces/"
            + "hope-mnn); set SOCSIM_SHARED=/path/to/shared or pass a .dot file to --model"));
  }
}
