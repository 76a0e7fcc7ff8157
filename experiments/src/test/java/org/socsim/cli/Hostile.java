package org.socsim.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Runs hostile-input cases through the CLI (in process) for one reader and keeps the per-reader summary in
 * {@code target/hostile-summary.txt}. An error case must exit 2 with ONE line on stderr starting {@code socsim:},
 * naming the file (with {@code :line} when the format has lines, or a JSON path), no stack trace, and leave the
 * command's outputs as they were. A harmless case must exit 0 with the number of the pristine file unchanged, or
 * print the named warning. Every case runs; failures are listed together at the end.
 */
final class Hostile {
  /** What a case must produce. */
  enum Expect {
    /** exit 2 naming {@code file:N} (N >= 1). */
    LINE,
    /** exit 2 naming the file and where in the JSON ({@code file:N}, or a path like {@code [3].cpu_t1}). */
    PATH,
    /** exit 2 naming the file (a whole-file problem: empty, binary, truncated protobuf). */
    FILE,
    /** exit 2 naming a flag or other text (given in {@code names}), for flag edge values. */
    NAMED,
    /** exit 0, the measured number the same as the pristine input's. */
    SAME,
    /** exit 0 with the warning text (given in {@code names}) printed. */
    WARN
  }

  record Case(String label, Expect expect, String names, String[] args) {
  }

  private static final Pattern JSON_PATH = Pattern.compile("(\\[\\d+]|#\\d+|\\$\\.|\\.[a-z_0-9]+\\b)");
  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "hostile-case");
    t.setDaemon(true);
    return t;
  });
  /** A case still running after this is a hang. */
  static final long CASE_TIMEOUT_S = 300;

  private final String reader;
  private final List<Case> cases = new ArrayList<>();
  private final List<Path> outputs = new ArrayList<>();
  private Function<CliTest.Out, String> measure = o -> o.out();
  private String pristine;
  private final List<String> log = new ArrayList<>();
  private String last = "";

  Hostile(String reader) {
    this.reader = reader;
  }

  /** Files or folders the commands would write: they must not appear (or change) after an error case. */
  Hostile outputs(Path... p) {
    outputs.addAll(Arrays.asList(p));
    return this;
  }

  /** The number a harmless corruption must leave unchanged, measured on a run of the pristine input. */
  Hostile baseline(Function<CliTest.Out, String> m, String... args) {
    measure = m;
    CliTest.Out o = CliTest.cli(args);
    if (o.code() != 0) {
      throw new AssertionError(reader + ": the pristine input fails: " + o.err());
    }
    pristine = m.apply(o);
    clearOutputs();
    return this;
  }

  /** Exit 2 naming {@code file} as {@code expect} (LINE, PATH or FILE) says. */
  Hostile error(String label, Path file, Expect expect, String... args) {
    cases.add(new Case(label, expect, file.getFileName().toString(), args));
    return this;
  }

  /** Exit 2 naming {@code text} (a flag), for edge values of flags. */
  Hostile named(String label, String text, String... args) {
    cases.add(new Case(label, Expect.NAMED, text, args));
    return this;
  }

  /** A harmless corruption: exit 0 and the baseline's number unchanged. */
  Hostile same(String label, String... args) {
    cases.add(new Case(label, Expect.SAME, "", args));
    return this;
  }

  /** A suspicious but usable input: exit 0 and {@code warning} printed (stdout or stderr). */
  Hostile warn(String label, String warning, String... args) {
    cases.add(new Case(label, Expect.WARN, warning, args));
    return this;
  }

  int size() {
    return cases.size();
  }

  /** Runs every case, writes the reader's summary line, and fails listing every case that misbehaved. */
  void check(int atLeast) throws IOException {
    int exit2 = 0;
    int located = 0;
    int same = 0;
    int warned = 0;
    List<String> failures = new ArrayList<>();
    log.clear();
    for (Case c : cases) {
      String why = run(c);
      log.add(c.label() + " [" + c.expect() + "] -> " + (why == null ? "ok" : "FAILED: " + why) + "\n    " + last);
      if (why != null) {
        failures.add("  " + reader + " / " + c.label() + ": " + why);
        continue;
      }
      switch (c.expect()) {
        case SAME -> same++;
        case WARN -> warned++;
        default -> {
          exit2++;
          if (c.expect() == Expect.LINE || c.expect() == Expect.PATH) {
            located++;
          }
        }
      }
    }
    String line = String.format(Locale.ROOT, "%-28s %5d %7d %9d %9d %8d %6d", reader, cases.size(), exit2, located,
        same, warned, failures.size());
    System.out.println("hostile input " + line);
    summary(reader, line);
    Files.writeString(Path.of("target", "hostile-summary", slug(reader) + ".log"), String.join("\n", log) + "\n");
    if (!failures.isEmpty()) {
      fail(failures.size() + " of " + cases.size() + " hostile " + reader + " cases misbehaved:\n"
          + String.join("\n", failures));
    }
    if (cases.size() < atLeast) {
      fail(reader + ": " + cases.size() + " cases, expected at least " + atLeast);
    }
  }

  /** Null when the case behaved, else why not. */
  private String run(Case c) throws IOException {
    List<byte[]> before = snapshot();
    Future<CliTest.Out> f = POOL.submit(() -> CliTest.cli(c.args()));
    CliTest.Out o;
    try {
      o = f.get(CASE_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return "hung (still running after " + CASE_TIMEOUT_S + " s)";
    } catch (Exception e) {
      Throwable t = e.getCause() == null ? e : e.getCause();
      return "threw " + t;
    }
    String err = o.err().strip();
    last = "exit " + o.code() + ": " + head(err.isEmpty() ? o.out() : err);
    try {
      if (err.contains("\tat ") || err.contains("Exception in") || err.matches("(?s).*\\bat org\\.socsim\\..*")) {
        return "stack trace on stderr (exit " + o.code() + "): " + head(err);
      }
      if (c.expect() == Expect.SAME || c.expect() == Expect.WARN) {
        if (o.code() != 0) {
          return "expected success (harmless corruption), got exit " + o.code() + ": " + head(err);
        }
        if (c.expect() == Expect.SAME && !pristine.equals(measure.apply(o))) {
          return "accepted with a different number: " + measure.apply(o) + " instead of " + pristine;
        }
        if (c.expect() == Expect.WARN && !(o.out() + o.err()).contains(c.names())) {
          return "accepted without the warning '" + c.names() + "': " + head(o.out() + err);
        }
        return null;
      }
      if (o.code() != 2) {
        return "exit " + o.code() + " (expected 2); stdout: " + head(o.out()) + " stderr: " + head(err);
      }
      if (err.isEmpty() || err.split("\n").length != 1) {
        return "expected one line on stderr, got " + (err.isEmpty() ? 0 : err.split("\n").length) + ": " + head(err);
      }
      if (!err.startsWith("socsim: ")) {
        return "stderr does not start with 'socsim: ': " + err;
      }
      if (!err.contains(c.names())) {
        return "does not name " + c.names() + ": " + err;
      }
      String at = Pattern.quote(c.names()) + ":[1-9][0-9]*:";
      if (c.expect() == Expect.LINE && !Pattern.compile(at).matcher(err).find()) {
        return "does not name the line (" + c.names() + ":N): " + err;
      }
      if (c.expect() == Expect.PATH && !Pattern.compile(at).matcher(err).find() && !JSON_PATH.matcher(
          err.substring(err.indexOf(c.names()) + c.names().length())).find()) {
        return "names neither a line nor a JSON path: " + err;
      }
      List<byte[]> after = snapshot();
      for (int i = 0; i < outputs.size(); i++) {
        if (!Arrays.equals(before.get(i), after.get(i))) {
          return "left output " + outputs.get(i) + " behind: " + err;
        }
      }
      return null;
    } finally {
      clearOutputs();
    }
  }

  private static String head(String s) {
    String t = s.strip().replace('\n', '|');
    return t.length() > 300 ? t.substring(0, 300) + "..." : t;
  }

  /** Each output's bytes (a listing for a folder), or null when absent. */
  private List<byte[]> snapshot() throws IOException {
    List<byte[]> out = new ArrayList<>();
    for (Path p : outputs) {
      if (Files.isDirectory(p)) {
        try (var s = Files.walk(p)) {
          out.add(String.join("\n", s.map(x -> x + " " + x.toFile().length()).sorted().toList())
              .getBytes(StandardCharsets.UTF_8));
        }
      } else {
        out.add(Files.exists(p) ? Files.readAllBytes(p) : null);
      }
    }
    return out;
  }

  /** Removes what a successful case wrote, so the next case starts from no output. */
  private void clearOutputs() {
    for (Path p : outputs) {
      try {
        if (Files.isDirectory(p)) {
          try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
              Files.deleteIfExists(x);
            }
          }
        } else {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  private static String slug(String reader) {
    return reader.replaceAll("[^A-Za-z0-9]+", "-");
  }

  static final String HEADER = String.format(Locale.ROOT, "%-28s %5s %7s %9s %9s %8s %6s", "reader", "tried",
      "exit2", "file:line", "harmless", "warning", "FAILED");

  /**
   * Writes {@code target/hostile-summary/<reader>.txt} and rebuilds {@code target/hostile-summary.txt} from all
   * of them (test classes may run in any order or fork).
   */
  private static synchronized void summary(String reader, String line) throws IOException {
    Path dir = Path.of("target", "hostile-summary");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve(slug(reader) + ".txt"), line + "\n");
    List<String> rows = new ArrayList<>();
    try (var s = Files.list(dir)) {
      for (Path p : s.filter(x -> x.toString().endsWith(".txt")).sorted().toList()) {
        rows.add(Files.readString(p).strip());
      }
    }
    int[] tot = new int[6];
    for (String r : rows) {
      String[] f = r.substring(28).trim().split("\\s+");
      for (int i = 0; i < 6; i++) {
        tot[i] += Integer.parseInt(f[i]);
      }
    }
    String total = String.format(Locale.ROOT, "%-28s %5d %7d %9d %9d %8d %6d", "TOTAL", tot[0], tot[1], tot[2],
        tot[3], tot[4], tot[5]);
    Files.writeString(Path.of("target", "hostile-summary.txt"), "Hostile-input suite (exit2 = one line 'socsim: ...'"
        + " naming the file, exit 2, no output left; file:line = of those, naming the line or JSON path;"
        + " harmless = accepted with the number unchanged; warning = accepted with a warning printed)\n" + HEADER
        + "\n" + String.join("\n", rows) + "\n" + total + "\n");
  }

  // ---- corruption helpers shared by the reader families ----

  /** Writes {@code text} to {@code dir/name} (creating dirs), ISO-8859-1 so every byte survives. */
  static Path write(Path dir, String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.ISO_8859_1);
    return p;
  }

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.ISO_8859_1);
  }

  /** Line {@code i} (0-based) of {@code text} replaced by {@code with}; fails when the text has no such line. */
  static String replaceLine(String text, int i, String with) {
    String[] l = text.split("\n", -1);
    l[i] = with;
    return String.join("\n", l);
  }

  /** {@code text} with the first match of regex {@code re} replaced; fails when nothing matches (a stale case). */
  static String sub(String text, String re, String with) {
    String out = text.replaceFirst(re, with);
    if (out.equals(text)) {
      throw new AssertionError("corruption did not apply: /" + re + "/ -> " + with);
    }
    return out;
  }

  static final String BINARY = "\u0000\u0001\u00ff\u00fegarbage\u0002\n".repeat(30);

  /** latency_ms of a {@code --json} run. */
  static String latency(CliTest.Out o) {
    var m = Pattern.compile("\"latency_ms\" : ([^,]+),").matcher(o.out());
    return m.find() ? m.group(1) : "no latency in: " + head(o.out());
  }
}
