package org.socsim.spark;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.apache.spark.util.LongAccumulator;
import org.socsim.sweep.SweepEngine;
import org.socsim.sweep.SweepRunner;
import org.socsim.sweep.SweepSpec;
import scala.reflect.ClassTag;
import scala.runtime.BoxedUnit;

/**
 * The sweep on Apache Spark ({@code socsim sweep --engine spark [--master URL]}). The points still to run are cut
 * into waves of tasks; each task runs its points with {@link org.socsim.sweep.PointRunner} on an executor
 * ({@link PointTask}) and its rows come back to the driver as the task ends, where {@link SweepRunner} writes them
 * in point order (same files, lock, fingerprint and resume as the local engine, so the bytes are the same). At most
 * {@link #WAVES_IN_FLIGHT} waves are computed or waiting to be written at once: the driver's memory is bounded
 * and a killed sweep keeps every row written before the kill ({@code --resume} runs the rest).
 */
public final class SparkSweepEngine implements SweepEngine {
  public static final String DEFAULT_MASTER = "local[*]";
  /** Points in one task at most: enough to hide a task's scheduling cost, few enough to balance the load. */
  static final int MAX_TASK_POINTS = 64;
  /** Tasks in a wave per slot of parallelism. */
  static final int WAVE_TASKS_PER_SLOT = 8;
  /** Points in a wave at most (rows held by the driver: about this times {@link #WAVES_IN_FLIGHT}). */
  static final int MAX_WAVE_POINTS = 20_000;
  static final int WAVES_IN_FLIGHT = 3;

  private static final AtomicLong LAST_COMPUTED = new AtomicLong();
  private static final Object WAVE_DONE = new Object();

  @Override
  public String name() {
    return "spark";
  }

  @Override
  public SweepRunner.RowSource rows(String master, PrintWriter log) {
    return (todo, done) -> run(todo, done, master, log);
  }

  /** Points the executors computed in the last sweep of this JVM (a Spark accumulator). */
  public static long lastComputed() {
    return LAST_COMPUTED.get();
  }

  /**
   * The Spark configuration: {@code spark.*} system properties (as spark-submit sets them), then {@code --master}
   * (default {@value #DEFAULT_MASTER}). A local master binds to the loopback address and starts no web UI.
   */
  static SparkConf conf(String master) {
    SparkConf c = new SparkConf();
    if (master != null) {
      c.setMaster(master);
    } else {
      c.setIfMissing("spark.master", DEFAULT_MASTER);
    }
    c.setIfMissing("spark.app.name", "socsim sweep");
    if (c.get("spark.master").startsWith("local")) {
      c.setIfMissing("spark.ui.enabled", "false");
      c.setIfMissing("spark.driver.host", "127.0.0.1");
      c.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    return c;
  }

  /** Points per task for {@code left} points on {@code slots} slots: a few tasks per slot, at most 64 points. */
  static int taskPoints(int left, int slots) {
    return Math.max(1, Math.min(MAX_TASK_POINTS, (left + 4 * slots - 1) / (4 * slots)));
  }

  private static void run(List<SweepSpec.Point> todo, SweepRunner.RowSink done, String master, PrintWriter log)
      throws java.io.IOException, InterruptedException {
    LAST_COMPUTED.set(0);
    SparkConf conf = conf(master);
    try (JavaSparkContext jsc = new JavaSparkContext(conf)) {
      jsc.setLogLevel("WARN");
      log.printf("sweep: %d points on Spark %s (parallelism %d)%n", todo.size(), jsc.master(),
          jsc.defaultParallelism());
      log.flush();
      TreeMap<String, String> view = DataView.of(todo);
      LongAccumulator computed = jsc.sc().longAccumulator("socsim points");
      BlockingQueue<Object> results = new LinkedBlockingQueue<>();
      Semaphore waves = new Semaphore(WAVES_IN_FLIGHT);
      ExecutorService jobs = Executors.newFixedThreadPool(WAVES_IN_FLIGHT, r -> {
        Thread t = new Thread(r, "socsim-spark-wave");
        t.setDaemon(true);
        return t;
      });
      int[] submitted = {0};
      Thread submitter = new Thread(() -> {
        try {
          for (int from = 0; from < todo.size(); ) {
            waves.acquire();
            int slots = Math.max(1, jsc.defaultParallelism());
            int per = taskPoints(todo.size() - from, slots);
            int to = Math.min(todo.size(), from + Math.min(MAX_WAVE_POINTS, per * slots * WAVE_TASKS_PER_SLOT));
            ArrayList<Object[]> wire = new ArrayList<>(to - from);
            for (SweepSpec.Point p : todo.subList(from, to)) {
              wire.add(Wire.of(p));
            }
            int tasks = (wire.size() + per - 1) / per;
            synchronized (submitted) {
              submitted[0]++;
            }
            jobs.submit(() -> runWave(jsc, wire, tasks, view, computed, results));
            from = to;
          }
          results.add(Boolean.TRUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          results.add(e);
        }
      }, "socsim-spark-submit");
      submitter.setDaemon(true);
      submitter.start();
      try {
        boolean allSubmitted = false;
        int finished = 0;
        while (true) {
          Object r = results.take();
          if (r == WAVE_DONE) {
            finished++;
            waves.release();
          } else if (r == Boolean.TRUE) {
            allSubmitted = true;
          } else if (r instanceof Throwable t) {
            throw failure(t);
          } else {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> rows = (List<Map<String, Object>>) r;
            done.accept(rows);
          }
          synchronized (submitted) {
            if (allSubmitted && finished == submitted[0]) {
              break;
            }
          }
        }
      } finally {
        submitter.interrupt();
        jsc.sc().cancelAllJobs();
        jobs.shutdownNow();
        LAST_COMPUTED.set(computed.value());
      }
    }
  }

  /** One wave: one Spark job; each task's rows are queued for the writer as the task ends. */
  private static void runWave(JavaSparkContext jsc, ArrayList<Object[]> wire, int tasks,
      TreeMap<String, String> view, LongAccumulator computed, BlockingQueue<Object> results) {
    try {
      RDD<Object[]> rdd = jsc.parallelize(wire, tasks).rdd();
      @SuppressWarnings({"unchecked", "rawtypes"})
      ClassTag<ArrayList<Map<String, Object>>> tag = (ClassTag) scala.reflect.ClassTag$.MODULE$.apply(ArrayList.class);
      jsc.sc().runJob(rdd, new PointTask(view, computed), (Object index, ArrayList<Map<String, Object>> rows) -> {
        results.add(rows);
        return BoxedUnit.UNIT;
      }, tag);
      results.add(WAVE_DONE);
    } catch (Throwable t) {
      results.add(t);
    }
  }

  /** A failed job as the CLI reports it: missing data on an executor is bad input (exit 2), the rest a failure. */
  static RuntimeException failure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && m.contains(DataView.MARK)) {
        String s = m.substring(m.indexOf(DataView.MARK) + DataView.MARK.length());
        int end = s.indexOf('\n');
        return new IllegalArgumentException("--engine spark: " + (end < 0 ? s : s.substring(0, end)), t);
      }
    }
    return new IllegalStateException("--engine spark: the Spark job failed: " + t, t);
  }
}
