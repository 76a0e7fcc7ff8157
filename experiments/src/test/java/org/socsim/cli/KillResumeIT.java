package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 at seeded random moments during {@code sweep} and {@code reproduce} (rendering included), then
 * {@code --resume}: every output file byte-identical to an uninterrupted run. Launches the shaded jar as a
 * subprocess, so it runs after {@code package} (the surefire execution {@code shaded-jar} in experiments/pom.xml
 * passes {@code -Dsocsim.jar}). The delays only choose the kill points; nothing is timed.
 */
class KillResumeIT {
  @TempDir
  Path tmp;

  /** Fixed so a failure can be rerun with the same kill delays. */
  static final long SEED = 20261127L;

  /** On bundled profiles only (no ../shared): 1,280 points, several seconds. */
  static final String SPEC = String.join("\n",
      "soc: [h100-server, host]",
      "model: [resnet50, mobilenet_v2]",
      "strategy: [heft, solo-cpu, greedy-eft, cpop, codl, mosaic, branch-parallel, hope-greedy]",
      "granularity: [op, subgraph:2, tile:2, tile:4]",
      "seed: [1, 2, 3, 4, 5]",
      "requests: 300",
      "rate: 100",
      "background: [\"\", \"cpu:1\"]", "");

  static Path jar() {
    String p = System.getProperty("socsim.jar");
    assumeTrue(p != null && Files.isRegularFile(Path.of(p)), "no shaded jar (-Dsocsim.jar): runs after package");
    return Path.of(p);
  }

  private int launches;

  private Process start(Path shared, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.awt.headless=true"));
    if (shared != null) {
      cmd.add("-Dsocsim.shared=" + shared);
    }
    cmd.addAll(List.of("-jar", jar().toString()));
    cmd.addAll(List.of(args));
    Path log = tmp.resolve("run" + launches++ + ".log");
    return new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
  }

  private int finish(Process p, long minutes) throws Exception {
    assertTrue(p.waitFor(minutes, TimeUnit.MINUTES), "did not finish in " + minutes + " min: " + log());
    return p.exitValue();
  }

  private String log() throws IOException {
    return Files.readString(tmp.resolve("run" + (launches - 1) + ".log"));
  }

  /** Milliseconds since {@code t0}. */
  private static long since(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  /**
   * Starts {@code args} (then {@code args --resume}) once per entry of {@code when} and kills it with SIGKILL while it
   * runs: a random moment after start, or, where {@code when} has a condition, a random moment (up to 3 s) after the
   * condition holds. Then resumes to the end. Returns how many kills hit a live process.
   */
  private int killAndResume(Path shared, Random r, long cleanMs, List<BooleanSupplier> when, String... args)
      throws Exception {
    int hit = 0;
    for (int i = 0; i < when.size(); i++) {
      Process p = start(shared, i == 0 ? args : resume(args));
      if (when.get(i) == null) {
        // somewhere in the run, start-up and the last points included
        p.waitFor(cleanMs / 10 + (long) (r.nextDouble() * cleanMs * 0.6), TimeUnit.MILLISECONDS);
      } else {
        long t0 = System.nanoTime();
        while (p.isAlive() && !when.get(i).getAsBoolean() && since(t0) < 600_000) {
          Thread.sleep(50);
        }
        p.waitFor((long) (r.nextDouble() * Math.min(3000, cleanMs / 3)), TimeUnit.MILLISECONDS);
      }
      if (p.isAlive()) {
        p.destroyForcibly();
        p.waitFor(1, TimeUnit.MINUTES);
        hit++;
      } else {
        assertEquals(0, p.exitValue(), "a run between kills failed: " + log());
      }
    }
    assertEquals(0, finish(start(shared, resume(args)), 20), "the final --resume failed: " + log());
    return hit;
  }

  /** True once {@code jsonl} holds at least {@code rows} complete rows. */
  private static BooleanSupplier rows(Path jsonl, long rows) {
    return () -> {
      try {
        return Files.isRegularFile(jsonl) && Files.readAllLines(jsonl).size() >= rows;
      } catch (IOException e) {
        return false; // a row being written (torn UTF-8): not yet
      }
    };
  }

  private static String[] resume(String[] args) {
    String[] a = java.util.Arrays.copyOf(args, args.length + 1);
    a[args.length] = "--resume";
    return a;
  }

  /** Every file under {@code a} and {@code b} (hidden ones included) has the same bytes, and none is extra. */
  static int sameTree(Path a, Path b) throws IOException {
    List<Path> fa = files(a);
    List<Path> fb = files(b);
    assertEquals(fa, fb, "the same files");
    for (Path f : fa) {
      assertArrayEquals(Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f + " differs");
    }
    return fa.size();
  }

  private static List<Path> files(Path root) throws IOException {
    try (var s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  @Test
  void killedSweepResumesToIdenticalFiles() throws Exception {
    Path spec = Files.writeString(tmp.resolve("spec.yaml"), SPEC);
    long t0 = System.nanoTime();
    assertEquals(0, finish(start(null, "sweep", spec.toString(), "--out", "clean", "--parallel", "2"), 20), log());
    long cleanMs = since(t0);
    // the first kill lands after the sweep has written rows, the others at random moments
    int hit = killAndResume(null, new Random(SEED), cleanMs, java.util.Arrays.asList(rows(tmp.resolve(
        "killed/results.jsonl"), 1), null, null, null), "sweep", spec.toString(), "--out", "killed", "--parallel", "2");
    int n = sameTree(tmp.resolve("clean"), tmp.resolve("killed"));
    System.out.printf("kill -9 sweep: %d of 4 kills hit a running sweep (clean run %d ms); %d files identical%n",
        hit, cleanMs, n);
    assertEquals(1281, Files.readAllLines(tmp.resolve("killed/results.csv")).size());
  }

  @Test
  void killedReproduceResumesToIdenticalFiles() throws Exception {
    SharedGate.need("../shared not found: kill -9 reproduce test skipped");
    Path shared = SharedData.root().get().toAbsolutePath();
    jar();
    long t0 = System.nanoTime();
    assertEquals(0, finish(start(shared, "reproduce", "--out", "clean", "--parallel", "2"), 20), log());
    long cleanMs = since(t0);
    long points = Files.readAllLines(tmp.resolve("clean/sweep/results.jsonl")).size();
    // three kills at random moments, the last one while the tables, figures and report are rendered (every sweep
    // row written)
    int hit = killAndResume(shared, new Random(SEED), cleanMs, java.util.Arrays.asList(null, null, null,
        rows(tmp.resolve("killed/sweep/results.jsonl"), points)), "reproduce", "--out", "killed", "--parallel", "2");
    int n = sameTree(tmp.resolve("clean"), tmp.resolve("killed"));
    System.out.printf("kill -9 reproduce: %d of 4 kills hit a running reproduce (clean run %d ms, last one while"
        + " rendering); %d files identical%n", hit, cleanMs, n);
  }
}
