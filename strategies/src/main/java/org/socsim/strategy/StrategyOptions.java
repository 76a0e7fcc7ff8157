package org.socsim.strategy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Values of a strategy's declared {@link StrategyOption}s; immutable. */
public final class StrategyOptions {
  public static final StrategyOptions NONE = new StrategyOptions(Map.of());

  private final Map<String, Object> values;

  private StrategyOptions(Map<String, Object> values) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** The option's value, or its default when not given. */
  @SuppressWarnings("unchecked")
  public <T> T get(StrategyOption<T> option) {
    Object v = values.get(option.name());
    return v == null ? option.defaultValue() : (T) v;
  }

  public boolean isSet(StrategyOption<?> option) {
    return values.containsKey(option.name());
  }

  /** This set plus one value set by the pipeline (e.g. replay's recorded plan from {@code --plan}). */
  public <T> StrategyOptions with(StrategyOption<T> option, T value) {
    Map<String, Object> m = new LinkedHashMap<>(values);
    m.put(option.name(), value);
    return new StrategyOptions(m);
  }

  /**
   * Parses {@code name=value} texts against what {@code strategy} declares: an unknown name or a bad value is an
   * {@link IllegalArgumentException} naming the strategy's options.
   */
  public static StrategyOptions parse(Strategy strategy, Map<String, String> texts) {
    Map<String, Object> m = new TreeMap<>();
    List<StrategyOption<?>> declared = strategy.options();
    for (Map.Entry<String, String> e : texts.entrySet()) {
      StrategyOption<?> o = declared.stream().filter(d -> d.name().equals(e.getKey())).findFirst().orElseThrow(
          () -> new IllegalArgumentException("strategy " + strategy.name() + " has no option '" + e.getKey() + "'; "
              + (declared.stream().anyMatch(StrategyOption::fromText) ? "its options: " + String.join(", ",
              declared.stream().filter(StrategyOption::fromText).map(StrategyOption::name).toList())
              : "it takes none")));
      m.put(o.name(), o.parse(strategy.name(), e.getValue()));
    }
    return new StrategyOptions(m);
  }

  /**
   * {@code name=value[;name=value...]} (the command line's repeated {@code -O} joined, or a sweep's
   * {@code options} value) as ordered name -> text; a part without {@code =} is an error.
   */
  public static Map<String, String> texts(String spec) {
    Map<String, String> out = new TreeMap<>();
    if (spec == null || spec.isBlank()) {
      return out;
    }
    for (String part : spec.split(";")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("strategy option '" + part.strip() + "' is not name=value");
      }
      if (out.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip()) != null) {
        throw new IllegalArgumentException("strategy option '" + part.substring(0, eq).strip() + "' given twice");
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
