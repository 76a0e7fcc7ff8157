package org.socsim.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socsim.traces.TraceFormatException;

class HopePlatformsTest {
  private static final Path F = Path.of("devices.csv");

  @Test
  void bundledTableMapsDeviceFoldersToSocs() {
    assertEquals("Snapdragon 855", HopePlatforms.socOf("mi9"));
    assertEquals("Kirin 980", HopePlatforms.socOf("huawei_mate_20"));
    assertNull(HopePlatforms.socOf("redmi"));
  }

  @Test
  void readsCommentsHeaderAndRows() {
    var m = HopePlatforms.parse(F, List.of("# a comment", "", "device,soc", "p1, SoC One ", "p2,SoC Two", ""));
    assertEquals(List.of("p1", "p2"), List.copyOf(m.keySet()));
    assertEquals("SoC One", m.get("p1"));
  }

  @Test
  void badContentNamesFileAndLine() {
    assertEquals("devices.csv:2: expected the header 'device,soc', found 'dev,soc'",
        bad("# c", "dev,soc").getMessage());
    assertEquals("devices.csv:3: expected 'device folder,SoC name' (two non-empty fields), found 'p1,A,B'",
        bad("device,soc", "p0,X", "p1,A,B").getMessage());
    assertEquals("devices.csv:2: expected 'device folder,SoC name' (two non-empty fields), found 'p1,'",
        bad("device,soc", "p1,").getMessage());
    assertEquals("devices.csv:2: expected a device folder name (letters, digits, _ . -), found 'my phone'",
        bad("device,soc", "my phone,X").getMessage());
    TraceFormatException twice = bad("device,soc", "p1,X", "# c", "p1,Y");
    assertEquals(4, twice.line());
    assertEquals("devices.csv:4: expected each device once, found 'p1' again (first at line 2)", twice.getMessage());
    assertEquals("devices.csv: expected the header 'device,soc'; the table is empty", bad("# only").getMessage());
  }

  private static TraceFormatException bad(String... lines) {
    return assertThrows(TraceFormatException.class, () -> HopePlatforms.parse(F, List.of(lines)));
  }
}
