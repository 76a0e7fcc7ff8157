package org.socsim.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests on the real traces in ../shared: skipped with the reason when the folder is missing on a developer's
 * machine, but a failure when {@code CI=true} (CI always has it, so a skip there would hide a broken setup).
 */
final class SharedGate {
  private SharedGate() {
  }

  static void need(String what) {
    if (SharedData.root().isPresent()) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true but ../shared is missing beside the project: " + what);
    }
    assumeTrue(false, what);
  }
}
