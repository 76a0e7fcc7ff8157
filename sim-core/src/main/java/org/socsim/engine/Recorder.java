package org.socsim.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.socsim.result.Marks;
import org.socsim.result.Span;
import org.socsim.result.Timeline;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/**
 * What a run records for its timeline: spans, dependency arrows, counter samples (queue depth per unit, frequency
 * level per unit, temperature, DRAM bandwidth in use) and instants (arrivals, dropped frames, missed objectives).
 * Only made when a timeline is wanted; a counter sample is kept only when its value changes.
 */
final class Recorder {
  private final Soc soc;
  private final List<Span> spans = new ArrayList<>();
  private final Marks marks = new Marks();
  private final int[] lastDepth;
  private final double[] lastLevel;
  private double lastTemp = Double.NaN;
  private double lastDram = Double.NaN;

  /** Counter track names per unit, made once (a trace samples them at every change). */
  private final String[] queueTrack;
  private final String[] levelTrack;

  Recorder(Soc soc) {
    this.soc = soc;
    lastDepth = new int[soc.units().size()];
    lastLevel = new double[soc.units().size()];
    Arrays.fill(lastLevel, 1.0);
    queueTrack = new String[soc.units().size()];
    levelTrack = new String[soc.units().size()];
    for (int u = 0; u < queueTrack.length; u++) {
      queueTrack[u] = "queue " + soc.unit(u).id();
      levelTrack[u] = "frequency level " + soc.unit(u).id();
    }
  }

  void span(Span s) {
    spans.add(s);
  }

  /**
   * A request task's span (after its dispatch gap, as measured kernels are), and arrows from the tasks it waited
   * for on other units or through a copy.
   */
  void task(TaskTemplates tpl, Instances in, int inst, int t, int u, double took, String prefix) {
    int base = inst - t;
    double lead = tpl.taskLead[t];
    boolean isOp = t < tpl.nOps;
    String kind = !isOp ? "transfer" : tpl.isFallback(t) ? "fallback" : "op";
    double start = in.startAt[inst] + lead;
    int threads = tpl.taskThreads[t];
    String label = tpl.label(t);
    spans.add(new Span(u, in.lane[inst], prefix.isEmpty() ? label : prefix + label, kind, start, took - lead,
        threads));
    for (int k = tpl.relStart[t]; k < tpl.relStart[t + 1]; k++) {
      int p = tpl.rel[k];
      boolean copy = p >= tpl.nOps || !isOp;
      if (tpl.taskUnit[p] != u || copy) {
        marks.flow(tpl.taskUnit[p], in.lane[base + p], in.startAt[base + p] + tpl.taskLead[p], u, in.lane[inst], start,
            copy ? "copy" : "dependency");
      }
    }
  }

  void flow(int fromUnit, int fromLane, double fromUs, int toUnit, int toLane, double toUs, String name) {
    marks.flow(fromUnit, fromLane, fromUs, toUnit, toLane, toUs, name);
  }

  void instant(String name, String kind, double atUs) {
    marks.instant(name, kind, atUs);
  }

  void queueDepth(int unit, int depth, double atUs) {
    if (depth != lastDepth[unit]) {
      lastDepth[unit] = depth;
      marks.counter(queueTrack[unit], atUs, depth);
    }
  }

  void levels(double[] level, double atUs) {
    for (int u = 0; u < level.length; u++) {
      if (level[u] != lastLevel[u]) {
        lastLevel[u] = level[u];
        marks.counter(levelTrack[u], atUs, level[u]);
      }
    }
  }

  void temperature(double c, double atUs) {
    if (c != lastTemp) {
      lastTemp = c;
      marks.counter("temperature C", atUs, c);
    }
  }

  /** DRAM bandwidth the running tasks are given, in MB/s (bytes per us). */
  void dram(double bytesPerUs, double atUs) {
    if (bytesPerUs != lastDram) {
      lastDram = bytesPerUs;
      marks.counter("dram MB/s", atUs, bytesPerUs);
    }
  }

  Timeline timeline() {
    return new Timeline(soc.units().stream().map(Unit::id).toList(), spans, marks);
  }
}
