using MathNet.Numerics.LinearAlgebra;

namespace Emergence.Measures;

/// <summary>A probe fitted on a train split and scored on a test split.</summary>
/// <param name="TestAccuracy">Share of the test rows whose predicted class is right.</param>
/// <param name="Chance">Frequency of the test split's majority class.</param>
/// <param name="Ridge">The chosen grid value c (alpha = c tau).</param>
/// <param name="LeaveOneOutAccuracy">Its leave-one-out accuracy on the train split.</param>
/// <param name="Train">Rows in the train split.</param>
/// <param name="Test">Rows in the test split.</param>
public sealed record ProbeResult(double TestAccuracy, double Chance, double Ridge, double LeaveOneOutAccuracy, int Train, int Test);

/// <summary>
/// A ridge-regularised linear probe from features x (d values) to a class label, in closed form and in
/// float64. With the n train rows X, their one-hot labels Y (n x C, C = the classes seen in training),
/// the means x̄ and ȳ, X_c = X − 1x̄^T and the Gram K = X_c X_c^T = U diag(e) U^T:
/// <code>
///   W(alpha)      = X_c^T (K + alpha I)^-1 (Y − 1ȳ^T)          (ridge with an unpenalised intercept, dual form)
///   score(x)      = ȳ + (x − x̄)^T W,  predicted class = argmax_c score_c(x)
///   alpha         = c tau,  tau = tr K / n (mean squared centred feature norm), c in RidgeGrid: scale-free
///   H             = 11^T/n + U diag(e / (e + alpha)) U^T     (hat matrix: fitted = H Y)
///   LOO score_i   = y_i − (y_i − fitted_i) / (1 − H_ii)        (exact leave-one-out, Allen 1974)
/// </code>
/// c is the grid value with the highest leave-one-out accuracy on the train split (ties: the larger c),
/// so the test split is used only to score the chosen probe. Chance = the frequency of the test split's
/// majority class. Working in the n x n Gram keeps the cost O(n^2 d + n^3) whatever the width d.
/// </summary>
public static class RidgeProbe
{
    /// <summary>The grid of c (alpha = c tau) searched by leave-one-out accuracy.</summary>
    public static readonly IReadOnlyList<double> RidgeGrid = [1e-3, 1e-2, 1e-1, 1, 10, 100];

    /// <summary>Fits the probe on (trainX, trainY), choosing c from <paramref name="grid"/> (default <see cref="RidgeGrid"/>), and scores it on (testX, testY).</summary>
    public static ProbeResult Fit(double[][] trainX, int[] trainY, double[][] testX, int[] testY, IReadOnlyList<double>? grid = null)
    {
        grid ??= RidgeGrid;
        int n = trainX.Length, d = n == 0 ? 0 : trainX[0].Length;
        if (n < 2 || trainY.Length != n || testX.Length != testY.Length || testX.Length == 0)
            throw new ArgumentException($"a probe needs at least 2 train rows with labels and 1 test row (got {n} train, {trainY.Length} labels, {testX.Length} test)");
        var classes = trainY.Distinct().Order().ToArray();
        var column = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var mean = Vector<double>.Build.Dense(d, j => trainX.Average(row => row[j]));
        var xc = Matrix<double>.Build.Dense(n, d, (i, j) => trainX[i][j] - mean[j]);
        var y = Matrix<double>.Build.Dense(n, classes.Length, (i, c) => column[trainY[i]] == c ? 1 : 0);
        var yMean = y.ColumnSums() / n;
        var yc = y - Matrix<double>.Build.Dense(n, classes.Length, (_, c) => yMean[c]);

        var gram = xc * xc.Transpose();
        var evd = gram.Evd(Symmetricity.Symmetric);
        var e = evd.EigenValues.Select(v => Math.Max(0, v.Real)).ToArray();
        var u = evd.EigenVectors;
        var r = u.TransposeThisAndMultiply(yc);   // U^T (Y − 1ȳ^T)
        double tau = gram.Trace() / n;
        if (!(tau > 0)) tau = 1;

        double bestC = grid[0], bestLoo = -1;
        foreach (double c in grid)
        {
            double alpha = c * tau;
            var f = e.Select(v => v / (v + alpha)).ToArray();
            var fitted = u * Matrix<double>.Build.DiagonalOfDiagonalArray(f) * r;
            int correct = 0;
            for (int i = 0; i < n; i++)
            {
                double h = 1.0 / n;
                for (int j = 0; j < n; j++) h += u[i, j] * u[i, j] * f[j];
                int label = column[trainY[i]];
                if (ArgMax(classes.Length, k => (k == label ? 1 : 0) - (yc[i, k] - fitted[i, k]) / (1 - h)) == label) correct++;
            }
            double loo = (double)correct / n;
            if (loo >= bestLoo) (bestC, bestLoo) = (c, loo);
        }

        double bestAlpha = bestC * tau;
        var coefficients = u * Matrix<double>.Build.DiagonalOfDiagonalArray([.. e.Select(v => 1 / (v + bestAlpha))]) * r;   // (K + alpha I)^-1 (Y − 1ȳ^T)
        var test = Matrix<double>.Build.Dense(testX.Length, d, (i, j) => testX[i][j] - mean[j]);
        var scores = test * xc.Transpose() * coefficients;
        int hits = Enumerable.Range(0, testX.Length).Count(i => classes[ArgMax(classes.Length, k => yMean[k] + scores[i, k])] == testY[i]);
        double chance = testY.GroupBy(v => v).Max(g => g.Count()) / (double)testY.Length;
        return new ProbeResult((double)hits / testX.Length, chance, bestC, bestLoo, n, testX.Length);
    }

    /// <summary>The first k in 0..count−1 with the largest score(k).</summary>
    private static int ArgMax(int count, Func<int, double> score)
    {
        int best = 0;
        double top = score(0);
        for (int k = 1; k < count; k++)
        {
            double s = score(k);
            if (s > top) (best, top) = (k, s);
        }
        return best;
    }
}
