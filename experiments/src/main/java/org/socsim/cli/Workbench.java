package org.socsim.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * The model catalogues {@code socsim list} prints. Loading SoCs and models lives in
 * {@link org.socsim.scenario.Workbench} (the scenario pipeline); this class only forwards to it.
 */
final class Workbench {
  private Workbench() {
  }

  static Map<String, Path> ncnnFiles() {
    return org.socsim.scenario.Workbench.ncnnFiles();
  }

  static Map<String, Path> onnxFiles() {
    return org.socsim.scenario.Workbench.onnxFiles();
  }

  static Map<String, String> knownModels() {
    return org.socsim.scenario.Workbench.knownModels();
  }
}
