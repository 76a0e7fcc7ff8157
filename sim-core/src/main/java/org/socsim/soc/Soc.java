package org.socsim.soc;

import java.util.List;
import java.util.Optional;

/** A system on chip: its processing units and how data moves between them. */
public final class Soc {
  private final String name;
  private final List<Unit> units;
  private final TransferModel transfers;

  public Soc(String name, List<Unit> units, TransferModel transfers) {
    this.name = name;
    this.units = List.copyOf(units);
    this.transfers = transfers;
    for (int i = 0; i < this.units.size(); i++) {
      if (this.units.get(i).index() != i) {
        throw new IllegalArgumentException("unit " + this.units.get(i).id() + " has index "
            + this.units.get(i).index() + ", expected " + i);
      }
    }
  }

  public String name() {
    return name;
  }

  public List<Unit> units() {
    return units;
  }

  public Unit unit(int index) {
    return units.get(index);
  }

  public Optional<Unit> unit(String id) {
    return units.stream().filter(u -> u.id().equals(id)).findFirst();
  }

  /** The unit with this id, or an exception listing the ids that exist. */
  public Unit requireUnit(String id) {
    return unit(id).orElseThrow(() -> new IllegalArgumentException("SoC " + name + " has no unit '" + id
        + "'; units: " + units.stream().map(Unit::id).toList()));
  }

  /** First unit of this kind, in declaration order (for CPU: the big cluster, by convention). */
  public Optional<Unit> firstOfKind(UnitKind kind) {
    for (Unit u : units) {
      if (u.kind() == kind) {
        return Optional.of(u);
      }
    }
    return Optional.empty();
  }

  public TransferModel transfers() {
    return transfers;
  }
}
