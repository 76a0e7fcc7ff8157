package org.socsim.traces.hope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socsim.graph.ModelGraph;
import org.socsim.traces.TraceFormatException;

class ReadersTest {
  @TempDir
  Path tmp;

  @Test
  void cyclicDotNamesFileAndLine() throws Exception {
    Path f = tmp.resolve("cyc.dot");
    Files.writeString(f, "digraph G {\n\"a\"->\"b\";\n\"b\"->\"a\";\n\"a\" [weight=1.0];\n}");
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> DotReader.read(f, "cyc"));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().startsWith(f + ":2: expected an acyclic graph"), e.getMessage());
  }

  @Test
  void missingFileIsAFormatError() {
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> Layerwise.read(tmp.resolve("absent.csv")));
    assertEquals(0, e.line());
  }

  @Test
  void malformedTimelineRowNamesItsLine() throws Exception {
    Path f = tmp.resolve("t.csv");
    Files.writeString(f, "a CPU 10 0 10\nb CPU 5 12\n");
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> MeasuredTimeline.read(f));
    assertEquals(2, e.line());
  }

  @Test
  void knownTruncatedRowsAreSkippedAndRunsAreSplitByFirstOp() throws Exception {
    Path f = tmp.resolve("t.csv");
    Files.writeString(f, "a CPU 10 0 10\nb OpenCL 5 12 17\nCPU 0 0\na CPU 11 1 12\nb OpenCL 6 13 19\n");
    MeasuredTimeline t = MeasuredTimeline.read(f);
    assertEquals(2, t.runs().size());
    assertEquals(1, t.skippedRows());
    assertEquals(17.0, t.endToEndUs(0), 0.0);
    assertEquals(18.0, t.endToEndUs(1), 0.0);
    assertEquals(17.5, t.medianEndToEndUs(), 0.0);
  }

  /** Runs of 10, 10, 12, 12 us end to end: halves' medians 10 and 12 over the median 11: 18.18 %. */
  @Test
  void halfToHalfSpreadComparesTheMediansOfTheTwoHalvesOfTheRuns() throws Exception {
    Path f = tmp.resolve("h.csv");
    Files.writeString(f, "a CPU 10 0 10\na CPU 10 0 10\na CPU 12 0 12\na CPU 12 0 12\n");
    assertEquals(100.0 * 2 / 11, MeasuredTimeline.read(f).halfToHalfPct(), 1e-9);
    Path g = tmp.resolve("g.csv");
    Files.writeString(g, "a CPU 10 0 10\na CPU 10 0 10\na CPU 12 0 12\n");
    assertTrue(Double.isNaN(MeasuredTimeline.read(g).halfToHalfPct()), "three runs: no spread");
    // halves in time, not sorted halves: 10, 12, 10, 12 has the same median in both halves
    Path h = tmp.resolve("alt.csv");
    Files.writeString(h, "a CPU 10 0 10\na CPU 12 0 12\na CPU 10 0 10\na CPU 12 0 12\n");
    assertEquals(0.0, MeasuredTimeline.read(h).halfToHalfPct(), 1e-9);
    // five runs: the first 2 against the last 3 (medians 10 and 12) over the median of all (12)
    Path five = tmp.resolve("five.csv");
    Files.writeString(five, "a CPU 10 0 10\na CPU 10 0 10\na CPU 12 0 12\na CPU 12 0 12\na CPU 12 0 12\n");
    assertEquals(100.0 * 2 / 12, MeasuredTimeline.read(five).halfToHalfPct(), 1e-9);
  }

  @Test
  void layerwiseWithInconsistentColumnsIsRejected() throws Exception {
    Path f = tmp.resolve("lw.csv");
    Files.writeString(f, "a 1 2 3 4\nb 1 2 3 4 5 6 7\n");
    assertEquals(2, assertThrows(TraceFormatException.class, () -> Layerwise.read(f)).line());
  }

  @Test
  void realInceptionV3DagHas130Ops() {
    Path hope = SharedTraces.hope();
    ModelGraph g = DotReader.read(hope.resolve("models/inception-v3/inception-v3.dot"), "inception-v3");
    assertEquals(130, g.size());
    assertEquals(130, g.topologicalOrder().length);
  }

  @Test
  void realParallelTimelineMatchesPublishedMedian() {
    Path hope = SharedTraces.hope();
    MeasuredTimeline t = MeasuredTimeline.read(
        hope.resolve("models/inception-v3/redmi/inception-v3-redmi-cpu-2-parallel.csv"));
    assertEquals(10, t.runs().size());
    assertEquals(165, t.runs().get(0).size());
    assertTrue(t.isParallel());
    // FORMAT.md section 3 lists 626.6 ms as this file's median end-to-end
    assertEquals(626.6, t.medianEndToEndUs() / 1000.0, 0.05);
  }

  @Test
  void realRawLogFormatIsRead() {
    Path hope = SharedTraces.hope();
    MeasuredTimeline t = MeasuredTimeline.read(hope.resolve("models/inception-v4/redmi/inception-v4-parallel-cpu-4.csv"));
    assertEquals(10, t.runs().size());
    assertEquals(986.3, t.medianEndToEndUs() / 1000.0, 0.05);
  }

  @Test
  void realTransferTableAndDeviceMapAreRead() {
    Path hope = SharedTraces.hope();
    TransferTable tt = TransferTable.read(hope.resolve("models/inception-v3/redmi/inception-v3-redmi-data-trans.csv"));
    assertEquals(1 * 32 * 149 * 149, tt.rows().get(0).elements());
    DeviceMap m = DeviceMap.read(hope.resolve("models/inception-v3/redmi/mDeviceMap-inception-v3-cpu-2.txt.op"));
    assertTrue(m.codes().size() > 100);
  }

  @Test
  void catalogSkipsByteIdenticalCopies() {
    HopeCatalog c = HopeCatalog.scan(SharedTraces.hope());
    assertTrue(c.notes().stream().anyMatch(n -> n.reason().startsWith("byte-identical")));
    assertTrue(c.timelines().stream().filter(t -> t.kind() == HopeCatalog.Kind.PARALLEL).count() >= 13);
  }

  @Test
  void catalogFlagsCpuRunsWhoseThreadScalingNoClusterHas() {
    HopeCatalog c = HopeCatalog.scan(SharedTraces.hope());
    // huawei_mate_20 inception-v3 cpu-1/2/4: 539 / 149 / 357 ms (x3.61 from 1 to 2 threads, then x0.42)
    String why = c.inconsistentScaling("inception-v3", "huawei_mate_20", "cpu-big").orElseThrow();
    assertTrue(why.contains("1 to 2 threads x3.61") && why.contains("2 to 4 threads x0.42"), why);
    long flagged = c.timelines().stream().filter(t -> c.inconsistentScaling(t).isPresent()).count();
    assertEquals(3, flagged, "only that set: every other set speeds up x1.29..x2.33 per doubling");
    assertTrue(c.inconsistentScaling("inception-v4", "huawei_mate_20", "cpu-big").isEmpty());
  }

  @Test
  void catalogSkipsTheNoWaitHalfOfAnOlderRuntimesGpuPair() {
    HopeCatalog c = HopeCatalog.scan(SharedTraces.hope());
    // redmi-pnasnet-mobile-gpu.csv has redmi-pnasnet-mobile-gpu-onwait.csv beside it (FORMAT.md 2.1)
    assertTrue(c.notes().stream().anyMatch(n -> n.path().getFileName().toString().equals("redmi-pnasnet-mobile-gpu.csv")
        && n.reason().startsWith("no-wait variant of an older runtime")), c.notes().toString());
    assertTrue(c.timelines().stream().anyMatch(t -> t.path().getFileName().toString()
        .equals("redmi-pnasnet-mobile-gpu-1.csv")), "the current runtime's GPU file stays");
    assertTrue(c.timelines().stream().anyMatch(t -> t.path().getFileName().toString()
        .equals("redmi-inception-gpu.csv")), "a gpu.csv without an -onwait pair stays");
  }
}
