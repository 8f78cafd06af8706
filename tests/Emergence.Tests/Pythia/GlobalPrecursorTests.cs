using Emergence.Pythia.SweepAnalysis;
using Emergence.Tests.Support;

namespace Emergence.Tests.Pythia;

/// <summary>The GP-grid precursor test applied to the whole-model series of a sweep.</summary>
public sealed class GlobalPrecursorTests
{
    private static readonly PythiaAnalysisOptions NoNull = new() { NullReplicates = 0 };
    private static readonly double Spacing = Math.Log10(143001) / 99;
    private static double Sig(double x) => 1 / (1 + Math.Exp(-x));

    [Fact]
    public void A_top_Hessian_eigenvalue_leading_by_five_grid_points_is_found_at_lag_minus_five()
    {
        const int k = 5;
        using var temp = new TempDirectory();
        var folder = new PythiaStore("pythia-160m", PythiaStore.HostedSteps)
            .RankMe("arithmetic", 12, s => 100 - 60 * Sig((PythiaStore.U(s) - 2) / 0.3))
            .Behaviour("answer_logprob", "arithmetic", s => -8 + 6 * Sig((PythiaStore.U(s) - 4) / 0.12))
            .Global("hessian_eig", s => 50 + 400 * Sig((PythiaStore.U(s) + k * Spacing - 4) / 0.12), level: 1)
            .Global("hessian_eig", s => 1, level: 2)
            .Global("param_update_relative", s => s == 0 ? double.NaN : 0.1 - 0.05 * Sig((PythiaStore.U(s) - 4) / 0.12))
            .Write(temp.Combine("run"));
        var r = PythiaAnalyzer.Analyze([folder], NoNull);
        Assert.Equal(["rankme", "hessian_eig[1]", "param_update_relative"], r.Precursors.Select(p => p.Measure));
        var h = r.Precursors.Single(p => p.Measure == "hessian_eig[1]");
        Assert.Equal("ok", h.Status);
        Assert.Equal("arithmetic", h.ProbeSet);
        Assert.Equal(154, h.Checkpoints);
        Assert.Equal(-k, h.PeakLag);
        Assert.True(h.PeakR > 0.99, $"r = {h.PeakR}");
        Assert.True(h.Precursor);
        var u = r.Precursors.Single(p => p.Measure == "param_update_relative");
        Assert.Equal("ok", u.Status);
        Assert.Equal(153, u.Checkpoints); // step 0 has no update
        Assert.Equal(0, u.PeakLag);
        Assert.Contains("| pythia-160m | hessian_eig[1] | arithmetic | answer_logprob | 154 |", PythiaTables.Render(r));
    }

    [Fact]
    public void A_store_without_global_series_keeps_one_entry_per_behaviour()
    {
        using var temp = new TempDirectory();
        var folder = new PythiaStore("pythia-160m", PythiaStore.HostedSteps)
            .RankMe("logical", 12, s => 30 - PythiaStore.U(s))
            .Behaviour("accuracy", "logical", s => Sig(PythiaStore.U(s) - 3))
            .Write(temp.Combine("run"));
        var p = Assert.Single(PythiaAnalyzer.Analyze([folder], NoNull).Precursors);
        Assert.Equal("rankme", p.Measure);
    }
}
