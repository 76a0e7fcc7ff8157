package org.socsim.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socsim.traces.ort.OrtProfile;

class OrtDispatchTest {
  static OrtProfile profile(int threads, List<Double> runs) {
    List<OrtProfile.NodeStats> nodes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      nodes.add(new OrtProfile.NodeStats("n" + i, "Relu", List.of(new long[] {1, 8}), List.of(new long[] {1, 8}),
          100.0, runs.size()));
    }
    return new OrtProfile(Path.of("ort_m_cpu_t" + threads + ".json"), "m", threads, runs, nodes);
  }

  @Test
  void preemptedRunsAreReportedAndAMinorityDoesNotMoveTheDispatchEstimate() {
    // Kernels sum to 1000 us; quiet runs take 1100 us (10 us per op of framework time).
    List<Double> quiet = new ArrayList<>(java.util.Collections.nCopies(12, 1100.0));
    List<Double> busy = new ArrayList<>(quiet);
    for (int i = 0; i < 4; i++) {
      busy.set(i * 2, 1100.0 + 1000.0 * (i + 1)); // 4 of 12 runs preempted by up to 4 ms
    }
    busy.set(11, 1500.0);
    assertEquals(10.0, OrtCalibrator.dispatchUs(profile(1, quiet)), 1e-9);
    assertEquals(10.0, OrtCalibrator.dispatchUs(profile(1, busy)), 1e-9);
    assertTrue(OrtCalibrator.loadWarnings(List.of(profile(1, quiet))).isEmpty());
    List<String> w = OrtCalibrator.loadWarnings(List.of(profile(1, busy)));
    assertEquals(1, w.size());
    assertTrue(w.get(0).contains("under load"), w.get(0));
  }

  @Test
  void dispatchIsEstimatedPerThreadCount() {
    var by = OrtCalibrator.dispatchByThreads(List.of(profile(1, List.of(1100.0, 1100.0, 1100.0, 1100.0)),
        profile(2, List.of(1300.0, 1300.0, 1300.0, 1300.0))));
    assertEquals(10.0, by.get(1), 1e-9);
    assertEquals(30.0, by.get(2), 1e-9);
  }
}
