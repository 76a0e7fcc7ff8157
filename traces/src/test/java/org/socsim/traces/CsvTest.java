package org.socsim.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socsim.traces.ncnn.NcnnBench;

class CsvTest {
  @TempDir
  Path tmp;

  @Test
  void aQuotedFieldWithACommaIsOneField() {
    List<Csv.Row> rows = Csv.parse(Path.of("t.csv"), "a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\n", false);
    assertEquals(2, rows.size());
    assertEquals(List.of("x, y", "say \"hi\"", ""), rows.get(1).fields());
    assertEquals(2, rows.get(1).line());
  }

  @Test
  void rowsKeepTheLineTheyStartOn() {
    String text = "h1,h2\n\n\"two\nlines\",b\r\n  \nlast,row";
    List<Csv.Row> skip = Csv.parse(Path.of("t.csv"), text, true);
    assertEquals(List.of(1, 3, 6), skip.stream().map(Csv.Row::line).toList());
    assertEquals("two\nlines", skip.get(1).get(0));
    List<Csv.Row> keep = Csv.parse(Path.of("t.csv"), text, false);
    assertEquals(List.of(1, 2, 3, 5, 6), keep.stream().map(Csv.Row::line).toList());
    assertEquals(List.of(""), keep.get(1).fields());
  }

  @Test
  void writtenFieldsRoundTripThroughTheReader() {
    List<String> fields = List.of("plain", "a,b", "say \"hi\"", "two\nlines", "cr\rx", "", " spaced ", "ui:60hz:4ms");
    String line = Csv.row(fields);
    assertEquals("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rx\",, spaced ,ui:60hz:4ms\n", line);
    List<Csv.Row> back = Csv.parse(Path.of("t.csv"), Csv.row("h") + line + Csv.row("next"), false);
    assertEquals(fields, back.get(1).fields());
    assertEquals(2, back.get(1).line());
    // a CR inside a quoted field counts as a line break, as in Files.readAllLines
    assertEquals(5, back.get(2).line());
  }

  @Test
  void fieldsWithoutSpecialCharactersAreWrittenAsIs() {
    assertEquals("index,soc,,1.250,-3,n/a: x; y (z)\n", Csv.row("index", "soc", null, "1.250", "-3", "n/a: x; y (z)"));
    assertEquals("\"node\"\"1\"", Csv.quoted("node\"1"));
  }

  @Test
  void malformedQuotingNamesFileAndLine() {
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> Csv.parse(Path.of("t.csv"), "a,b\n1,\"2\"x\n", false));
    assertEquals(2, e.line());
    assertTrue(e.getMessage().startsWith("t.csv:2: expected valid CSV"), e.getMessage());
    e = assertThrows(TraceFormatException.class, () -> Csv.parse(Path.of("t.csv"), "a,b\n1,2\n3,\"open\n4,5\n",
        false));
    assertEquals(3, e.line());
  }

  @Test
  void undecodableFileIsALineZeroError() throws Exception {
    Path f = tmp.resolve("bin.csv");
    Files.write(f, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> Csv.read(f, true));
    assertEquals(0, e.line());
    assertEquals(List.of("\u00ff\u00fe\u0000\u0001"), Csv.read(f, StandardCharsets.ISO_8859_1, true).get(0)
        .fields());
  }

  @Test
  void ncnnBenchReadsQuotedHeadingsAndNamesShortRows() throws Exception {
    Path dir = tmp.resolve("bench");
    Files.createDirectories(dir.resolve("models"));
    Files.writeString(dir.resolve("models/squeezenet.param"), "");
    String head = "device_header,num_threads,powersave,gpu_device,model,min_ms,max_ms,avg_ms\n";
    Files.writeString(dir.resolve("results.csv"), head + "\"Phone (A76, A55)\",4,2,,squeezenet,1.0,2.0,1.5\n");
    NcnnBench b = NcnnBench.read(dir);
    assertEquals(List.of("Phone (A76, A55)"), b.devices());
    assertEquals(2, b.rows().get(0).line());
    Files.writeString(dir.resolve("results.csv"), head + "\n\"Phone (A76, A55)\",4,2,,squeezenet,1.0,2.0,1.5\n"
        + "Other,4,2,,squeezenet,1.0\n");
    TraceFormatException e = assertThrows(TraceFormatException.class, () -> NcnnBench.read(dir));
    assertEquals(4, e.line());
    assertTrue(e.getMessage().startsWith(dir.resolve("results.csv") + ":4: expected 8 comma-separated fields, found 6"),
        e.getMessage());
  }
}
