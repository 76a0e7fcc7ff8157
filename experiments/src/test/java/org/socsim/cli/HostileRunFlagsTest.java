package org.socsim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code socsim run} flag at its edge values: out-of-range numbers, NaN, infinities, garbage. Each must be
 * refused up front with one line naming the flag (exit 2, no trace file written), or be a documented success.
 */
class HostileRunFlagsTest {
  @TempDir
  Path tmp;

  private String[] run(String... flags) {
    List<String> a = new ArrayList<>(List.of("run", "--soc", "redmi", "--model", "inception-v3", "--strategy",
        "heft", "--json", "--trace", tmp.resolve("out/t.json").toString()));
    a.addAll(Arrays.asList(flags));
    return a.toArray(String[]::new);
  }

  @Test
  void runFlags() throws Exception {
    SharedGate.need("../shared not found: hostile run flag cases skipped");
    Hostile h = new Hostile("run flags").outputs(tmp.resolve("out"));
    h.baseline(Hostile::latency, run());
    String[][] bad = {
        {"--threads", "0"}, {"--threads", "-1"}, {"--threads", "1000000"}, {"--threads", "2147483648"},
        {"--threads", "two"},
        {"--rate", "NaN"}, {"--rate", "Infinity"}, {"--rate", "-5"}, {"--rate", "fast"},
        {"--bandwidth", "0"}, {"--bandwidth", "NaN"}, {"--bandwidth", "-3"}, {"--bandwidth", "Infinity"},
        {"--requests", "0"}, {"--requests", "-4"}, {"--requests", "2000000000"}, {"--requests", "1e3"},
        {"--granularity", "tile:0"}, {"--granularity", "tile:100000"}, {"--granularity", "subgraph:0"},
        {"--granularity", "subgraph:-2"}, {"--granularity", "garbage"}, {"--granularity", "tile:"},
        {"--granularity", "tile:abc"},
        {"--background", "garbage"}, {"--background", "ui:60hz"}, {"--background", "ui:0hz:4ms"},
        {"--background", "ui:1000000000hz:4ms"}, {"--background", "ui:60hz:NaNms"}, {"--background", "cpu:-1"},
        {"--background", "cpu:abc"}, {"--background", "cpu:1.5"}, {"--background", "cpu:1000000"},
        {"--background", "npu:2"},
        {"--governor", "garbage"}, {"--governor", ""},
        {"--seed", "12345678901234567890"}, {"--seed", "1.5"},
        {"--slo-ms", "-5"}, {"--slo-ms", "NaN"}, {"--slo-ms", "0"}, {"--slo-ms", "80,40"}, {"--slo-ms", "Infinity"},
        {"-O", "garbage"}, {"-O", "gpu-share=0.3"}, {"-O", "nosuch=1"}};
    for (String[] f : bad) {
      // a flag is named by itself, or (for names and strategy options) by the value typed
      h.named(f[0] + " " + f[1], f[0].equals("-O") ? f[1].replaceFirst("=.*", "") : f[0], run(f));
    }
    h.named("--strategy unknown", "'hefty'", "run", "--soc", "redmi", "--model", "inception-v3", "--strategy",
        "hefty");
    h.named("--soc unknown", "'redmy'", "run", "--soc", "redmy", "--model", "inception-v3", "--strategy", "heft");
    h.named("--model unknown", "'inception-v9'", "run", "--soc", "redmi", "--model", "inception-v9", "--strategy",
        "heft");
    h.same("--trace in a folder that does not exist yet (made)", "run", "--soc", "redmi", "--model", "inception-v3",
        "--strategy", "heft", "--json", "--trace", tmp.resolve("new/dir/t.json").toString());
    for (String seed : new String[] {"0", "-1", "9223372036854775807", "-9223372036854775808"}) {
      h.same("--seed " + seed + " (heft ignores seeds)", run("--seed", seed));
    }
    h.same("--rate 1e300 (back to back in effect)", run("--rate", "1e300"));
    h.same("--granularity OP (case)", run("--granularity", "OP"));
    h.check(15);
  }
}
