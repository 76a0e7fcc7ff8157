package org.socsim.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.socsim.profile.ProfileIo;
import org.socsim.profile.SocProfile;
import org.socsim.sweep.SweepSpec;

/**
 * The points of the study (Liu et al. 2024 analogues) on the bundled phone profiles: every single-model strategy
 * on every model with a DAG, at several scheduling grains (Fig 2, 3, 4), and GPU vs CPU placement beside 60 Hz
 * UI rendering at growing inference rates (Fig 5).
 */
public final class StudyPoints {
  public static final List<String> PHONES = List.of("redmi", "mi9", "snapdragon_855", "oneplus5t", "oneplus3",
      "huawei_mate_20", "lenovo_k5", "device2", "device3", "npu");
  public static final List<String> STRATEGIES = List.of("solo-cpu", "solo-gpu", "solo-little", "solo-npu",
      "greedy-eft", "heft", "cpop", "hope-greedy", "mosaic", "branch-parallel", "channel-split", "codl", "adaptive");
  public static final List<String> GRAINS = List.of("model", "subgraph:16", "subgraph:4", "op", "tile:2");
  public static final List<Double> RATES = List.of(0.25, 0.5, 1.0, 2.0, 4.0);
  public static final String UI = "ui:60hz:4ms";
  public static final String UI_MODEL = "inception-v3";

  private StudyPoints() {
  }

  /** Models of a profile that have a DAG in the shared traces (so CPU+GPU plans mean something). */
  public static List<String> modelsWithDag(SocProfile p, Path hope) {
    List<String> out = new ArrayList<>();
    for (String m : p.models().keySet()) {
      if (Files.isRegularFile(hope.resolve("models").resolve(m).resolve(m + ".dot"))) {
        out.add(m);
      }
    }
    return out;
  }

  public static List<SweepSpec.Point> points(Path hope) {
    List<SweepSpec.Point> pts = new ArrayList<>();
    for (String soc : PHONES) {
      SocProfile p = ProfileIo.load(soc);
      for (String m : modelsWithDag(p, hope)) {
        for (String s : STRATEGIES) {
          for (String g : GRAINS) {
            if (s.equals("adaptive") && !g.equals("op")) {
              continue; // adaptive already explores; one grain keeps the sweep fast
            }
            pts.add(new SweepSpec.Point(pts.size(), soc, m, s, g, "", "performance", 0, 4, 1, 1, 0));
          }
        }
      }
    }
    for (String soc : PHONES) {
      SocProfile p = ProfileIo.load(soc);
      if (!p.models().containsKey(UI_MODEL) || p.units().stream().noneMatch(u -> u.id().equals("gpu"))) {
        continue;
      }
      for (String s : List.of("solo-gpu", "solo-cpu")) {
        for (double hz : RATES) {
          pts.add(new SweepSpec.Point(pts.size(), soc, UI_MODEL, s, "op", UI, "performance", 0, 4, 1, 4, hz));
        }
      }
    }
    return pts;
  }
}
