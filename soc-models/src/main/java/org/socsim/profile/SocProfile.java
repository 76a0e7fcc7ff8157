package org.socsim.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.socsim.soc.CoexecFit;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;
import org.socsim.soc.UnitKind;

/**
 * A calibrated SoC: units, transfer links, and per-model op latency tables measured on the device. Serialised
 * as JSON by {@link ProfileIo}; schema {@value #SCHEMA}.
 *
 * @param units     processing units, CPU big cluster first
 * @param links     transfer cost fits keyed {@code "cpu->gpu"}, {@code "gpu->cpu"}
 * @param models    per-model latency tables keyed by model name
 * @param notes     what calibration noticed (defects skipped, assumptions)
 * @param coexec    fitted per-call cost of CPU+GPU channel-split co-execution ({@link CoexecFit}), or null: joins
 *                  are free and slices a pure fraction of the layer (profiles calibrated without co-execution data)
 * @param gpuQueue  how the GPU's measured op latencies relate to a chained run ({@link GpuQueueSpec}), or null: the
 *                  table's GPU latencies are what an op costs in a run, and leaving the GPU costs only the copy
 */
public record SocProfile(String schema, String name, String description, List<String> sources, List<UnitSpec> units,
    Map<String, LinkSpec> links, Map<String, ModelTable> models, Map<String, UnitCostSpec> costModels,
    PlatformSpec platform, List<String> notes, CoexecFit.Spec coexec, GpuQueueSpec gpuQueue) {
  public static final String SCHEMA = "socsim-profile/1";

  /** A profile without a GPU queue fit. */
  public SocProfile(String schema, String name, String description, List<String> sources, List<UnitSpec> units,
      Map<String, LinkSpec> links, Map<String, ModelTable> models, Map<String, UnitCostSpec> costModels,
      PlatformSpec platform, List<String> notes, CoexecFit.Spec coexec) {
    this(schema, name, description, sources, units, links, models, costModels, platform, notes, coexec, null);
  }

  /** A profile without a co-execution fit. */
  public SocProfile(String schema, String name, String description, List<String> sources, List<UnitSpec> units,
      Map<String, LinkSpec> links, Map<String, ModelTable> models, Map<String, UnitCostSpec> costModels,
      PlatformSpec platform, List<String> notes) {
    this(schema, name, description, sources, units, links, models, costModels, platform, notes, null, null);
  }

  /**
   * GPU command-queue semantics fitted from whole runs (issue 11): the GPU latencies in the tables are each the
   * fastest of a stage's synchronised single-stage runs, and each such run also paid one host-GPU synchronisation
   * that a chained run does not (the host enqueues the next stage's kernels while the GPU still runs the previous
   * ones). In a run an op on the GPU costs {@code max(0, table - syncUs)}; the queue is drained, paying
   * {@code syncUs} once, when data leaves the GPU (a copy to another unit). Fitted by {@link GpuQueueFitter}.
   *
   * @param syncUs             the synchronisation a chained run saves per stage and pays once per drain
   * @param plans              measured whole-GPU runs it was fitted on
   * @param models             distinct models among them
   * @param meanAbsResidualPct mean |predicted - measured| / measured of those runs with the fitted value
   * @param source             what it was fitted on
   */
  public record GpuQueueSpec(double syncUs, int plans, int models, double meanAbsResidualPct, String source) {
    public GpuQueueSpec {
      if (!(syncUs >= 0) || Double.isInfinite(syncUs) || !(meanAbsResidualPct >= 0)) {
        throw new IllegalArgumentException("gpu_queue: expected finite non-negative sync_us and residual");
      }
    }
  }

  /** A copy of this profile with another GPU queue fit (null: none). */
  public SocProfile withGpuQueue(GpuQueueSpec newQueue) {
    return new SocProfile(schema, name, description, sources, units, links, models, costModels, platform, notes,
        coexec, newQueue);
  }

  /** The drain cost the GPU pays when data leaves it: the fitted sync, or 0 without a queue fit. */
  public double gpuSyncUs() {
    return gpuQueue == null ? 0.0 : gpuQueue.syncUs();
  }

  /**
   * @param threads    thread counts the latency tables hold, in column order
   * @param dispatchUs median idle gap between consecutive ops measured on this unit (framework overhead)
   * @param power      the unit's power figures, or null in a profile written before they were stored (read with
   *                   the assumed ones: {@link PlatformAssumptions})
   */
  public record UnitSpec(String id, String kind, int cores, int streams, double dispatchUs, List<Integer> threads,
      PowerSpec power) {
    /** A unit without power figures. */
    public UnitSpec(String id, String kind, int cores, int streams, double dispatchUs, List<Integer> threads) {
      this(id, kind, cores, streams, dispatchUs, threads, null);
    }

    public UnitSpec withDispatchUs(double newDispatchUs) {
      return new UnitSpec(id, kind, cores, streams, newDispatchUs, threads, power);
    }

    public UnitSpec withPower(PowerSpec newPower) {
      return new UnitSpec(id, kind, cores, streams, dispatchUs, threads, newPower);
    }
  }

  /**
   * Power of a unit, watts: {@code idleW} when idle; when busy {@code staticW + dynamicW * level^3 * busyShare}
   * (the engine's power model).
   *
   * @param source where the figures come from
   */
  public record PowerSpec(double idleW, double staticW, double dynamicW, String source) {
  }

  /**
   * Transfer cost {@code fixedUs + usPerByte * bytes}, fitted by least squares on measured copies.
   *
   * @param unknownShapeUs mean measured copy over all of the device's tensors, charged when the graph carries no
   *                       tensor shape and the model has no copy table of its own
   */
  public record LinkSpec(String from, String to, double fixedUs, double usPerByte, double unknownShapeUs,
      int samples, double r2) {
    /** The fitted cost of copying {@code bytes} over this link (never negative). */
    public double copyUs(double bytes) {
      return Math.max(0.0, fixedUs + usPerByte * bytes);
    }
  }

  /**
   * @param ops            op name to unit id to latency per thread count (same order as the unit's threads)
   * @param gpuUnsupported ops that the GPU backend ran on the CPU in the measured GPU runs
   * @param dispatchUs     per-unit dispatch gap for this model's runtime, overriding the unit default
   * @param copyUs         mean measured copy of one of this model's tensors per link ({@code cpu->gpu}), charged
   *                       for graph edges whose tensor shape is unknown; overrides the link's device-wide value
   * @param outputBytes    bytes of each op's output when the traces know them (chain-shaped models), else null
   * @param tensorBytes    mean size of the model's measured tensors (data-trans shapes, fp32), or null: with no
   *                       shapes in the graph an op's DRAM traffic is taken as one such tensor in and one out
   */
  public record ModelTable(String runtime, Map<String, Map<String, List<Double>>> ops, List<String> gpuUnsupported,
      Map<String, Double> dispatchUs, Map<String, Double> copyUs, Map<String, Long> outputBytes, Double tensorBytes) {
    /** The same table with other per-op latencies. */
    public ModelTable withOps(Map<String, Map<String, List<Double>>> newOps) {
      return new ModelTable(runtime, newOps, gpuUnsupported, dispatchUs, copyUs, outputBytes, tensorBytes);
    }
  }

  /**
   * One fitted cost line: {@code us = fixedUs + usPerFlop * flops + usPerByte * (bytesIn + bytesOut)}, fitted by
   * least squares on relative error with non-negative coefficients.
   *
   * @param n                 samples
   * @param medianAbsErrPct   median |relative error| on the training samples
   */
  public record FitSpec(double fixedUs, double usPerFlop, double usPerByte, int n, double medianAbsErrPct) {
    public double predictUs(double flops, double bytes) {
      return fixedUs + usPerFlop * flops + usPerByte * bytes;
    }
  }

  /**
   * Feature cost models of one unit.
   *
   * @param fits       thread count (as text) to op family to fit; family {@code all} is the fallback
   * @param dispatchUs framework time per op between kernels (run time minus the sum of kernel times, per op)
   */
  public record UnitCostSpec(Map<String, Map<String, FitSpec>> fits, double dispatchUs, LayerCostSpec layers) {
    public UnitCostSpec(Map<String, Map<String, FitSpec>> fits, double dispatchUs) {
      this(fits, dispatchUs, null);
    }
  }

  /**
   * A linear per-layer cost over a named basis ({@link LayerBasis}): {@code us = sum_k c_k x_k(layer)}.
   *
   * @param basis        the basis name ({@value LayerBasis#NAME}); a profile written for another basis is refused
   * @param terms        the basis terms, in coefficient order
   * @param coefficients thread count (as text) to coefficients (us per term unit)
   * @param source       how the coefficients were obtained (fit, anchor, shots)
   * @param modelFactors  graph signature ({@link LayerBasis#signature}) to thread count to a factor on every layer
   *                      of that graph, so that its total equals the device's measured latency of it or, for a
   *                      model it did not measure, the latency transferred from the nearest devices that did
   * @param unsupported  basis terms of layers this unit cannot run (null: none): a graph with such a layer runs on a
   *                     CPU instead, as a whole (ncnn turns Vulkan off for a network with int8 layers)
   */
  public record LayerCostSpec(String basis, List<String> terms, Map<String, List<Double>> coefficients,
      String source, Map<String, Map<String, Double>> modelFactors, List<String> unsupported) {
    public LayerCostSpec(String basis, List<String> terms, Map<String, List<Double>> coefficients, String source) {
      this(basis, terms, coefficients, source, null, null);
    }

    public LayerCostSpec {
      if (unsupported != null && terms != null && !terms.containsAll(unsupported)) {
        throw new IllegalArgumentException("layer cost 'unsupported' names terms not in the basis: " + unsupported);
      }
    }

    /**
     * Whether this unit can run a layer of these basis terms ({@link LayerBasis#of}, in {@link LayerBasis#TERMS}
     * order): none of its unsupported terms is non-zero.
     */
    public boolean runs(double[] x) {
      if (unsupported == null) {
        return true;
      }
      for (String t : unsupported) {
        int k = LayerBasis.TERMS.indexOf(t);
        if (k < 0 || x[k] > 0) {
          return false;
        }
      }
      return true;
    }
  }

  /** A copy of this profile with other model tables and cost models. */
  public SocProfile with(Map<String, ModelTable> newModels, Map<String, UnitCostSpec> newCostModels) {
    return new SocProfile(schema, name, description, sources, units, links, newModels, newCostModels, platform, notes,
        coexec, gpuQueue);
  }

  /**
   * Platform defaults a run uses unless flags override them.
   *
   * @param dramGbps shared DRAM bandwidth, GB/s, or null (unlimited)
   * @param source   where the DRAM figure comes from
   * @param dvfs     frequency levels and governor period, or null in a profile written before they were stored
   * @param thermal  thermal node, or null in a profile written before it was stored
   */
  public record PlatformSpec(Double dramGbps, String source, DvfsSpec dvfs, ThermalSpec thermal, CoRunSpec coRun) {
    /** DRAM figures only. */
    public PlatformSpec(Double dramGbps, String source) {
      this(dramGbps, source, null, null, null);
    }

    /** Without co-run interference. */
    public PlatformSpec(Double dramGbps, String source, DvfsSpec dvfs, ThermalSpec thermal) {
      this(dramGbps, source, dvfs, thermal, null);
    }

    public PlatformSpec withCoRun(CoRunSpec c) {
      return new PlatformSpec(dramGbps, source, dvfs, thermal, c);
    }
  }

  /**
   * Interference between the CPU and the accelerators when both run (issue 11, item 3), fitted from the device's
   * co-run timelines by {@link CoRunFitter}: a task on a unit of kind {@code k} progresses at
   * {@code 1 / (1 + slowdown[k])} while a unit on the other side of the CPU/accelerator divide runs a task.
   *
   * @param slowdown by unit kind id ({@code cpu}, {@code gpu}); kinds without an entry are not slowed
   * @param perFile  each co-run file's own estimate, {@code file: cpu x, gpu y} (what the fit is the median of)
   * @param source   what it was fitted on
   */
  public record CoRunSpec(Map<String, Double> slowdown, List<String> perFile, String source) {
    public CoRunSpec {
      slowdown = new java.util.TreeMap<>(slowdown);
      for (double v : slowdown.values()) {
        if (!(v >= 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException("co_run: expected finite slowdowns >= 0");
        }
      }
      perFile = List.copyOf(perFile);
    }

    /** The non-zero slowdowns as text, e.g. {@code CPU ops +3.1 %, GPU ops +4.8 %}; empty when none is above 0. */
    public String effects() {
      List<String> parts = new ArrayList<>();
      slowdown.forEach((kind, x) -> {
        if (x > 0) {
          parts.add(String.format(java.util.Locale.ROOT, "%s ops +%.1f %%", kind.toUpperCase(java.util.Locale.ROOT),
              100 * x));
        }
      });
      return String.join(", ", parts);
    }

    /** The slowdowns by unit index of {@code soc} (the engine's {@code Dynamics.coRun}); units of other kinds: none. */
    public Map<Integer, Double> byUnit(Soc soc) {
      Map<Integer, Double> out = new java.util.HashMap<>();
      for (Unit u : soc.units()) {
        Double s = slowdown.get(u.kind().id());
        if (s != null && s > 0) {
          out.put(u.index(), s);
        }
      }
      return out;
    }
  }

  /**
   * Frequency scaling a governor works with.
   *
   * @param levels           normalised frequency steps (f / f_max), ascending, ending at 1
   * @param governorPeriodUs how often a governor picks a level, microseconds
   * @param source           where the figures come from
   */
  public record DvfsSpec(List<Double> levels, double governorPeriodUs, String source) {
  }

  /**
   * One-node thermal RC model (dT/dt = (P - (T - ambient) / R) / C) with a trip point above which every unit's
   * frequency is capped at {@code capLevel}.
   *
   * @param source where the figures come from
   */
  public record ThermalSpec(double ambientC, @JsonProperty("resistance_c_per_w") double resistanceCPerW,
      @JsonProperty("capacitance_j_per_c") double capacitanceJPerC, double tripC, double capLevel, String source) {
  }

  public UnitSpec unitSpec(String id) {
    return units.stream().filter(u -> u.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("profile " + name + " has no unit '" + id + "'"));
  }

  /** The SoC as the engine sees it, with {@code model}'s dispatch overheads when the profile has them. */
  public Soc toSoc(String model) {
    ModelTable t = models.get(model);
    List<Unit> us = new ArrayList<>();
    for (int i = 0; i < units.size(); i++) {
      UnitSpec u = units.get(i);
      double dispatch = u.dispatchUs();
      if (t != null && t.dispatchUs() != null && t.dispatchUs().containsKey(u.id())) {
        dispatch = t.dispatchUs().get(u.id());
      }
      us.add(new Unit(i, u.id(), UnitKind.valueOf(u.kind()), u.cores(), u.streams(), dispatch));
    }
    Map<String, Double> copy = t == null || t.copyUs() == null ? Map.of() : t.copyUs();
    org.socsim.soc.TransferModel transfers = new LinkTransferModel(links, copy, gpuSyncUs());
    // without a fit of its own, split and tiled ops pay the transferred CPU fixed part (CoexecDefault)
    CoexecFit.Spec co = coexec != null ? coexec : CoexecDefault.get();
    return new Soc(name, us, co == null ? transfers : new CoexecFit.Carrier(transfers, co));
  }
}
