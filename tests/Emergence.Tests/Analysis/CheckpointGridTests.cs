using Emergence.Analysis;
using Emergence.Training;

namespace Emergence.Tests.Analysis;

public class CheckpointGridTests
{
    /// <summary>The dense-early schedule of a 12,000-step run: 0, 10, ..., 300, then every 100 to 10K, every 500 after.</summary>
    private static SyntheticRun DenseRun()
    {
        var steps = new CheckpointSchedule(DenseEarly: true).Steps(12_000).ToList();
        return new SyntheticRun("nano", steps)
            .Accuracy("ADD", 1, s => Math.Min(1, s / 2_000.0))
            .Add("rankme", "ADD", 0, 2, s => 1000 + s);
    }

    [Fact]
    public void The_paper_grid_keeps_the_papers_schedule_and_cuts_every_series_to_it()
    {
        var run = DenseRun().Data();
        Assert.Equal(30 + 1 + 97 + 4, run.Steps.Count);  // 0..300 by 10, 400..10,000 by 100, 10,500..12,000 by 500
        var paper = CheckpointGrids.Apply(run, CheckpointGrid.Paper);
        var expected = new CheckpointSchedule().Steps(12_000).ToList();
        Assert.Equal(expected, paper.Steps);
        Assert.Equal(1 + 100 + 4, paper.Steps.Count);
        Assert.Equal([0L, 100, 200, 300, 400], paper.Steps.Take(5));
        var rankme = paper.Get("rankme", "ADD", 0, 2)!;
        Assert.Equal(paper.Steps.Select(s => 1000.0 + s), rankme);
        Assert.Equal(paper.Steps.Select(s => Math.Min(1, s / 2_000.0)), paper.Accuracy(Emergence.Tasks.TaskLevel.Parse("ADD_L1"))!);
    }

    [Fact]
    public void The_stored_grid_is_the_run_itself()
    {
        var run = DenseRun().Data();
        Assert.Same(run, CheckpointGrids.Apply(run, CheckpointGrid.Stored));
    }

    [Fact]
    public void A_run_with_no_checkpoint_on_the_papers_schedule_is_refused_by_name()
    {
        var run = new SyntheticRun("nano", [10, 20, 30]) { Configure = c => c with { Steps = 1000 } }.Accuracy("ADD", 1, _ => 0).Data();
        var e = Assert.Throws<AnalysisInputException>(() => CheckpointGrids.Apply(run, CheckpointGrid.Paper));
        Assert.Contains("synthetic:nano/0", e.Message);
    }

    [Fact]
    public void An_unknown_grid_names_the_allowed_ones()
    {
        Assert.Equal(CheckpointGrid.Paper, CheckpointGrids.Parse(" Paper "));
        var e = Assert.Throws<ArgumentException>(() => CheckpointGrids.Parse("dense"));
        Assert.Contains("'dense'", e.Message);
        Assert.Contains("stored, paper", e.Message);
    }

    [Fact]
    public void The_analyses_see_only_the_grids_checkpoints()
    {
        var run = DenseRun().Data();
        var stored = Analyzer.Analyze([run], new AnalysisOptions { NullReplicates = 0, BootstrapResamples = 0 });
        var paper = Analyzer.Analyze([run], new AnalysisOptions { NullReplicates = 0, BootstrapResamples = 0, CheckpointGrid = CheckpointGrid.Paper });
        Assert.Equal(132, stored.Runs.Single().Checkpoints);
        Assert.Equal(105, paper.Runs.Single().Checkpoints);
        // accuracy s / 2,000 first exceeds 0.1 after step 200: at 210 on the stored grid, at 300 on the paper's
        Assert.Equal(210, stored.Emergence.Entries.Single(e => e.Variant == "accuracy").Step);
        Assert.Equal(300, paper.Emergence.Entries.Single(e => e.Variant == "accuracy").Step);
    }
}
