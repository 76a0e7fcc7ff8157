package org.socsim.profile;

import java.nio.file.Path;
import java.util.Map;
import org.socsim.traces.TraceFormatException;

/** Platform defaults of a HOPE phone: the SoC each device folder is (public specs) and its DRAM bandwidth. */
final class HopePlatforms {
  private HopePlatforms() {
  }

  private static final Map<String, String> SOC_OF = Map.of("mi9", "Snapdragon 855", "snapdragon_855", "Snapdragon 855",
      "oneplus5t", "Snapdragon 835", "oneplus3", "Snapdragon 820", "huawei_mate_20", "Kirin 980");

  /** DRAM bandwidth from ../published/soc_specs.csv beside the HOPE folder, when it lists the device's SoC. */
  static SocProfile.PlatformSpec platform(String device, Path hopeRoot, java.util.List<String> notes) {
    String socName = SOC_OF.get(device);
    Path specs = hopeRoot.toAbsolutePath().getParent().resolve("published").resolve("soc_specs.csv");
    if (socName == null || !java.nio.file.Files.isRegularFile(specs)) {
      return null;
    }
    try {
      for (String line : java.nio.file.Files.readAllLines(specs)) {
        String[] f = line.split(",", -1);
        if (f.length > 6 && f[0].equals(socName) && f[1].equals("DRAM") && !f[6].isBlank()) {
          double gbps = Double.parseDouble(f[6].split(" ")[0]);
          notes.add("DRAM bandwidth default " + gbps + " GB/s for " + socName + " from published/soc_specs.csv");
          return new SocProfile.PlatformSpec(gbps, "published/soc_specs.csv: " + socName + " " + f[5]);
        }
      }
    } catch (java.io.IOException | NumberFormatException e) {
      throw new TraceFormatException(specs, 0, "expected the published SoC spec table: " + e.getMessage());
    }
    return null;
  }
}
