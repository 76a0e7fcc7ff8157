package org.socsim.sweep;

/**
 * Another engine for a sweep's points than this machine's threads (e.g. Apache Spark, in the socsim-spark jar),
 * found with {@link java.util.ServiceLoader}: only present when its jar is on the class path, so the CLI jar does not
 * carry it. The engine computes rows with {@link PointRunner}; {@link SweepRunner} still writes them (same lock,
 * fingerprint, resume and bytes as the local engine).
 */
public interface SweepEngine {
  /** The name {@code --engine} takes, e.g. {@code spark}. */
  String name();

  /**
   * The source of rows for one sweep.
   *
   * @param master where to run (engine-specific, e.g. {@code local[2]}, {@code spark://host:7077}); null = the
   *     engine's default
   * @param log one-line notes for the user (e.g. where the engine runs)
   */
  SweepRunner.RowSource rows(String master, java.io.PrintWriter log);
}
