package org.socsim.study;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.socsim.profile.ProfileIo;
import org.socsim.profile.SocProfile;
import org.socsim.strategy.Strategies;
import org.socsim.strategy.Strategy;
import org.socsim.sweep.SweepSpec;

/**
 * The points of the study (Liu et al. 2024 analogues) on the bundled phone profiles: every single-model strategy
 * on every model with a DAG, at several scheduling grains (Fig 2, 3, 4), and GPU vs CPU placement beside 60 Hz
 * UI rendering at growing inference rates (Fig 5). A second, separate sweep ({@link #uiCostPoints}) varies the
 * assumed GPU cost of a UI frame, so the main sweep's rows stay those of the default study.
 */
public final class StudyPoints {
  public static final List<String> PHONES = List.of("redmi", "mi9", "snapdragon_855", "oneplus5t", "oneplus3",
      "huawei_mate_20", "lenovo_k5", "device2", "device3", "npu");
  public static final List<String> STRATEGIES = List.of("solo-cpu", "solo-gpu", "solo-little", "solo-npu",
      "greedy-eft", "heft", "cpop", "hope-greedy", "mosaic", "branch-parallel", "channel-split", "codl", "adaptive");
  public static final List<String> GRAINS = List.of("model", "subgraph:16", "subgraph:4", "op", "tile:2");
  public static final List<Double> RATES = List.of(0.25, 0.5, 1.0, 2.0, 4.0);
  /** The UI assumption of Fig 5: 60 Hz refresh, 4 ms of GPU work per frame, rendered on the GPU only. */
  public static final String UI = "ui:60hz:4ms";
  public static final double UI_HZ = 60;
  public static final double UI_MS = 4;
  /** GPU cost per UI frame swept to show how the frame-drop finding depends on {@link #UI_MS}. */
  public static final List<Double> UI_COSTS_MS = List.of(2.0, 4.0, 6.0, 8.0);
  public static final String UI_MODEL = "inception-v3";
  /** Placements of the UI experiment: whole model on the GPU vs on the big CPU cluster. */
  public static final List<String> UI_PLACEMENTS = List.of("solo-gpu", "solo-cpu");

  private StudyPoints() {
  }

  /**
   * What the study covers: strategies (in column order), SoCs and models (empty = every model with a DAG). The
   * default is the study as published; {@code reproduce --strategies/--socs/--models} narrow or extend it.
   */
  public record Selection(List<String> strategies, List<String> socs, List<String> models) {
    public static final Selection DEFAULT = new Selection(STRATEGIES, PHONES, List.of());

    public Selection {
      strategies = List.copyOf(strategies);
      socs = List.copyOf(socs);
      models = List.copyOf(models);
    }

    boolean model(String m) {
      return models.isEmpty() || models.contains(m);
    }

    /**
     * The selection of {@code reproduce --strategies/--socs/--models} (null or empty = the default's), checked:
     * every strategy must be registered ({@link Strategies}, so a new strategy class joins without code edits),
     * every SoC a bundled profile, every model present with a DAG on at least one chosen SoC.
     */
    public static Selection of(List<String> strategies, List<String> socs, List<String> models, Path hope) {
      List<String> st = strategies == null || strategies.isEmpty() ? STRATEGIES : strategies;
      List<String> so = socs == null || socs.isEmpty() ? PHONES : socs;
      List<String> mo = models == null ? List.of() : models;
      List<String> known = Strategies.all().stream().map(Strategy::name).toList();
      for (String s : st) {
        if (!known.contains(s)) {
          throw new IllegalArgumentException("--strategies: unknown strategy '" + s + "'; known: " + known);
        }
        if (s.equals("replay")) {
          throw new IllegalArgumentException("--strategies: 'replay' runs a recorded placement (run --plan FILE);"
              + " the study's points have none");
        }
      }
      List<String> bundled = ProfileIo.bundled();
      for (String s : so) {
        if (!bundled.contains(s)) {
          throw new IllegalArgumentException("--socs: " + ProfileIo.unknownSoc(s));
        }
      }
      if (!mo.isEmpty()) {
        List<String> have = new ArrayList<>();
        so.forEach(s -> have.addAll(modelsWithDag(ProfileIo.load(s), hope)));
        for (String m : mo) {
          if (!have.contains(m)) {
            throw new IllegalArgumentException("--models: no SoC of " + so + " has '" + m + "' with a DAG; they have: "
                + have.stream().distinct().sorted().toList());
          }
        }
      }
      return new Selection(st, so, mo);
    }
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
    return points(hope, Selection.DEFAULT);
  }

  public static List<SweepSpec.Point> points(Path hope, Selection sel) {
    List<SweepSpec.Point> pts = new ArrayList<>();
    for (String soc : sel.socs()) {
      SocProfile p = ProfileIo.load(soc);
      for (String m : modelsWithDag(p, hope)) {
        if (!sel.model(m)) {
          continue;
        }
        for (String s : sel.strategies()) {
          for (String g : GRAINS) {
            if (s.equals("adaptive") && !g.equals("op")) {
              continue; // adaptive already explores; one grain keeps the sweep fast
            }
            pts.add(new SweepSpec.Point(pts.size(), soc, m, s, g, "", "performance", 0, 4, 1, 1, 0));
          }
        }
      }
    }
    uiPoints(sel, List.of(UI), pts);
    return pts;
  }

  /** The UI experiment again with the GPU cost per frame swept over {@link #UI_COSTS_MS} (its own sweep). */
  public static List<SweepSpec.Point> uiCostPoints(Selection sel) {
    List<SweepSpec.Point> pts = new ArrayList<>();
    uiPoints(sel, UI_COSTS_MS.stream().map(StudyPoints::ui).toList(), pts);
    return pts;
  }

  /** The background spec of a 60 Hz UI costing {@code ms} of GPU time per frame. */
  public static String ui(double ms) {
    return String.format(Locale.ROOT, "ui:%shz:%sms", num(UI_HZ), num(ms));
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  private static void uiPoints(Selection sel, List<String> uis, List<SweepSpec.Point> pts) {
    if (!sel.model(UI_MODEL)) {
      return;
    }
    for (String soc : sel.socs()) {
      SocProfile p = ProfileIo.load(soc);
      if (!p.models().containsKey(UI_MODEL) || p.units().stream().noneMatch(u -> u.id().equals("gpu"))) {
        continue;
      }
      for (String ui : uis) {
        for (String s : UI_PLACEMENTS) {
          for (double hz : RATES) {
            pts.add(new SweepSpec.Point(pts.size(), soc, UI_MODEL, s, "op", ui, "performance", 0, 4, 1, 4, hz));
          }
        }
      }
    }
  }
}
