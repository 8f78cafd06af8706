using Emergence.Analysis;
using Emergence.Reporting;

namespace Emergence.Tests.Analysis;

public sealed class FisherLlcTests
{
    private static double[] Spectrum(int rank, int n, double value = 3.0) =>
        [.. Enumerable.Range(0, n).Select(i => i < rank ? value : 0.0)];

    [Fact]
    public void Denoisings_of_a_spectrum_of_known_rank_give_that_rank()
    {
        var flat7 = Spectrum(7, 20);
        Assert.Equal(5, FisherDenoisings.TopEffectiveRank(flat7, 5), 3);
        Assert.Equal(7, FisherDenoisings.TopEffectiveRank(flat7, 10), 3);
        Assert.Equal(7, FisherDenoisings.ParticipationRatio(flat7), 12);
        Assert.Equal(7, FisherDenoisings.NormalisedTrace(flat7), 12);
        Assert.Equal(7, FisherDenoisings.LogEigenvalueEffectiveRank(flat7), 3);
        Assert.Equal(Math.Log(7), FisherDenoisings.Entropy(Emergence.Measures.Spectra.EffectiveRank(flat7)), 4);
        Assert.Equal(2, FisherDenoisings.SpectralGapRatio([1, 4, 2, 0.5]), 12);
    }

    [Fact]
    public void Marchenko_Pastur_rank_counts_the_spikes_above_the_noise_edge()
    {
        // 3 spikes of 100 over 17 noise eigenvalues of 1: sigma^2 = 317/20 = 15.85, edge = 15.85 (1 + sqrt(20/10000))^2 = 17.3.
        double[] spiked = [100, 100, 100, .. Enumerable.Repeat(1.0, 17)];
        Assert.Equal(3, FisherDenoisings.MarchenkoPasturRank(spiked, 10_000));
        Assert.Equal(0, FisherDenoisings.MarchenkoPasturRank(Spectrum(20, 20), 10_000));
    }

    [Fact]
    public void Smoothing_averages_a_centred_window_of_five_truncated_at_the_ends()
    {
        var s = FisherDenoisings.Smooth([0, 0, 5, 0, 0, 0]);
        Assert.Equal([5.0 / 3, 5.0 / 4, 1, 1, 5.0 / 4, 0], s);
    }

    /// <summary>LLC rises linearly; ADD's Fisher rank is exactly 2 LLC (ratio 1), MOD's falls as LLC rises (rho −1).</summary>
    private static SyntheticRun Run(long lastStep, bool llc = true)
    {
        var run = new SyntheticRun("nano", SyntheticRun.Uniform((int)(lastStep / 5000) + 1, 5000));
        double Llc(long t) => 1 + 9.0 * t / 100_000;
        if (llc) run.Add("llc", "", 0, -1, Llc);
        foreach (var task in new[] { "ADD", "MOD" })
        {
            run.Accuracy(task, 1, _ => 0);
            for (int level = 1; level <= 3; level++)
            {
                run.Add("fisher_erank_top20", task, level, -1, t => task == "ADD" ? 2 * Llc(t) + (level - 2) : 30 - Llc(t));
                run.Add("fisher_erank", task, level, -1, t => task == "ADD" ? 4 * Llc(t) : 60 - Llc(t));
            }
        }
        return run;
    }

    [Fact]
    public void Ratio_is_one_where_the_LLC_is_half_the_Fisher_rank_and_rho_follows_the_direction()
    {
        var s = FisherLlc.Analyze([Run(100_000).Data()]);
        var add = s.Entries.Single(e => e.Task == "ADD" && e.FisherMetric == "fisher_erank_top20");
        Assert.Equal(21, add.Trajectory.Count);
        Assert.Equal(1.0, add.ConvergedRatio!.Value, 12);
        Assert.Equal(11, add.ConvergedPoints); // steps 50K..100K every 5K
        Assert.Equal(1.0, add.Rho!.Value, 12);
        var addAll = s.Entries.Single(e => e.Task == "ADD" && e.FisherMetric == "fisher_erank");
        Assert.Equal(0.5, addAll.ConvergedRatio!.Value, 12);
        var mod = s.Entries.Single(e => e.Task == "MOD" && e.FisherMetric == "fisher_erank_top20");
        Assert.Equal(-1.0, mod.Rho!.Value, 12);
        // MOD is hard as well: ratio 2 llc / (30 - llc), mean 0.7077 over steps 50K..100K, outside [0.8, 1.2].
        Assert.Equal(0.70774049, mod.ConvergedRatio!.Value, 6);
        var conv = s.Convergence.Single(c => c.FisherMetric == "fisher_erank_top20");
        Assert.Equal(2, conv.HardEntries);
        Assert.Equal(1, conv.HardNearOne);

        var raw = s.Correlations.Single(c => c.FisherMetric == "fisher_erank_top20" && c.Denoising == "none");
        Assert.Equal(42, raw.Points);
        Assert.Equal(-1.0, raw.MinRho!.Value, 12);
        Assert.Equal(1.0, raw.MaxRho!.Value, 12);
        var entropy = s.Correlations.Single(c => c.FisherMetric == "fisher_erank_top20" && c.Denoising == "entropy");
        Assert.Equal(raw.PooledRho!.Value, entropy.PooledRho!.Value, 12);
        var smoothed = s.Correlations.Single(c => c.FisherMetric == "fisher_erank_top20" && c.Denoising == "smoothed_5");
        Assert.Equal(1.0, smoothed.MaxRho!.Value, 12);
        var eigen = s.Correlations.Where(c => c.FisherMetric == "fisher_erank_top20" && c.Denoising is not ("none" or "entropy" or "smoothed_5")).ToList();
        Assert.Equal(7, eigen.Count);
        Assert.All(eigen, c => Assert.Equal(FisherLlc.EigenvaluesNotStored, c.Status));
        Assert.All(eigen, c => Assert.Null(c.PooledRho));
    }

    [Fact]
    public void A_run_without_LLC_or_ending_before_50K_is_not_computable_with_its_reason()
    {
        var noLlc = FisherLlc.Analyze([Run(100_000, llc: false).Data()]);
        Assert.All(noLlc.Entries, e => Assert.StartsWith("not computable: LLC not stored", e.Status));
        Assert.All(noLlc.Entries, e => Assert.Null(e.Rho));
        Assert.All(noLlc.Correlations, c => Assert.Null(c.PooledRho));
        Assert.Contains("LLC not stored", noLlc.Convergence[0].Status);

        var shortRun = FisherLlc.Analyze([Run(20_000).Data()]);
        var add = shortRun.Entries.Single(e => e.Task == "ADD" && e.FisherMetric == "fisher_erank_top20");
        Assert.Null(add.ConvergedRatio);
        Assert.Equal("not computable: no checkpoint with both at step >= 50000 (last: 20000)", add.ConvergedStatus);
        Assert.Equal(1.0, add.Rho!.Value, 12);
    }

    [Fact]
    public void Results_tables_and_summary_carry_the_fisher_llc_section_beside_the_paper()
    {
        var runs = new[] { Run(100_000).Data() };
        var result = Analyzer.Analyze(runs, new AnalysisOptions { NullReplicates = 5, BootstrapResamples = 5 });
        string json = ResultsWriter.ToJson(result);
        Assert.Contains("\"fisher_llc\"", json);
        Assert.Contains("\"converged_ratio\": 1", json);
        string md = MarkdownTables.Render(result);
        Assert.Contains("## Fisher-LLC convergence", md);
        Assert.Contains("| smoothed_5 |", md);
        Assert.Contains("0.28-0.34", md);

        var rows = LaterAnalysesSummary.FisherLlc(result.FisherLlc, 1, 1).ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(PaperClaims.FisherLlcRatio, rows[0].Claim);
        Assert.Equal((1 + 0.70774049) / 2, rows[0].Measured!.Value, 6); // median of ADD (1) and MOD (0.7077)
        Assert.Equal(Agreement.Agree, rows[0].Agreement);
        Assert.Contains("1 of 2 hard within 0.8-1.2", rows[0].MeasuredText);
    }
}
