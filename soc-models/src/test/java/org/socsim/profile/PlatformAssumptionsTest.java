package org.socsim.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socsim.traces.TraceFormatException;

class PlatformAssumptionsTest {
  @Test
  void bundledProfilesCarryTheAssumedFiguresMarkedAsSuch() {
    for (String name : ProfileIo.bundled()) {
      SocProfile p = ProfileIo.load(name);
      p.units().forEach(u -> assertEquals(PlatformAssumptions.CALIBRATED, u.power().source(), name));
      assertEquals(PlatformAssumptions.dvfs(PlatformAssumptions.CALIBRATED), p.platform().dvfs(), name);
      assertEquals(PlatformAssumptions.thermal(PlatformAssumptions.CALIBRATED), p.platform().thermal(), name);
      assertSame(p, PlatformAssumptions.complete(p, "unused"), name);
    }
  }

  @Test
  void anOlderProfileFileWithoutThemRunsWithTheSameAssumptionsSayingSo(@TempDir Path tmp) throws Exception {
    SocProfile p = ProfileIo.load("redmi");
    ObjectMapper m = new ObjectMapper();
    ObjectNode tree = (ObjectNode) m.readTree(ProfileIo.toJson(p));
    tree.get("units").forEach(u -> ((ObjectNode) u).remove("power"));
    ((ObjectNode) tree.get("platform")).remove(java.util.List.of("dvfs", "thermal"));
    String old = m.writeValueAsString(tree);
    assertTrue(!old.contains("\"power\"") && !old.contains("\"dvfs\"") && !old.contains("\"thermal\""), old);
    Path f = tmp.resolve("old.json");
    Files.writeString(f, old);
    SocProfile back = ProfileIo.read(f);
    assertEquals(p.platform().dramGbps(), back.platform().dramGbps());
    for (int i = 0; i < p.units().size(); i++) {
      SocProfile.PowerSpec a = p.units().get(i).power();
      SocProfile.PowerSpec b = back.units().get(i).power();
      assertEquals(new SocProfile.PowerSpec(a.idleW(), a.staticW(), a.dynamicW(), PlatformAssumptions.NOT_IN_FILE), b);
    }
    assertEquals(PlatformAssumptions.dvfs(PlatformAssumptions.NOT_IN_FILE), back.platform().dvfs());
    assertEquals(PlatformAssumptions.thermal(PlatformAssumptions.NOT_IN_FILE), back.platform().thermal());
    // a profile with no platform object at all
    tree.remove("platform");
    Files.writeString(f, m.writeValueAsString(tree));
    assertNotNull(ProfileIo.read(f).platform().thermal());
  }

  @Test
  void badFiguresNameTheJsonPath(@TempDir Path tmp) throws Exception {
    String json = ProfileIo.toJson(ProfileIo.load("redmi"));
    assertBad(tmp, json.replaceFirst("\"idle_w\" : 0.05", "\"idle_w\" : -1"), "units[0].power.idle_w");
    assertBad(tmp, json.replace("[ 0.3, 0.45, 0.6, 0.75, 0.9, 1.0 ]", "[ 0.3, 0.9 ]"), "platform.dvfs.levels");
    assertBad(tmp, json.replace("[ 0.3, 0.45, 0.6, 0.75, 0.9, 1.0 ]", "[ 0.6, 0.3, 1.0 ]"), "platform.dvfs.levels");
    assertBad(tmp, json.replace("\"governor_period_us\" : 10000.0", "\"governor_period_us\" : 0"),
        "platform.dvfs.governor_period_us");
    assertBad(tmp, json.replace("\"trip_c\" : 45.0", "\"trip_c\" : 20.0"), "platform.thermal");
    assertBad(tmp, json.replace("\"cap_level\" : 0.6", "\"cap_level\" : 1.5"), "platform.thermal.cap_level");
    assertBad(tmp, json.replaceFirst("\"kind\" : \"GPU\"", "\"kind\" : \"TPU\""), "units[2].kind");
  }

  private static void assertBad(Path tmp, String json, String at) throws Exception {
    Path f = tmp.resolve("bad.json");
    Files.writeString(f, json);
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> ProfileIo.read(f));
    assertTrue(e.getMessage().startsWith(f + ": at " + at + ": expected"), e.getMessage());
  }
}
