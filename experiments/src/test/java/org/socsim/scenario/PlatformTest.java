package org.socsim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socsim.engine.Dynamics;
import org.socsim.profile.ProfileIo;
import org.socsim.profile.SocProfile;
import org.socsim.soc.Soc;

class PlatformTest {
  /** The figures Platform hard-coded before they became profile data (issue 13). */
  private static Dynamics.Power historical(org.socsim.soc.Unit u) {
    return switch (u.kind()) {
      case CPU -> u.id().contains("little") ? new Dynamics.Power(0.02, 0.05, 0.5) : new Dynamics.Power(0.05, 0.2, 2.0);
      case GPU -> new Dynamics.Power(0.05, 0.2, 2.5);
      case NPU, DSP -> new Dynamics.Power(0.02, 0.1, 1.0);
    };
  }

  @Test
  void bundledProfilesCarryTheFiguresPlatformUsedToHardCode() {
    for (String name : ProfileIo.bundled()) {
      SocProfile p = ProfileIo.load(name);
      Soc soc = p.toSoc("");
      Dynamics d = Platform.dynamics(p, soc, 5.0, "schedutil", true);
      assertEquals(List.of(0.3, 0.45, 0.6, 0.75, 0.9, 1.0), d.levels(), name);
      assertEquals(10_000, d.governorPeriodUs(), name);
      assertEquals(new Dynamics.Thermal(25, 10, 2, 45, 0.6), d.thermal(), name);
      soc.units().forEach(u -> assertEquals(historical(u), d.power().get(u.index()), name + " " + u.id()));
      // co-run interference is fitted, not assumed: only a profile with co-run timelines (redmi) has it
      assertEquals(Platform.dynamics(soc, 5.0, "schedutil", true).withCoRun(d.coRun()), d, name);
      assertEquals(p.platform().coRun() != null && p.platform().coRun().slowdown().values().stream()
          .anyMatch(v -> v > 0), d.interferes(), name); // oneplus5t: fitted on one file, floored at 0
      assertEquals(5000, d.dramBytesPerUs());
    }
  }

  @Test
  void aProfileWithItsOwnFiguresIsUsed() {
    SocProfile p = ProfileIo.load("redmi");
    List<SocProfile.UnitSpec> units = new ArrayList<>();
    for (SocProfile.UnitSpec u : p.units()) {
      units.add(u.id().equals("gpu") ? u.withPower(new SocProfile.PowerSpec(0.1, 0.3, 4.0, "test")) : u);
    }
    SocProfile.PlatformSpec pl = new SocProfile.PlatformSpec(null, null,
        new SocProfile.DvfsSpec(List.of(0.5, 1.0), 5_000, "test"),
        new SocProfile.ThermalSpec(30, 8, 3, 50, 0.7, "test"));
    SocProfile own = new SocProfile(p.schema(), p.name(), p.description(), p.sources(), units, p.links(), p.models(),
        p.costModels(), pl, p.notes(), p.coexec());
    Soc soc = own.toSoc("");
    Dynamics d = Platform.dynamics(own, soc, null, "powersave", true);
    assertEquals(new Dynamics.Power(0.1, 0.3, 4.0), d.power().get(soc.requireUnit("gpu").index()));
    assertEquals(new Dynamics.Power(0.05, 0.2, 2.0), d.power().get(soc.requireUnit("cpu-big").index()));
    assertEquals(List.of(0.5, 1.0), d.levels());
    assertEquals(5_000, d.governorPeriodUs());
    assertEquals(new Dynamics.Thermal(30, 8, 3, 50, 0.7), d.thermal());
    assertEquals(Double.POSITIVE_INFINITY, d.dramBytesPerUs());
    assertNull(Platform.dynamics(own, soc, null, "performance", false).thermal());
    assertEquals(Map.of(), Dynamics.none().power());
  }
}
