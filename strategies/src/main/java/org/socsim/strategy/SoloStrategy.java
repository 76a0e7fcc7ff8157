package org.socsim.strategy;

import org.socsim.graph.ModelGraph;
import org.socsim.plan.ExecutionPlan;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/** Every op on one unit kind; ops it cannot run fall back to the CPU big cluster. */
abstract class SoloStrategy implements Strategy {
  private final String unitId;

  SoloStrategy(String unitId) {
    this.unitId = unitId;
  }

  @Override
  public String name() {
    return "solo-" + unitId.replace("cpu-big", "cpu");
  }

  @Override
  public ExecutionPlan plan(ModelGraph graph, Soc soc, PlanContext ctx) {
    // The unit of that id; a SoC without one (e.g. an ncnn device whose Vulkan GPU is 'gpu1') uses its first
    // unit of that kind.
    Unit u = unitId.equals("cpu-big") ? Plans.fallbackCpu(soc) : soc.unit(unitId).or(() -> soc.units().stream()
        .filter(x -> x.kind().id().equals(unitId)).findFirst()).orElseGet(() -> soc.requireUnit(unitId));
    return Plans.solo(name(), graph, soc, ctx, u);
  }

  /** {@code solo-cpu}: the first CPU unit (the big cluster by convention). */
  public static final class Cpu extends SoloStrategy {
    public Cpu() {
      super("cpu-big");
    }

    @Override
    public String description() {
      return "every op on the CPU big cluster with --threads threads (the MNN/TFLite default)";
    }
  }

  /** {@code solo-little}: the CPU LITTLE cluster. */
  public static final class Little extends SoloStrategy {
    public Little() {
      super("cpu-little");
    }

    @Override
    public String name() {
      return "solo-little";
    }

    @Override
    public String description() {
      return "every op on the CPU LITTLE cluster (profiles that have one)";
    }
  }

  /** {@code solo-npu}: the NPU, with CPU fallback. */
  public static final class Npu extends SoloStrategy {
    public Npu() {
      super("npu");
    }

    @Override
    public String description() {
      return "every op on the NPU; ops it lacks fall back to the CPU, with copies (profiles that have one)";
    }
  }

  /** {@code solo-gpu}: the GPU, with CPU fallback. */
  public static final class Gpu extends SoloStrategy {
    public Gpu() {
      super("gpu");
    }

    @Override
    public String description() {
      return "every op on the GPU; ops the GPU backend lacks fall back to the CPU big cluster, with copies";
    }
  }
}
