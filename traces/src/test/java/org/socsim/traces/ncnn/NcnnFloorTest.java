package org.socsim.traces.ncnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NcnnFloorTest {
  @TempDir
  Path tmp;

  @Test
  void headingsNameTheSameHardwareByChipAndClocks() {
    assertEquals(Optional.of("RK3588 @ 1.8,2.4 GHz"),
        NcnnFloor.hardware("OrangePi5, Rockchip RK3588s (Quad Core A76 2.4GHz + Quad Core A55 1.8GHz)"));
    assertEquals(NcnnFloor.hardware("Rockchip RK3588 (Cortex-A76 2.4GHz x 4 + Cortex-A55 1.8GHz x 4)"),
        NcnnFloor.hardware("OrangePi5 Plus, Rockchip RK3588 (Quad Core A76 2.4GHz + Quad Core A55 1.8GHz)"));
    // an overclocked board is other hardware; a heading without a chip or a clock names none
    assertTrue(!NcnnFloor.hardware("Raspberry Pi 5 Broadcom BCM2712 Overclock to 2.9Ghz")
        .equals(NcnnFloor.hardware("Raspberry Pi 5 Broadcom BCM2712, Cortex-A76 (ARMv8) (2.4GHz x 4)")));
    assertEquals(Optional.empty(), NcnnFloor.hardware("NVIDIA Jetson Nano"));
    assertEquals(Optional.empty(), NcnnFloor.hardware("Rockchip RK3399 board"));
  }

  /**
   * Two headings of one chip measure ten graphs; the second is 2x slower on all but one graph, which it runs 3x
   * slower: after the pair's ratio (2), nine rows agree exactly and one is 50 % off. A third device of another
   * chip is not compared. Loop spreads: (max - min) / avg of 10 % on every row with min and max.
   */
  @Test
  void sameChipDisagreementIsMeasuredAfterEachPairsOverallRatio() throws Exception {
    Path dir = tmp.resolve("bench");
    Files.createDirectories(dir.resolve("models"));
    StringBuilder csv = new StringBuilder("device_header,num_threads,powersave,gpu_device,model,min_ms,max_ms,avg_ms\n");
    for (int i = 1; i <= 10; i++) {
      int n = 8 * i;
      Files.writeString(dir.resolve("models/m" + i + ".param"), "7767517\n2 2\nInput data 0 1 data 0=32 1=32 2=3\n"
          + "Convolution conv 1 1 data out 0=" + n + " 1=3 4=1 6=" + (n * 27) + "\n");
      double a = i;
      double b = i == 10 ? 3 * a : 2 * a;
      csv.append("\"Board A, Rockchip RK3588 (A76 2.4GHz + A55 1.8GHz)\",4,2,-1,m").append(i).append(',')
          .append(0.95 * a).append(',').append(1.05 * a).append(',').append(a).append('\n');
      csv.append("\"Board B, Rockchip RK3588s (A76 2.4GHz + A55 1.8GHz)\",4,2,-1,m").append(i).append(",,,")
          .append(b).append('\n');
      csv.append("\"Other, Rockchip RK3399 (A72 1.8GHz + A53 1.5GHz)\",4,2,-1,m").append(i).append(",,,")
          .append(5 * a).append('\n');
    }
    Files.writeString(dir.resolve("results.csv"), csv.toString());
    NcnnFloor f = NcnnFloor.of(NcnnBench.read(dir));
    assertEquals(10, f.loopRows());
    assertEquals(10.0, f.loopMedianPct(), 1e-9);
    assertEquals(List.of("RK3588 @ 1.8,2.4 GHz (2 headings)"), f.chips());
    assertEquals(1, f.pairs());
    assertEquals(10, f.rows());
    assertEquals(0.0, f.chipMedianPct(), 1e-9);
    assertEquals(90.0, f.chipWithin10Pct(), 1e-9);
    assertTrue(f.line().contains("median 0.0%, within10 90.0%"), f.line());
  }
}
