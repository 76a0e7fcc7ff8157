package org.socsim.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.socsim.traces.TraceFormatException;

/** Reads and writes {@link SocProfile} JSON, and finds the bundled profiles. */
public final class ProfileIo {
  private static final String BUNDLE = "/org/socsim/profiles/";
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
    org.socsim.traces.AtomicFiles.writeString(out, toJson(p));
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
      return p;
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      String msg = e.getOriginalMessage();
      if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
        msg = "bad value at " + m.getPathReference() + ": " + msg;
      }
      throw new TraceFormatException(source, line, "expected a socsim profile JSON: " + msg.split("\n")[0]);
    }
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

  /** A bundled profile by name, or a profile file by path. */
  public static SocProfile load(String nameOrPath) {
    if (nameOrPath.endsWith(".json") || nameOrPath.contains("/")) {
      return read(Path.of(nameOrPath));
    }
    try (InputStream in = ProfileIo.class.getResourceAsStream(BUNDLE + nameOrPath + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("unknown SoC '" + nameOrPath + "'; bundled: " + bundled()
            + " (or pass a profile .json path)");
      }
      return parse(in, Path.of("bundled:" + nameOrPath + ".json"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
