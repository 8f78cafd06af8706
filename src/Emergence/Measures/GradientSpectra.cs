using Emergence.Models;
using Emergence.Storage;
using Emergence.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace Emergence.Measures;

/// <summary>Gram matrices of per-example gradients: all parameters and the first <c>prefix</c> parameters.</summary>
internal sealed record GradientGrams(Tensor Gram, Tensor PrefixGram);

/// <summary>
/// Fisher effective rank and gradient-covariance effective rank (PROTOCOL §4.2, §4.5) from the
/// per-example gradients G (N x P, row n = g_n) of one task-level's diagnostic examples.
/// <para><b>Fisher</b> (empirical Fisher F = G^T G / N): its non-zero eigenvalues are those of the
/// Gram matrix K = G G^T / N (N x N), so P never needs an eigen-solver:
/// <code>
///   fisher_erank       = erank(eigenvalues of K)                 (all N)
///   fisher_erank_top20 = erank(20 largest eigenvalues of K)      (the paper's analysis)
///   fisher_eig (k)     = k-th largest eigenvalue of K above N lambda_1 eps_float32 (at most N)
///   fisher_trace       = tr K = (1/N) sum_n ||g_n||^2
/// </code>
/// The whole non-zero spectrum is stored (at most N = 200 rows per task-level, 4,800 per checkpoint):
/// the Fisher-spectrum denoisings of the analyses (log-eigenvalue effective rank, Marchenko-Pastur count,
/// participation ratio) need every eigenvalue, not a top-k.</para>
/// <para><b>Gradient covariance</b> Sigma = G_c^T G_c / (N - 1), G_c = G minus its mean row. Its
/// non-zero eigenvalues are those of the centred Gram H K H (H = I - 11^T/N), up to the factor
/// N / (N - 1) that erank ignores:
/// <code>
///   gradcov_erank           = erank(eigenvalues of H (G G^T) H)            (all parameters, default)
///   gradcov_erank_prefix50k = same with G restricted to its first 50,000 columns (the paper's
///                             stated limitation; columns in named_parameters order)
/// </code></para>
/// erank is <see cref="Spectra.EffectiveRank"/> (RankMe's entropy form). Warnings: the empirical
/// Fisher uses the observed labels, not the model's own predictions (Kunstner et al. 2019); with
/// N = 200 examples both ranks are bounded by 200 (199 for the centred covariance); the prefix
/// covers only the embeddings and the first block's earliest weights.
/// </summary>
internal static class GradientSpectra
{
    public const long PaperPrefix = 50_000;

    /// <summary>
    /// Gram matrices accumulated block by block in float64, so G is never held whole. Each
    /// block's product is taken in the block's own precision (float32 for a model's gradients:
    /// relative error ~1e-6 per entry, 2-3x faster than float64 on CPU). A block that straddles
    /// the prefix boundary is split there, so each column enters one product: the prefix Gram is
    /// part of the full one, not computed again.
    /// </summary>
    public static GradientGrams Grams(IEnumerable<Tensor> blocks, long prefix = PaperPrefix)
    {
        Tensor? gram = null, prefixGram = null;
        long offset = 0;
        foreach (var block in blocks)
        {
            long width = block.shape[1], take = Math.Clamp(prefix - offset, 0, width);
            if (take > 0)
            {
                var prefixTerm = Product(take == width ? block : block.narrow(1, 0, take));
                prefixGram = prefixGram is null ? prefixTerm : prefixGram.Plus(prefixTerm);
                gram = gram is null ? prefixTerm.clone() : gram.Plus(prefixTerm);
            }
            if (take < width)
            {
                var term = Product(take == 0 ? block : block.narrow(1, take, width - take));
                gram = gram is null ? term : gram.Plus(term);
            }
            offset += width;
        }
        if (gram is null || prefixGram is null) throw new ArgumentException("no gradient blocks");
        return new GradientGrams(gram, prefixGram);
    }

    /// <summary>B B^T in float64 from one product in B's own precision. The transposed view is
    /// released at once, so that it does not keep B's storage alive after the caller releases B.</summary>
    private static Tensor Product(Tensor b)
    {
        using var transposed = b.t();
        return b.matmul(transposed).to(float64);
    }

    /// <summary>fisher_erank and fisher_erank_top20 of a Gram G G^T.</summary>
    public static (double All, double Top20) FisherEffectiveRank(Tensor gram, int top = 20) =>
        FisherEffectiveRank(Spectra.SymmetricEigenvalues(gram), top);

    /// <summary>Unit round-off of float32, the precision of the Gram's block products.</summary>
    public const double Float32Epsilon = 1.1920929e-7;

    /// <summary>
    /// The empirical Fisher's non-zero spectrum from the Gram G G^T of N per-example gradients: the
    /// eigenvalues of K = G G^T / N, descending, those at or below the numerical-rank tolerance
    /// N lambda_1 eps_float32 (the matrix-rank convention; below it a value is round-off of the float32
    /// products) left out, so at most N values; and tr F = tr K = (1/N) sum_n ||g_n||^2 from the Gram's diagonal.
    /// </summary>
    public static (double[] Eigenvalues, double Trace) FisherSpectrum(Tensor gram) => FisherSpectrum(gram, Spectra.SymmetricEigenvalues(gram));

    private static (double[] Eigenvalues, double Trace) FisherSpectrum(Tensor gram, double[] gramEigenvalues)
    {
        long n = gram.shape[0];
        using var scope = torch.NewDisposeScope();
        double trace = gram.diagonal().sum().to(float64).item<double>() / n;
        double lambda1 = gramEigenvalues.Length == 0 ? 0 : Math.Max(0, gramEigenvalues[0]) / n;
        double tolerance = n * lambda1 * Float32Epsilon;
        return ([.. gramEigenvalues.Select(v => v / n).Where(v => v > tolerance)], trace);
    }

    /// <summary>fisher_erank and fisher_erank_top20 from the eigenvalues of G G^T (descending).</summary>
    public static (double All, double Top20) FisherEffectiveRank(double[] gramEigenvalues, int top = 20) =>
        (Spectra.EffectiveRank(gramEigenvalues), Spectra.EffectiveRank(gramEigenvalues.Take(top)));

    /// <summary>gradcov_erank: the effective rank of the gradient covariance from a Gram G G^T.</summary>
    public static double CovarianceEffectiveRank(Tensor gram) => Spectra.EffectiveRank(CentredGramEigenvalues(gram));

    /// <summary>Eigenvalues of H (G G^T) H (descending): N - 1 times those of the gradient covariance.</summary>
    public static double[] CentredGramEigenvalues(Tensor gram) => Spectra.SymmetricEigenvalues(Spectra.CentreGram(gram));

    /// <summary>
    /// One task-level's Fisher rows from the Gram G G^T of its N per-example gradients: the effective
    /// ranks, N, the whole non-zero spectrum (<c>fisher_eig</c>, layer = rank k, 1 = largest: at most N
    /// rows, so every denoising of the spectrum can be computed later), their count and the trace.
    /// </summary>
    public static IEnumerable<MetricRow> FisherRows(long step, string task, int level, Tensor gram, int top = 20)
    {
        MetricRow Row(string name, double value, int layer = MetricRow.NoLayer) => new(step, name, task, level, layer, value);
        var gramEigenvalues = Spectra.SymmetricEigenvalues(gram);
        var (eigenvalues, trace) = FisherSpectrum(gram, gramEigenvalues);
        var (all, top20) = FisherEffectiveRank(gramEigenvalues, top);
        yield return Row(MetricNames.FisherErank, all);
        yield return Row(MetricNames.FisherErankTop20, top20);
        yield return Row(MetricNames.FisherExamples, gram.shape[0]);
        yield return Row(MetricNames.FisherTrace, trace);
        yield return Row(MetricNames.FisherEigCount, eigenvalues.Length);
        for (int k = 0; k < eigenvalues.Length; k++) yield return Row(MetricNames.FisherEig, eigenvalues[k], k + 1);
    }

    /// <summary>Each block is released once the next is asked for: the Gram products hold one block, not G.</summary>
    private static IEnumerable<Tensor> OneAtATime(IEnumerable<(string Name, Tensor Block)> blocks)
    {
        foreach (var (_, block) in blocks)
        {
            yield return block;
            block.Dispose();
        }
    }

    /// <summary>
    /// Rows for every task-level: fisher_* and/or gradcov_* as asked, from one set of per-example
    /// gradients and one Gram matrix per task-level. Next to the values: <c>fisher_examples</c> /
    /// <c>gradcov_examples</c> (N, per task-level), and per checkpoint <c>fisher_top</c> (20),
    /// <c>fisher_parameters</c> (P, for the Marchenko-Pastur edge) and
    /// <c>gradcov_prefix_parameters</c> (50,000).
    /// </summary>
    public static IReadOnlyList<MetricRow> Measure(long step, Gpt model, DiagnosticSet set, bool fisher, bool gradcov, bool batched = true)
    {
        var rows = new List<MetricRow>();
        const int top = 20;
        if (fisher)
        {
            rows.Add(new MetricRow(step, MetricNames.FisherTop, "", 0, MetricRow.NoLayer, top));
            rows.Add(new MetricRow(step, MetricNames.FisherParameters, "", 0, MetricRow.NoLayer, model.Config.ParameterCount()));
        }
        if (gradcov) rows.Add(new MetricRow(step, MetricNames.GradcovPrefixParameters, "", 0, MetricRow.NoLayer, PaperPrefix));
        foreach (var (taskLevel, _, batch) in set.Levels)
        {
            using var scope = torch.NewDisposeScope();
            var grams = batched
                ? Grams(OneAtATime(PerSampleGradients.Streamed(model, batch)))
                : Grams([PerSampleGradients.Looped(model, batch)]);
            string task = taskLevel.Task.Name();
            void Add(string name, double value) => rows.Add(new MetricRow(step, name, task, taskLevel.Level, MetricRow.NoLayer, value));
            if (fisher) rows.AddRange(FisherRows(step, task, taskLevel.Level, grams.Gram, top));
            if (gradcov)
            {
                Add(MetricNames.GradcovErank, CovarianceEffectiveRank(grams.Gram));
                Add(MetricNames.GradcovErankPrefix50k, CovarianceEffectiveRank(grams.PrefixGram));
                Add(MetricNames.GradcovExamples, batch.Count);
            }
        }
        return rows;
    }
}
