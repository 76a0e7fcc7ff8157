package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resume after the torn states a SIGKILL can leave, made by hand so every one is covered every run. */
class SweepResumeTest {
  @TempDir
  Path tmp;

  static final String SPEC = "soc: [redmi, oneplus5t]\nmodel: [inception-v3]\nstrategy: [heft, solo-cpu, codl]\n";

  @Test
  void resumesFromEveryTornState() throws Exception {
    SharedGate.need("../shared not found: sweep resume test skipped");
    Path spec = tmp.resolve("s.yaml");
    Files.writeString(spec, SPEC);
    Path clean = tmp.resolve("clean");
    assertEquals(0, CliTest.cli("sweep", spec.toString(), "--out", clean.toString()).code());
    byte[] csv = Files.readAllBytes(clean.resolve("results.csv"));
    byte[] jsonl = Files.readAllBytes(clean.resolve("results.jsonl"));
    List<String> csvLines = Files.readAllLines(clean.resolve("results.csv"));
    List<String> jsonLines = Files.readAllLines(clean.resolve("results.jsonl"));
    // (a) JSON row 3 written, CSV row 3 not; (b) JSON row 3 torn mid-line; (c) CSV row torn
    String[][] states = {
        {String.join("\n", jsonLines.subList(0, 3)) + "\n", String.join("\n", csvLines.subList(0, 3)) + "\n"},
        {String.join("\n", jsonLines.subList(0, 2)) + "\n" + jsonLines.get(2).substring(0, 20),
            String.join("\n", csvLines.subList(0, 3)) + "\n"},
        {String.join("\n", jsonLines.subList(0, 3)) + "\n", String.join("\n", csvLines.subList(0, 3)) + "\n"
            + csvLines.get(3).substring(0, 10)}};
    for (int i = 0; i < states.length; i++) {
      Path d = Files.createDirectories(tmp.resolve("torn" + i));
      Files.writeString(d.resolve("results.jsonl"), states[i][0]);
      Files.writeString(d.resolve("results.csv"), states[i][1]);
      CliTest.Out o = CliTest.cli("sweep", spec.toString(), "--out", d.toString(), "--resume");
      assertEquals(0, o.code(), o.err());
      assertArrayEquals(csv, Files.readAllBytes(d.resolve("results.csv")), "csv, state " + i);
      assertArrayEquals(jsonl, Files.readAllBytes(d.resolve("results.jsonl")), "jsonl, state " + i);
    }
  }
}
