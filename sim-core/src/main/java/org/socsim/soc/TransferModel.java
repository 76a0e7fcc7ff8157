package org.socsim.soc;

import org.socsim.graph.Edge;

/** Cost of moving one tensor between units (copy plus layout conversion), in microseconds. */
public interface TransferModel {
  double transferUs(Unit from, Unit to, Edge edge);

  /** Free transfers: units that share memory and layout. */
  TransferModel FREE = (from, to, edge) -> 0.0;
}
