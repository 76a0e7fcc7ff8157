package org.socsim.profile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socsim.traces.TraceFormatException;

/**
 * Platform defaults of a HOPE phone: the SoC each device folder is (data: {@value #DEVICES}, public specs) and its
 * DRAM bandwidth from the published SoC spec table beside the HOPE folder.
 */
final class HopePlatforms {
  /** The device folder to SoC table, a resource beside this class. */
  static final String DEVICES = "hope-devices.csv";
  private static final String HEADER = "device,soc";

  private HopePlatforms() {
  }

  /** The bundled device table, read on first use (a bad line fails there, with its file:line). */
  private static volatile Map<String, String> bundled;

  /** The SoC name of a HOPE device folder, or null when the bundled table does not list it. */
  static String socOf(String device) {
    Map<String, String> m = bundled;
    if (m == null) {
      m = loadBundled();
      bundled = m;
    }
    return m.get(device);
  }

  private static Map<String, String> loadBundled() {
    Path name = Path.of("bundled:org/socsim/profile/" + DEVICES);
    try (InputStream in = HopePlatforms.class.getResourceAsStream(DEVICES)) {
      if (in == null) {
        throw new TraceFormatException(name, 0, "expected the HOPE device table in the jar; it is missing");
      }
      return parse(name, Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)));
    } catch (IOException e) {
      throw new TraceFormatException(name, 0, "cannot read the HOPE device table: " + e.getMessage());
    }
  }

  /**
   * Reads a device table: {@code #} comment and blank lines, the header {@value #HEADER}, then one
   * {@code device,SoC name} per line (device a folder name, listed once).
   */
  static Map<String, String> parse(Path file, List<String> lines) {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, Integer> firstAt = new LinkedHashMap<>();
    boolean header = false;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      int at = i + 1;
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      if (!header) {
        if (!l.equals(HEADER)) {
          throw new TraceFormatException(file, at, "expected the header '" + HEADER + "', found '" + l + "'");
        }
        header = true;
        continue;
      }
      String[] f = l.split(",", -1);
      if (f.length != 2 || f[0].isBlank() || f[1].isBlank()) {
        throw new TraceFormatException(file, at, "expected 'device folder,SoC name' (two non-empty fields), found '"
            + l + "'");
      }
      String device = f[0].strip();
      if (!device.matches("[A-Za-z0-9_.-]+")) {
        throw new TraceFormatException(file, at, "expected a device folder name (letters, digits, _ . -), found '"
            + device + "'");
      }
      Integer first = firstAt.putIfAbsent(device, at);
      if (first != null) {
        throw new TraceFormatException(file, at, "expected each device once, found '" + device + "' again (first at"
            + " line " + first + ")");
      }
      out.put(device, f[1].strip());
    }
    if (!header) {
      throw new TraceFormatException(file, 0, "expected the header '" + HEADER + "'; the table is empty");
    }
    return out;
  }

  /** DRAM bandwidth from ../published/soc_specs.csv beside the HOPE folder, when it lists the device's SoC. */
  static SocProfile.PlatformSpec platform(String device, Path hopeRoot, List<String> notes) {
    String socName = socOf(device);
    Path specs = hopeRoot.toAbsolutePath().getParent().resolve("published").resolve("soc_specs.csv");
    if (socName == null || !Files.isRegularFile(specs)) {
      return null;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(specs);
    } catch (IOException e) {
      throw new TraceFormatException(specs, 0, "expected the published SoC spec table: " + e.getMessage());
    }
    for (int i = 0; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",", -1);
      if (f.length > 6 && f[0].equals(socName) && f[1].equals("DRAM") && !f[6].isBlank()) {
        double gbps;
        try {
          gbps = Double.parseDouble(f[6].split(" ")[0]);
        } catch (NumberFormatException e) {
          throw new TraceFormatException(specs, i + 1, "expected the published SoC spec table: " + e.getMessage());
        }
        notes.add("DRAM bandwidth default " + gbps + " GB/s for " + socName + " from published/soc_specs.csv");
        return new SocProfile.PlatformSpec(gbps, "published/soc_specs.csv: " + socName + " " + f[5]);
      }
    }
    return null;
  }
}
