package org.socsim.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socsim.profile.SocProfile;

class ClusterSplitCheckTest {
  /** An op whose clusters take tb and tl at 4 threads (columns 1, 2, 4 threads; only index 2 is used). */
  private static Map<String, List<Double>> op(double tb, double tl) {
    return Map.of("cpu-big", List.of(0.0, 0.0, tb), "cpu-little", List.of(0.0, 0.0, tl));
  }

  private static SocProfile.ModelTable table(Map<String, Map<String, List<Double>>> ops) {
    return new SocProfile.ModelTable("mnn", ops, List.of(), null, null, null, null);
  }

  @Test
  void equalClustersHalveEachOpWhenSlicesAreFreeAndPayTheFixedPartOtherwise() {
    SocProfile.ModelTable t = table(Map.of("a", op(100, 100), "b", op(300, 300)));
    assertEquals(0.5, ClusterSplitCheck.predicted(t, 2, 2, 0), 1e-12);
    // each slice pays 0.262 of the whole op on top of its half
    assertEquals(0.762, ClusterSplitCheck.predicted(t, 2, 2, 0.262), 1e-12);
    // a fixed part of 0.5 or more makes splitting no faster than the whole op on one cluster
    assertEquals(1.0, ClusterSplitCheck.predicted(t, 2, 2, 0.6), 1e-12);
  }

  @Test
  void unequalClustersSplitAtTheBalancingShare() {
    // big 100, little 200: free slices balance at 2/3 on big, 66.7 us, 0.667 of the big time
    SocProfile.ModelTable t = table(Map.of("a", op(100, 200)));
    assertEquals(2.0 / 3, ClusterSplitCheck.predicted(t, 2, 2, 0), 1e-12);
    // with share s: f = (200 + s * 100) / 300, time (f + s) * 100
    double s = 0.2;
    assertEquals(((200 + s * 100) / 300 + s), ClusterSplitCheck.predicted(t, 2, 2, s), 1e-12);
  }
}
