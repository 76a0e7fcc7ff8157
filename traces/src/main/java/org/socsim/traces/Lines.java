package org.socsim.traces;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a text file as numbered lines, turning I/O problems into {@link TraceFormatException}. */
public final class Lines {
  private Lines() {
  }

  /** A non-blank line split on whitespace. */
  public record Line(int number, String text, String[] fields) {
  }

  public static List<Line> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new TraceFormatException(file, 0, "file not found (expected a readable file)");
    }
    List<String> raw;
    try {
      raw = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new TraceFormatException(file, 0, "cannot read: " + e.getMessage());
    }
    List<Line> out = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      String t = raw.get(i).strip();
      if (!t.isEmpty()) {
        out.add(new Line(i + 1, t, t.split("\\s+")));
      }
    }
    return out;
  }

  public static double number(Path file, Line line, int field, String what) {
    String s = line.fields()[field];
    try {
      double v = Double.parseDouble(s);
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new TraceFormatException(file, line.number(), "expected a number for " + what + " in field "
          + (field + 1) + ", found '" + s + "'");
    }
  }
}
