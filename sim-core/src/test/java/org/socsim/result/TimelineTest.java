package org.socsim.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TimelineTest {
  private static final Pattern X = Pattern.compile("\"ts\":([0-9.]+),\"dur\":([0-9.]+)");

  @Test
  void backToBackSpansOfOneTrackNeverOverlapInTheWrittenTrace() throws Exception {
    // starts and durations whose separately rounded ts + dur would end a step after the next span's ts
    List<Span> spans = new ArrayList<>();
    double t = 237336.0;
    double[] durs = {0.6565, 1.2345, 0.0005, 3.3335, 2.0004999};
    for (double d : durs) {
      spans.add(new Span(0, 0, "op", "op", t, d, 1));
      t += d;
    }
    StringWriter w = new StringWriter();
    new Timeline(List.of("cpu"), spans).writeChromeTrace(w, Map.of());
    Matcher m = X.matcher(w.toString());
    long prevEnd = Long.MIN_VALUE;
    int n = 0;
    while (m.find()) {
      long ts = Math.round(Double.parseDouble(m.group(1)) * 1000);
      long end = ts + Math.round(Double.parseDouble(m.group(2)) * 1000);
      assertTrue(ts >= prevEnd, "span " + n + " starts at " + ts + " ns before the previous one ended at " + prevEnd);
      prevEnd = end;
      n++;
    }
    assertEquals(durs.length, n);
    // the written end of the last span is the rounded true end
    assertEquals(Math.round(t * 1000), prevEnd);
  }
}
