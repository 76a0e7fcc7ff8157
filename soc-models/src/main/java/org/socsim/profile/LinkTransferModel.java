package org.socsim.profile;

import java.util.Map;
import org.socsim.graph.Edge;
import org.socsim.soc.TransferModel;
import org.socsim.soc.Unit;
import org.socsim.soc.UnitKind;

/**
 * Transfer cost from the profile's fitted links. CPU clusters share memory and layout, so copies between them
 * are free; a link is looked up by unit kind ({@code cpu->gpu}). A copy out of the GPU also drains its command
 * queue: it pays the profile's fitted synchronisation ({@link SocProfile.GpuQueueSpec}; 0 without one).
 */
final class LinkTransferModel implements TransferModel {
  private final Map<String, SocProfile.LinkSpec> links;
  private final Map<String, Double> modelCopyUs;
  private final double gpuSyncUs;

  /** Link keys by (from kind, to kind), built once: the lookup is on every copy a strategy prices. */
  private static final String[][] KEYS = new String[UnitKind.values().length][UnitKind.values().length];

  static {
    for (UnitKind a : UnitKind.values()) {
      for (UnitKind b : UnitKind.values()) {
        KEYS[a.ordinal()][b.ordinal()] = a.id() + "->" + b.id();
      }
    }
  }

  LinkTransferModel(Map<String, SocProfile.LinkSpec> links, Map<String, Double> modelCopyUs, double gpuSyncUs) {
    this.links = Map.copyOf(links);
    this.modelCopyUs = Map.copyOf(modelCopyUs);
    this.gpuSyncUs = gpuSyncUs;
  }

  @Override
  public double transferUs(Unit from, Unit to, Edge edge) {
    if (from.kind() == to.kind() && from.kind() == UnitKind.CPU) {
      return 0.0;
    }
    String key = KEYS[from.kind().ordinal()][to.kind().ordinal()];
    SocProfile.LinkSpec l = links.get(key);
    if (l == null) {
      throw new IllegalArgumentException("profile has no transfer link " + from.kind().id() + "->" + to.kind().id());
    }
    double drain = from.kind() == UnitKind.GPU && to.kind() != UnitKind.GPU ? gpuSyncUs : 0.0;
    if (!edge.bytesKnown()) {
      return modelCopyUs.getOrDefault(key, l.unknownShapeUs()) + drain;
    }
    return l.copyUs(edge.bytes()) + drain;
  }
}
