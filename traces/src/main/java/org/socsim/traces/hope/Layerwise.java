package org.socsim.traces.hope;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.socsim.traces.Lines;
import org.socsim.traces.TraceFormatException;

/**
 * A HOPE per-op latency file: op name then 4 columns (CPU big 1/2/4 threads, GPU) or 7 (plus CPU little
 * 1/2/4 threads), microseconds.
 *
 * @param ops        op name to its columns, in file order; a repeated name keeps its first row
 * @param columns    4 or 7
 * @param duplicates op names that appeared more than once
 */
public record Layerwise(Path file, Map<String, double[]> ops, int columns, List<String> duplicates) {
  public static final int BIG1 = 0;
  public static final int GPU = 3;
  public static final int LITTLE1 = 4;
  /** Largest plausible value: ten seconds for one op in microseconds (or 2.8 hours in the millisecond files). */
  public static final double MAX_VALUE = 1e7;

  public static Layerwise read(Path file) {
    Map<String, double[]> ops = new LinkedHashMap<>();
    List<String> dups = new ArrayList<>();
    int columns = -1;
    for (Lines.Line line : Lines.read(file)) {
      int nf = line.fields().length;
      if (nf != 5 && nf != 8) {
        throw new TraceFormatException(file, line.number(),
            "expected 'op cpu1 cpu2 cpu4 gpu [little1 little2 little4]' (5 or 8 fields), found " + nf);
      }
      if (columns < 0) {
        columns = nf - 1;
      } else if (columns != nf - 1) {
        throw new TraceFormatException(file, line.number(), "expected " + (columns + 1)
            + " fields like the first row, found " + nf);
      }
      double[] v = new double[columns];
      for (int i = 0; i < columns; i++) {
        v[i] = Lines.number(file, line, i + 1, "latency (us)");
        if (v[i] < 0) {
          throw new TraceFormatException(file, line.number(), "expected a latency >= 0 in field " + (i + 2));
        }
        if (v[i] > MAX_VALUE) {
          throw new TraceFormatException(file, line.number(), "a per-op latency of " + line.fields()[i + 1]
              + " in field " + (i + 2) + " exceeds ten seconds; expected microseconds per op");
        }
      }
      if (ops.putIfAbsent(line.fields()[0], v) != null) {
        dups.add(line.fields()[0]);
      }
    }
    if (columns < 0) {
      throw new TraceFormatException(file, 0, "expected per-op latency rows, file is empty");
    }
    if (ops.values().stream().allMatch(v -> java.util.Arrays.stream(v).allMatch(x -> x == 0))) {
      throw new TraceFormatException(file, 0, "every latency is 0; expected per-op latencies in microseconds");
    }
    return new Layerwise(file, Collections.unmodifiableMap(ops), columns, List.copyOf(dups));
  }

  public boolean hasLittle() {
    return columns == 7;
  }

  /** True when the little-core columns only repeat the big-core ones (a known defect of some files). */
  public boolean littleRepeatsBig() {
    if (!hasLittle()) {
      return false;
    }
    for (double[] v : ops.values()) {
      if (v[4] != v[0] || v[5] != v[1] || v[6] != v[2]) {
        return false;
      }
    }
    return true;
  }
}
