package org.socsim.engine;

import java.util.function.Consumer;
import org.socsim.runtime.ReadyOp;
import umontreal.ssj.simevents.Event;
import umontreal.ssj.simevents.Simulator;

/** A running op of a policy-driven run, with the copies of its inputs; its completion is this event. */
final class PolicyTask extends Event {
  private final Consumer<PolicyTask> onEnd;
  final PolicyJob js;
  final ReadyOp ready;
  final int unit;
  final int lane;
  final int threads;
  final double copyUs;
  /** Solo duration: copies, dispatch gap and the op. */
  final double durUs;
  /** DRAM traffic (its bandwidth demand is this over the solo duration). */
  final double bytes;
  double startUs;
  double remaining;
  double rate = 1.0;
  double lastUpdate;

  PolicyTask(Simulator simulator, Consumer<PolicyTask> onEnd, PolicyJob js, ReadyOp ready, int unit, int lane,
      int threads, double copyUs, double coreUs, double bytes) {
    super(simulator);
    this.onEnd = onEnd;
    this.js = js;
    this.ready = ready;
    this.unit = unit;
    this.lane = lane;
    this.threads = threads;
    this.copyUs = copyUs;
    this.durUs = copyUs + coreUs;
    this.bytes = bytes;
  }

  @Override
  public void actions() {
    onEnd.accept(this);
  }
}
