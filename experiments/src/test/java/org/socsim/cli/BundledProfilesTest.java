package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socsim.profile.ProfileIo;

/**
 * The bundled phone and server profiles are what `socsim calibrate` makes of ../shared today (the script
 * soc-models/calibrate-bundled.sh regenerates them): a calibration change that is not followed by a regeneration
 * fails here instead of leaving a stale profile behind (oneplus5t missed its co-run fit once).
 */
class BundledProfilesTest {
  @TempDir
  Path tmp;

  @Test
  void phoneAndServerProfilesRecalibrateByteForByte() throws Exception {
    SharedGate.need("../shared not found: bundled-profile regeneration check skipped");
    Path shared = SharedData.root().get().resolve("traces");
    int checked = 0;
    for (String d : ProfileIo.bundled()) {
      if (d.startsWith("ncnn-") || d.equals("host")) {
        continue; // ncnn-*: one 25 s `calibrate --all` run, checked by hand (identical 2026-11-27); host: the VM
      }
      Path traces = shared.resolve(d.equals("h100-server") ? "h100-server" : "hope-mnn");
      Path out = tmp.resolve(d + ".json");
      CliTest.Out c = CliTest.cli("calibrate", "--traces", traces.toString(), "--device", d, "--out", out.toString());
      assertEquals(0, c.code(), c.err());
      try (InputStream in = ProfileIo.class.getResourceAsStream("/org/socsim/profiles/" + d + ".json")) {
        assertNotNull(in, d);
        assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), Files.readString(out),
            d + ": bundled profile is stale; run soc-models/calibrate-bundled.sh");
      }
      checked++;
    }
    assertEquals(11, checked);
  }
}
