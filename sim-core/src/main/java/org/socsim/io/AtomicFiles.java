package org.socsim.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes output files via a hidden sibling and an atomic move: a failure or a kill leaves nothing half written. */
public final class AtomicFiles {
  /** Produces a file's content. */
  public interface Body {
    void write(Writer out) throws IOException;
  }

  private AtomicFiles() {
  }

  public static void write(Path target, Body body) throws IOException {
    Path abs = target.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      throw new IllegalArgumentException(target + ": is a directory (expected a file path to write)");
    }
    if (Files.exists(abs) && !Files.isRegularFile(abs)) {
      // Never replace a device node, FIFO or socket (e.g. /dev/full) with a regular file.
      throw new IllegalArgumentException(target + ": exists and is not a regular file (expected a file path to"
          + " write)");
    }
    Files.createDirectories(abs.getParent());
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        body.write(w);
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static void writeString(Path target, String text) throws IOException {
    write(target, w -> w.write(text));
  }
}
