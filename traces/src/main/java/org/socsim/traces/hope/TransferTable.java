package org.socsim.traces.hope;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.socsim.traces.Lines;
import org.socsim.traces.TraceFormatException;

/** A HOPE {@code *-data-trans.csv}: tensor shape, CPU to GPU microseconds, GPU to CPU microseconds. */
public record TransferTable(Path file, List<Row> rows) {
  /** @param elements product of the shape's dims, or -1 when the key is not a shape (an op name) */
  public record Row(String key, long elements, double cpuToGpuUs, double gpuToCpuUs) {
    public long bytesFp32() {
      return elements < 0 ? -1 : elements * 4;
    }
  }

  /** Largest plausible copy: one second (a tensor of a phone model copies in at most tens of ms). */
  public static final double MAX_COPY_US = 1e6;

  public static TransferTable read(Path file) {
    List<Row> rows = new ArrayList<>();
    for (Lines.Line line : Lines.read(file)) {
      if (line.fields().length != 3) {
        throw new TraceFormatException(file, line.number(),
            "expected 'shape cpu_to_gpu_us gpu_to_cpu_us' (3 fields), found " + line.fields().length);
      }
      String key = line.fields()[0];
      double c2g = Lines.number(file, line, 1, "CPU->GPU latency (us)");
      double g2c = Lines.number(file, line, 2, "GPU->CPU latency (us)");
      for (double v : new double[] {c2g, g2c}) {
        if (v < 0 || v > MAX_COPY_US) {
          throw new TraceFormatException(file, line.number(), "copy latency " + v + " outside 0 to " + MAX_COPY_US
              + "; expected microseconds per copy (the shared tables hold 0.01 to 33,156 us)");
        }
      }
      long elements = elements(key);
      if (elements == 0 || elements < -1 || elements == -1 && key.matches("[-0-9,() ]+")) {
        throw new TraceFormatException(file, line.number(), "tensor shape '" + key + "'; expected positive dims"
            + " (e.g. 1,32,149,149) or an op name");
      }
      rows.add(new Row(key, elements, c2g, g2c));
    }
    return new TransferTable(file, List.copyOf(rows));
  }

  /** The product of the shape's dims; -1 when the key is not a shape; -2 when a dim is negative. */
  static long elements(String key) {
    long n = 1;
    for (String d : key.replace("(", "").replace(")", "").split(",")) {
      try {
        long v = Long.parseLong(d.strip());
        if (v < 0) {
          return -2;
        }
        n *= v;
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    return n;
  }
}
