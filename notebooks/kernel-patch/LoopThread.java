package org.rapaio.jupyter.kernel.channels;

/**
 * socsim's replacement for rapaio-jupyter-kernel 3.0.1's {@code LoopThread}, put before the kernel's jar on its
 * class path by {@code run-notebooks.sh}. The original's {@code start()} calls {@code super.start()} and only then
 * sets {@code running = true}: a new thread that reaches {@code run()} before that store sees {@code false} and
 * exits at once, leaving its channel bound but never polled (the kernel starts, binds its ports and never
 * answers; more likely on a loaded machine). Same class, same members; {@code running} is set before the start.
 * Second race: the shell thread may receive the client's first {@code kernel_info_request} before the kernel has
 * set its message handlers (a NullPointerException in {@code Channels.getHandler} that ends the thread). An
 * exception from one turn of the loop is now printed and the loop goes on; the client asks again every second.
 */
public final class LoopThread extends Thread {
  private volatile boolean running;
  private final long sleep;
  private final Runnable loopBody;

  public LoopThread(String name, long sleep, Runnable loopBody) {
    super(name);
    this.sleep = sleep;
    this.loopBody = loopBody;
  }

  @Override
  public void run() {
    while (running) {
      try {
        loopBody.run();
      } catch (RuntimeException e) {
        System.err.println("kernel-patch: " + getName() + " survived " + e);
      }
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        running = false;
      }
    }
  }

  @Override
  public synchronized void start() {
    running = true;
    super.start();
  }

  public void shutdown() {
    running = false;
  }
}
