using Emergence.Analysis;

namespace Emergence.Tests.Analysis;

/// <summary>Table 9 and the Fisher event metrics from stored spectra of known rank.</summary>
public sealed class FisherSpectrumTests
{
    private const int Examples = 40;
    private const long Parameters = 100_000;

    /// <summary>
    /// Rank k(t) = from + t / 10,000: k eigenvalues of 3 and N − k zeros, stored as the measure stores them
    /// from step <paramref name="spectraFrom"/> on; LLC = k / 2.
    /// </summary>
    private static SyntheticRun Run(bool spectra = true, int from = 2, long spectraFrom = 0)
    {
        var run = new SyntheticRun("nano", SyntheticRun.Uniform(11, 10_000));
        int Rank(long t) => from + (int)(t / 10_000);
        run.Add("llc", "", 0, -1, t => Rank(t) / 2.0);
        run.Accuracy("ADD", 1, _ => 0);
        run.Add("fisher_erank_top20", "ADD", 1, -1, t => Rank(t));
        run.Add("fisher_erank", "ADD", 1, -1, t => Rank(t));
        if (!spectra) return run;
        double Stored(long t, double value) => t >= spectraFrom ? value : double.NaN;
        run.Add("fisher_parameters", "", 0, -1, t => Stored(t, Parameters));
        run.Add("fisher_examples", "ADD", 1, -1, t => Stored(t, Examples));
        run.Add("fisher_eig_count", "ADD", 1, -1, t => Stored(t, Rank(t)));
        run.Add("fisher_trace", "ADD", 1, -1, t => Stored(t, 3.0 * Rank(t)));
        for (int k = 1; k <= from + 10; k++)
        {
            int rank = k;
            run.Add("fisher_eig", "ADD", 1, rank, t => rank <= Rank(t) ? Stored(t, 3.0) : double.NaN);
        }
        return run;
    }

    [Fact]
    public void The_stored_spectrum_is_padded_with_zeros_to_N()
    {
        var data = Run().Data();
        var spectra = FisherSpectra.Of(data, Emergence.Tasks.TaskKind.Add, 1)!;
        Assert.Equal([3.0, 3.0, .. Enumerable.Repeat(0.0, Examples - 2)], spectra[0]!);
        Assert.Equal(12, spectra[10]!.Count(v => v == 3.0));
        Assert.Equal(Examples, spectra[10]!.Length);
        Assert.Null(FisherSpectra.Of(data, Emergence.Tasks.TaskKind.Add, 2));
    }

    [Fact]
    public void Every_denoising_of_a_rank_k_spectrum_gives_k_so_rho_with_an_LLC_of_k_over_2_is_one()
    {
        var s = FisherLlc.Analyze([Run().Data()]);
        double Rho(string d) => s.Correlations.Single(c => c.FisherMetric == "fisher_erank_top20" && c.Denoising == d).PooledRho!.Value;
        foreach (var d in new[] { "mp_rank", "log_eigenvalues", "participation_ratio", "normalised_trace" })
            Assert.Equal(1.0, Rho(d), 12);
        // top-5: min(k, 5) = 2, 3, 4, 5, 5, ...: ties after k = 5, rho below 1 but positive.
        Assert.InRange(Rho("top5_erank"), 0.5, 0.99);
        Assert.Equal(1.0, Rho("top10_erank"), 1);
        var gap = s.Correlations.Single(c => c.FisherMetric == "fisher_erank_top20" && c.Denoising == "spectral_gap");
        Assert.Equal("not computable: a constant series", gap.Status);   // λ1 / λ2 = 1 at every checkpoint
        Assert.Equal(11, s.Correlations.Single(c => c.FisherMetric == "fisher_erank_top20" && c.Denoising == "mp_rank").Points);
    }

    [Fact]
    public void Spectra_stored_at_fewer_than_three_checkpoints_give_no_pooled_rho()
    {
        // Two runs whose spectra start at step 90,000: two points per run, so pooled they would
        // correlate the runs' ranks (6 vs 9 at step 90K), not a trajectory.
        var first = Run(spectraFrom: 90_000).Data();
        var second = Run(from: 5, spectraFrom: 90_000).Data();
        second.Label = "nano/s1";
        var s = FisherLlc.Analyze([first, second]);
        var mp = s.Correlations.Single(c => c.FisherMetric == "fisher_erank_top20" && c.Denoising == "mp_rank");
        Assert.Null(mp.PooledRho);
        Assert.Equal(0, mp.Points);
        Assert.Equal("not computable: no run x task has 3 checkpoints with both values", mp.Status);
        var raw = s.Correlations.Single(c => c.FisherMetric == "fisher_erank_top20" && c.Denoising == "none");
        Assert.Equal(22, raw.Points);                 // the stored effective rank is at every checkpoint
        Assert.Equal(1.0, raw.MaxRho!.Value, 12);
        var late = FisherLlc.Analyze([Run(spectraFrom: 80_000).Data()]);
        Assert.Equal(3, late.Correlations.Single(c => c.FisherMetric == "fisher_erank_top20" && c.Denoising == "mp_rank").Points);
    }

    [Fact]
    public void The_top20_column_denoises_the_20_largest_eigenvalues_and_the_full_column_all()
    {
        // Ranks 25..35: the 20 largest are 20 equal values at every checkpoint, so the top-20 participation ratio is constant.
        var s = FisherLlc.Analyze([Run(from: 25).Data()]);
        FisherLlcPooled Cell(string metric) => s.Correlations.Single(c => c.FisherMetric == metric && c.Denoising == "participation_ratio");
        Assert.Equal("not computable: a constant series", Cell("fisher_erank_top20").Status);
        Assert.Equal(1.0, Cell("fisher_erank").PooledRho!.Value, 12);
    }

    [Fact]
    public void Without_stored_spectra_the_spectral_denoisings_say_so()
    {
        var s = FisherLlc.Analyze([Run(spectra: false).Data()]);
        var pr = s.Correlations.Single(c => c.FisherMetric == "fisher_erank_top20" && c.Denoising == "participation_ratio");
        Assert.Equal(FisherLlc.EigenvaluesNotStored, pr.Status);
        Assert.Null(pr.PooledRho);
    }

    [Fact]
    public void Event_metrics_read_concentration_and_gap_at_the_matched_checkpoint()
    {
        // Matched checkpoint: last at step <= 2,200, i.e. step 0, rank 2: concentration 1/2, gap 1.
        var values = EventMetrics.Values(Run().Data(), new AnalysisOptions()).ToList();
        Assert.Equal(0.5, values.Single(v => v.Metric == "eigenvalue_concentration").Value!.Value, 12);
        Assert.Equal(1.0, values.Single(v => v.Metric == "spectral_gap").Value!.Value, 12);
    }
}
