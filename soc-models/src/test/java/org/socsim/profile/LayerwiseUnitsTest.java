package org.socsim.profile;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.socsim.traces.TraceFormatException;
import org.socsim.traces.hope.Layerwise;

/** A layerwise file in the wrong unit, or with an absurd value, never becomes a profile. */
class LayerwiseUnitsTest {
  @TempDir
  Path tmp;

  Layerwise file(String rows) throws Exception {
    Path p = tmp.resolve("x-layerwise-latency.csv");
    Files.writeString(p, rows);
    return Layerwise.read(p);
  }

  @Test
  void microsecondsPassMillisecondsAndHugeValuesFail() throws Exception {
    Layerwise us = file("a 812.5 450.1 260.0 300.2\nb 95.0 60.0 41.0 80.0\nc 1200 700 420 510\n");
    assertDoesNotThrow(() -> HopeUnits.checkUnits(us.file(), us, 1.0));
    Layerwise ms = file("a 0.8125 0.4501 0.26 0.3002\nb 0.095 0.06 0.041 0.08\nc 1.2 0.7 0.42 0.51\n");
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> HopeUnits.checkUnits(ms.file(), ms, 1.0));
    assertTrue(e.getMessage().contains("milliseconds"), e.getMessage());
    // The same values declared as milliseconds (model1-4) are fine.
    assertDoesNotThrow(() -> HopeUnits.checkUnits(ms.file(), ms, 1000.0));
    // An absurd value is refused by the reader at its line; a millisecond file's value over ten seconds by the unit
    // check after scaling.
    assertTrue(assertThrows(TraceFormatException.class, () -> file("a 812.5 450.1 260.0 1e308\nb 95.0 60.0 41.0"
        + " 80.0\n")).getMessage().contains("x-layerwise-latency.csv:1: a per-op latency of 1e308"));
    Layerwise longMs = file("a 20000 450.1 260.0 300\nb 95.0 60.0 41.0 80.0\n");
    assertTrue(assertThrows(TraceFormatException.class, () -> HopeUnits.checkUnits(longMs.file(), longMs, 1000.0))
        .getMessage().contains("ten seconds"));
  }
}
