package org.socsim.spark;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import org.socsim.sweep.SweepSpec;

/**
 * A sweep point as Spark ships it: the record's components in order (strings, numbers, booleans, nulls: all
 * serializable), rebuilt with the canonical constructor on the executor. Follows the record, so a new axis travels
 * without a change here.
 */
final class Wire {
  private static final RecordComponent[] COMPONENTS = SweepSpec.Point.class.getRecordComponents();
  private static final Constructor<SweepSpec.Point> CANONICAL;

  static {
    Class<?>[] types = new Class<?>[COMPONENTS.length];
    for (int i = 0; i < types.length; i++) {
      types[i] = COMPONENTS[i].getType();
    }
    try {
      CANONICAL = SweepSpec.Point.class.getDeclaredConstructor(types);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Wire() {
  }

  static Object[] of(SweepSpec.Point p) {
    Object[] out = new Object[COMPONENTS.length];
    try {
      for (int i = 0; i < out.length; i++) {
        out[i] = COMPONENTS[i].getAccessor().invoke(p);
      }
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  static SweepSpec.Point point(Object[] fields) {
    try {
      return CANONICAL.newInstance(fields);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot rebuild a sweep point (driver and executor jars differ?)", e);
    }
  }
}
