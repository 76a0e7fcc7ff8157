package org.socsim.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.socsim.traces.hope.HopeCatalog;

class CrossDeviceTablesTest {
  /** A table with ops named prefix0..n-1 (last path component given), cpu-big 1/2/4 and gpu from base latencies. */
  private static SocProfile.ModelTable table(String runtime, Map<String, Double> base, DoubleUnaryOperator speed,
      List<String> gpuUnsupported, double dispatch, double copy) {
    Map<String, Map<String, List<Double>>> ops = new LinkedHashMap<>();
    base.forEach((op, us) -> {
      double v = speed.applyAsDouble(us);
      Map<String, List<Double>> byUnit = new LinkedHashMap<>();
      byUnit.put("cpu-big", List.of(v, v / 2, v / 4));
      byUnit.put("gpu", List.of(v / 3));
      ops.put(op, byUnit);
    });
    return new SocProfile.ModelTable(runtime, ops, gpuUnsupported, Map.of("cpu-big", dispatch, "gpu", dispatch),
        Map.of("cpu->gpu", copy, "gpu->cpu", copy), null, 1000.0);
  }

  private static Map<String, Double> ops(String prefix, String kind, int n, double us) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put(prefix + "/op" + i + "/" + kind, us * (1 + i % 5));
    }
    return m;
  }

  private static SocProfile profile(String name, Map<String, SocProfile.ModelTable> models) {
    return new SocProfile(SocProfile.SCHEMA, name, "", List.of(),
        List.of(new SocProfile.UnitSpec("cpu-big", "CPU", 4, 1, 0, List.of(1, 2, 4)),
            new SocProfile.UnitSpec("gpu", "GPU", 1, 1, 0, List.of(1))),
        Map.of(), models, null, null, List.of());
  }

  private static double cell(SocProfile.ModelTable t, String op, String unit, int k) {
    return t.ops().get(op).get(unit).get(k);
  }

  @Test
  void uniformSpeedRatioIsLearnedOnOtherModelsAndAppliedToTheHeldOutOne() {
    Map<String, Double> m1 = ops("m1", "Conv2D", 10, 100);
    Map<String, Double> m2 = ops("m2", "Conv2D", 10, 50);
    Map<String, Double> m3 = ops("m3", "Conv2D", 10, 70);
    SocProfile a = profile("a", Map.of("m1", table("MNN", m1, x -> x, List.of(), 5, 7),
        "m2", table("MNN", m2, x -> x, List.of(), 5, 7), "m3", table("MNN", m3, x -> x, List.of("m3/op1/Conv2D"), 5, 7)));
    // the target is 2x slower than a; its own m3 table is garbage and must not matter
    SocProfile b = profile("b", Map.of("m1", table("MNN", m1, x -> 2 * x, List.of(), 11, 20),
        "m2", table("MNN", m2, x -> 2 * x, List.of(), 13, 30),
        "m3", table("MNN", m3, x -> 1000 * x, List.of(), 999, 999)));
    CrossDeviceTables.Prediction p = CrossDeviceTables.predict(b, "m3", Map.of("a", a, "b", b));
    assertTrue(p.table().isPresent(), p.reason());
    SocProfile.ModelTable t = p.table().get();
    for (String op : m3.keySet()) {
      assertEquals(2 * m3.get(op), cell(t, op, "cpu-big", 0), 1e-6, op);
      assertEquals(2 * m3.get(op) / 4, cell(t, op, "cpu-big", 2), 1e-6, op);
      assertEquals(2 * m3.get(op) / 3, cell(t, op, "gpu", 0), 1e-3, op);
    }
    assertEquals(List.of("m3/op1/Conv2D"), t.gpuUnsupported(), "GPU support comes from the donors");
    assertEquals(12.0, t.dispatchUs().get("cpu-big"), 1e-9, "dispatch: median of the target's other models");
    assertEquals(25.0, t.copyUs().get("cpu->gpu"), 1e-9, "copies: median of the target's other models");
    assertEquals(1000.0, t.tensorBytes(), 1e-9);
    // removing the target's own m3 table changes nothing
    SocProfile bWithout = profile("b", Map.of("m1", b.models().get("m1"), "m2", b.models().get("m2")));
    assertEquals(t, CrossDeviceTables.predict(bWithout, "m3", Map.of("a", a)).table().get());
  }

  @Test
  void opCategoriesGetTheirOwnRatiosAndDonorsAreCombinedGeometrically() {
    Map<String, Double> m1 = new LinkedHashMap<>(ops("m1", "Conv2D", 25, 100));
    m1.putAll(ops("m1", "MaxPool", 25, 10));
    Map<String, Double> m2 = new LinkedHashMap<>(ops("m2", "Conv2D", 25, 80));
    m2.putAll(ops("m2", "MaxPool", 25, 8));
    Map<String, Double> m3 = new LinkedHashMap<>(ops("m3", "Conv2D", 3, 60));
    m3.putAll(ops("m3", "AvgPool", 3, 6));
    m3.put("m3/logits/Softmax", 5.0);
    DoubleUnaryOperator id = x -> x;
    SocProfile a = profile("a", Map.of("m1", table("MNN", m1, id, List.of(), 1, 1), "m2", table("MNN", m2, id, List.of(), 1, 1),
        "m3", table("MNN", m3, id, List.of(), 1, 1)));
    SocProfile c = profile("c", Map.of("m1", table("MNN", m1, x -> 4 * x, List.of(), 1, 1),
        "m2", table("MNN", m2, x -> 4 * x, List.of(), 1, 1), "m3", table("MNN", m3, x -> 4 * x, List.of(), 1, 1)));
    // target: convolutions 3x slower than a, pooling as fast as a
    Map<String, SocProfile.ModelTable> tm = new LinkedHashMap<>();
    for (var e : Map.of("m1", m1, "m2", m2).entrySet()) {
      Map<String, Double> scaled = new LinkedHashMap<>();
      e.getValue().forEach((op, us) -> scaled.put(op, op.endsWith("Conv2D") ? 3 * us : us));
      tm.put(e.getKey(), table("MNN", scaled, id, List.of(), 1, 1));
    }
    SocProfile b = profile("b", tm);
    SocProfile.ModelTable t = CrossDeviceTables.predict(b, "m3", Map.of("a", a, "c", c)).table().orElseThrow();
    assertEquals(3 * 60.0, cell(t, "m3/op0/Conv2D", "cpu-big", 0), 1e-3);
    assertEquals(6.0, cell(t, "m3/op0/AvgPool", "cpu-big", 0), 1e-3, "pooling ratio (1x), not the conv one");
    // other category: too few shared ops of its own, so the pooled time-weighted ratio (conv-dominated)
    double pooled = cell(t, "m3/logits/Softmax", "cpu-big", 0) / 5.0;
    assertTrue(pooled > 2.5 && pooled < 3.0, "pooled ratio " + pooled);
    assertEquals(CrossDeviceTables.Category.DEPTHWISE, CrossDeviceTables.category("cell_0/x/separable_conv2d/depthwise"));
    assertEquals(CrossDeviceTables.Category.CONV, CrossDeviceTables.category("cell_0/x/separable_conv2d"));
    assertEquals(CrossDeviceTables.Category.CONCAT, CrossDeviceTables.category("Mixed_5b/concat"));
    assertEquals(CrossDeviceTables.Category.ELTWISE, CrossDeviceTables.category("cell_0/add_1"));
  }

  @Test
  void sameRuntimeModelsAreThePreferredRatioSource() {
    Map<String, Double> mnn = ops("m1", "Conv2D", 10, 100);
    Map<String, Double> acl1 = ops("acl-1", "convolution", 10, 100);
    Map<String, Double> acl2 = ops("acl-2", "convolution", 10, 100);
    DoubleUnaryOperator id = x -> x;
    SocProfile q = profile("q", Map.of("m1", table("MNN", mnn, id, List.of(), 1, 1),
        "acl-1", table("ACL", acl1, id, List.of(), 1, 1), "acl-2", table("ACL", acl2, id, List.of(), 1, 1)));
    SocProfile p = profile("p", Map.of("m1", table("MNN", mnn, x -> 10 * x, List.of(), 1, 1),
        "acl-1", table("ACL", acl1, x -> 2 * x, List.of(), 1, 1)));
    SocProfile.ModelTable t = CrossDeviceTables.predict(p, "acl-2", Map.of("q", q)).table().orElseThrow();
    assertEquals(2 * 100.0, cell(t, "acl-2/op0/convolution", "cpu-big", 0), 1e-6);
  }

  @Test
  void skipsWithAReasonWhenNoOtherPhoneMeasuredTheModelOrSharesNothing() {
    Map<String, Double> m1 = ops("m1", "Conv2D", 5, 100);
    Map<String, Double> m2 = ops("m2", "Conv2D", 5, 100);
    SocProfile p = profile("p", Map.of("m1", table("MNN", m1, x -> x, List.of(), 1, 1),
        "m2", table("MNN", m2, x -> x, List.of(), 1, 1)));
    CrossDeviceTables.Prediction none = CrossDeviceTables.predict(p, "m2", Map.of("p", p));
    assertFalse(none.table().isPresent(), "the target's own table is never used");
    assertTrue(none.reason().contains("no other phone measured m2"), none.reason());
    SocProfile q = profile("q", Map.of("m2", table("MNN", m2, x -> x, List.of(), 1, 1)));
    CrossDeviceTables.Prediction noShared = CrossDeviceTables.predict(p, "m2", Map.of("q", q));
    assertFalse(noShared.table().isPresent());
    assertTrue(noShared.reason().contains("shares a measured model"), noShared.reason());
  }

  @Test
  void littleClusterNoDonorMeasuredIsPredictedFromTheirBigCluster() {
    Map<String, Double> m1 = ops("m1", "Conv2D", 5, 100);
    Map<String, Double> m2 = ops("m2", "Conv2D", 5, 40);
    SocProfile q = profile("q", Map.of("m1", table("MNN", m1, x -> x, List.of(), 1, 1),
        "m2", table("MNN", m2, x -> x, List.of(), 1, 1)));
    SocProfile.ModelTable own = table("MNN", m1, x -> x, List.of(), 1, 1);
    Map<String, Map<String, List<Double>>> withLittle = new LinkedHashMap<>();
    own.ops().forEach((op, byUnit) -> {
      Map<String, List<Double>> u = new LinkedHashMap<>(byUnit);
      u.put("cpu-little", byUnit.get("cpu-big").stream().map(v -> 2.5 * v).toList());
      withLittle.put(op, u);
    });
    SocProfile p = profile("p", Map.of("m1", new SocProfile.ModelTable("MNN", withLittle, List.of(), Map.of(), Map.of(),
        null, null)));
    SocProfile.ModelTable t = CrossDeviceTables.predict(p, "m2", Map.of("q", q)).table().orElseThrow();
    assertEquals(2.5 * 40.0 / 2, cell(t, "m2/op0/Conv2D", "cpu-little", 1), 1e-6);
  }

  /** Tables with cpu-big 1/2/4 = v, v / 2, v * s4 (s4: the 4-thread factor of the phone). */
  private static SocProfile.ModelTable scaled(Map<String, Double> base, double speed, double s2, double s4) {
    Map<String, Map<String, List<Double>>> ops = new LinkedHashMap<>();
    base.forEach((op, us) -> ops.put(op, Map.of("cpu-big", List.of(speed * us, speed * us * s2, speed * us * s4))));
    return new SocProfile.ModelTable("MNN", ops, List.of(), Map.of(), Map.of(), null, null);
  }

  @Test
  void targetsOwnThreadSpeedUpIsCombinedWithTheDonorsColumn() {
    // the target runs 4 threads no faster than 2 on every model; the donor speeds up 2x from 2 to 4 threads on m1,
    // m2 but only 1.25x on the held-out m3: its 4-thread column would carry that model's quirk over to the target
    Map<String, Double> m1 = ops("m1", "Conv2D", 10, 100);
    Map<String, Double> m2 = ops("m2", "Conv2D", 10, 50);
    Map<String, Double> m3 = ops("m3", "Conv2D", 10, 70);
    SocProfile q = profile("q", Map.of("m1", scaled(m1, 1, 0.5, 0.25), "m2", scaled(m2, 1, 0.5, 0.25),
        "m3", scaled(m3, 1, 0.5, 0.4)));
    // (4 threads 4 % slower than 2, as mi9; an exact copy of the 2-thread column would be ignored as a copied file)
    SocProfile p = profile("p", Map.of("m1", scaled(m1, 2, 0.5, 0.52), "m2", scaled(m2, 2, 0.5, 0.52)));
    CrossDeviceTables.Prediction pr = CrossDeviceTables.predict(p, "m3", Map.of("q", q));
    SocProfile.ModelTable t = pr.table().orElseThrow();
    double donorOnly = 70.0 * 0.4 * (2 * 0.52 / 0.25); // q's 4-thread cell x the learned 4-thread ratio p/q
    double ownScaling = 2 * 70.0 * 0.5 * 1.04; // p's 2-thread prediction x p's own 4/2 factor
    double got = cell(t, "m3/op0/Conv2D", "cpu-big", 2);
    assertTrue(got > ownScaling * 0.99 && got < donorOnly, "4 threads " + got + " between " + ownScaling
        + " and " + donorOnly);
    assertTrue(got - ownScaling < donorOnly - got, "closer to the target's own scaling: " + got);
    assertEquals(2 * 70.0, cell(t, "m3/op0/Conv2D", "cpu-big", 0), 1e-6, "1 thread: donors only");
    assertTrue(pr.notes().stream().anyMatch(n -> n.startsWith("cpu-big[2] from own [1]")), pr.notes().toString());
  }

  @Test
  void aThreadColumnCopiedFromAnotherTeachesNoRatio() {
    Map<String, Double> m1 = ops("m1", "Conv2D", 10, 100);
    Map<String, Double> m2 = ops("m2", "Conv2D", 10, 50);
    Map<String, Double> m3 = ops("m3", "Conv2D", 10, 70);
    assertTrue(TableColumns.copiedColumn(scaled(m1, 1, 0.5, 0.5), "cpu-big", 2));
    assertFalse(TableColumns.copiedColumn(scaled(m1, 1, 0.5, 0.25), "cpu-big", 2));
    // of two equal columns the one of more threads is the copy: the 2-thread column keeps its meaning
    assertFalse(TableColumns.copiedColumn(scaled(m1, 1, 0.5, 0.5), "cpu-big", 1));
    // p's m2 4-thread column is a copy of its 2-thread one: the 4-thread ratio is learned on m1 alone
    SocProfile q = profile("q", Map.of("m1", scaled(m1, 1, 0.5, 0.25), "m2", scaled(m2, 1, 0.5, 0.25),
        "m3", scaled(m3, 1, 0.5, 0.25)));
    SocProfile p = profile("p", Map.of("m1", scaled(m1, 2, 0.5, 0.25), "m2", scaled(m2, 2, 0.5, 0.5)));
    CrossDeviceTables.Prediction pr = CrossDeviceTables.predict(p, "m3", Map.of("q", q));
    assertTrue(pr.notes().stream().anyMatch(n -> n.startsWith("cpu-big[2]: q x2.000 (sd 0.150, 1 models")),
        pr.notes().toString());
    assertEquals(2 * 70.0 * 0.25, cell(pr.table().orElseThrow(), "m3/op0/Conv2D", "cpu-big", 2), 1e-3);
  }

  /** The real HOPE phones: inception-v4 on oneplus5t from the other phones, vs oneplus5t's own (unseen) table. */
  @Test
  void realTracesPredictAHeldOutModelWithinFifteenPercentPerColumn() {
    Path hope = sharedHope();
    HopeCatalog catalog = HopeCatalog.scan(hope);
    String model = "inception-v4";
    String target = "oneplus5t";
    Map<String, SocProfile> all = new LinkedHashMap<>();
    for (String d : catalog.devices(model)) {
      all.put(d, new HopeCalibrator(catalog, d, false).build());
    }
    SocProfile.ModelTable actual = all.get(target).models().get(model);
    CrossDeviceTables.Prediction p = CrossDeviceTables.predict(all.get(target), model, all);
    assertTrue(p.table().isPresent(), p.reason());
    SocProfile.ModelTable t = p.table().get();
    assertTrue(p.notes().get(0).contains("predicted from huawei_mate_20, lenovo_k5, mi9, redmi, snapdragon_855"),
        p.notes().toString());
    for (String unit : List.of("cpu-big", "gpu")) {
      for (int k = 0; k < (unit.equals("gpu") ? 1 : 3); k++) {
        double predicted = 0;
        double measured = 0;
        for (var e : actual.ops().entrySet()) {
          if (e.getValue().containsKey(unit) && t.ops().containsKey(e.getKey())
              && t.ops().get(e.getKey()).containsKey(unit)) {
            predicted += t.ops().get(e.getKey()).get(unit).get(k);
            measured += e.getValue().get(unit).get(k);
          }
        }
        assertTrue(measured > 0, unit + k);
        double err = Math.abs(predicted / measured - 1);
        assertTrue(err < 0.15, unit + "[" + k + "] sum predicted " + predicted + " vs measured " + measured);
      }
    }
    // every op of the model has a prediction, and no phone that lacks the model is a donor
    assertEquals(actual.ops().keySet(), t.ops().keySet());
    Optional<SocProfile.ModelTable> unknown = CrossDeviceTables.predict(all.get(target), "no-such-model", all).table();
    assertFalse(unknown.isPresent());
  }

  /** ../shared/traces/hope-mnn; skips when absent, but fails under CI=true (the data must be there). */
  static Path sharedHope() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path c = d.resolveSibling("shared").resolve("traces").resolve("hope-mnn");
      if (Files.isDirectory(c)) {
        return c;
      }
    }
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("../shared/traces/hope-mnn not found beside the project, and CI=true: the real-trace test must run in CI");
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError("CI=true but ../shared/traces/hope-mnn is missing beside the project");
    }
    assumeTrue(false, "../shared/traces/hope-mnn not found beside the project: real-trace cross-device test skipped");
    return null;
  }
}
