package org.socsim.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socsim.soc.Soc;

/** The engine's parts on their own: rate model, unit pool, power and thermal. */
class EnginePartsTest {
  private static final Soc SOC = SimulationTest.soc(4, 2, 0);

  @Test
  void maxMinFairSharesServeSmallDemandsFirst() {
    // capacity 90: the 10 demand is served in full, the other two split the remaining 80
    assertArrayEquals(new double[] {40, 10, 40}, RateModel.allocate(new double[] {100, 10, 60}, 90), 1e-12);
    // enough for everyone: allocations equal demands; no demand gets nothing
    assertArrayEquals(new double[] {5, 0, 7}, RateModel.allocate(new double[] {5, 0, 7}, 100), 1e-12);
  }

  @Test
  void rateIsTheRooflineOfFrequencyAndMemoryShare() {
    assertEquals(1.0, RateModel.rate(1.0, 50, 50), 1e-12);
    assertEquals(0.5, RateModel.rate(0.5, 50, 50), 1e-12); // compute bound at half frequency
    assertEquals(0.25, RateModel.rate(1.0, 100, 25), 1e-12); // memory bound: a quarter of its demand
    assertEquals(0.25, RateModel.rate(0.5, 100, 25), 1e-12); // the slower of the two wins
    assertEquals(1.0, RateModel.rate(1.0, 0, 0), 1e-12); // no memory traffic
  }

  @Test
  void busyTimeIsTheUnionOfRunningIntervals() {
    UnitPool pool = new UnitPool(SOC);
    int a = pool.freeLane(0, 2);
    pool.acquire(0, a, 2, 0);
    int b = pool.freeLane(0, 2);
    assertTrue(b >= 0 && b != a);
    pool.acquire(0, b, 2, 5);
    assertEquals(-1, pool.freeLane(0, 1), "4 cores and 2 streams are in use");
    assertEquals(1.0, pool.busyShare(0), 1e-12);
    pool.release(0, a, 2, 10, 10);
    assertEquals(0.5, pool.busyShare(0), 1e-12);
    pool.release(0, b, 2, 12, 7);
    assertEquals(12, pool.busyUs[0], 1e-12, "[0, 12] once, not 10 + 7");
    assertEquals(12, pool.busyUpTo(0, 20), 1e-12);
    var stats = pool.stats(24, new double[SOC.units().size()], new double[SOC.units().size()]);
    assertEquals(34, stats.get(0).coreBusyUs(), 1e-12);
    assertEquals(0.5, stats.get(0).utilisation(), 1e-12);
  }

  @Test
  void energyIntegratesIdleAndBusyPowerAndThermalCapsTheLevels() {
    Dynamics.Thermal th = new Dynamics.Thermal(25, 10, 0.01, 26, 0.5);
    Dynamics d = new Dynamics(Double.POSITIVE_INFINITY, Dynamics.Governor.PERFORMANCE, 1000,
        List.of(0.5, 1.0), th, Map.of(0, new Dynamics.Power(1, 2, 4)));
    UnitPool pool = new UnitPool(SOC);
    PowerThermal pt = new PowerThermal(d, pool);
    assertTrue(pt.ticks());
    pt.account(1000); // 1 ms idle at 1 W
    assertEquals(1e-3, pt.energyJ[0], 1e-12);
    pool.acquire(0, 0, 4, 1000);
    pt.account(2000); // 1 ms busy on all 4 cores: 2 + 4 x 1^3 x 1 = 6 W
    assertEquals(7e-3, pt.energyJ[0], 1e-12);
    assertEquals(7, pt.totalMj(), 1e-9);
    pt.tick(2000); // 7 mJ over a 1 ms period = 7 W into 0.01 J/C for 1 ms: +0.7 C... below the trip point
    assertEquals(1.0, pt.level[0], 1e-12);
    pt.account(12000);
    pt.tick(12000); // another 60 mJ in the period: well above 26 C, every level capped at 0.5
    assertTrue(pt.peakTempC() > 26, "peak " + pt.peakTempC());
    assertEquals(0.5, pt.level[0], 1e-12);
    assertEquals(0.5, pt.level[1], 1e-12);
  }
}
