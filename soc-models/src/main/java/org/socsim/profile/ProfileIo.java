package org.socsim.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.socsim.traces.TraceFormatException;

/** Reads and writes {@link SocProfile} JSON, and finds the bundled profiles. */
public final class ProfileIo {
  private static final String BUNDLE = "/org/socsim/profiles/";
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ProfileIo() {
  }

  public static String toJson(SocProfile p) {
    try {
      return JSON.writeValueAsString(p) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes via a temporary file and an atomic move, so a failure leaves nothing half written. */
  public static void write(SocProfile p, Path out) throws IOException {
    org.socsim.io.AtomicFiles.writeString(out, toJson(p));
  }

  public static SocProfile read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new TraceFormatException(file, 0, "profile file not found");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file);
    } catch (IOException e) {
      throw new TraceFormatException(file, 0, "cannot read profile: " + e.getMessage());
    }
  }

  private static SocProfile parse(InputStream in, Path source) throws IOException {
    try {
      SocProfile p = JSON.readValue(in, SocProfile.class);
      if (!SocProfile.SCHEMA.equals(p.schema())) {
        throw new TraceFormatException(source, 1, "expected schema '" + SocProfile.SCHEMA + "', found '"
            + p.schema() + "'");
      }
      if (p.units() == null || p.units().isEmpty() || p.models() == null) {
        throw new TraceFormatException(source, 1, "expected 'units' and 'models' in the profile");
      }
      check(p, source);
      return PlatformAssumptions.complete(p, PlatformAssumptions.NOT_IN_FILE);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String msg = e.getOriginalMessage();
      if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
        StringBuilder at = new StringBuilder();
        for (var r : m.getPath()) {
          at.append(r.getFieldName() != null ? (at.length() == 0 ? "" : ".") + r.getFieldName()
              : "[" + r.getIndex() + "]");
        }
        msg = "bad value at " + at + ": " + msg.replaceAll(" \\(class [^)]*\\)", "").replaceAll(
            ",? ?not marked as ignorable.*$", "");
      }
      throw new TraceFormatException(source, line, "expected a socsim profile JSON: " + msg.split("\n")[0]);
    }
  }

  /**
   * Physical integrity of a profile: unique unit ids, positive core and stream counts, finite non-negative
   * dispatch gaps and link costs, finite non-negative latencies and coefficients. A violation names the file and
   * the JSON path.
   */
  static void check(SocProfile p, Path source) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (int i = 0; i < p.units().size(); i++) {
      SocProfile.UnitSpec u = p.units().get(i);
      String at = "units[" + i + "]";
      if (u.id() == null || !ids.add(u.id())) {
        throw bad(source, at + ".id", "a unique unit id, found " + (u.id() == null ? "none" : "'" + u.id()
            + "' twice"));
      }
      if (u.kind() == null || java.util.Arrays.stream(org.socsim.soc.UnitKind.values())
          .noneMatch(k -> k.name().equals(u.kind()))) {
        throw bad(source, at + ".kind", "one of " + java.util.Arrays.toString(org.socsim.soc.UnitKind.values())
            + ", found " + u.kind());
      }
      if (u.cores() < 1 || u.streams() < 1) {
        throw bad(source, at, "cores and streams >= 1");
      }
      if (u.power() != null) {
        watts(source, at + ".power.idle_w", u.power().idleW());
        watts(source, at + ".power.static_w", u.power().staticW());
        watts(source, at + ".power.dynamic_w", u.power().dynamicW());
      }
      finite(source, at + ".dispatch_us", u.dispatchUs());
      if (u.threads() == null || u.threads().isEmpty() || u.threads().stream().anyMatch(t -> t == null || t < 1)) {
        throw bad(source, at + ".threads", "a non-empty list of thread counts >= 1");
      }
    }
    if (p.platform() != null) {
      checkPlatform(p.platform(), source);
    }
    if (p.links() != null) {
      java.util.Set<String> kinds = new java.util.HashSet<>();
      p.units().forEach(u -> kinds.add(u.kind().toLowerCase(java.util.Locale.ROOT)));
      p.links().forEach((k, l) -> {
        String[] ends = k.split("->", -1);
        if (ends.length != 2 || !kinds.contains(ends[0]) || !kinds.contains(ends[1]) || !ends[0].equals(l.from())
            || !ends[1].equals(l.to())) {
          throw bad(source, "links." + k, "a link '<kind>-><kind>' between unit kinds of the profile " + kinds
              + " with the same from and to, found from '" + l.from() + "' to '" + l.to() + "'");
        }
      });
      p.links().forEach((k, l) -> {
        finite(source, "links." + k + ".fixed_us", l.fixedUs());
        finite(source, "links." + k + ".us_per_byte", l.usPerByte());
        finite(source, "links." + k + ".unknown_shape_us", l.unknownShapeUs());
      });
    }
    p.models().forEach((m, t) -> {
      if (t.ops() != null) {
        t.ops().forEach((op, byUnit) -> byUnit.forEach((u, v) -> {
          if (!ids.contains(u)) {
            throw bad(source, "models." + m + ".ops." + op, "latencies for units of the profile, found unit '" + u + "'");
          }
          for (Double d : v) {
            finite(source, "models." + m + ".ops." + op + "." + u, d == null ? Double.NaN : d);
          }
        }));
      }
      if (t.dispatchUs() != null) {
        t.dispatchUs().forEach((u, d) -> finite(source, "models." + m + ".dispatch_us." + u, d));
      }
    });
    if (p.costModels() != null) {
      p.costModels().forEach((u, c) -> {
        finite(source, "cost_models." + u + ".dispatch_us", c.dispatchUs());
        if (c.layers() != null && c.layers().coefficients() != null) {
          c.layers().coefficients().forEach((t, v) -> v.forEach(d -> finite(source, "cost_models." + u
              + ".layers.coefficients." + t, d == null ? Double.NaN : d)));
        }
      });
    }
  }

  /** Frequency levels ascending in (0, 1] and ending at 1, a positive governor period, a physical thermal node. */
  private static void checkPlatform(SocProfile.PlatformSpec pl, Path source) {
    if (pl.dvfs() != null) {
      List<Double> l = pl.dvfs().levels();
      boolean ok = l != null && !l.isEmpty() && Double.valueOf(1.0).equals(l.get(l.size() - 1));
      for (int i = 0; ok && i < l.size(); i++) {
        Double v = l.get(i);
        ok = v != null && v > 0 && v <= 1 && (i == 0 || v > l.get(i - 1));
      }
      if (!ok) {
        throw bad(source, "platform.dvfs.levels", "ascending frequency levels in (0, 1] ending at 1.0");
      }
      if (!(pl.dvfs().governorPeriodUs() > 0) || pl.dvfs().governorPeriodUs() >= 1e9) {
        throw bad(source, "platform.dvfs.governor_period_us", "a period > 0 and < 1e9 microseconds, found "
            + pl.dvfs().governorPeriodUs());
      }
    }
    SocProfile.ThermalSpec th = pl.thermal();
    if (th != null) {
      if (!Double.isFinite(th.ambientC()) || !Double.isFinite(th.tripC()) || !(th.tripC() > th.ambientC())) {
        throw bad(source, "platform.thermal", "finite ambient_c and trip_c with trip_c > ambient_c");
      }
      if (!(th.resistanceCPerW() > 0) || !(th.capacitanceJPerC() > 0) || !Double.isFinite(th.resistanceCPerW())
          || !Double.isFinite(th.capacitanceJPerC())) {
        throw bad(source, "platform.thermal", "finite resistance_c_per_w and capacitance_j_per_c > 0");
      }
      if (!(th.capLevel() > 0 && th.capLevel() <= 1)) {
        throw bad(source, "platform.thermal.cap_level", "a frequency cap in (0, 1], found " + th.capLevel());
      }
    }
  }

  /** A power figure: finite, >= 0 and below a kilowatt. */
  private static void watts(Path source, String at, double v) {
    if (!Double.isFinite(v) || v < 0 || v >= 1e3) {
      throw bad(source, at, "a finite number >= 0 and < 1000 (watts), found " + v);
    }
  }

  /**
   * Every figure in a profile is microseconds (or us per byte / per term unit): a finite number >= 0 and below
   * 1e9 (a thousand seconds for one op, copy or coefficient), which no measurement of an inference comes near.
   */
  private static void finite(Path source, String at, double v) {
    if (!Double.isFinite(v) || v < 0 || v >= 1e9) {
      throw bad(source, at, "a finite number >= 0 and < 1e9 (microseconds), found " + v);
    }
  }

  private static TraceFormatException bad(Path source, String at, String expected) {
    return new TraceFormatException(source, 0, "at " + at + ": expected " + expected);
  }

  /** Names of the bundled profiles. */
  public static List<String> bundled() {
    try (InputStream in = ProfileIo.class.getResourceAsStream(BUNDLE + "index.txt")) {
      if (in == null) {
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!l.isBlank()) {
          out.add(l.strip());
        }
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Bundled profiles parsed lately (they never change while the program runs); at most 16 kept. */
  private static final org.socsim.io.BoundedCache<String, SocProfile> BUNDLED_CACHE =
      new org.socsim.io.BoundedCache<>(16);

  /** A bundled profile by name (parsed once, then shared: treat it as read-only), or a profile file by path. */
  public static SocProfile load(String nameOrPath) {
    if (nameOrPath.endsWith(".json") || nameOrPath.contains("/")) {
      return read(Path.of(nameOrPath));
    }
    return BUNDLED_CACHE.get(nameOrPath, ProfileIo::parseBundled);
  }

  /** Most names a suggestion lists. */
  public static final int SUGGESTIONS = 8;

  /** The first {@code n} names, then how many more there are. */
  public static String firstOf(List<String> names, int n) {
    return names.size() <= n ? String.join(", ", names)
        : String.join(", ", names.subList(0, n)) + " and " + (names.size() - n) + " more";
  }

  /**
   * The names that contain {@code name} once both are reduced to lower-case letters and digits (MobileNet-V2 finds
   * mobilenet_v2), sorted, without repeats; none for a name with no letter or digit.
   */
  public static List<String> containing(String name, java.util.Collection<String> names) {
    String key = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
    return key.isEmpty() ? List.of() : names.stream()
        .filter(n -> n.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "").contains(key))
        .distinct().sorted().toList();
  }

  /**
   * "; did you mean 'X'?" for the known name closest to {@code s} by edit distance when it is within max(2, a third
   * of the name's length), else empty (the CLI's usage errors, sweep specs, SoC and model names).
   */
  public static String didYouMean(String s, java.util.Collection<String> known) {
    String best = null;
    int bd = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(s, k);
      if (d < bd) {
        bd = d;
        best = k;
      }
    }
    return best != null && bd <= Math.max(2, s.length() / 3) ? "; did you mean '" + best + "'?" : "";
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0
            : 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /**
   * The error for a SoC name no bundled profile has: the bundled names that contain it (letters and digits only,
   * any case), else a few examples, and where the full list is.
   */
  public static String unknownSoc(String name) {
    List<String> all = bundled();
    List<String> near = containing(name, all);
    String head = "unknown SoC '" + name + "'; ";
    String tail = " (`socsim list socs` lists all " + all.size() + " with their SoC text; or pass a profile .json path)";
    if (near.isEmpty()) {
      String close = didYouMean(name, all);
      return head + (close.isEmpty() ? "no bundled name contains it, e.g. " + String.join(", ", all.subList(0,
          Math.min(6, all.size()))) : "no bundled name contains it" + close) + tail;
    }
    return head + (near.size() == 1 ? "did you mean " : near.size() + " bundled names contain it: ")
        + firstOf(near, SUGGESTIONS) + tail;
  }

  private static SocProfile parseBundled(String nameOrPath) {
    try (InputStream in = ProfileIo.class.getResourceAsStream(BUNDLE + nameOrPath + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException(unknownSoc(nameOrPath));
      }
      return parse(in, Path.of("bundled:" + nameOrPath + ".json"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
