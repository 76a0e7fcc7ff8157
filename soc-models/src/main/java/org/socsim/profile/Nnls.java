package org.socsim.profile;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;

/** Non-negative least squares, min ||A x - b|| subject to x >= 0 (Lawson and Hanson's active-set method). */
public final class Nnls {
  private Nnls() {
  }

  public static double[] solve(double[][] a, double[] b) {
    for (int i = 0; i < a.length; i++) {
      if (!Double.isFinite(b[i])) {
        throw new IllegalArgumentException("non-negative least squares: right-hand side " + i + " is " + b[i]);
      }
      for (double v : a[i]) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("non-negative least squares: row " + i + " has a non-finite value");
        }
      }
    }
    int m = a.length;
    int n = a[0].length;
    double[] x = new double[n];
    boolean[] passive = new boolean[n];
    for (int iter = 0; iter < 3 * n + 10; iter++) {
      double[] w = gradient(a, b, x);
      int best = -1;
      double bw = 1e-12;
      for (int j = 0; j < n; j++) {
        if (!passive[j] && w[j] > bw) {
          bw = w[j];
          best = j;
        }
      }
      if (best < 0) {
        break;
      }
      passive[best] = true;
      for (int inner = 0; inner < 3 * n + 10; inner++) {
        double[] z = restricted(a, b, passive, m, n);
        boolean ok = true;
        for (int j = 0; j < n; j++) {
          if (passive[j] && z[j] <= 0) {
            ok = false;
          }
        }
        if (ok) {
          x = z;
          break;
        }
        double alpha = 1;
        for (int j = 0; j < n; j++) {
          if (passive[j] && z[j] <= 0 && x[j] - z[j] > 0) {
            alpha = Math.min(alpha, x[j] / (x[j] - z[j]));
          }
        }
        for (int j = 0; j < n; j++) {
          x[j] = x[j] + alpha * (z[j] - x[j]);
          if (passive[j] && x[j] <= 1e-15) {
            passive[j] = false;
            x[j] = 0;
          }
        }
      }
    }
    return x;
  }

  private static double[] gradient(double[][] a, double[] b, double[] x) {
    int n = x.length;
    double[] w = new double[n];
    for (int i = 0; i < a.length; i++) {
      double r = b[i];
      for (int j = 0; j < n; j++) {
        r -= a[i][j] * x[j];
      }
      for (int j = 0; j < n; j++) {
        w[j] += a[i][j] * r;
      }
    }
    return w;
  }

  private static double[] restricted(double[][] a, double[] b, boolean[] passive, int m, int n) {
    int p = 0;
    for (boolean q : passive) {
      p += q ? 1 : 0;
    }
    // A vanishing ridge keeps collinear passive columns solvable without moving a well-posed solution.
    double[][] sub = new double[m + p][p];
    double[] rhs = java.util.Arrays.copyOf(b, m + p);
    int[] idx = new int[p];
    int k = 0;
    for (int j = 0; j < n; j++) {
      if (passive[j]) {
        idx[k++] = j;
      }
    }
    for (int i = 0; i < m; i++) {
      for (int c = 0; c < p; c++) {
        sub[i][c] = a[i][idx[c]];
      }
    }
    for (int c = 0; c < p; c++) {
      double norm = 0;
      for (int i = 0; i < m; i++) {
        norm += sub[i][c] * sub[i][c];
      }
      sub[m + c][c] = 1e-7 * Math.sqrt(norm + 1e-30);
    }
    RealVector sol = new QRDecomposition(new Array2DRowRealMatrix(sub, false), 0).getSolver()
        .solve(new ArrayRealVector(rhs, false));
    double[] z = new double[n];
    for (int c = 0; c < p; c++) {
      z[idx[c]] = sol.getEntry(c);
    }
    return z;
  }
}
