package org.socsim.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the shared trace folder ({@code shared/} beside the project): {@code -Dsocsim.shared}, then
 * {@code $SOCSIM_SHARED}, then {@code ../shared} from the working directory or any parent.
 */
public final class SharedData {
  private SharedData() {
  }

  public static Optional<Path> root() {
    return org.socsim.scenario.SharedFolder.root();
  }

  /** The HOPE/MNN trace tree, or an error saying how to point at it. */
  public static Path hope() {
    return root().map(r -> r.resolve("traces").resolve("hope-mnn")).filter(Files::isDirectory)
        .orElseThrow(() -> new IllegalArgumentException("cannot find the shared traces (looked for ../shared/traces/"
            + "hope-mnn); set SOCSIM_SHARED=/path/to/shared or pass a .dot file to --model"));
  }
}
