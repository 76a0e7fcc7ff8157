package org.socsim.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socsim.profile.ProfileIo;
import org.socsim.profile.SocProfile;
import org.socsim.traces.h100.Coexec;

class CoexecReplayTest {
  static final double[] F = {0, .1, .25, .4, .5, .6, .75, .9, 1};

  /** Three synthetic layers; {@code bump} is added to layer A's interior measurements. */
  static Coexec data(double bump) {
    List<Coexec.Row> rows = new ArrayList<>();
    String[] names = {"A", "B", "C"};
    for (int l = 0; l < 3; l++) {
      Coexec.Components c = new Coexec.Components(0.05, 0.1 + 0.02 * l, 0.2 + 0.03 * l, 0.8 + 0.3 * l);
      for (double f : F) {
        double ms = 1.0 + 0.2 * l + (l == 0 && f > 0 && f < 1 ? bump : 0) + 0.1 * f;
        rows.add(new Coexec.Row(names[l], 64, 64 * (l + 1), 3, 1, 1, 56, 56, 4, f, Math.round(64 * (l + 1) * f), ms,
            11, f == 0 ? c : null, Double.NaN));
      }
    }
    return new Coexec(Path.of("synthetic.coexec.json"), rows);
  }

  static Map<String, Double> predicted(CoexecReplay.Result r, String layer) {
    Map<String, Double> m = new java.util.LinkedHashMap<>();
    r.rows().stream().filter(x -> x.model().equals(layer)).forEach(x -> m.put(x.plan(), x.predictedMs()));
    return m;
  }

  @Test
  void leaveOneLayerOutNeverUsesTheScoredLayer() {
    SocProfile p = ProfileIo.load("h100-server");
    CoexecReplay replay = new CoexecReplay(p);
    CoexecReplay.Result base = replay.replay(data(0));
    CoexecReplay.Result moved = replay.replay(data(5.0));
    // layer A's own measurements changed: its predictions do not (its overhead is fitted on B and C only) ...
    assertEquals(predicted(base, "A").values().stream().toList(), predicted(moved, "A").values().stream().toList());
    // ... while B's do (A is in B's training rows)
    assertNotEquals(predicted(base, "B").values().stream().toList(), predicted(moved, "B").values().stream().toList());
    assertTrue(base.rows().stream().filter(x -> x.plan().contains("f_gpu=0.50"))
        .allMatch(x -> x.plan().contains("leave-one-layer-out")));
    assertTrue(base.best().stream().allMatch(m -> "leave-one-layer-out".equals(m.get("overhead_fit"))));
  }

  @Test
  void withoutAFitThePredictionIsThePartsModel() {
    SocProfile p = ProfileIo.load("h100-server");
    SocProfile old = new SocProfile(p.schema(), p.name(), p.description(), p.sources(), p.units(), p.links(),
        p.models(), p.costModels(), p.platform(), p.notes());
    Coexec d = data(0);
    CoexecReplay.Result r = new CoexecReplay(old).replay(d);
    assertTrue(r.rows().stream().noneMatch(x -> x.plan().contains("(")));
    assertTrue(r.best().stream().noneMatch(m -> m.containsKey("overhead_fit")));
    Coexec.Row half = d.rows().get(4);
    Coexec.Components c = d.rows().get(0).components();
    double withFit = new CoexecReplay(p).predictMs(half, c, 0.5);
    double without = new CoexecReplay(old).predictMs(half, c, 0.5);
    assertTrue(withFit > without + p.coexec().fixedUs() / 1000 - 1e-9);
  }
}
