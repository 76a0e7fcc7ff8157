package org.socsim.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socsim.soc.CoexecFit;

class CoexecFitterTest {
  static List<CoexecFitter.Sample> synthetic(double fixed, double perByte, double share, long seed) {
    Random r = new Random(seed);
    List<CoexecFitter.Sample> rows = new ArrayList<>();
    for (int l = 0; l < 6; l++) {
      double out = 2e5 + r.nextDouble() * 1.2e7;
      double cpu = 300 + r.nextDouble() * 17000;
      for (double f : new double[] {.1, .25, .4, .5, .6, .75, .9}) {
        double parts = 50 + cpu * (1 - f) + r.nextDouble() * 100;
        rows.add(new CoexecFitter.Sample("L" + l, f, parts + fixed + perByte * out + share * cpu, parts, out, cpu));
      }
    }
    return rows;
  }

  @Test
  void fitRecoversAKnownOverhead() {
    CoexecFit.Spec s = CoexecFitter.fit(synthetic(150, 9e-5, 0.25, 7), "synthetic");
    assertEquals(150, s.fixedUs(), 1e-3);
    assertEquals(9e-5, s.concatUsPerByte(), 1e-9);
    assertEquals(0.25, s.cpuFixedShare(), 1e-6);
    assertEquals(42, s.samples());
    assertEquals(6, s.layers());
    assertEquals(0, s.rmsResidualUs(), 1e-3);
  }

  @Test
  void fitKeepsCoefficientsNonNegative() {
    CoexecFit.Spec s = CoexecFitter.fit(synthetic(0, 0, 0, 3).stream().map(x -> new CoexecFitter.Sample(x.layer(),
        x.fGpu(), x.partsUs() - 40, x.partsUs(), x.outputBytes(), x.cpuWholeUs())).toList(), "below the parts");
    assertTrue(s.fixedUs() >= 0 && s.concatUsPerByte() >= 0 && s.cpuFixedShare() >= 0);
  }

  @Test
  void leaveOneLayerOutNeverUsesTheHeldOutLayer() {
    List<CoexecFitter.Sample> rows = new ArrayList<>(synthetic(150, 9e-5, 0.25, 11));
    // the held-out layer's rows are poison: any use of them makes the solver refuse (non-finite) or move the fit
    rows.replaceAll(x -> x.layer().equals("L2") ? new CoexecFitter.Sample("L2", x.fGpu(), Double.NaN, x.partsUs(),
        x.outputBytes(), x.cpuWholeUs()) : x);
    CoexecFit.Spec s = CoexecFitter.fitWithout(rows, "L2", "test");
    assertEquals(35, s.samples());
    assertEquals(5, s.layers());
    assertEquals(150, s.fixedUs(), 1e-3);
    assertEquals(0.25, s.cpuFixedShare(), 1e-6);
    CoexecFit.Spec direct = CoexecFitter.fit(rows.stream().filter(x -> !x.layer().equals("L2")).toList(), "test");
    assertEquals(direct.fixedUs(), s.fixedUs());
    assertEquals(direct.concatUsPerByte(), s.concatUsPerByte());
  }

  @Test
  void profilesWithoutTheFieldLoadAndGetTheTransferredCpuFixedPart(@TempDir Path tmp) throws Exception {
    SocProfile phone = ProfileIo.load("redmi");
    assertNull(phone.coexec());
    assertFalse(ProfileIo.toJson(phone).contains("\"coexec\" :"));
    // no fit of its own: split and tiled ops pay the h100 fit's CPU fixed part, nothing else (CoexecDefault)
    CoexecFit.Spec t = CoexecFit.of(phone.toSoc(""));
    assertEquals(ProfileIo.load("h100-server").coexec().cpuFixedShare(), t.cpuFixedShare(), 0.0);
    assertEquals(0.0, t.fixedUs(), 0.0);
    assertEquals(0.0, t.concatUsPerByte(), 0.0);
    assertTrue(t.source().startsWith("transferred: h100-server's fitted CPU fixed part"), t.source());
    assertTrue(((CoexecFit.Carrier) phone.toSoc("").transfers()).links() instanceof LinkTransferModel);
    // an h100 profile written before issue 11 (no "coexec" key) still loads, with no fit
    SocProfile h100 = ProfileIo.load("h100-server");
    assertNotNull(h100.coexec());
    String old = ProfileIo.toJson(new SocProfile(h100.schema(), h100.name(), h100.description(), h100.sources(),
        h100.units(), h100.links(), h100.models(), h100.costModels(), h100.platform(), h100.notes()));
    assertFalse(old.contains("\"coexec\" :"));
    Path f = tmp.resolve("old.json");
    Files.writeString(f, old);
    SocProfile back = ProfileIo.read(f);
    assertNull(back.coexec());
    assertEquals(CoexecDefault.get(), CoexecFit.of(back.toSoc("")));
  }

  @Test
  void jsonRoundTripKeepsTheFit(@TempDir Path tmp) throws Exception {
    SocProfile h100 = ProfileIo.load("h100-server");
    Path f = tmp.resolve("h100.json");
    ProfileIo.write(h100, f);
    SocProfile back = ProfileIo.read(f);
    assertEquals(h100.coexec(), back.coexec());
    assertEquals(ProfileIo.toJson(h100), ProfileIo.toJson(back));
    assertEquals(h100.coexec(), CoexecFit.of(back.toSoc("")));
    assertEquals(h100.coexec(), back.with(back.models(), back.costModels()).coexec());
  }
}
