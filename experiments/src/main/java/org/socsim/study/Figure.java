package org.socsim.study;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * One figure: a title (naming device, model and setting), note lines (model sets, assumptions, what n/a means),
 * and one or more chart panels laid out as small multiples in {@code cols} columns. Written as stem.png and
 * stem.svg (vector, text as text in the header) through hidden siblings and atomic moves; same input, same bytes.
 */
final class Figure {
  private static final int PAD = 12;
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 17);
  private static final Font NOTE = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

  private Figure() {
  }

  /**
   * Writes the figure. {@code legend}: the series in palette order (null = an unused palette slot), drawn once
   * under the notes (panels then carry no legend of their own); empty = the panels' own legends.
   */
  static void save(Path stem, String title, List<String> notes, List<String> legend,
      List<? extends Chart<?, ?>> panels, int cols) throws IOException {
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("figure " + stem.getFileName() + " has no panels");
    }
    int pw = panels.get(0).getWidth();
    int ph = panels.get(0).getHeight();
    int c = Math.min(cols, panels.size());
    int rows = (panels.size() + c - 1) / c;
    int w = c * pw;
    if (!legend.isEmpty()) {
      panels.forEach(p -> p.getStyler().setLegendVisible(false));
    }
    BufferedImage img0 = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D m = img0.createGraphics();
    List<String> titleLines = wrap(title, m.getFontMetrics(TITLE), w - 2 * PAD);
    List<String> noteLines = new ArrayList<>();
    for (String n : notes) {
      noteLines.addAll(wrap(n, m.getFontMetrics(NOTE), w - 2 * PAD));
    }
    List<int[]> keys = legendLayout(legend, m.getFontMetrics(NOTE), w - 2 * PAD);
    m.dispose();
    int legendRows = keys.stream().filter(k -> k != null).mapToInt(k -> k[1] + 1).max().orElse(0);
    int header = PAD + titleLines.size() * 22 + noteLines.size() * 18 + legendRows * 22 + PAD;
    int h = header + rows * ph;
    Layout l = new Layout(titleLines, noteLines, legend, keys, panels, c, w, h, header);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    draw(g, l);
    g.dispose();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    VectorGraphics2D v = new VectorGraphics2D();
    draw(v, l);
    ByteArrayOutputStream svg = new ByteArrayOutputStream();
    new SVGProcessor().getDocument(v.getCommands(), new PageSize(0, 0, w, h)).writeTo(svg);
    write(Path.of(stem + ".png"), png.toByteArray());
    write(Path.of(stem + ".svg"), svg.toByteArray());
  }

  private record Layout(List<String> title, List<String> notes, List<String> legend, List<int[]> keys,
      List<? extends Chart<?, ?>> panels, int cols, int w, int h, int header) {
  }

  private static void draw(Graphics2D g, Layout l) {
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, l.w(), l.h());
    g.setColor(Color.BLACK);
    g.setFont(TITLE);
    int y = PAD;
    for (String t : l.title()) {
      g.drawString(t, PAD, y + 17);
      y += 22;
    }
    g.setFont(NOTE);
    g.setColor(new Color(0x333333));
    for (String n : l.notes()) {
      g.drawString(n, PAD, y + 14);
      y += 18;
    }
    for (int i = 0; i < l.legend().size(); i++) {
      int[] k = l.keys().get(i);
      if (k == null) {
        continue;
      }
      int ky = y + k[1] * 22 + 11;
      g.setColor(Charts.PALETTE[i % Charts.PALETTE.length]);
      g.setStroke(new BasicStroke(1.5f));
      g.drawLine(PAD + k[0], ky, PAD + k[0] + 24, ky);
      Charts.MARKERS[i % Charts.MARKERS.length].paint(g, PAD + k[0] + 12, ky, 9);
      g.setColor(Color.BLACK);
      g.drawString(l.legend().get(i), PAD + k[0] + 30, ky + 5);
    }
    for (int i = 0; i < l.panels().size(); i++) {
      Chart<?, ?> c = l.panels().get(i);
      Graphics2D s = (Graphics2D) g.create();
      s.translate((i % l.cols()) * c.getWidth(), l.header() + (i / l.cols()) * c.getHeight());
      c.paint(s, c.getWidth(), c.getHeight());
      s.dispose();
    }
  }

  /** Greedy word wrap to {@code width} pixels. */
  static List<String> wrap(String text, FontMetrics fm, int width) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      String next = line.length() == 0 ? word : line + " " + word;
      if (fm.stringWidth(next) > width && line.length() > 0) {
        out.add(line.toString());
        line = new StringBuilder(word);
      } else {
        line = new StringBuilder(next);
      }
    }
    if (line.length() > 0) {
      out.add(line.toString());
    }
    return out;
  }

  /** Legend entries' {x, row}: flowed left to right, wrapping to {@code width}. */
  private static List<int[]> legendLayout(List<String> legend, FontMetrics fm, int width) {
    List<int[]> out = new ArrayList<>();
    int x = 0;
    int row = 0;
    for (String name : legend) {
      if (name == null) {
        out.add(null);
        continue;
      }
      int w = 30 + fm.stringWidth(name) + 24;
      if (x > 0 && x + w > width) {
        x = 0;
        row++;
      }
      out.add(new int[] {x, row});
      x += w;
    }
    return out;
  }

  /** Through a hidden sibling and an atomic move: a kill while writing leaves no partial figure. */
  private static void write(Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      Files.write(tmp, bytes);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
