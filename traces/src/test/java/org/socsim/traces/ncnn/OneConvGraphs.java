package org.socsim.traces.ncnn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test graphs for ncnn-bench tables: {@code models/m1.param .. mN.param} under a folder. */
final class OneConvGraphs {
  private OneConvGraphs() {
  }

  /** Graph m{i}: one 3x3 convolution of a 32x32x3 input to 8 x i channels (the work grows with i). */
  static void write(Path dir, int count) throws IOException {
    Files.createDirectories(dir.resolve("models"));
    for (int i = 1; i <= count; i++) {
      int n = 8 * i;
      Files.writeString(dir.resolve("models/m" + i + ".param"), "7767517\n2 2\nInput data 0 1 data 0=32 1=32 2=3\n"
          + "Convolution conv 1 1 data out 0=" + n + " 1=3 4=1 6=" + (n * 27) + "\n");
    }
  }
}
