package org.socsim.engine;

import java.util.Arrays;
import umontreal.ssj.simevents.Event;

/**
 * Per-instance state of a plan-driven run, in slots of {@code perRequest} entries: a request or a UI frame takes a
 * free slot when it arrives and gives it back when it completes, so memory grows with the work in flight, not with
 * the run's length. Instance id = slot * perRequest + task.
 */
final class Instances {
  private final int perRequest;
  /** Per slot: the request it holds, or -1 - frame for a UI frame; its remaining tasks; a frame's deadline. */
  int[] slotRequest = new int[0];
  int[] slotLeft = new int[0];
  double[] slotDeadline = new double[0];
  private final IntQueue free = new IntQueue();
  private int nSlots;
  /** Per instance. */
  int[] pending = new int[0];
  int[] lane = new int[0];
  double[] startAt = new double[0];
  double[] remaining = new double[0];
  double[] rate = new double[0];
  double[] lastUpdate = new double[0];
  /** Completion events, one per instance position, reused by every request that holds the slot. */
  Event[] endEvent = new Event[0];
  int[] consumersLeft = new int[0];

  Instances(int perRequest) {
    this.perRequest = perRequest;
  }

  /** A free slot (the arrays grow when none is free). */
  int take() {
    if (!free.isEmpty()) {
      return free.poll();
    }
    int slot = nSlots++;
    if (slotRequest.length < nSlots) {
      int cap = Math.max(1, slotRequest.length * 2); // one request (a sweep point) takes one slot
      slotRequest = Arrays.copyOf(slotRequest, cap);
      slotLeft = Arrays.copyOf(slotLeft, cap);
      slotDeadline = Arrays.copyOf(slotDeadline, cap);
      int n = cap * perRequest;
      pending = Arrays.copyOf(pending, n);
      lane = Arrays.copyOf(lane, n);
      startAt = Arrays.copyOf(startAt, n);
      remaining = Arrays.copyOf(remaining, n);
      rate = Arrays.copyOf(rate, n);
      lastUpdate = Arrays.copyOf(lastUpdate, n);
      endEvent = Arrays.copyOf(endEvent, n);
      consumersLeft = Arrays.copyOf(consumersLeft, n);
    }
    return slot;
  }

  /** The slot's request and frame tasks are all done: it may be reused. */
  void release(int slot) {
    free.add(slot);
  }

  boolean isFrame(int inst) {
    return slotRequest[inst / perRequest] < 0;
  }
}
