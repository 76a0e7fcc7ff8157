package org.socsim.traces;

import java.nio.file.Path;

/**
 * Bad input: a missing file or a line that is not what its format expects. The CLI prints
 * {@link #getMessage()} as one line and exits with code 2.
 */
public final class TraceFormatException extends RuntimeException {
  private final Path file;
  private final int line;

  /** @param line 1-based line number, or 0 when the problem is the file as a whole */
  public TraceFormatException(Path file, int line, String expected) {
    super(file + (line > 0 ? ":" + line : "") + ": " + expected);
    this.file = file;
    this.line = line;
  }

  public Path file() {
    return file;
  }

  public int line() {
    return line;
  }
}
