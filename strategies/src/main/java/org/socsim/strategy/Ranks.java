package org.socsim.strategy;

import org.socsim.graph.Edge;
import org.socsim.graph.ModelGraph;
import org.socsim.soc.Soc;
import org.socsim.soc.Unit;

/** HEFT/CPOP ranks: mean op cost over supporting units, mean copy cost between distinct units. */
record Ranks(double[] up, double[] down) {
  static Ranks of(ModelGraph g, Soc soc, PlanContext ctx) {
    int n = g.size();
    double[] w = new double[n];
    for (int i = 0; i < n; i++) {
      w[i] = Eft.meanCost(g.op(i), soc, ctx);
    }
    double c = meanCopy(soc);
    int[] topo = g.topologicalOrder();
    double[] up = new double[n];
    for (int k = n - 1; k >= 0; k--) {
      int v = topo[k];
      double tail = 0;
      for (int s : g.successors(v)) {
        tail = Math.max(tail, c + up[s]);
      }
      up[v] = w[v] + tail;
    }
    double[] down = new double[n];
    for (int v : topo) {
      double head = 0;
      for (int p : g.predecessors(v)) {
        head = Math.max(head, down[p] + w[p] + c);
      }
      down[v] = head;
    }
    return new Ranks(up, down);
  }

  static double meanCopy(Soc soc) {
    if (soc.units().size() < 2) {
      return 0;
    }
    Edge probe = new Edge(0, 0, Edge.UNKNOWN_BYTES, "");
    double sum = 0;
    int k = 0;
    for (Unit a : soc.units()) {
      for (Unit b : soc.units()) {
        if (a != b) {
          sum += soc.transfers().transferUs(a, b, probe);
          k++;
        }
      }
    }
    return sum / k;
  }
}
