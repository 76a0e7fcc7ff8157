package org.socsim.traces.hope;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.socsim.traces.Lines;
import org.socsim.traces.TraceFormatException;

/**
 * A HOPE device map ({@code mDeviceMap-*.txt.op}): one {@code op code} per line in execution order; code 0 =
 * CPU big, 2 = CPU little, 3 = GPU (falls back to CPU when the GPU lacks the op).
 */
public record DeviceMap(Path file, Map<String, Integer> codes, Map<String, Integer> lines) {
  public static DeviceMap read(Path file) {
    Map<String, Integer> codes = new LinkedHashMap<>();
    Map<String, Integer> lines = new LinkedHashMap<>();
    for (Lines.Line line : Lines.read(file)) {
      if (line.fields().length != 2) {
        throw new TraceFormatException(file, line.number(), "expected 'op code' (2 fields), found "
            + line.fields().length);
      }
      String c = line.fields()[1];
      if (!c.equals("0") && !c.equals("1") && !c.equals("2") && !c.equals("3")) {
        throw new TraceFormatException(file, line.number(), "expected device code 0, 1, 2 or 3, found '" + c + "'");
      }
      Integer before = lines.putIfAbsent(line.fields()[0], line.number());
      if (before != null) {
        throw new TraceFormatException(file, line.number(), "op '" + line.fields()[0] + "' is placed twice (first on"
            + " line " + before + "); expected one line per op");
      }
      codes.put(line.fields()[0], Integer.parseInt(c));
    }
    if (codes.isEmpty()) {
      throw new TraceFormatException(file, 0, "expected 'op code' lines, file is empty");
    }
    return new DeviceMap(file, Collections.unmodifiableMap(codes), Collections.unmodifiableMap(lines));
  }

  /** Unit id for a device code. */
  public static String unitOf(int code) {
    return switch (code) {
      case 2 -> "cpu-little";
      case 3 -> "gpu";
      default -> "cpu-big";
    };
  }
}
