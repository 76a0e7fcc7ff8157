package org.socsim.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.socsim.traces.ncnn.NcnnBench.Setting;
import org.socsim.traces.ncnn.NcnnBench.UnitKind;

class NcnnKinTest {
  @Test
  void headingsNameTheirCores() {
    assertEquals(Set.of("A55", "A76"), NcnnKin.cores("Rockchip RK3588 (Cortex-A76 2.4GHz x 4 + Cortex-A55 1.8GHz x 4)"));
    assertEquals(Set.of("A55", "A76"), NcnnKin.cores("OrangePi5, Rockchip RK3588s (Quad Core A76 2.4GHz + Quad Core A55 1.8GHz)"));
    assertEquals(Set.of("C910V"), NcnnKin.cores("T-Head TH1520 (C910V, 1.848 GHz x 4 + BXM-4-64 PowerVR)"));
    assertEquals(Set.of(), NcnnKin.cores("Intel Celeron N5105"));
    assertEquals(Set.of(), NcnnKin.cores("iPhone 5S (Apple A7 1.3GHz x 2)"), "Apple's A7 is not a Cortex-A7");
    assertEquals(Set.of("A7"), NcnnKin.cores("Freescale i.MX7 Dual (Cortex A7 1.0GHz x 2)"));
    assertEquals(2.4, NcnnKin.ghz("Rockchip RK3588 (Cortex-A76 2.4GHz x 4 + Cortex-A55 1.8GHz x 4)"), 0);
    assertEquals(Double.NaN, NcnnKin.ghz("NVIDIA Jetson Nano"), 0);
  }

  @Test
  void headingsNameTheirCoreCountsAndClocks() {
    assertEquals(8, NcnnKin.coreCount("Rockchip RK3588 (Cortex-A76 2.4GHz x 4 + Cortex-A55 1.8GHz x 4)"));
    assertEquals(8, NcnnKin.coreCount("Rockchip RK3588 (Quad Core A76 2.4GHz + Quad Core A55 1.8GHz)"));
    assertEquals(2, NcnnKin.coreCount("MYIR RemiPi,Renesas RZG2L(Cortex-A55 1.5GHz x 2)"));
    assertEquals(2, NcnnKin.coreCount("AXERA AX630C (Cortex-A53 1.2GHz * 2)"));
    assertEquals(0, NcnnKin.coreCount("Intel Celeron N5105"));
    assertEquals(Set.of(), NcnnKin.cores("AMD Ryzen Embedded V1605B (Zen 2.0 GHz ~ 3.6 GHz x 4 + Radeon Vega 8)"),
        "Zen 2.0 GHz is a clock");
    assertEquals(Set.of("Kyro485"), NcnnKin.cores("Qualcomm SM8150-AC Snapdragon 855+ (Kyro485 2.96 GHz + 2.42 GHz x 3)"));
    assertEquals(0.766, NcnnKin.ghz("Z7-Lite 7020 (Cortex-A9 766MHz x 2)"), 1e-12);
  }

  /**
   * A 4-thread big-cluster setting of an unmeasured 8-core A76+A55 board at 2.0 GHz takes the mean of two measured
   * 8-core A76+A55 boards' coefficients (2.4 GHz: x1.2; 1.6 GHz: x0.8); a 4-core A76+A55 board, an A53 board, another
   * thread count and the device itself are not kin, and a thread count no kin measured has none.
   */
  @Test
  void kinAreOtherDevicesWithTheSameCoresKindAndThreadsClockScaled() {
    Setting me = new Setting("Board (Cortex-A76 2.0GHz x 4 + Cortex-A55 1.6GHz x 4)", UnitKind.BIG, 4, -1);
    Setting fast = new Setting("Fast (Cortex-A76 2.4GHz x 4 + Cortex-A55 1.8GHz x 4)", UnitKind.BIG, 4, -1);
    Setting slow = new Setting("Slow (Cortex-A76 1.6GHz x 4 + Cortex-A55 1.2GHz x 4)", UnitKind.BIG, 4, -1);
    Setting small = new Setting("Small (Cortex-A76 2.0GHz x 2 + Cortex-A55 1.6GHz x 2)", UnitKind.BIG, 4, -1);
    Setting other = new Setting("Old (Cortex-A53 2.0GHz x 4)", UnitKind.BIG, 4, -1);
    Setting twoThreads = new Setting(fast.device(), UnitKind.BIG, 2, -1);
    Setting own = new Setting(me.device(), UnitKind.BIG, 2, -1);
    List<Setting> fitted = List.of(fast, slow, small, other, twoThreads, own);
    assertEquals(List.of(fast, slow), NcnnKin.of(me, fitted));
    double[] a = new double[LayerBasis.K];
    double[] b = new double[LayerBasis.K];
    a[0] = 1.0;
    b[0] = 2.0;
    Map<Setting, double[]> coef = Map.of(fast, a, slow, b, twoThreads, a);
    double[] want = new double[LayerBasis.K];
    want[0] = (1.0 * 2.4 / 2.0 + 2.0 * 1.6 / 2.0) / 2;
    assertArrayEquals(want, NcnnKin.coefficients(me, fitted, coef::get), 1e-12);
    assertNull(NcnnKin.coefficients(new Setting(me.device(), UnitKind.BIG, 3, -1), fitted, coef::get), "no kin at 3");
    assertNull(NcnnKin.coefficients(new Setting(me.device(), UnitKind.GPU, 1, 0), fitted, coef::get), "no GPU kin");
  }
}
