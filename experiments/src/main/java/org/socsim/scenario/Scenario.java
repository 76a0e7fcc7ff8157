package org.socsim.scenario;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything one simulated run depends on: what {@code socsim run} accepts, what a sweep point names and what
 * {@code socsim contention} varies. {@link Scenarios#run} turns it into a {@link ScenarioResult}.
 *
 * @param soc bundled profile name or profile {@code .json} file
 * @param model model name or file, or several separated by commas (a multi-DNN workload, jobs {@code k:model})
 * @param strategy strategy name ({@code socsim list strategies})
 * @param granularity {@code model}, {@code subgraph:K}, {@code op} or {@code tile:N}
 * @param threads CPU threads per op
 * @param seed seed for randomised strategies
 * @param requests inference requests
 * @param rateHz request arrival rate; 0 = back to back
 * @param background UI / background-thread spec ({@link Background}); empty or null = none
 * @param governor performance, powersave or schedutil
 * @param bandwidthGbps shared DRAM bandwidth; null = the profile's published figure (else unlimited);
 *     {@link Double#POSITIVE_INFINITY} = unlimited
 * @param thermal thermal RC model with a trip point
 * @param zeroCopy cross-unit copies cost nothing (shared memory and layout)
 * @param reuseCopies one copy per (tensor, unit), shared by its consumers there
 * @param sloMs per-job latency objectives in ms, in model order; empty = none
 * @param plan for the replay strategy: a plan file of {@code --export-plan} ({@code .json}), a HOPE device map
 *     ({@code .txt.op}) or measured timeline ({@code .csv})
 * @param options the strategy's typed options as {@code name=value[;name=value]} ({@code socsim list strategies});
 *     empty = defaults
 * @param timeline keep every task's span for a trace (false: bounded memory for long runs; multi-DNN plans keep
 *     it, their per-job finish is read from it)
 * @param whatIf changes to the profile ({@code org.socsim.profile.WhatIf}: {@code gpu.speed=2,dram.gbps=17});
 *     empty = none
 */
public record Scenario(String soc, String model, String strategy, String granularity, int threads, long seed,
    int requests, double rateHz, String background, String governor, Double bandwidthGbps, boolean thermal,
    boolean zeroCopy, boolean reuseCopies, List<Double> sloMs, Path plan, String options,
    boolean timeline, String whatIf) {

  public Scenario {
    sloMs = sloMs == null ? List.of() : List.copyOf(sloMs);
    options = options == null ? "" : options;
    whatIf = whatIf == null ? "" : whatIf.strip();
  }

  /** The defaults of {@code socsim run}: op granularity, 4 threads, seed 1, one request, performance governor. */
  public static Builder builder(String soc, String model, String strategy) {
    return new Builder(soc, model, strategy);
  }

  /** A copy to change a few fields of. */
  public Builder toBuilder() {
    Builder b = new Builder(soc, model, strategy);
    b.granularity = granularity;
    b.threads = threads;
    b.seed = seed;
    b.requests = requests;
    b.rateHz = rateHz;
    b.background = background;
    b.governor = governor;
    b.bandwidthGbps = bandwidthGbps;
    b.thermal = thermal;
    b.zeroCopy = zeroCopy;
    b.reuseCopies = reuseCopies;
    b.sloMs = sloMs;
    b.plan = plan;
    b.options = options;
    b.timeline = timeline;
    b.whatIf = whatIf;
    return b;
  }

  /** Builds a {@link Scenario} from the defaults of {@code socsim run}. */
  public static final class Builder {
    private final String soc;
    private final String model;
    private String strategy;
    private String granularity = "op";
    private int threads = Scenarios.DEFAULT_THREADS;
    private long seed = 1;
    private int requests = 1;
    private double rateHz = 0;
    private String background = "";
    private String governor = "performance";
    private Double bandwidthGbps;
    private boolean thermal;
    private boolean zeroCopy;
    private boolean reuseCopies;
    private List<Double> sloMs = List.of();
    private Path plan;
    private String options = "";
    private boolean timeline = true;
    private String whatIf = "";

    private Builder(String soc, String model, String strategy) {
      this.soc = soc;
      this.model = model;
      this.strategy = strategy;
    }

    /** Another strategy (e.g. {@code replay} of a plan a run exported). */
    public Builder strategy(String v) {
      strategy = v;
      return this;
    }

    public Builder granularity(String v) {
      granularity = v;
      return this;
    }

    public Builder threads(int v) {
      threads = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder requests(int v) {
      requests = v;
      return this;
    }

    public Builder rateHz(double v) {
      rateHz = v;
      return this;
    }

    public Builder background(String v) {
      background = v;
      return this;
    }

    public Builder governor(String v) {
      governor = v;
      return this;
    }

    public Builder bandwidthGbps(Double v) {
      bandwidthGbps = v;
      return this;
    }

    public Builder thermal(boolean v) {
      thermal = v;
      return this;
    }

    public Builder zeroCopy(boolean v) {
      zeroCopy = v;
      return this;
    }

    public Builder reuseCopies(boolean v) {
      reuseCopies = v;
      return this;
    }

    public Builder sloMs(List<Double> v) {
      sloMs = v;
      return this;
    }

    public Builder plan(Path v) {
      plan = v;
      return this;
    }

    public Builder options(String v) {
      options = v;
      return this;
    }

    public Builder timeline(boolean v) {
      timeline = v;
      return this;
    }

    public Builder whatIf(String v) {
      whatIf = v;
      return this;
    }

    public Scenario build() {
      return new Scenario(soc, model, strategy, granularity, threads, seed, requests, rateHz, background, governor,
          bandwidthGbps, thermal, zeroCopy, reuseCopies, sloMs, plan, options,
          timeline, whatIf);
    }
  }
}
