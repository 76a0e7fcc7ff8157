package org.socsim.engine;

import java.util.Arrays;

/** A growable FIFO of ints (no boxing on the hot path). */
final class IntQueue {
  private int[] a = new int[16];
  private int head;
  private int tail;

  boolean isEmpty() {
    return head == tail;
  }

  int size() {
    return tail - head;
  }

  int peek() {
    return a[head];
  }

  int poll() {
    return a[head++];
  }

  void add(int v) {
    if (tail == a.length) {
      if (head > a.length / 2) {
        System.arraycopy(a, head, a, 0, tail - head);
        tail -= head;
        head = 0;
      } else {
        a = Arrays.copyOf(a, a.length * 2);
      }
    }
    a[tail++] = v;
  }
}
