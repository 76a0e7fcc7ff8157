package org.socsim.profile;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.regression.SimpleRegression;
import org.socsim.traces.hope.TransferTable;

/**
 * A HOPE phone's CPU<->accelerator copy cost: least squares of the measured copy time on the tensor's fp32 bytes over
 * the data-trans tables' rows with shapes (the median of all rows when fewer than 3 have shapes), with its residuals
 * noted for {@code socsim calibrate} to print.
 */
final class HopeLinkFit {
  private HopeLinkFit() {
  }

  static SocProfile.LinkSpec fit(String from, String to, List<TransferTable> tables, boolean toGpu, List<String> notes) {
    SimpleRegression reg = new SimpleRegression(true);
    List<Double> all = new ArrayList<>();
    List<double[]> shaped = new ArrayList<>(); // {bytes, us} of the copies with a shape
    for (TransferTable t : tables) {
      for (TransferTable.Row r : t.rows()) {
        double us = toGpu ? r.cpuToGpuUs() : r.gpuToCpuUs();
        all.add(us);
        if (r.elements() >= 0) {
          reg.addData(r.bytesFp32(), us);
          shaped.add(new double[] {r.bytesFp32(), us});
        }
      }
    }
    double fixed = reg.getN() >= 3 ? reg.getIntercept() : org.socsim.result.Stats.median(all);
    double slope = reg.getN() >= 3 ? reg.getSlope() : 0;
    double r2 = reg.getN() >= 3 ? reg.getRSquare() : 0;
    double mean = all.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    if (reg.getN() >= 3) {
      // the fit's residuals, as calibrate prints them for every fitted constant
      List<Double> rel = new ArrayList<>();
      for (double[] c : shaped) {
        if (c[1] > 0) {
          rel.add(Math.abs(fixed + slope * c[0] - c[1]) / c[1] * 100);
        }
      }
      notes.add(String.format(java.util.Locale.ROOT, "link %s->%s: %.1f us + %.3e us/B, least squares on %d copies"
          + " with shapes: RMS residual %.1f us, median |residual| %.0f%%, R^2 %.2f", from, to, fixed, slope,
          reg.getN(), Math.sqrt(reg.getMeanSquareError()), rel.isEmpty() ? Double.NaN
          : org.socsim.result.Stats.median(rel), r2));
    }
    return new SocProfile.LinkSpec(from, to, round(fixed), slope, round(mean), all.size(), round(r2));
  }

  private static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
