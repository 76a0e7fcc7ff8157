package org.socsim.study;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The study's chart panels in one style fit for a paper: white background, the Okabe-Ito colour-blind-safe
 * palette with a distinct marker per series (a series keeps its colour and marker in every panel of a figure),
 * values drawn as markers so that a 0 is a visible point, and a not-applicable value (NaN) drawn as nothing: a
 * category with no value in any series is labelled "(n/a)". {@link Figure} lays panels out as small multiples
 * and writes PNG + SVG.
 */
final class Charts {
  /** Okabe and Ito (2008), without yellow (too light on white) in the first six. */
  static final Color[] PALETTE = {new Color(0xE69F00), new Color(0x0072B2), new Color(0x009E73),
      new Color(0xD55E00), new Color(0xCC79A7), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442)};
  static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
      SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS,
      SeriesMarkers.TRAPEZOID};
  /** Series per panel above which a figure is split into small multiples. */
  static final int MAX_SERIES = 6;
  static final String NA = " (n/a)";

  private Charts() {
  }

  /**
   * A category panel: markers per category (dot plot), optionally joined by lines. {@code order} fixes each series'
   * colour and marker across panels; NaN values are not drawn.
   */
  static CategoryChart dots(String title, String xTitle, String yTitle, List<String> categories,
      Map<String, List<Double>> series, List<String> order, boolean lines, int width, int height) {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < categories.size(); i++) {
      boolean any = false;
      for (List<Double> v : series.values()) {
        any |= !Double.isNaN(v.get(i));
      }
      labels.add(any ? categories.get(i) : categories.get(i) + NA);
    }
    CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    style(c.getStyler());
    c.getStyler().setDefaultSeriesRenderStyle(lines ? CategorySeries.CategorySeriesRenderStyle.Line
        : CategorySeries.CategorySeriesRenderStyle.Scatter);
    c.getStyler().setOverlapped(true);
    c.getStyler().setXAxisLabelRotation(categories.size() > 6 || maxLength(categories) > 12 ? 90 : 0);
    c.getStyler().setYAxisMin(0.0);
    for (Map.Entry<String, List<Double>> s : series.entrySet()) {
      List<Double> y = s.getValue().stream().map(v -> Double.isNaN(v) ? null : v).toList();
      CategorySeries cs = c.addSeries(s.getKey(), labels, y);
      int k = index(order, s.getKey());
      cs.setMarker(MARKERS[k % MARKERS.length]);
      cs.setMarkerColor(PALETTE[k % PALETTE.length]);
      cs.setLineColor(PALETTE[k % PALETTE.length]);
      cs.setFillColor(PALETTE[k % PALETTE.length]);
      cs.setLineStyle(new BasicStroke(1.5f));
    }
    c.getStyler().setLegendVisible(series.size() > 1);
    return c;
  }

  /** Lines with markers over a numeric x axis; {@code order} fixes colours and markers across panels. */
  static XYChart lines(String title, String xTitle, String yTitle, Map<String, double[][]> series, List<String> order,
      boolean logX, int width, int height) {
    XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
        .build();
    style(c.getStyler());
    c.getStyler().setXAxisLogarithmic(logX);
    c.getStyler().setYAxisMin(0.0);
    for (Map.Entry<String, double[][]> s : series.entrySet()) {
      XYSeries xs = c.addSeries(s.getKey(), s.getValue()[0], s.getValue()[1]);
      int k = index(order, s.getKey());
      xs.setMarker(MARKERS[k % MARKERS.length]);
      xs.setMarkerColor(PALETTE[k % PALETTE.length]);
      xs.setLineColor(PALETTE[k % PALETTE.length]);
      xs.setLineStyle(new BasicStroke(1.5f));
    }
    return c;
  }

  /** Small multiples share one y range: 0 to a round number above the largest value drawn (1 when all are 0). */
  static void shareY(List<? extends org.knowm.xchart.internal.chartpart.Chart<? extends AxesChartStyler, ?>> panels,
      double max) {
    double top = nice(max > 0 ? max * 1.05 : 1);
    panels.forEach(p -> p.getStyler().setYAxisMax(top));
  }

  /** The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 x 10^k at or above {@code v} (round axis ends). */
  static double nice(double v) {
    double p = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (m * p >= v - 1e-12) {
        return m * p;
      }
    }
    return 10 * p;
  }

  /** A horizontal reference line (e.g. speed-up 1 = as fast as the baseline). */
  static void reference(CategoryChart c, double y) {
    c.addAnnotation(new AnnotationLine(y, false, false));
  }

  private static int index(List<String> order, String name) {
    int k = order.indexOf(name);
    if (k < 0) {
      throw new IllegalArgumentException("series " + name + " missing from the figure's series order " + order);
    }
    return k;
  }

  private static int maxLength(List<String> s) {
    return s.stream().mapToInt(String::length).max().orElse(0);
  }

  private static void style(AxesChartStyler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(new Color(0x888888));
    s.setPlotGridLinesColor(new Color(0xDDDDDD));
    s.setChartTitleBoxVisible(false);
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    s.setLegendBorderColor(Color.WHITE);
    s.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    s.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    s.setMarkerSize(9);
    s.setAntiAlias(true);
  }
}
