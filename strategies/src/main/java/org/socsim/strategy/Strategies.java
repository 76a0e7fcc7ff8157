package org.socsim.strategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The registry: every {@link Strategy} found by {@link ServiceLoader}, sorted by name. */
public final class Strategies {
  private Strategies() {
  }

  public static List<Strategy> all() {
    List<Strategy> out = new ArrayList<>();
    for (Strategy s : ServiceLoader.load(Strategy.class)) {
      out.add(s);
    }
    out.sort(Comparator.comparing(Strategy::name));
    return out;
  }

  public static Strategy byName(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown strategy '" + name + "'; known: "
            + all().stream().map(Strategy::name).toList()));
  }
}
