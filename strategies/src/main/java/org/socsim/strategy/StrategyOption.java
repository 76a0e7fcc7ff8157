package org.socsim.strategy;

import java.util.Locale;
import java.util.function.Function;

/**
 * A typed option a strategy declares ({@link Strategy#options()}): its name ({@code socsim run -O name=value}, the
 * sweep axis {@code options}), a description for {@code socsim list strategies}, a default, and how text becomes a
 * value (with its check). Options without a parser are set by the pipeline from a dedicated flag (replay's
 * {@code --plan}).
 *
 * @param type         what the value is, in words ({@code "number in [0, 1]"})
 * @param defaultValue used when the option is not given (may be null: "not set")
 * @param parser       text to value, throwing {@link IllegalArgumentException} with a sentence; null when the
 *                     option cannot be given as text
 */
public record StrategyOption<T>(String name, String type, String description, T defaultValue,
    Function<String, T> parser) {

  public boolean fromText() {
    return parser != null;
  }

  /** The value of {@code text}, or an error naming the option and what it expects. */
  public T parse(String strategy, String text) {
    if (parser == null) {
      throw new IllegalArgumentException("option '" + name + "' of strategy " + strategy + " is not given as text ("
          + description + ")");
    }
    try {
      return parser.apply(text.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("option '" + name + "' of strategy " + strategy + " expects " + type
          + ", got '" + text + "'" + (e instanceof NumberFormatException ? "" : ": " + e.getMessage()));
    }
  }

  /** A number in [lo, hi]. */
  public static StrategyOption<Double> number(String name, String description, Double defaultValue, double lo,
      double hi) {
    String type = String.format(Locale.ROOT, "a number in [%s, %s]", plain(lo), plain(hi));
    return new StrategyOption<>(name, type, description, defaultValue, s -> {
      double v = Double.parseDouble(s);
      if (!(v >= lo && v <= hi)) {
        throw new IllegalArgumentException("out of range");
      }
      return v;
    });
  }

  private static String plain(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
