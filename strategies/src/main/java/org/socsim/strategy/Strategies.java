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
    /** Why the registry could not be read (a services line naming a missing or unusable class), else null. */
    static String error;
    static final List<Strategy> ALL = load();

    private static List<Strategy> load() {
      List<Strategy> out = new ArrayList<>();
      try {
        for (Strategy s : ServiceLoader.load(Strategy.class)) {
          out.add(s);
        }
      } catch (java.util.ServiceConfigurationError e) {
        error = "strategy registry META-INF/services/" + Strategy.class.getName() + ": " + e.getMessage()
            + " (expected public classes implementing " + Strategy.class.getName()
            + " with a public no-argument constructor, one per line)";
        return List.of();
      }
      out.sort(Comparator.comparing(Strategy::name));
      return List.copyOf(out);
    }
  }

  /** Every registered strategy; a registry that cannot be read is an {@link IllegalArgumentException} saying why. */
  public static List<Strategy> all() {
    List<Strategy> all = Loaded.ALL;
    if (Loaded.error != null) {
      throw new IllegalArgumentException(Loaded.error);
    }
    return all;
  }

  public static Strategy byName(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown strategy '" + name + "'; known: "
            + all().stream().map(Strategy::name).toList()));
  }
}
