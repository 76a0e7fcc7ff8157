package org.socsim.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.socsim.traces.Csv;

/**
 * Runs a sweep on N threads and commits rows strictly in point order (a finished row waits for every earlier
 * one), one line at a time to {@code results.jsonl} and {@code results.csv}, forced to disk at most once a second
 * and at the end. A killed sweep therefore leaves a prefix of complete rows (a torn last line is cut on resume), and results are
 * byte-identical whatever the parallelism and however often the sweep was interrupted.
 */
public final class SweepRunner {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<SweepSpec.Point> points;
  private final Path out;
  private final int parallel;
  private final PointRunner runner = new PointRunner();
  /** {@link PointRunner#columns}: the base columns, plus the optional axes these points name. */
  private final List<String> columns;

  /** Where rows come from: this machine's threads unless another engine ({@link SweepEngine}) is given. */
  private final RowSource source;

  public SweepRunner(List<SweepSpec.Point> points, Path out, int parallel) {
    this(points, out, parallel, null);
  }

  /**
   * A sweep whose rows another engine computes ({@code source}; null = this machine's threads). Whatever computes
   * them, the rows are committed here, in point order, with the same lock, fingerprint, resume and files.
   */
  public SweepRunner(List<SweepSpec.Point> points, Path out, int parallel, RowSource source) {
    this.points = points;
    this.columns = PointRunner.columns(points);
    this.out = out;
    this.parallel = Math.max(1, parallel);
    this.source = source != null ? source : this::computeLocally;
  }

  /**
   * Computes the rows of a run of points (the sweep's points not yet in the results, in order), each with
   * {@link PointRunner#run}, and hands them to {@code done} on the calling thread, in batches, in any order.
   * {@code done} may block (the writer's pace); a source bounds the rows it holds that {@code done} has not taken.
   */
  @FunctionalInterface
  public interface RowSource {
    void compute(List<SweepSpec.Point> todo, RowSink done) throws IOException, InterruptedException;
  }

  /**
   * Takes computed rows (see {@link RowSource}): the rows that complete the prefix of the results are written,
   * then the files are flushed to disk once for the batch.
   */
  @FunctionalInterface
  public interface RowSink {
    void accept(List<Map<String, Object>> rows) throws IOException;
  }

  /** Listener for progress. */
  public interface Progress {
    void step(int done, int total);
  }

  /** @return rows run in this call (points already in the results are skipped when {@code resume}) */
  public int run(boolean resume, Progress progress) throws IOException, InterruptedException {
    org.socsim.io.AtomicFiles.folder(out, "the sweep's output folder");
    // One writer per output folder: a second sweep on the same --out stops here instead of interleaving rows.
    try (FileChannel lockFile = FileChannel.open(out.resolve(".sweep.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE)) {
      java.nio.channels.FileLock lock;
      try {
        lock = lockFile.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IllegalArgumentException(out + ": another sweep is writing this folder (use another --out)");
      }
      try {
        return runLocked(resume, progress);
      } finally {
        lock.release();
      }
    }
  }

  /**
   * What identifies the sweep that wrote a folder: a SHA-256 over its points. Resuming a folder written by other
   * points would mix two studies in one file.
   */
  String fingerprint() {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      for (SweepSpec.Point p : points) {
        md.update((p.toString() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      StringBuilder b = new StringBuilder();
      for (byte x : md.digest()) {
        b.append(String.format(Locale.ROOT, "%02x", x));
      }
      return b.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private int runLocked(boolean resume, Progress progress) throws IOException, InterruptedException {
    Path jsonl = out.resolve("results.jsonl");
    Path csv = out.resolve("results.csv");
    Path idFile = out.resolve(".sweep.points");
    String id = fingerprint() + " " + points.size() + " points\n";
    if (resume && Files.exists(idFile) && !Files.readString(idFile, StandardCharsets.UTF_8).equals(id)) {
      throw new IllegalArgumentException(out + ": --resume refused: the folder was written by a different sweep"
          + " (other points); use a new --out or run without --resume");
    }
    if (!resume || !Files.exists(idFile)) {
      org.socsim.io.AtomicFiles.writeString(idFile, id);
    }
    int done = 0;
    if (resume && Files.exists(jsonl) && Files.exists(csv)) {
      // the two files are appended one after the other: a kill between the two writes leaves one row more in
      // the JSON lines; keep the rows both have
      done = Math.min(completePrefix(jsonl), completeLines(csv) - 1);
      done = Math.max(0, done);
      truncateLines(jsonl, done);
      truncateLines(csv, done + 1);
      if (Files.size(csv) == 0) {
        // an empty results.csv (killed before its header was written) gets its header back
        Files.writeString(csv, Csv.row(columns), StandardCharsets.UTF_8);
      }
    } else {
      Files.writeString(jsonl, "", StandardCharsets.UTF_8);
      Files.writeString(csv, Csv.row(columns), StandardCharsets.UTF_8);
    }
    if (!Files.exists(csv)) {
      Files.writeString(csv, Csv.row(columns), StandardCharsets.UTF_8);
    }
    int start = done;
    try (FileChannel jc = FileChannel.open(jsonl, StandardOpenOption.APPEND);
        FileChannel cc = FileChannel.open(csv, StandardOpenOption.APPEND)) {
      TreeMap<Integer, Map<String, Object>> ready = new TreeMap<>();
      int[] commit = {start};
      long[] lastForce = {System.nanoTime()};
      progress.step(start, points.size());
      if (start < points.size()) {
        source.compute(points.subList(start, points.size()), rows -> {
          for (Map<String, Object> row : rows) {
            ready.put((Integer) row.get("index"), row);
          }
          int before = commit[0];
          while (ready.containsKey(commit[0])) {
            Map<String, Object> r = ready.remove(commit[0]);
            append(jc, JSON.writeValueAsString(r) + "\n");
            append(cc, csvLine(r, columns));
            commit[0]++;
          }
          if (commit[0] > before) {
            // to the disk at most once a second and at the end: a killed process loses nothing written (the
            // page cache survives it), a crash at most the last second, which --resume recomputes
            long now = System.nanoTime();
            if (commit[0] == points.size() || now - lastForce[0] >= 1_000_000_000L) {
              jc.force(false);
              cc.force(false);
              lastForce[0] = now;
            }
            for (int i = before + 1; i <= commit[0]; i++) {
              progress.step(i, points.size());
            }
          }
        });
      }
      if (commit[0] != points.size()) {
        throw new IllegalStateException("sweep engine returned " + (commit[0] - start) + " of the "
            + (points.size() - start) + " rows to run (first missing: point " + commit[0] + ")");
      }
    }
    return points.size() - start;
  }

  /** This machine's engine: {@code parallel} threads, at most 4 points a thread in flight. */
  private void computeLocally(List<SweepSpec.Point> todo, RowSink done) throws IOException, InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
      Thread t = new Thread(r, "sweep");
      t.setDaemon(true);
      return t;
    });
    try {
      ExecutorCompletionService<Map<String, Object>> ecs = new ExecutorCompletionService<>(pool);
      int next = 0;
      int inFlight = 0;
      int window = parallel * 4;
      for (int taken = 0; taken < todo.size(); taken++) {
        while (next < todo.size() && inFlight < window) {
          SweepSpec.Point p = todo.get(next++);
          ecs.submit(() -> runner.run(p));
          inFlight++;
        }
        // one batch: the row waited for and every other row already computed
        List<Map<String, Object>> batch = new java.util.ArrayList<>();
        Future<Map<String, Object>> f = ecs.take();
        try {
          while (f != null) {
            inFlight--;
            batch.add(f.get());
            f = taken + batch.size() < todo.size() ? ecs.poll() : null;
          }
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("sweep point failed: " + e.getCause(), e.getCause());
        }
        taken += batch.size() - 1;
        done.accept(batch);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void append(FileChannel c, String line) throws IOException {
    var buf = java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    while (buf.hasRemaining()) {
      c.write(buf);
    }
  }

  /** A result row in column order, quoted where a field needs it (RFC 4180); a missing value is empty. */
  static String csvLine(Map<String, Object> r, List<String> columns) {
    List<String> fields = new java.util.ArrayList<>(columns.size());
    for (String c : columns) {
      Object v = r.get(c);
      fields.add(v == null ? null : v instanceof Double d ? fmt(d) : v.toString());
    }
    return Csv.row(fields);
  }

  private static String fmt(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return String.format(Locale.ROOT, "%.3f", d);
  }

  /** Number of complete, parseable rows at the start of the JSON lines file; cuts anything after them. */
  private static int completePrefix(Path jsonl) throws IOException {
    byte[] all = Files.readAllBytes(jsonl);
    int rows = 0;
    int keep = 0;
    int from = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] == '\n') {
        String line = new String(all, from, i - from, StandardCharsets.UTF_8);
        try {
          JsonNode n = JSON.readTree(line);
          if (n == null || n.path("index").asInt(-1) != rows) {
            break;
          }
        } catch (JsonProcessingException e) {
          break;
        }
        rows++;
        keep = i + 1;
        from = i + 1;
      }
    }
    try (FileChannel c = FileChannel.open(jsonl, StandardOpenOption.WRITE)) {
      c.truncate(keep);
    }
    return rows;
  }

  /** Complete (newline-terminated) lines of a file. */
  private static int completeLines(Path file) throws IOException {
    int n = 0;
    for (byte b : Files.readAllBytes(file)) {
      if (b == '\n') {
        n++;
      }
    }
    return n;
  }

  /** Keeps the first {@code lines} complete lines of a file. */
  private static void truncateLines(Path file, int lines) throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    byte[] all = Files.readAllBytes(file);
    int seen = 0;
    int keep = 0;
    for (int i = 0; i < all.length && seen < lines; i++) {
      if (all[i] == '\n') {
        seen++;
        keep = i + 1;
      }
    }
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      c.truncate(keep);
    }
  }
}
