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

  /**
   * Creates the output folder {@code dir} (and its parents): a path that exists and is not a folder, or one that
   * cannot be created (no permission, a read-only or virtual file system), is an {@link IllegalArgumentException}
   * naming it, which the command line reports in one line with exit code 2.
   */
  public static Path folder(Path dir, String what) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + ": exists and is not a directory (expected " + what + ")");
    }
    try {
      return Files.createDirectories(dir);
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalArgumentException(dir + ": cannot create " + what + " (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
    }
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
    folder(abs.getParent(), "the folder of " + target.getFileName());
    Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        body.write(w);
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.FileSystemException e) {
      // no permission, a read-only or virtual file system (/proc), a vanished folder: one line naming the target
      throw new IllegalArgumentException(target + ": cannot write it (" + e.getClass().getSimpleName()
          + (e.getReason() == null ? "" : ": " + e.getReason()) + (e.getFile() == null ? "" : " on " + e.getFile())
          + ")");
    } finally {
      try {
        Files.deleteIfExists(tmp);
      } catch (java.nio.file.FileSystemException ignored) {
        // nothing was created there
      }
    }
  }

  public static void writeString(Path target, String text) throws IOException {
    write(target, w -> w.write(text));
  }
}
