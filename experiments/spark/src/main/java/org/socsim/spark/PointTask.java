package org.socsim.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.util.LongAccumulator;
import org.socsim.sweep.PointRunner;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * A Spark task: the points of one partition, each run by this executor's {@link PointRunner} (one per JVM, so
 * its (soc, model) cache serves every task the executor runs), into rows that go back to the driver.
 */
final class PointTask extends AbstractFunction1<Iterator<Object[]>, ArrayList<Map<String, Object>>>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final PointRunner RUNNER = new PointRunner();

  private final TreeMap<String, String> driverView;
  private final LongAccumulator computed;

  PointTask(TreeMap<String, String> driverView, LongAccumulator computed) {
    this.driverView = driverView;
    this.computed = computed;
  }

  @Override
  public ArrayList<Map<String, Object>> apply(Iterator<Object[]> points) {
    DataView.check(driverView);
    ArrayList<Map<String, Object>> rows = new ArrayList<>();
    while (points.hasNext()) {
      rows.add(RUNNER.run(Wire.point(points.next())));
    }
    computed.add(rows.size());
    return rows;
  }
}
