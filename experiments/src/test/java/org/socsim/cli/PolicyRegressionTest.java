package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socsim.sweep.Regression;

/** "My policy is no worse than the baseline on these 50 points", as a strategy author would write it. */
class PolicyRegressionTest {
  @TempDir
  Path tmp;

  @Test
  void dagSchedulersAreNoWorseThanTheCommittedBaseline() throws Exception {
    SharedGate.need("../shared not found: policy regression skipped");
    Path spec = Path.of("src/test/resources/baselines/dag-schedulers.yaml");
    CliTest.Out o = CliTest.cli("sweep", spec.toString(), "--out", tmp.toString(), "--parallel", "2");
    assertEquals(0, o.code(), o.err());
    Regression.Report r = Regression.compare(Path.of("src/test/resources/baselines/dag-schedulers.csv"), tmp, 0.5);
    assertEquals(50, r.compared());
    assertTrue(r.passed(), "regressions: " + r.regressions() + " missing: " + r.missing());
  }

  @Test
  void aSlowerResultIsReportedByName() throws Exception {
    Path base = tmp.resolve("base.csv");
    Path now = tmp.resolve("now.csv");
    String head = "index,soc,model,strategy,granularity,background,governor,bandwidth_gbps,threads,seed,requests,"
        + "rate_hz,status,latency_ms\n";
    Files.writeString(base, head + "0,redmi,m,heft,op,,performance,0,4,1,1,0,ok,100\n");
    Files.writeString(now, head + "0,redmi,m,heft,op,,performance,0,4,1,1,0,ok,103\n");
    Regression.Report r = Regression.compare(base, now, 2);
    assertEquals(1, r.regressions().size());
    assertTrue(r.regressions().get(0).point().contains("strategy=heft"));
    CliTest.Out o = CliTest.cli("regress", "--baseline", base.toString(), "--results", now.toString(), "--tolerance",
        "2");
    assertEquals(1, o.code());
    assertTrue(o.out().contains("REGRESSION"), o.out());
  }
}
