package org.socsim.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WhatIf} on bundled profiles: each key changes exactly what it names; a derived profile reads back equal. */
class WhatIfTest {
  @Test
  void speedDividesEveryLatencyOfTheUnitAndNothingElse() {
    SocProfile p = ProfileIo.load("redmi");
    SocProfile q = WhatIf.parse("gpu.speed=2").apply(p);
    int seen = 0;
    for (var m : p.models().entrySet()) {
      for (var op : m.getValue().ops().entrySet()) {
        for (var u : op.getValue().entrySet()) {
          List<Double> after = q.models().get(m.getKey()).ops().get(op.getKey()).get(u.getKey());
          for (int i = 0; i < u.getValue().size(); i++) {
            double want = u.getKey().equals("gpu") ? u.getValue().get(i) / 2 : u.getValue().get(i);
            assertEquals(want, after.get(i), 0.0);
            seen += u.getKey().equals("gpu") ? 1 : 0;
          }
        }
      }
    }
    assertTrue(seen > 1000, "gpu latencies " + seen);
    SocProfile.LayerCostSpec l = p.costModels().get("gpu").layers();
    SocProfile.LayerCostSpec l2 = q.costModels().get("gpu").layers();
    l.coefficients().forEach((t, c) -> {
      for (int i = 0; i < c.size(); i++) {
        assertEquals(c.get(i) / 2, l2.coefficients().get(t).get(i), 0.0);
      }
    });
    assertEquals(p.costModels().get("cpu-big"), q.costModels().get("cpu-big"));
    assertEquals(p.units(), q.units());
    assertEquals(p.links(), q.links());
    assertTrue(q.notes().get(q.notes().size() - 1).contains("what-if gpu.speed=2"));
  }

  @Test
  void unitLinkAndPlatformKeys() {
    SocProfile p = ProfileIo.load("redmi");
    SocProfile q = WhatIf.parse("cpu-big.cores=2, gpu.dispatch_us=1.5,link.cpu-gpu.scale=0.5,dram.gbps=17,"
        + "gpu.power.scale=2").apply(p);
    assertEquals(2, q.unitSpec("cpu-big").cores());
    assertEquals(1.5, q.unitSpec("gpu").dispatchUs());
    q.models().values().forEach(t -> {
      if (t.dispatchUs() != null && t.dispatchUs().containsKey("gpu")) {
        assertEquals(1.5, t.dispatchUs().get("gpu"));
      }
    });
    assertEquals(1.5, q.costModels().get("gpu").dispatchUs());
    SocProfile.LinkSpec a = p.links().get("cpu->gpu");
    SocProfile.LinkSpec b = q.links().get("cpu->gpu");
    assertEquals(a.fixedUs() * 0.5, b.fixedUs());
    assertEquals(a.usPerByte() * 0.5, b.usPerByte());
    assertEquals(a.unknownShapeUs() * 0.5, b.unknownShapeUs());
    assertEquals(p.links().get("gpu->cpu"), q.links().get("gpu->cpu"));
    assertEquals(p.models().get("inception-v3").copyUs().get("cpu->gpu") * 0.5,
        q.models().get("inception-v3").copyUs().get("cpu->gpu"));
    assertEquals(17.0, q.platform().dramGbps());
    assertEquals(p.unitSpec("gpu").power().dynamicW() * 2, q.unitSpec("gpu").power().dynamicW());
    assertSame(p, WhatIf.NONE.apply(p));
    assertEquals("cpu-big.cores=2,gpu.dispatch_us=1.5,link.cpu-gpu.scale=0.5,dram.gbps=17,gpu.power.scale=2",
        WhatIf.parse("cpu-big.cores=2, gpu.dispatch_us=1.5,link.cpu-gpu.scale=0.5,dram.gbps=17,gpu.power.scale=2")
            .text());
  }

  @Test
  void aDerivedProfileReadsBackEqual(@TempDir Path tmp) throws Exception {
    for (String soc : List.of("redmi", "h100-server", "ncnn-qualcomm-sm8150-ac-snapdragon-855")) {
      SocProfile p = ProfileIo.load(soc);
      String gpuOrCpu = p.units().stream().anyMatch(u -> u.id().equals("gpu")) ? "gpu" : p.units().get(0).id();
      SocProfile q = WhatIf.parse(gpuOrCpu + ".speed=1.7,dram.gbps=9.5," + p.units().get(0).id() + ".dispatch_us=2")
          .apply(p);
      Path f = tmp.resolve(soc + ".json");
      ProfileIo.write(q, f);
      assertEquals(q, ProfileIo.read(f), soc);
    }
  }

  @Test
  void badKeysAndValuesNameWhatIsExpected() {
    SocProfile p = ProfileIo.load("h100-server");
    Map<String, String> bad = Map.of(
        "gpu.sped=2", "unknown what-if key 'gpu.sped'; known keys: <unit>.speed",
        "gpu.speed=-1", "expects a speed factor in [0.001, 1000]",
        "gpu.cores=1.5", "expects a whole core count",
        "dram.gbps=0", "expects GB/s > 0",
        "link.cpu-tpu.scale=2", "unknown what-if key",
        "gpu.speed=fast", "expects a number, got 'fast'");
    bad.forEach((text, msg) -> {
      var e = assertThrows(IllegalArgumentException.class, () -> WhatIf.parse(text).apply(p), text);
      assertTrue(e.getMessage().contains(msg), e.getMessage());
    });
    var e = assertThrows(IllegalArgumentException.class, () -> WhatIf.parse("npu.speed=2").apply(p));
    assertEquals("what-if key 'npu.speed': profile h100-server has no unit 'npu'; known keys: " + WhatIf.KEYS
        + "; units of h100-server: [cpu, gpu], links: [cpu-gpu, gpu-cpu]", e.getMessage());
  }
}
