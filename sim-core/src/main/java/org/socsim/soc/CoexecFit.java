package org.socsim.soc;

import org.socsim.graph.Edge;

/**
 * The per-call cost of CPU+GPU channel-split co-execution (issue 11), as a SoC carries it to the strategies.
 *
 * <p>A call that splits one layer's output channels between the CPU (share 1 - f) and the GPU (share f) costs the
 * fraction-scaled parts (copy in, the slower of the two slices, copy of the GPU's output back) plus, whenever both
 * units take part (0 &lt; f &lt; 1), one per-call overhead
 * {@code fixedUs + concatUsPerByte * outputBytes + cpuFixedShare * t_cpu(whole layer)}: a fixed cost (two launches,
 * the synchronisation with the GPU stream), the concatenation of the two slices (per output byte), and the part of
 * the CPU's full-layer time that its slice pays whatever its share (the input-side work of a conv call, which does
 * not shrink with the output channels). The pieces are charged at the join, on the CPU queue, after the GPU slice's
 * output has been copied back. The three coefficients are fitted on measured co-executed calls by soc-models
 * (org.socsim.profile.CoexecFitter) and stored in the profile's {@code coexec} object.
 */
public final class CoexecFit {
  private CoexecFit() {
  }

  /**
   * A fitted co-execution overhead, stored in the profile ({@code coexec}; optional).
   *
   * @param fixedUs             per call that spans both units
   * @param concatUsPerByte     joining the slices, per byte of the layer's output
   * @param cpuFixedShare       share of the CPU's whole-layer time that a CPU slice pays on top of its own share
   * @param samples             interior (0 &lt; f &lt; 1) calls fitted
   * @param layers              distinct layers among them
   * @param rmsResidualUs       root mean square residual of the fit on its own samples
   * @param meanAbsResidualPct  mean |residual| / measured on its own samples
   * @param source              what it was fitted on
   */
  public record Spec(double fixedUs, double concatUsPerByte, double cpuFixedShare, int samples, int layers,
      double rmsResidualUs, double meanAbsResidualPct, String source) {
    public Spec {
      for (double v : new double[] {fixedUs, concatUsPerByte, cpuFixedShare, rmsResidualUs, meanAbsResidualPct}) {
        if (!(v >= 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException("coexec: expected finite non-negative coefficients and residuals");
        }
      }
    }

    /** The overhead of one call that spans both units, in microseconds. */
    public double callOverheadUs(double outputBytes, double cpuWholeUs) {
      return fixedUs + concatUsPerByte * Math.max(0, outputBytes) + cpuFixedShare * Math.max(0, cpuWholeUs);
    }
  }

  /** A transfer model that also carries a SoC's co-execution costs, so strategies can find them from the Soc. */
  public record Carrier(TransferModel links, Spec spec) implements TransferModel {
    @Override
    public double transferUs(Unit from, Unit to, Edge edge) {
      return links.transferUs(from, to, edge);
    }
  }

  /** The co-execution costs {@code soc} carries, or null (profiles without a fit: today's free joins). */
  public static Spec of(Soc soc) {
    return soc != null && soc.transfers() instanceof Carrier c ? c.spec() : null;
  }
}
