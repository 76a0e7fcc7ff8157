package org.socsim.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.socsim.sweep.SweepEngine;

/**
 * How {@code --engine} reaches an engine that the CLI jar does not carry. An engine on the class path (its
 * {@link SweepEngine} service) runs in this JVM. Otherwise the same command runs again in a child JVM whose class
 * path is the engine's jar ({@code experiments/spark/target/socsim-spark.jar}, or {@code -Dsocsim.spark.jar} /
 * {@code $SOCSIM_SPARK_JAR}) plus the Spark jars the build listed beside it ({@code socsim-spark.classpath}),
 * with the JVM flags Spark needs on Java 17.
 */
final class Engines {
  static final List<String> NAMES = List.of("local", "spark");

  /** The --add-opens Spark's own launcher passes on Java 17 (its JavaModuleOptions). */
  static final List<String> SPARK_JVM_FLAGS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
      "-Dio.netty.tryReflectionSetAccessible=true");

  private static final String RELAUNCHED = "socsim.engine.parent";

  private Engines() {
  }

  /** The engine of that name on this class path; empty for {@code local} or when its jar is not on it. */
  static Optional<SweepEngine> find(String name) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("--engine: unknown engine '" + name + "' (known: " + NAMES + ")");
    }
    if (name.equals("local")) {
      return Optional.empty();
    }
    watchParent();
    for (SweepEngine e : ServiceLoader.load(SweepEngine.class)) {
      if (e.name().equals(name)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }

  /** The engine's jar, or a one-line error (exit 2) saying how to build it. */
  static Path sparkJar() {
    String set = System.getProperty("socsim.spark.jar", System.getenv("SOCSIM_SPARK_JAR"));
    if (set != null && !set.isBlank()) {
      return requireBuilt(Path.of(set));
    }
    Path here = codeSource() != null ? codeSource() : Path.of("").toAbsolutePath();
    Path jar = null;
    for (Path d = here.toAbsolutePath(); d != null && jar == null; d = d.getParent()) {
      for (Path c : List.of(d.resolve("spark/target/socsim-spark.jar"),
          d.resolve("experiments/spark/target/socsim-spark.jar"))) {
        if (Files.isRegularFile(c)) {
          jar = c;
          break;
        }
      }
    }
    if (jar == null) {
      throw new IllegalArgumentException("--engine spark: the Spark module is not built (no experiments/spark/target/"
          + "socsim-spark.jar): run 'mvn -B package -DskipTests' in the project, or set SOCSIM_SPARK_JAR");
    }
    return requireBuilt(jar);
  }

  /** The jar (or class folder) this CLI runs from; null when unknown. */
  private static Path codeSource() {
    try {
      return Path.of(Engines.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (Exception e) {
      return null;
    }
  }

  private static Path requireBuilt(Path jar) {
    Path cp = jar.resolveSibling("socsim-spark.classpath");
    if (!Files.isRegularFile(jar) || !Files.isRegularFile(cp)) {
      throw new IllegalArgumentException("--engine spark: " + (Files.isRegularFile(jar) ? cp : jar) + " not found:"
          + " build the Spark module with 'mvn -B package -DskipTests'");
    }
    return jar;
  }

  /**
   * Runs the same command again in a JVM that has the engine: this JVM's options, the engine's jar and Spark's jars
   * on the class path, Spark's JVM flags. Its output goes to {@code out}/{@code err}; returns its exit code.
   */
  static int relaunch(String name, List<String> args, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    if (System.getProperty(RELAUNCHED) != null) {
      throw new IllegalArgumentException("--engine " + name + ": no such engine in " + sparkJar());
    }
    Path jar = sparkJar();
    Path self = codeSource();
    if (self != null && Files.isRegularFile(self)
        && Files.getLastModifiedTime(jar).compareTo(Files.getLastModifiedTime(self)) < 0) {
      err.println("socsim: warning: " + jar + " is older than " + self + " (the Spark run uses the socsim classes in"
          + " its own jar): rebuild both with 'mvn -B package -DskipTests'");
      err.flush();
    }
    Path cpFile = jar.resolveSibling("socsim-spark.classpath");
    List<String> cp = new ArrayList<>(List.of(jar.toString()));
    for (String e : Files.readString(cpFile, StandardCharsets.UTF_8).strip().split(java.io.File.pathSeparator)) {
      if (!e.isBlank() && !Files.exists(Path.of(e))) {
        throw new IllegalArgumentException("--engine spark: " + e + " (listed in " + cpFile + ") is missing: rebuild"
            + " the Spark module with 'mvn -B package -DskipTests'");
      }
      cp.add(e);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // the launcher's class-data archive was made for the CLI jar's class path, not the Spark child's: the child
      // would refuse it with a warning on every run
      if (!a.startsWith("-javaagent") && !a.startsWith("-agentlib") && !a.startsWith("-XX:SharedArchiveFile")) {
        cmd.add(a);
      }
    }
    cmd.addAll(SPARK_JVM_FLAGS);
    cmd.add("-D" + RELAUNCHED + "=" + ProcessHandle.current().pid());
    cmd.add("-cp");
    cmd.add(String.join(java.io.File.pathSeparator, cp));
    cmd.add(Main.class.getName());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT);
    if (localMaster(args) && System.getenv("SPARK_LOCAL_IP") == null) {
      pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1"); // an embedded Spark needs no other address
    }
    Process p = pb.start();
    Thread stop = new Thread(p::destroy, "engine-child-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    Thread o = copy(p.getInputStream(), out);
    Thread e = copy(p.getErrorStream(), err);
    try {
      int code = p.waitFor();
      o.join();
      e.join();
      return code;
    } finally {
      p.destroy();
      try {
        Runtime.getRuntime().removeShutdownHook(stop);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
    }
  }

  /** Whether the command's {@code --master} is absent (default local[*]) or local. */
  static boolean localMaster(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.startsWith("--master=")) {
        return a.substring(9).startsWith("local");
      }
      if (a.equals("--master") && i + 1 < args.size()) {
        return args.get(i + 1).startsWith("local");
      }
    }
    return true;
  }

  private static Thread copy(InputStream in, PrintWriter to) {
    Thread t = new Thread(() -> {
      try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          to.println(l);
          to.flush();
        }
      } catch (IOException ignored) {
        // the child is gone
      }
    }, "engine-child-output");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** In a relaunched JVM: exits when the JVM that started it is gone (killed), so no orphan keeps writing. */
  private static void watchParent() {
    String parent = System.getProperty(RELAUNCHED);
    if (parent == null) {
      return;
    }
    Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(parent));
    if (h.isEmpty()) {
      System.exit(143);
    }
    h.get().onExit().thenRun(() -> System.exit(143));
  }
}
