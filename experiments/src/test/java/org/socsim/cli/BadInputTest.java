package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flags and specs that used to hang, print a stack trace, or pass silently: one line, exit 2, nothing written. */
class BadInputTest {
  @TempDir
  Path tmp;

  static void oneLine(CliTest.Out o, String expect) {
    assertEquals(2, o.code(), o.out() + o.err());
    assertTrue(o.err().contains(expect), o.err());
    assertEquals(1, o.err().strip().split("\n").length, o.err());
  }

  @Test
  void contentionRefusesBadOptionsBeforePrintingAnyRow() {
    SharedGate.need("../shared not found: bad-input test on real traces skipped");
    String[][] cases = {{"--bandwidths", "-5", "--bandwidths: expected GB/s"}, {"--bandwidths", "NaN", "got NaN"},
        {"--rates", "1,-1", "--rates: expected rates in Hz"}, {"--requests", "0", "--requests must be from 1"},
        {"--coexec", "hefty", "--coexec: unknown strategy 'hefty'"}, {"--ui", "ui:60", "--ui ui:60: expected"}};
    for (String[] c : cases) {
      CliTest.Out o = CliTest.cli("contention", "--soc", "redmi", "--model", "inception-v3", c[0], c[1]);
      oneLine(o, c[2]);
      assertEquals("", o.out(), "nothing printed before the refusal: " + o.out());
    }
  }

  @Test
  void anOutputFileTheSystemWillNotCreateIsOneLine() {
    SharedGate.need("../shared not found: bad-input test on real traces skipped");
    // /proc exists as a folder but takes no new files (the hidden temporary sibling cannot be created)
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(java.nio.file.Path.of(
        "/proc/version")), "no /proc on this system");
    oneLine(CliTest.cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "heft", "--trace",
        "/proc/version"), "/proc/version: cannot write it");
  }

  @Test
  void graphFilesAreKnownByTheirExtensionInAnyCase(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws Exception {
    SharedGate.need("../shared not found: bad-input test on real traces skipped");
    java.nio.file.Path upper = tmp.resolve("MOBILE.ONNX");
    java.nio.file.Files.copy(SharedData.root().orElseThrow().resolve("models/mobilenet_v2.onnx"), upper);
    CliTest.Out ok = CliTest.cli("run", "--soc", "redmi", "--model", upper.toString(), "--strategy", "solo-cpu");
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.out().startsWith("soc redmi  model MOBILE ("), ok.out());
    java.nio.file.Path yaml = tmp.resolve("spec.yaml");
    java.nio.file.Files.writeString(yaml, "a: 1\n");
    oneLine(CliTest.cli("run", "--soc", "redmi", "--model", yaml.toString(), "--strategy", "heft"),
        "spec.yaml: unknown graph file type (expected .onnx, ncnn .param or HOPE .dot)");
    java.nio.file.Path dir = java.nio.file.Files.createDirectory(tmp.resolve("dir.onnx"));
    oneLine(CliTest.cli("run", "--soc", "redmi", "--model", dir.toString(), "--strategy", "heft"),
        "dir.onnx: is a directory");
  }

  @Test
  void runFlagsOutOfRange() {
    SharedGate.need("../shared not found: bad-input test on real traces skipped");
    oneLine(CliTest.cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "heft", "--threads",
        "1000000"), "exceeds the largest CPU cluster");
    oneLine(CliTest.cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "heft", "--granularity",
        "tile:100000"), "tile:N takes N from 1 to 64");
    oneLine(CliTest.cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "heft", "--trace",
        tmp.toString()), "is a directory");
    if (Files.exists(Path.of("/dev/null"))) {
      oneLine(CliTest.cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "heft", "--trace",
          "/dev/null"), "not a regular file");
      assertFalse(Files.isRegularFile(Path.of("/dev/null")));
    }
  }

  /** A gate threshold that can never pass (NaN, negative, more than 100 % within) is bad input, checked first. */
  @Test
  void validateThresholdsOutOfRange() {
    String folder = tmp.resolve("nothing-read-yet").toString();
    oneLine(CliTest.cli("validate", "--measured", folder, "--max-mean-error", "NaN"), "--max-mean-error must be a"
        + " percentage from 0 to 1e6, got NaN");
    oneLine(CliTest.cli("validate", "--measured", folder, "--max-median-error", "-1"), "--max-median-error must be");
    oneLine(CliTest.cli("validate", "--measured", folder, "--min-within10", "150"), "--min-within10 must be a"
        + " percentage from 0 to 100, got 150.0");
  }

  /** A SoC name that is part of bundled names gets those names, not the whole list of ~100. */
  @Test
  void anUnknownSocNamesTheBundledProfilesThatContainIt() {
    SharedGate.need("../shared not found: unknown-SoC test (ncnn graph) skipped");
    oneLine(CliTest.cli("run", "--soc", "Jetson Nano", "--model", "ncnn:resnet18", "--strategy", "heft"),
        "unknown SoC 'Jetson Nano'; did you mean ncnn-nvidia-jetson-nano (`socsim list socs` lists all");
    CliTest.Out o = CliTest.cli("run", "--soc", "orangepi5", "--model", "ncnn:resnet18", "--strategy", "heft");
    oneLine(o, "2 bundled names contain it: ncnn-orangepi5-plus-rockchip-rk3588-quad, ncnn-orangepi5-rockchip-rk3588s-quad");
    assertFalse(o.err().contains("redmi"), o.err());
    oneLine(CliTest.cli("run", "--soc", "zzz", "--model", "ncnn:resnet18", "--strategy", "heft"),
        "no bundled name contains it, e.g. ");
    oneLine(CliTest.cli("run", "--soc", "redmii", "--model", "inception-v3", "--strategy", "heft"),
        "no bundled name contains it; did you mean 'redmi'?");
    oneLine(CliTest.cli("run", "--soc", "redmi", "--model", "inceptoin-v3", "--strategy", "heft"),
        "unknown model 'inceptoin-v3'; did you mean 'inception-v3'?");
    // a short name that many contain: the first 8 (sorted) and how many more
    oneLine(CliTest.cli("run", "--soc", "ncnn", "--model", "ncnn:resnet18", "--strategy", "heft"), " and 82 more (");
    // a model name that is part of shared graphs' names gets them
    oneLine(CliTest.cli("run", "--soc", "redmi", "--model", "resnet", "--strategy", "heft"),
        "shared graphs whose names contain it (priced by features): resnet18, resnet18_int8, resnet50");
  }

  @Test
  void regressRefusesNanToleranceAndEmptyBaselines() throws Exception {
    Path a = tmp.resolve("a");
    Files.createDirectories(a);
    Files.writeString(a.resolve("results.csv"), "index,soc,model,strategy,latency_ms\n");
    oneLine(CliTest.cli("regress", "--baseline", a.toString(), "--results", a.toString(), "--tolerance", "NaN"),
        "--tolerance must be a finite percentage");
    oneLine(CliTest.cli("regress", "--baseline", a.toString(), "--results", a.toString(), "--tolerance", "-1"),
        "--tolerance must be a finite percentage");
  }

  @Test
  void sweepSpecsWithUnknownNamesStopBeforeTheFirstPoint() throws Exception {
    SharedGate.need("../shared not found: bad-input test on real traces skipped");
    Path spec = tmp.resolve("s.yaml");
    Files.writeString(spec, "soc: [redmi]\nmodel: [inception-v3]\nstrategy:\n  - heft\n  - hefty\n");
    Path out = tmp.resolve("out");
    oneLine(CliTest.cli("sweep", spec.toString(), "--out", out.toString()), "s.yaml:5: unknown strategy 'hefty';"
        + " did you mean 'heft'?");
    assertFalse(Files.exists(out));
    Files.writeString(spec, "soc: [redmi, nosuchphone]\nmodel: [inception-v3]\nstrategy: [heft]\n");
    oneLine(CliTest.cli("sweep", spec.toString(), "--out", out.toString()), "s.yaml:1: unknown soc 'nosuchphone'");
    assertFalse(Files.exists(out));
  }

  @Test
  void aSweepFolderHasOneWriterAndResumesOnlyItsOwnSweep() throws Exception {
    SharedGate.need("../shared not found: bad-input test on real traces skipped");
    Path spec = tmp.resolve("s.yaml");
    Files.writeString(spec, "soc: [redmi]\nmodel: [inception-v3]\nstrategy: [heft, cpop]\n");
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    try (var ch = java.nio.channels.FileChannel.open(out.resolve(".sweep.lock"),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
        var lock = ch.lock()) {
      oneLine(CliTest.cli("sweep", spec.toString(), "--out", out.toString()), "another sweep is writing this folder");
    }
    assertFalse(Files.exists(out.resolve("results.csv")));
    CliTest.Out first = CliTest.cli("sweep", spec.toString(), "--out", out.toString());
    assertEquals(0, first.code(), first.err());
    String csv = Files.readString(out.resolve("results.csv"));
    Path other = tmp.resolve("o.yaml");
    Files.writeString(other, "soc: [redmi]\nmodel: [inception-v4]\nstrategy: [heft, cpop]\n");
    oneLine(CliTest.cli("sweep", other.toString(), "--out", out.toString(), "--resume"), "--resume refused");
    assertEquals(csv, Files.readString(out.resolve("results.csv")));
    // A results.csv emptied by a kill before its header: resume restores the header and every row.
    Files.writeString(out.resolve("results.csv"), "");
    Files.writeString(out.resolve("results.jsonl"), "");
    assertEquals(0, CliTest.cli("sweep", spec.toString(), "--out", out.toString(), "--resume").code());
    assertEquals(csv, Files.readString(out.resolve("results.csv")));
  }

  @Test
  void defaultThreadsFitTheProfileAndPlansMustNameTheModelsOps() throws Exception {
    SharedGate.need("../shared not found: bad-input test on real traces skipped");
    CliTest.Out o = CliTest.cli("run", "--soc", "host", "--model",
        SharedData.root().get().resolve("models/squeezenet1_1.onnx").toString(), "--strategy", "heft", "--json");
    assertEquals(0, o.code(), o.err());
    assertTrue(o.out().contains("\"threads\" : 2"), o.out());
    Path map = tmp.resolve("m.txt.op");
    Files.writeString(map, "InceptionV3/InceptionV3/Conv2d_1a_3x3/Conv2D 0\nNoSuchOp/Conv2D 3\n");
    oneLine(CliTest.cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "replay", "--plan",
        map.toString()), "m.txt.op:2: 1 op(s) of the plan are not in inception-v3");
    Path spec = tmp.resolve("t.yaml");
    Files.writeString(spec, "soc: [redmi]\nmodel: [inception-v3]\nstrategy: [heft]\nthreads:\n");
    oneLine(CliTest.cli("sweep", spec.toString(), "--out", tmp.resolve("o").toString()),
        "t.yaml:4: expected a value or a list for 'threads'");
  }

  @Test
  void sweepsWithoutAThreadsAxisRunOnSmallClustersAndExplicitZeroIsRefused() throws Exception {
    SharedGate.need("../shared not found: bad-input test on real traces skipped");
    Path spec = tmp.resolve("small.yaml");
    Files.writeString(spec, "soc: [host]\nmodel: [squeezenet1_1]\nstrategy: [solo-cpu]\n");
    Path out = tmp.resolve("small");
    assertEquals(0, CliTest.cli("sweep", spec.toString(), "--out", out.toString()).code());
    String row = Files.readAllLines(out.resolve("results.csv")).get(1);
    assertTrue(row.contains(",2,1,1,0,ok,"), row);
    Files.writeString(spec, "soc: [host]\nmodel: [squeezenet1_1]\nstrategy: [solo-cpu]\nthreads: [0]\n");
    oneLine(CliTest.cli("sweep", spec.toString(), "--out", tmp.resolve("z").toString()),
        "small.yaml:4: expected whole thread counts from 1 to 1024");
    oneLine(CliTest.cli("run", "--soc", "redmi", "--model", "inception-v3", "--strategy", "heft", "--threads", "0"),
        "--threads must be >= 1");
  }
}
