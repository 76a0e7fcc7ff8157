package org.socsim.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socsim.traces.Csv;
import org.socsim.traces.TraceFormatException;

/** results.csv as SweepRunner writes it and Regression reads it back: quoting, and rows named by their line. */
class RegressionCsvTest {
  @TempDir
  Path tmp;

  private static final List<String> COLUMNS = List.of("index", "soc", "model", "strategy", "granularity", "background",
      "governor", "bandwidth_gbps", "threads", "seed", "requests", "rate_hz", "status", "latency_ms");

  private static Map<String, Object> row(int i, String background, String status, double latency) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("index", i);
    r.put("soc", "redmi");
    r.put("model", "inception-v3");
    r.put("strategy", "heft");
    r.put("granularity", "op");
    r.put("background", background);
    r.put("governor", "performance");
    r.put("bandwidth_gbps", null);
    r.put("threads", 2);
    r.put("seed", 1);
    r.put("requests", 4);
    r.put("rate_hz", 5.0);
    r.put("status", status);
    r.put("latency_ms", latency);
    return r;
  }

  private Path write(String name, List<Map<String, Object>> rows) throws Exception {
    StringBuilder b = new StringBuilder(Csv.row(COLUMNS));
    rows.forEach(r -> b.append(SweepRunner.csvLine(r, COLUMNS)));
    Path p = tmp.resolve(name);
    Files.writeString(p, b.toString());
    return p;
  }

  @Test
  void quotedBackgroundsRoundTripAndKeepPointsApart() throws Exception {
    String bg = "ui:60hz:4ms,cpu:2";
    String line = SweepRunner.csvLine(row(0, bg, "n/a: say \"no\"", Double.NaN), COLUMNS);
    assertTrue(line.contains(",\"ui:60hz:4ms,cpu:2\",performance,,2,1,4,5,\"n/a: say \"\"no\"\"\","), line);
    assertEquals("1,redmi,inception-v3,heft,op,,performance,,2,1,4,5,ok,12.500\n",
        SweepRunner.csvLine(row(1, "", "ok", 12.5), COLUMNS));
    Path base = write("base.csv", List.of(row(0, bg, "ok", 10.0), row(1, "", "ok", 20.0)));
    Path now = write("now.csv", List.of(row(0, bg, "ok", 10.1), row(1, "", "ok", 30.0)));
    Regression.Report r = Regression.compare(base, now, 2.0);
    assertEquals(2, r.compared());
    assertEquals(1, r.regressions().size());
    assertTrue(r.regressions().get(0).point().contains("background= "), r.regressions().get(0).point());
    assertTrue(r.missing().isEmpty(), r.missing().toString());
  }

  @Test
  void optionalAxesKeepPointsApart() throws Exception {
    // a sweep over what_if (or options, slo_ms, thermal, ...) repeats every fixed axis; before, regress refused it as
    // "point repeated"
    List<String> cols = new ArrayList<>(COLUMNS);
    cols.add("what_if");
    Map<String, Object> a = row(0, "", "ok", 10.0);
    a.put("what_if", "");
    Map<String, Object> b = row(1, "", "ok", 5.0);
    b.put("what_if", "gpu.speed=2");
    Path base = tmp.resolve("whatif.csv");
    Files.writeString(base, Csv.row(cols) + SweepRunner.csvLine(a, cols) + SweepRunner.csvLine(b, cols));
    Map<String, Object> b2 = row(1, "", "ok", 6.0);
    b2.put("what_if", "gpu.speed=2");
    Path now = tmp.resolve("whatif-now.csv");
    Files.writeString(now, Csv.row(cols) + SweepRunner.csvLine(a, cols) + SweepRunner.csvLine(b2, cols));
    Regression.Report r = Regression.compare(base, now, 2.0);
    assertEquals(2, r.compared());
    assertEquals(1, r.regressions().size());
    assertTrue(r.regressions().get(0).point().endsWith("what_if=gpu.speed=2"), r.regressions().get(0).point());
    // a results file without the column matches the baseline's rows that did not name the axis
    Regression.Report plain = Regression.compare(base, write("plain.csv", List.of(row(0, "", "ok", 10.0))), 2.0);
    assertEquals(1, plain.compared());
    assertEquals(1, plain.missing().size());
    assertTrue(plain.missing().get(0).endsWith("what_if=gpu.speed=2"), plain.missing().toString());
  }

  @Test
  void aShortRowNamesItsFileAndLine() throws Exception {
    Path base = write("base.csv", List.of(row(0, "", "ok", 10.0), row(1, "", "ok", 20.0)));
    List<String> lines = new ArrayList<>(Files.readAllLines(base));
    lines.set(2, lines.get(2).substring(0, lines.get(2).lastIndexOf(',')));
    Files.writeString(base, String.join("\n", lines) + "\n");
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> Regression.compare(base, base, 2.0));
    assertEquals(3, e.line());
    assertTrue(e.getMessage().startsWith(base + ":3: expected 14 fields, found 13"), e.getMessage());
  }
}
