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
   * Two headings of one chip measure ten graphs; the second is 2x slower on all but one graph, which it runs 2.21x
   * slower: after the pair's ratio (2), nine rows agree exactly and one is 10.5 % off (outside 10 %), whichever
   * heading is named first (2 / 2.21 would read 9.5 % from the other side). A third device of another chip is not
   * compared. Loop spreads: (max - min) / avg of 10 % on every row with min and max.
   */
  @Test
  void sameChipDisagreementIsMeasuredAfterEachPairsOverallRatioAndIsSymmetric() throws Exception {
    for (String[] names : new String[][] {{"Board A", "Board B"}, {"Board B", "Board A"}}) {
      NcnnFloor f = NcnnFloor.of(NcnnBench.read(bench(names[0], names[1])));
      assertEquals(10, f.loopRows());
      assertEquals(10.0, f.loopMedianPct(), 1e-9);
      assertEquals(List.of("RK3588 @ 1.8,2.4 GHz (2 headings)"), f.chips());
      assertEquals(1, f.pairs());
      assertEquals(10, f.rows());
      assertEquals(0.0, f.chipMedianPct(), 1e-9);
      assertEquals(90.0, f.chipWithin10Pct(), 1e-9, String.join(" / ", names));
      assertTrue(f.line().contains("median 0.0%, within10 90.0%"), f.line());
    }
  }

  /** A table without min/max or repeated chips says n/a, not NaN. */
  @Test
  void nothingToCompareIsNotANumber() throws Exception {
    Path dir = tmp.resolve("one");
    Files.createDirectories(dir.resolve("models"));
    Files.writeString(dir.resolve("models/m.param"), "7767517\n2 2\nInput data 0 1 data 0=8 1=8 2=3\n"
        + "Convolution conv 1 1 data out 0=8 1=3 4=1 6=216\n");
    Files.writeString(dir.resolve("results.csv"), "device_header,num_threads,powersave,gpu_device,model,avg_ms\n"
        + "Solo (A53 1.2GHz),1,0,-1,m,3\n");
    String line = NcnnFloor.of(NcnnBench.read(dir)).line();
    assertTrue(line.contains("median n/a, p90 n/a (0 rows)") && line.endsWith("within10 n/a") && !line.contains("NaN"),
        line);
  }

  /** Heading {@code a} (with min/max), heading {@code b} 2x slower (2.21x on m10), and an RK3399 at 5x. */
  private Path bench(String a, String b) throws Exception {
    Path dir = tmp.resolve(a.replace(' ', '_'));
    OneConvGraphs.write(dir, 10);
    StringBuilder csv = new StringBuilder("device_header,num_threads,powersave,gpu_device,model,min_ms,max_ms,avg_ms\n");
    for (int i = 1; i <= 10; i++) {
      double x = i;
      double y = i == 10 ? 2.21 * x : 2 * x;
      csv.append("\"").append(a).append(", Rockchip RK3588 (A76 2.4GHz + A55 1.8GHz)\",4,2,-1,m").append(i)
          .append(',').append(0.95 * x).append(',').append(1.05 * x).append(',').append(x).append('\n');
      csv.append("\"").append(b).append(", Rockchip RK3588s (A76 2.4GHz + A55 1.8GHz)\",4,2,-1,m").append(i)
          .append(",,,").append(y).append('\n');
      csv.append("\"Other, Rockchip RK3399 (A72 1.8GHz + A53 1.5GHz)\",4,2,-1,m").append(i).append(",,,")
          .append(5 * x).append('\n');
    }
    Files.writeString(dir.resolve("results.csv"), csv.toString());
    return dir;
  }
}
