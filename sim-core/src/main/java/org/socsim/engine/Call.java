package org.socsim.engine;

import umontreal.ssj.simevents.Event;
import umontreal.ssj.simevents.Simulator;

/** An SSJ event that runs an action (request arrivals, vsyncs, governor ticks: the less frequent events). */
final class Call extends Event {
  private final Runnable action;

  Call(Simulator simulator, Runnable action) {
    super(simulator);
    this.action = action;
  }

  @Override
  public void actions() {
    action.run();
  }
}
