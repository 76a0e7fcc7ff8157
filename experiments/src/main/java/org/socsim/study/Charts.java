package org.socsim.study;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

/** XChart figures with titles, axis labels and legends, saved as PNG and SVG. */
final class Charts {
  private Charts() {
  }

  /** Grouped bars: one group per category, one bar per series. */
  static void bars(Path dirAndStem, String title, String xTitle, String yTitle, List<String> categories,
      Map<String, List<Double>> series) throws IOException {
    boolean many = categories.size() > 12;
    CategoryChart c = new CategoryChartBuilder().width(many ? 1400 : 1200).height(many ? 720 : 560).title(title)
        .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    c.getStyler().setXAxisLabelRotation(many ? 70 : 30);
    c.getStyler().setOverlapped(false);
    for (Map.Entry<String, List<Double>> s : series.entrySet()) {
      c.addSeries(s.getKey(), categories, s.getValue().stream().map(v -> (Number) (Double.isNaN(v) ? 0.0 : v))
          .toList());
    }
    save(c, dirAndStem);
  }

  /** Lines over a numeric x axis. */
  static void lines(Path dirAndStem, String title, String xTitle, String yTitle, Map<String, double[][]> series)
      throws IOException {
    XYChart c = new XYChartBuilder().width(1000).height(560).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    for (Map.Entry<String, double[][]> s : series.entrySet()) {
      c.addSeries(s.getKey(), s.getValue()[0], s.getValue()[1]);
    }
    save(c, dirAndStem);
  }

  /**
   * Writes stem.png and stem.svg through hidden temporary siblings and atomic moves: a kill while rendering leaves
   * no empty or partial figure under its final name.
   */
  private static void save(Chart<?, ?> c, Path stem) throws IOException {
    Path tmp = stem.resolveSibling("." + stem.getFileName() + ".tmp");
    Path png = Path.of(tmp + ".png");
    Path svg = Path.of(tmp + ".svg");
    try {
      BitmapEncoder.saveBitmap(c, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
      VectorGraphicsEncoder.saveVectorGraphic(c, tmp.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      java.nio.file.Files.move(png, Path.of(stem + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      java.nio.file.Files.move(svg, Path.of(stem + ".svg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } finally {
      java.nio.file.Files.deleteIfExists(png);
      java.nio.file.Files.deleteIfExists(svg);
    }
  }
}
