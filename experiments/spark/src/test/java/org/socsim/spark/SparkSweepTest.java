package org.socsim.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socsim.cli.Main;
import org.socsim.sweep.SweepRunner;
import org.socsim.sweep.SweepSpec;

/**
 * The same sweep on Spark ({@code --engine spark --master local[2]}) as on this machine's threads: the same bytes,
 * and a sweep cut short (torn files, an aborted run, a killed process) resumed on Spark computes only the points
 * it lacks. The spec uses bundled profiles only, so the test runs without ../shared.
 */
class SparkSweepTest {
  /** 2 SoCs x 5 models x 5 strategies x 2 grains x 5 seeds = 500 points (50 of them n/a: host has no GPU). */
  static final String SPEC = String.join("\n", "soc: [h100-server, host]",
      "model: [resnet50, mobilenet_v2, efficientnet_b0, squeezenet1_1, mobilenet_v3_large]",
      "strategy: [solo-cpu, solo-gpu, heft, greedy-eft, cpop]", "granularity: [model, op]", "seed: [1, 2, 3, 4, 5]",
      "");
  static final int POINTS = 500;

  @TempDir
  static Path dir;
  static Path spec;
  static byte[] csv;
  static byte[] jsonl;
  static byte[] pointsId;

  @BeforeAll
  static void localReference() throws IOException {
    spec = dir.resolve("spec.yaml");
    Files.writeString(spec, SPEC);
    Path out = dir.resolve("local");
    assertEquals(0, cli("sweep", spec.toString(), "--out", out.toString(), "--parallel", "2").code);
    csv = Files.readAllBytes(out.resolve("results.csv"));
    jsonl = Files.readAllBytes(out.resolve("results.jsonl"));
    pointsId = Files.readAllBytes(out.resolve(".sweep.points"));
    assertEquals(POINTS + 1, lines(csv));
  }

  record Run(int code, String out, String err) {
  }

  static Run cli(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = Main.execute(args, new PrintWriter(o, true), new PrintWriter(e, true));
    return new Run(code, o.toString(), e.toString());
  }

  static int lines(byte[] b) {
    int n = 0;
    for (byte x : b) {
      n += x == '\n' ? 1 : 0;
    }
    return n;
  }

  static void assertSameAsLocal(Path out) throws IOException {
    assertArrayEquals(csv, Files.readAllBytes(out.resolve("results.csv")), "results.csv differs from --engine local");
    assertArrayEquals(jsonl, Files.readAllBytes(out.resolve("results.jsonl")),
        "results.jsonl differs from --engine local");
    assertArrayEquals(pointsId, Files.readAllBytes(out.resolve(".sweep.points")));
  }

  @Test
  void sparkLocal2WritesTheLocalEnginesBytes() throws IOException {
    Path out = dir.resolve("spark");
    Run r = cli("sweep", spec.toString(), "--out", out.toString(), "--engine", "spark", "--master", "local[2]");
    assertEquals(0, r.code, r.err);
    assertTrue(r.out.contains("sweep: 500 points (500 run now)"), r.out);
    assertTrue(r.err.contains("500 points on Spark local[2]"), r.err);
    assertEquals(POINTS, SparkSweepEngine.lastComputed());
    assertSameAsLocal(out);
  }

  @Test
  void tornOutputResumedOnSparkComputesOnlyTheRest() throws IOException {
    Path out = dir.resolve("torn");
    Files.createDirectories(out);
    int kept = 137;
    // 137 complete rows, then half of the next row: what a kill in the middle of a write leaves
    Files.write(out.resolve("results.jsonl"), prefix(jsonl, kept, true));
    Files.write(out.resolve("results.csv"), prefix(csv, kept + 1, true));
    Files.write(out.resolve(".sweep.points"), pointsId);
    Run r = cli("sweep", spec.toString(), "--out", out.toString(), "--engine", "spark", "--master", "local[2]",
        "--resume");
    assertEquals(0, r.code, r.err);
    assertTrue(r.out.contains("(" + (POINTS - kept) + " run now)"), r.out);
    assertEquals(POINTS - kept, SparkSweepEngine.lastComputed(), "points computed on Spark");
    assertSameAsLocal(out);
  }

  @Test
  void abortedSparkSweepResumesWhereItStopped() throws Exception {
    Path out = dir.resolve("aborted");
    List<SweepSpec.Point> points = SweepSpec.read(spec).points();
    SweepRunner.RowSource spark = new SparkSweepEngine().rows("local[2]", new PrintWriter(new StringWriter()));
    // dies as soon as rows are on disk: the rest of the sweep is still running on Spark
    SweepRunner.RowSource dies = (todo, done) -> spark.compute(todo, rows -> {
      done.accept(rows);
      if (Files.size(out.resolve("results.jsonl")) > 0) {
        throw new IOException("killed");
      }
    });
    try {
      new SweepRunner(points, out, 2, dies).run(false, (d, t) -> { });
      throw new AssertionError("the sweep should have stopped");
    } catch (IOException expected) {
      assertEquals("killed", expected.getMessage());
    }
    int written = lines(Files.readAllBytes(out.resolve("results.jsonl")));
    assertTrue(written > 0 && written < POINTS, "rows written before the abort: " + written);
    Run r = cli("sweep", spec.toString(), "--out", out.toString(), "--engine", "spark", "--master", "local[2]",
        "--resume");
    assertEquals(0, r.code, r.err);
    assertEquals(POINTS - written, SparkSweepEngine.lastComputed(), "points computed on Spark after the abort");
    assertSameAsLocal(out);
  }

  @Test
  void killedSparkProcessResumesWithTheRemainingPointsOnly() throws Exception {
    Path out = dir.resolve("killed");
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-opens") || a.startsWith("-XX:+Ignore") || a.startsWith("-Djdk.reflect")
          || a.startsWith("-Dio.netty")) {
        cmd.add(a);
      }
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "sweep", spec.toString(),
        "--out", out.toString(), "--engine", "spark", "--master", "local[1]"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("killed.log").toFile())
        .start();
    Path rows = out.resolve("results.jsonl");
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (p.isAlive() && System.nanoTime() < deadline
        && !(Files.exists(rows) && lines(Files.readAllBytes(rows)) > 0)) {
      Thread.sleep(5);
    }
    p.destroyForcibly().waitFor();
    int written = lines(Files.readAllBytes(rows));
    assertTrue(written > 0 && written < POINTS, "rows when the process was killed: " + written + "\n"
        + Files.readString(dir.resolve("killed.log")));
    int committed = Math.min(written, lines(Files.readAllBytes(out.resolve("results.csv"))) - 1);
    Run r = cli("sweep", spec.toString(), "--out", out.toString(), "--engine", "spark", "--master", "local[2]",
        "--resume");
    assertEquals(0, r.code, r.err);
    assertEquals(POINTS - committed, SparkSweepEngine.lastComputed(), "points computed on Spark after the kill");
    assertSameAsLocal(out);
  }

  /** The first {@code n} lines of a file, and when {@code torn} half of the next one. */
  static byte[] prefix(byte[] all, int n, boolean torn) {
    int seen = 0;
    int end = 0;
    while (seen < n) {
      if (all[end++] == '\n') {
        seen++;
      }
    }
    int next = end;
    while (all[next] != '\n') {
      next++;
    }
    return java.util.Arrays.copyOf(all, torn ? end + (next - end) / 2 : end);
  }

  @Test
  void masterWithoutSparkIsBadUsage() {
    Run r = cli("sweep", spec.toString(), "--out", dir.resolve("x").toString(), "--master", "local[2]");
    assertEquals(2, r.code);
    assertEquals("socsim: --master needs --engine spark", r.err.strip());
    Run u = cli("sweep", spec.toString(), "--out", dir.resolve("x").toString(), "--engine", "flink");
    assertEquals(2, u.code);
    assertTrue(u.err.startsWith("socsim: --engine: unknown engine 'flink'"), u.err);
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }
}
