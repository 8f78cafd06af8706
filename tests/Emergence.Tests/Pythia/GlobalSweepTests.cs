using Emergence.Pythia;
using Emergence.Pythia.Global;
using Emergence.Storage;
using Emergence.Tests.Support;
using static TorchSharp.torch;

namespace Emergence.Tests.Pythia;

/// <summary>The sweep with the global measures and parameter statistics selected.</summary>
public sealed class GlobalSweepTests
{
    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void Sweep_records_curvature_density_gradient_rank_and_parameter_statistics()
    {
        using var temp = new TempDirectory();
        var series = temp.Combine("series");
        TinyNeoX.CopyTo(Path.Combine(series, "step0"), "pytorch_model.bin");
        TinyNeoX.WritePerturbed(Path.Combine(series, "step2"), 2, 0.01, ScalarType.Float32);
        var global = new PythiaGlobalOptions
        {
            Measures = PythiaGlobalOptions.ParseMeasures("all"), ProbeBatchSize = 3, CurvatureLayers = "1,2", SlqStarts = 2, SlqSteps = 10,
        };
        var result = PythiaSweep.Run(new PythiaSweepOptions(series, temp.Combine("run"), ProbeSets: ["logical"], MaxTokens: 8, Global: global));
        using var store = RunStore.Open(result.StorePath, readOnly: true);
        Assert.Contains("curvature_layers=1,2", store.Meta("pythia_measures"));
        foreach (var step in new long[] { 0, 2 })
        {
            var rows = store.Metrics().Where(r => r.Step == step).ToList();
            double One(string name, int level = 0, int layer = -1) => rows.Single(r => r.Name == name && r.Level == level && r.Layer == layer).Value;
            Assert.Equal(2 * 12_704, One(MetricNames.CurvatureParameters));
            Assert.Equal(20, rows.Count(r => r.Name == MetricNames.HessianEig));
            Assert.Equal(1.0, One(MetricNames.HessianLanczosConverged));
            Assert.True(One(MetricNames.HessianEig, 1) >= One(MetricNames.HessianEig, 20));
            Assert.Equal(3.0, One(MetricNames.HessianBatchSize));
            Assert.Equal(20, rows.Count(r => r.Name == MetricNames.HessianSlqNode));
            Assert.Equal(1.0, rows.Where(r => r.Name == MetricNames.HessianSlqWeight).Sum(r => r.Value), 1e-9);
            // The density's largest node cannot exceed the top eigenvalue beyond its residual.
            Assert.True(rows.Where(r => r.Name == MetricNames.HessianSlqNode).Max(r => r.Value) <= One(MetricNames.HessianEig, 1) + One(MetricNames.HessianEigResidual, 1));
            Assert.InRange(One(MetricNames.HessianSlqNegativeMass), 0.0, 1.0);
            Assert.InRange(One(MetricNames.GradcovErank), 1.0, 2.0); // 3 sequences: at most 2 non-zero covariance eigenvalues
            Assert.Equal(4, rows.Count(r => r.Name == MetricNames.ParamNorm && r.Layer >= 0));
            Assert.Contains(rows, r => r.Name == MetricNames.CostSeconds("slq"));
        }
        Assert.Equal(0.0, Assert.Single(store.Metrics(MetricNames.ParamUpdateFrom)).Value);
        Assert.All(store.Metrics(MetricNames.ParamUpdateRelative), r => Assert.InRange(r.Value, 0.002, 0.05));
    }

    [Theory]
    [InlineData("--measures", "probes,hesian", "unknown measure 'hesian'")]
    [InlineData("--curvature-layers", "5", "'5' is not a layer group")]
    [InlineData("--slq-steps", "1", "--slq-steps must be at least 2 (got 1)")]
    public void Cli_refuses_a_bad_setting_in_one_line_with_exit_code_2_and_writes_nothing(string option, string value, string message)
    {
        using var temp = new TempDirectory();
        var (code, stderr) = PythiaCli.Run("--model-dir", TinyNeoX.Folder, "--out", temp.Combine("run"), option, value);
        Assert.Equal(Emergence.Cli.CliErrors.BadInput, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(message, line);
        Assert.False(File.Exists(temp.Combine("run", "run.db")));
    }

    [Fact]
    public void Measures_parse_and_bad_names_are_refused_in_one_line()
    {
        Assert.Equal(PythiaGlobalOptions.DefaultMeasures, PythiaGlobalOptions.ParseMeasures(null));
        Assert.Equal(5, PythiaGlobalOptions.ParseMeasures("all").Count);
        Assert.Equal(new HashSet<PythiaMeasure> { PythiaMeasure.Hessian, PythiaMeasure.Slq }, PythiaGlobalOptions.ParseMeasures("hessian, SLQ"));
        var bad = Assert.Throws<ArgumentException>(() => PythiaGlobalOptions.ParseMeasures("probes,hesian"));
        Assert.Equal("--measures: unknown measure 'hesian' (allowed: all, probes, params, hessian, slq, gradcov).", bad.Message);
        Assert.Contains("--slq-steps", Assert.Throws<ArgumentException>(() => new PythiaGlobalOptions { SlqSteps = 1 }.Validate()).Message);
        Assert.Contains("--probe-batch", Assert.Throws<ArgumentException>(() => new PythiaGlobalOptions { ProbeBatchSize = 0 }.Validate()).Message);
    }
}
