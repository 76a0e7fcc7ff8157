package org.socsim.study;

import java.util.ArrayList;
import java.util.List;

/** The report being built: HTML (escaped text) and the findings, one plain-text line each. */
final class Report {
  final List<String> findings = new ArrayList<>();
  private final StringBuilder html = new StringBuilder();

  void h2(String title) {
    html.append("<h2>").append(esc(title)).append("</h2>\n");
  }

  void p(String text) {
    html.append("<p>").append(esc(text)).append("</p>\n");
  }

  /** A finding: printed by reproduce and shown as a paragraph with its headline in bold. */
  void finding(String headline, String text) {
    findings.add(headline + ": " + text);
    html.append("<p class=\"finding\"><b>").append(esc(headline)).append(":</b> ").append(esc(text)).append("</p>\n");
  }

  /** A figure: the PNG inline, a link to its SVG. */
  void figure(String stem, String alt) {
    html.append("<figure><img src=\"").append(stem).append(".png\" alt=\"").append(esc(alt)).append("\">")
        .append("<figcaption>").append(esc(alt)).append(" (<a href=\"").append(stem).append(".svg\">SVG</a>)")
        .append("</figcaption></figure>\n");
  }

  /** A table: numbers right-aligned, text left-aligned. */
  void table(List<String> header, List<List<String>> rows) {
    html.append("<table><tr>");
    for (String h : header) {
      html.append("<th>").append(esc(h)).append("</th>");
    }
    html.append("</tr>\n");
    for (List<String> r : rows) {
      html.append("<tr>");
      for (int i = 0; i < r.size(); i++) {
        boolean number = r.get(i).matches("-?[0-9][0-9.]*%?");
        html.append(i == 0 || !number ? "<td class=\"l\">" : "<td>").append(esc(r.get(i))).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  void raw(String s) {
    html.append(s);
  }

  String html() {
    return html.toString();
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
