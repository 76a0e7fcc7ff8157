package org.socsim.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socsim.traces.hope.HopeCatalog;
import org.socsim.traces.hope.MeasuredTimeline;
import org.socsim.traces.hope.MeasuredTimeline.Proc;

class CoRunFitterTest {
  private static MeasuredTimeline.Row row(Proc p, double start, double end) {
    return new MeasuredTimeline.Row("op", p, end - start, start, end, 1);
  }

  @Test
  void busyIntervalsMergeAndOverlapIsMeasuredAgainstThem() {
    List<MeasuredTimeline.Row> run = List.of(row(Proc.GPU, 0, 10), row(Proc.GPU, 5, 20), row(Proc.GPU, 30, 40),
        row(Proc.CPU, 0, 100));
    double[][] gpu = CoRunFitter.busy(run, Proc.GPU);
    assertEquals(2, gpu.length);
    assertEquals(20, gpu[0][1], 0);
    assertEquals(30, CoRunFitter.overlap(0, 100, gpu), 1e-9);
    assertEquals(10, CoRunFitter.overlap(15, 35, gpu), 1e-9);
    assertEquals(0, CoRunFitter.overlap(20, 30, gpu), 1e-9);
  }

  @Test
  void aFileEstimateIsOverlappedOverSoloMediansAndNeedsTenOfEach() {
    List<double[]> pts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      pts.add(new double[] {1.0, 1.10 + 0.001 * i}); // overlapped: median 1.1045
      pts.add(new double[] {0.0, 0.95 + 0.001 * i}); // solo: median 0.9545
      pts.add(new double[] {0.5, 9.0}); // partly overlapped: in neither group
    }
    assertEquals(1.1045 / 0.9545, CoRunFitter.ratio(pts), 1e-9);
    assertTrue(Double.isNaN(CoRunFitter.ratio(pts.subList(0, 27))), "9 of each is too few");
  }

  @Test
  void theFitIsTheMedianOverFilesFlooredAtZeroAndCanLeaveFilesOut() {
    Path root = Path.of("/t");
    List<CoRunFitter.FileEstimate> est = new ArrayList<>();
    double[][] v = {{1.02, 0.9}, {1.06, Double.NaN}, {1.04, 0.95}};
    for (int i = 0; i < v.length; i++) {
      est.add(new CoRunFitter.FileEstimate(new HopeCatalog.TimelineFile(root.resolve("f" + i), "m" + i, "d",
          HopeCatalog.Kind.PARALLEL, "cpu", 2), v[i][0], v[i][1]));
    }
    SocProfile.CoRunSpec all = CoRunFitter.fit(est, f -> true, root, "t");
    assertEquals(0.04, all.slowdown().get("cpu"), 1e-9);
    assertEquals(0.0, all.slowdown().get("gpu"), 1e-9, "faster when co-running: floored");
    assertEquals(3, all.perFile().size());
    assertTrue(all.perFile().get(1).endsWith("gpu n/a"), all.perFile().toString());
    SocProfile.CoRunSpec noF1 = CoRunFitter.fit(est, f -> !f.model().equals("m1"), root, "t");
    assertEquals(0.03, noF1.slowdown().get("cpu"), 1e-9);
    assertNull(CoRunFitter.fit(est, f -> false, root, "t"));
  }

  @Test
  void theBundledRedmiProfileCarriesTheFitOfItsCoRunTimelines() {
    Path hope = CrossDeviceTablesTest.sharedHope();
    SocProfile redmi = ProfileIo.load("redmi");
    HopeCatalog catalog = HopeCatalog.scan(hope);
    SocProfile.CoRunSpec fit = CoRunFitter.fit(CoRunFitter.estimates(catalog, redmi), f -> true, hope, "x");
    assertEquals(redmi.platform().coRun().slowdown(), fit.slowdown(), "recalibrate: soc-models/calibrate-bundled.sh");
    assertEquals(11, fit.perFile().size());
    assertTrue(fit.slowdown().get("cpu") > 0 && fit.slowdown().get("gpu") > 0, fit.slowdown().toString());
    // a phone without co-run timelines gets no fit
    assertNull(CoRunFitter.fit(CoRunFitter.estimates(catalog, ProfileIo.load("mi9")), f -> true, hope, "x"));
  }
}
