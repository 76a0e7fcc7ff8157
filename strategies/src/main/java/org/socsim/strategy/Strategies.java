package org.socsim.strategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** The registry: every {@link Strategy} found by {@link ServiceLoader}, sorted by name. */
public final class Strategies {
  private Strategies() {
  }

  /** Loaded once: strategies are stateless, and adaptive and sweeps look them up per plan. */
  private static final class Loaded {
    static final List<Strategy> ALL = load();

    private static List<Strategy> load() {
      List<Strategy> out = new ArrayList<>();
      for (Strategy s : ServiceLoader.load(Strategy.class)) {
        out.add(s);
      }
      out.sort(Comparator.comparing(Strategy::name));
      return List.copyOf(out);
    }
  }

  public static List<Strategy> all() {
    return Loaded.ALL;
  }

  public static Strategy byName(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown strategy '" + name + "'; known: "
            + all().stream().map(Strategy::name).toList()));
  }
}
