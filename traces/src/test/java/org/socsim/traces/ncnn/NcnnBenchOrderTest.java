package org.socsim.traces.ncnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NcnnBenchOrderTest {
  @TempDir
  Path tmp;

  @Test
  void spearmanRanksWithTiesAveraged() {
    assertEquals(1.0, NcnnWorkOrder.spearman(new double[] {1, 2, 3, 4}, new double[] {10, 20, 30, 45}), 1e-12);
    assertEquals(-1.0, NcnnWorkOrder.spearman(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1}), 1e-12);
    // ranks (1.5, 1.5, 3) against (1, 2, 3): covariance 1.5, variances 1.5 and 2
    assertEquals(1.5 / Math.sqrt(1.5 * 2), NcnnWorkOrder.spearman(new double[] {5, 5, 7}, new double[] {1, 2, 3}), 1e-12);
  }

  /** Eight one-conv graphs of growing width; one setting slows down with the work, one speeds up. */
  @Test
  void aSettingWhoseLatencyFallsAsTheWorkGrowsIsLeftOutWithANote() throws Exception {
    Path dir = tmp.resolve("bench");
    OneConvGraphs.write(dir, 8);
    StringBuilder csv = new StringBuilder("device_header,num_threads,powersave,gpu_device,model,min_ms,max_ms,avg_ms\n");
    for (int i = 1; i <= 8; i++) {
      csv.append("Good,4,0,-1,m").append(i).append(",,,").append(i).append('\n');
      csv.append("Broken,1,0,0,m").append(i).append(",,,").append(10.0 / i).append('\n');
    }
    Files.writeString(dir.resolve("results.csv"), csv.toString());
    NcnnBench b = NcnnBench.read(dir);
    assertEquals(java.util.List.of("Good"), b.devices());
    assertEquals(8, b.rows().size());
    assertTrue(b.notes().stream().anyMatch(n -> n.startsWith("Broken, gpu: latency falls as the work grows (rank"
        + " correlation with MACs -1.00 over 8 fp32 models)") && n.endsWith("its 8 rows skipped")), b.notes().toString());
  }
}
