package org.socsim.traces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * CSV (RFC 4180) read and written with Jackson's CSV parser and generator. Reading gives rows with the line each
 * starts on (the header is line 1; a quoted field may span lines) and turns malformed quoting into a
 * {@link TraceFormatException} at that line. Writing quotes a field only when it holds a comma, a double quote, CR
 * or LF, doubling embedded quotes; every other field is written as is.
 */
public final class Csv {
  /** Parser features are fixed when a parser is made: one mapper keeps blank lines, one leaves them out. */
  private static final CsvMapper KEEP_BLANK = mapper(false);
  private static final CsvMapper SKIP_BLANK = mapper(true);
  private static final ObjectWriter WRITER = KEEP_BLANK.writer(CsvSchema.emptySchema().withoutHeader()
      .withLineSeparator("\n"));

  private static CsvMapper mapper(boolean skipBlankLines) {
    return CsvMapper.builder()
        .configure(CsvParser.Feature.SKIP_EMPTY_LINES, skipBlankLines)
        .disable(CsvParser.Feature.ALLOW_TRAILING_COMMA)
        .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
        .build();
  }

  private Csv() {
  }

  /** One record: its fields as written (unquoted) and the 1-based line it starts on. */
  public record Row(int line, List<String> fields) {
    public Row {
      fields = List.copyOf(fields);
    }

    public String get(int i) {
      return fields.get(i);
    }

    public int size() {
      return fields.size();
    }
  }

  /**
   * Reads a UTF-8 CSV file.
   *
   * @param skipBlankLines leave out empty and whitespace-only lines (else each is a row of one field)
   */
  public static List<Row> read(Path file, boolean skipBlankLines) {
    return read(file, StandardCharsets.UTF_8, skipBlankLines);
  }

  /** Reads a CSV file in {@code charset}; a missing, unreadable or undecodable file is a line-0 error. */
  public static List<Row> read(Path file, Charset charset, boolean skipBlankLines) {
    if (!Files.isRegularFile(file)) {
      throw new TraceFormatException(file, 0, "file not found (expected a readable CSV file)");
    }
    String text;
    try {
      text = decode(Files.readAllBytes(file), charset);
    } catch (CharacterCodingException e) {
      throw new TraceFormatException(file, 0, "expected " + charset.name() + " text, found undecodable bytes");
    } catch (IOException e) {
      throw new TraceFormatException(file, 0, "cannot read: " + e.getMessage());
    }
    return parse(file, text, skipBlankLines);
  }

  /** Strict decoding: malformed or unmappable bytes are an error, not replacement characters. */
  public static String decode(byte[] bytes, Charset charset) throws CharacterCodingException {
    String s = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    return s.startsWith("\ufeff") ? s.substring(1) : s; // a UTF-8 byte order mark is not part of the header
  }

  /**
   * Parses CSV text read from {@code file} (named in errors only). Rows may have any number of fields; callers
   * check the count against their header.
   */
  public static List<Row> parse(Path file, String text, boolean skipBlankLines) {
    List<Row> rows = new ArrayList<>();
    int start = 0;
    CsvMapper mapper = skipBlankLines ? SKIP_BLANK : KEEP_BLANK;
    try (CsvParser p = (CsvParser) mapper.getFactory().createParser(new StringReader(text))) {
      p.setSchema(CsvSchema.emptySchema());
      List<String> fields = new ArrayList<>();
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        switch (t) {
          case START_ARRAY -> {
            start = p.currentLocation().getLineNr();
            fields.clear();
          }
          case END_ARRAY -> {
            rows.add(new Row(start, fields));
            start = 0;
          }
          default -> fields.add(p.getText());
        }
      }
    } catch (JsonProcessingException e) {
      int line = start > 0 ? start : e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
      throw new TraceFormatException(file, line, "expected valid CSV: " + e.getOriginalMessage().split("\n")[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  /** One CSV line ending in {@code \n}; a null field is written empty. */
  public static String row(List<String> fields) {
    if (fields.isEmpty()) {
      return "\n";
    }
    // Jackson leaves a null element out of the row altogether: write it as the empty field it stands for
    List<String> out = fields.stream().map(f -> f == null ? "" : f).toList();
    try {
      return WRITER.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String row(String... fields) {
    return row(Arrays.asList(fields));
  }

  /** A field always in double quotes (embedded quotes doubled), for columns written quoted whatever they hold. */
  public static String quoted(String s) {
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
