using Emergence.Cli;
using Emergence.Measures;
using Emergence.Storage;
using Emergence.Tests.Support;

namespace Emergence.Tests.Measures;

public class MeasurePlanTests
{
    [Fact]
    public void A_Fisher_stored_without_its_spectrum_is_measured_again_and_probes_are_planned_by_name()
    {
        using var temp = new TempDirectory();
        using var store = RunStore.Create(temp.Combine("run.db"), new Dictionary<string, string> { ["config"] = "{}" });
        MetricRow Row(long step, string name) => new(step, name, "", 0, MetricRow.NoLayer, 1);
        // Step 0: Fisher with its spectrum; step 10: Fisher from before the spectrum was stored.
        store.RecordCheckpoint(new CheckpointRow(0, 1, 1e-4, 0, 0), [Row(0, "cost_seconds.fisher"), new(0, "fisher_eig_count", "ADD", 1, -1, 5)], [], []);
        store.RecordCheckpoint(new CheckpointRow(10, 1, 1e-4, 640, 1), [Row(10, "cost_seconds.fisher"), Row(10, "cost_seconds.probe")], [], []);
        var plan = MeasurePlan.For(store, MeasureSelection.Parse("fisher,probe", null));
        Assert.Equal([0L, 10], plan.Select(p => p.Step));
        Assert.Equal([MeasureKind.Probe], plan[0].Kinds);
        Assert.Equal([MeasureKind.Fisher], plan[1].Kinds);
        Assert.DoesNotContain(MeasureKind.Probe, MeasureSelection.Parse("all", null).Measures);
    }
}
