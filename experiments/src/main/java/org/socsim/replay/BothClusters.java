package org.socsim.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.socsim.profile.HopeCalibrator;
import org.socsim.profile.SocProfile;
import org.socsim.traces.hope.HopeCatalog;
import org.socsim.traces.hope.MeasuredTimeline;

/**
 * HOPE runs at 8 CPU threads: MNN spreads each op over both clusters (4 big + 4 LITTLE cores), which no 1/2/4-thread
 * layerwise column describes. Such a CPU+GPU run is replayed with the per-op CPU latencies of the device's serial
 * 8-thread run of the same model (filtered means, as the layerwise files are made), on a CPU unit of 8 cores; GPU
 * latencies, copies and dispatch gaps come from the profile as for the other runs. The serial 8-thread run itself is
 * that calibration (one run: nothing left to score), so it is skipped with that reason. A file that is a byte copy
 * of a 1/2/4-thread run never gets here: {@link HopeCatalog} keeps one file per content, the non-8-thread one.
 */
final class BothClusters {
  static final int THREADS = 8;

  private BothClusters() {
  }

  /** The profile to replay {@code tf} with, or the reason it cannot be replayed. */
  record Prepared(Optional<SocProfile> profile, String skipped) {
  }

  static Prepared prepare(HopeCatalog catalog, HopeCatalog.TimelineFile tf, SocProfile prof, String cpuUnit,
      HopeReplay.Holdout holdout) {
    if (tf.kind() == HopeCatalog.Kind.SERIAL) {
      return skip("8 threads span both clusters (4 big + 4 LITTLE cores): this serial run is the only 8-thread"
          + " measurement of " + tf.model() + " on " + tf.device() + "; it calibrates the 8-thread CPU+GPU replays");
    }
    if (holdout == HopeReplay.Holdout.MODEL) {
      return skip("leave-one-model-out: the only 8-thread (both clusters) CPU latencies are " + tf.model()
          + "'s own serial run");
    }
    HopeCatalog.TimelineFile serial = null;
    for (HopeCatalog.TimelineFile c : catalog.timelines()) {
      if (c.kind() == HopeCatalog.Kind.SERIAL && c.threads() == THREADS && c.device().equals(tf.device())
          && c.model().equals(tf.model()) && !c.processor().startsWith("gpu")) {
        serial = c;
        break;
      }
    }
    if (serial == null) {
      return skip("8 threads span both clusters; no serial 8-thread run of " + tf.model() + " on " + tf.device()
          + " gives per-op CPU latencies at 8 threads");
    }
    SocProfile.ModelTable table = prof.models().get(tf.model());
    if (table == null) {
      return skip("profile " + prof.name() + " has no latency table for " + tf.model());
    }
    Map<String, Double> t8 = HopeCalibrator.cpuLatencies(MeasuredTimeline.read(serial.path()).runs());
    Map<String, Map<String, List<Double>>> ops = new LinkedHashMap<>();
    table.ops().forEach((op, byUnit) -> {
      Map<String, List<Double>> u = new LinkedHashMap<>(byUnit);
      u.remove(cpuUnit);
      if (t8.containsKey(op)) {
        u.put(cpuUnit, List.of(t8.get(op)));
      }
      ops.put(op, u);
    });
    SocProfile.ModelTable both = new SocProfile.ModelTable(table.runtime(), ops, table.gpuUnsupported(),
        table.dispatchUs(), table.copyUs(), table.outputBytes(), table.tensorBytes());
    List<SocProfile.UnitSpec> units = new ArrayList<>();
    for (SocProfile.UnitSpec u : prof.units()) {
      if (u.id().equals(cpuUnit)) {
        units.add(new SocProfile.UnitSpec(u.id(), u.kind(), THREADS, u.streams(), u.dispatchUs(),
            List.of(THREADS), u.power()));
      } else if (!u.kind().equalsIgnoreCase("cpu")) {
        units.add(u); // the other cluster's cores are in use: only the 8-core CPU and the accelerators remain
      }
    }
    Map<String, SocProfile.ModelTable> models = new LinkedHashMap<>(prof.models());
    models.put(tf.model(), both);
    List<String> notes = new ArrayList<>(prof.notes() == null ? List.of() : prof.notes());
    notes.add(cpuUnit + " stands for both clusters at " + THREADS + " threads; per-op CPU latencies from "
        + catalog.root().relativize(serial.path()));
    return new Prepared(Optional.of(new SocProfile(prof.schema(), prof.name(), prof.description(), prof.sources(),
        units, prof.links(), models, prof.costModels(), prof.platform(), notes, prof.coexec(), prof.gpuQueue())), "");
  }

  private static Prepared skip(String why) {
    return new Prepared(Optional.empty(), why);
  }
}
