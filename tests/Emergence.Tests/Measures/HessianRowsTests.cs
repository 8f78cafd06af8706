using Emergence.Measures;

namespace Emergence.Tests.Measures;

public class HessianRowsTests
{
    private static readonly HessianOptions Options = new() { TopK = 2, BatchSize = 64 };

    private static HessianResult Result => new(
        new LanczosResult([5.0, 3.0], [1e-4, 0.2], [true, false], -7.0, 0.01, 42, 7.0),
        new PowerCheck(-6.9, 0.05, 17, true, false),
        new TraceEstimate(-12.5, 0.5, 30, true, -12.0),
        1.25);

    [Fact]
    public void Every_value_is_stored_beside_its_settings_and_convergence()
    {
        var rows = HessianMeasure.Rows(9, Result, Options);
        double Value(string name, int level = 0) => rows.Single(r => r.Name == name && r.Level == level).Value;
        Assert.Equal(3.0, Value("hessian_eig", 2));
        Assert.Equal(0.2, Value("hessian_eig_residual", 2));
        Assert.Equal(1, Value("hessian_eig_converged", 1));
        Assert.Equal(0, Value("hessian_eig_converged", 2));
        Assert.Equal(0, Value("hessian_lanczos_converged"));
        Assert.Equal(-7.0, Value("hessian_eig_min"));
        Assert.Equal(42, Value("hessian_lanczos_iterations"));
        Assert.Equal(300, Value("hessian_lanczos_budget"));
        Assert.Equal(1e-3, Value("hessian_lanczos_tolerance"));
        Assert.Equal(30, Value("hessian_trace_probes"));
        Assert.Equal(0.05, Value("hessian_trace_target"));
        Assert.Equal(1, Value("hessian_trace_target_met"));
        Assert.Equal(-6.9, Value("hessian_eig_power"));
        Assert.Equal(0, Value("hessian_power_mismatch"));
        Assert.Equal(64, Value("hessian_batch_size"));
        Assert.All(rows, r => Assert.Equal(9, r.Step));
    }

    [Fact]
    public void Metrics_document_names_every_row()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "docs", "metrics.md"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var doc = File.ReadAllText(Path.Combine(dir.FullName, "docs", "metrics.md"));
        foreach (var name in HessianMeasure.Rows(0, Result, Options).Select(r => r.Name).Distinct())
            Assert.Contains($"`{name}`", doc);
    }
}
