package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {
  @TempDir
  Path tmp;

  static final String SPEC = String.join("\n",
      "soc: [redmi, oneplus5t, lenovo_k5]",
      "model: [pnasnet-large, nasnet-large]",
      "strategy: [heft, greedy-eft, cpop, hope-greedy, mosaic, branch-parallel]",
      "granularity: [op, subgraph:2, subgraph:4, subgraph:8]",
      "seed: [1, 2]", "");

  @Test
  void killedSweepResumesToByteIdenticalResults() throws Exception {
    SharedGate.need("../shared not found: sweep test skipped");
    Path spec = tmp.resolve("spec.yaml");
    Files.writeString(spec, SPEC);
    Path killed = tmp.resolve("killed");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        "org.socsim.cli.Main", "sweep", spec.toString(), "--out", killed.toString(), "--parallel", "2")
        .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
    Path jsonl = killed.resolve("results.jsonl");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && p.isAlive()
        && (!Files.exists(jsonl) || Files.readAllLines(jsonl).size() < 25)) {
      Thread.sleep(20);
    }
    assumeTrue(p.isAlive(), "the sweep finished before it could be killed: " + Files.readString(tmp.resolve("child.log")));
    p.destroyForcibly(); // SIGKILL
    p.waitFor(30, TimeUnit.SECONDS);
    long rowsAtKill = Files.readAllLines(jsonl).size();
    assertTrue(rowsAtKill >= 25 && rowsAtKill < 288, "killed mid-way: " + rowsAtKill);

    CliTest.Out resumed = CliTest.cli("sweep", spec.toString(), "--out", killed.toString(), "--parallel", "1", "--resume");
    assertEquals(0, resumed.code(), resumed.err());
    Path clean = tmp.resolve("clean");
    CliTest.Out full = CliTest.cli("sweep", spec.toString(), "--out", clean.toString(), "--parallel", "2");
    assertEquals(0, full.code(), full.err());
    assertArrayEquals(Files.readAllBytes(clean.resolve("results.csv")), Files.readAllBytes(killed.resolve("results.csv")));
    assertArrayEquals(Files.readAllBytes(clean.resolve("results.jsonl")), Files.readAllBytes(jsonl));
    assertEquals(289, Files.readAllLines(clean.resolve("results.csv")).size());
  }

  @Test
  void badSpecNamesTheProblem() throws Exception {
    Path spec = tmp.resolve("bad.yaml");
    Files.writeString(spec, "soc: [redmi]\nmodel: [inception-v3]\nstrategy: [heft]\nthreadz: [4]\n");
    CliTest.Out o = CliTest.cli("sweep", spec.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(2, o.code());
    assertTrue(o.err().contains("unknown sweep key 'threadz'"), o.err());
  }
}
