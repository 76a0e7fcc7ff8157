package org.socsim.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.socsim.profile.CostFitter;
import org.socsim.profile.FeatureCostModel;
import org.socsim.profile.OrtCalibrator;
import org.socsim.profile.SocProfile;
import org.socsim.traces.ort.OrtProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "crossval", mixinStandardHelpOptions = true, header = "Leave-one-model-out check of the feature cost model.", sortOptions = false,
    description = {"Leave-one-model-out check of the feature cost model on ONNX Runtime profiles: for each model,",
        "fit on the other models' per-node latencies, predict this model's nodes and its end-to-end latency",
        "(sum of predicted kernels + fitted per-op overhead), compare with the measurement.",
        "",
        "Example: socsim crossval --traces ../shared/traces/h100-server",
        "         socsim crossval --traces host-measurements/   (written by 'socsim measure')"})
final class CrossvalCommand implements Callable<Integer> {
  @Option(names = "--traces", required = true, description = "Folder with ort_<model>_cpu_t<N>*.json (or profiles/)")
  Path traces;

  @Option(names = "--json", description = "Print the rows as JSON")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<OrtProfile> all = OrtCalibrator.readAll(traces);
    if (all.isEmpty()) {
      throw new IllegalArgumentException(traces + ": no ONNX Runtime profiles (ort_<model>_cpu_t<N>*.json) found");
    }
    List<String> models = all.stream().map(OrtProfile::model).distinct().sorted().toList();
    if (models.size() < 2) {
      throw new IllegalArgumentException(traces + ": leave-one-model-out needs profiles of at least 2 models, found "
          + models);
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (String held : models) {
      List<OrtProfile> train = all.stream().filter(p -> !p.model().equals(held)).toList();
      SocProfile.UnitCostSpec spec = new SocProfile.UnitCostSpec(CostFitter.fit(OrtCalibrator.samples(train)),
          OrtCalibrator.dispatchUs(train));
      for (OrtProfile p : all.stream().filter(x -> x.model().equals(held)).toList()) {
        if (train.stream().noneMatch(t -> t.threads() == p.threads())) {
          // the fit would fall back to another thread count's lines: not a prediction at this one
          skipped.add(held + " at " + p.threads() + " threads: no other model was measured at " + p.threads()
              + " threads");
          continue;
        }
        double sum = 0;
        double[] err = new double[p.nodes().size()];
        int k = 0;
        for (OrtProfile.NodeStats n : p.nodes()) {
          double pred = FeatureCostModel.predict(spec, n.features(), p.threads());
          sum += pred;
          err[k++] = n.medianUs() > 0 ? Math.abs(pred - n.medianUs()) / n.medianUs() * 100 : 0;
        }
        Arrays.sort(err);
        double e2e = sum + spec.dispatchUs() * p.nodes().size();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("model", held);
        r.put("threads", p.threads());
        r.put("nodes", p.nodes().size());
        r.put("trained_on", train.stream().map(OrtProfile::model).distinct().sorted().toList());
        r.put("median_op_abs_error_pct", Json.r3(err[err.length / 2]));
        r.put("measured_ms", Json.r3(p.medianRunUs() / 1000));
        r.put("predicted_ms", Json.r3(e2e / 1000));
        r.put("error_pct", Json.r3((e2e - p.medianRunUs()) / p.medianRunUs() * 100));
        rows.add(r);
      }
    }
    var out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("rows", rows);
      o.put("skipped", skipped);
      out.println(Json.write(o));
      return 0;
    }
    out.printf("%-20s %3s %6s %14s %12s %12s %8s  %s%n", "held-out model", "thr", "nodes", "op_median_err%",
        "measured_ms", "predicted_ms", "error_%", "trained on");
    for (Map<String, Object> r : rows) {
      out.printf("%-20s %3d %6d %14.1f %12.3f %12.3f %+8.1f  %s%n", r.get("model"), r.get("threads"), r.get("nodes"),
          r.get("median_op_abs_error_pct"), r.get("measured_ms"), r.get("predicted_ms"), r.get("error_pct"),
          String.join(",", (List<String>) r.get("trained_on")));
    }
    skipped.forEach(k -> out.println("skipped: " + k));
    return 0;
  }
}
