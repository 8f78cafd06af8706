using System.Text.Json.Nodes;
using Emergence.Storage;
using Emergence.Study;
using Emergence.Tests.Analysis;
using Emergence.Tests.Support;
using Emergence.Training;

namespace Emergence.Tests.Study;

/// <summary>
/// The report of a study whose runs are not finished, from synthetic stores in a `smoke` study
/// folder (three seeds of 60 steps, checkpoints every 10): nano-s0 complete, trained in two
/// sittings on a recorded machine; nano-s1 stopped at step 30, from a store made before the
/// machine and resumes were recorded; nano-s2 not started.
/// </summary>
public class InterimReportTests
{
    private static readonly MachineInfo Machine = new("Test CPU 3000", 8, 16L * 1024 * 1024 * 1024);

    private static (StudyFolder Folder, StudyDefinition Definition) PartialStudy(TempDirectory dir)
    {
        var definition = StudyPresets.Build("smoke", null, [0, 1, 2]);
        var folder = new StudyFolder(dir.Path);
        folder.Prepare(definition);
        WriteRun(folder, definition.Runs[0], lastStep: 60, new()
        {
            ["created_at"] = "2026-12-01T01:00:00.0000000Z", ["program_version"] = "1.2.3+abc", ["dotnet_version"] = "10.0.1",
            [MachineInfo.CpuModelKey] = Machine.CpuModel, [MachineInfo.CoresKey] = "8", [MachineInfo.MemoryKey] = Machine.MemoryBytes.ToString(),
            [RunMetadata.ResumesKey] = "step 30 at 2026-12-01T02:00:00Z",
        });
        WriteRun(folder, definition.Runs[1], lastStep: 30, new() { ["created_at"] = "2026-12-01T00:30:00.0000000Z" });
        return (folder, definition);
    }

    /// <summary>Accuracy of two task-levels and RankMe at checkpoints 0, 10, ..., lastStep; wall_seconds = 2 s per step.</summary>
    private static void WriteRun(StudyFolder folder, StudyRun run, long lastStep, Dictionary<string, string?> meta)
    {
        var steps = SyntheticRun.Uniform((int)(lastStep / 10) + 1, 10);
        var synthetic = new SyntheticRun("nano", steps, run.Training.Seed)
            .Accuracy("ADD", 1, s => s >= 30 ? 0.6 : 0.0).Accuracy("COPY", 1, s => s >= 20 ? 0.9 : 0.05)
            .Add("rankme", "ADD", 0, 2, s => 10 - s / 10.0).Add("rankme", "COPY", 0, 2, s => 8 - s / 20.0);
        meta["config"] = run.Training.ToJson();
        synthetic.Write(folder.Run(run.Name).Path, metaOverride: meta);
        using var store = RunStore.Open(folder.Run(run.Name).StorePath);
        foreach (var checkpoint in store.Checkpoints())
            store.RecordCheckpoint(checkpoint with { WallSeconds = 2.0 * checkpoint.Step }, [], [], []);
    }

    [Fact]
    public void A_partial_study_is_refused_without_interim_and_names_every_incomplete_run()
    {
        using var dir = new TempDirectory();
        var (folder, definition) = PartialStudy(dir);
        var error = Assert.Throws<StoreException>(() => StudyReport.Write(folder, definition));
        Assert.Contains("2 of 3 run(s) incomplete (nano-s1: at step 30 of 60; nano-s2: not started)", error.Message);
        Assert.Contains("--interim", error.Message);
        Assert.False(Directory.Exists(folder.ReportDirectory));
    }

    [Fact]
    public void An_interim_report_is_marked_at_the_top_of_every_file_and_carries_the_provenance()
    {
        using var dir = new TempDirectory();
        var (folder, definition) = PartialStudy(dir);
        StudyCommandLog.Append(folder, ["study", "--preset", "smoke", "--out", "my study"], new DateTime(2026, 12, 1, 0, 29, 0, DateTimeKind.Utc));
        var output = StudyReport.Write(folder, definition, interim: true);

        const string Progress = "Runs not complete (nano-s0: complete; nano-s1: at step 30 of 60; nano-s2: not started)";
        var tables = File.ReadAllLines(output.TablesPath);
        Assert.StartsWith("# Interim: ", tables[0]);
        Assert.StartsWith($"> **INTERIM REPORT.** {Progress}", tables[2]);
        var html = File.ReadAllText(output.IndexPath);
        Assert.True(html.IndexOf("id=\"interim\"", StringComparison.Ordinal) < html.IndexOf("<h1>", StringComparison.Ordinal));
        Assert.Contains($"<strong>INTERIM REPORT.</strong> {Progress}", html);
        Assert.Contains("<title>Interim: ", html);

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.ReportDirectory, "results.json")))!.AsObject();
        Assert.Equal("report_status", json.First().Key);
        Assert.True(json["report_status"]!["interim"]!.GetValue<bool>());
        Assert.StartsWith(Progress, json["report_status"]!["notice"]!.GetValue<string>());
        Assert.Equal(2, json["runs"]!.AsArray().Count); // the analysis uses the runs with checkpoints

        var provenance = json["provenance"]!;
        Assert.Equal("emergence study --preset smoke --out 'my study'", provenance["commands"]![0]!["command"]!.GetValue<string>());
        Assert.Equal("2026-12-01T00:30:00.000Z", provenance["first_created_at"]!.GetValue<string>());
        var runs = provenance["runs"]!.AsArray();
        Assert.Equal(["complete", "partial", "not_started"], runs.Select(r => r!["state"]!.GetValue<string>()));
        Assert.Equal(120.0, runs[0]!["wall_seconds"]!.GetValue<double>()); // 2 s per step at the last checkpoint, step 60
        Assert.Equal(60.0, runs[1]!["wall_seconds"]!.GetValue<double>());
        Assert.Equal([7, 4, 0], runs.Select(r => r!["checkpoints"]!.GetValue<int>()));
        Assert.All(runs, r => Assert.Equal(7, r!["checkpoints_planned"]!.GetValue<int>()));
        Assert.Equal(2, runs[0]!["sittings"]!.GetValue<int>());
        Assert.Equal("Test CPU 3000", runs[0]!["machine"]!["cpu_model"]!.GetValue<string>());
        Assert.Equal("1.2.3+abc", runs[0]!["software"]!["program_version"]!.GetValue<string>());
        Assert.Null(runs[1]!["machine"]);   // not recorded in that store: null, never guessed
        Assert.Null(runs[1]!["sittings"]);
        Assert.Null(runs[1]!["software"]!["program_version"]);
        Assert.Null(runs[2]!["wall_seconds"]);

        var text = string.Join("\n", tables);
        Assert.Contains("| nano-s0 | 0 | 60 of 60 | 7 of 7 | 120.0 s (0h 02m 00s) | 2 (resumed step 30 at 2026-12-01T02:00:00Z) | 2026-12-01 01:00:00 UTC |", text);
        Assert.Contains("| nano-s1 | 1 | 30 of 60 | 4 of 7 | 60.0 s (0h 01m 00s) | not recorded |", text);
        Assert.Contains("| nano-s2 | 2 | not started (0 of 60) | 0 of 7 | - | - | - | - |", text);
        Assert.Contains($"| machine | {Machine} | not recorded |", text);
        Assert.Contains("| program_version | 1.2.3+abc | not recorded |", text);
        Assert.Contains("`emergence study --preset smoke --out 'my study'` at 2026-12-01 00:29:00 UTC", text);
    }

    [Fact]
    public void An_interim_report_of_a_study_without_any_checkpoint_is_refused_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        var definition = StudyPresets.Build("smoke", null, [0, 1]);
        var folder = new StudyFolder(dir.Path);
        folder.Prepare(definition);
        RunStore.Create(folder.Run("nano-s0").StorePath, new Dictionary<string, string> { ["config"] = definition.Runs[0].Training.ToJson() }).Dispose();
        var error = Assert.Throws<StoreException>(() => StudyReport.Write(folder, definition, interim: true));
        Assert.Equal($"Cannot report on {dir.Path}: no run has a committed checkpoint yet (nano-s0: not started; nano-s1: not started).", error.Message);
        Assert.False(Directory.Exists(folder.ReportDirectory));
    }

    [Fact]
    public void A_complete_study_report_is_not_marked_interim()
    {
        using var dir = new TempDirectory();
        var definition = StudyPresets.Build("smoke", null, [0]);
        var folder = new StudyFolder(dir.Path);
        folder.Prepare(definition);
        WriteRun(folder, definition.Runs[0], lastStep: 60, new());
        var output = StudyReport.Write(folder, definition, interim: true);
        Assert.DoesNotContain("INTERIM", File.ReadAllText(output.TablesPath));
        Assert.DoesNotContain("id=\"interim\"", File.ReadAllText(output.IndexPath));
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.ReportDirectory, "results.json")))!;
        Assert.False(json["report_status"]!["interim"]!.GetValue<bool>());
        Assert.Null(json["provenance"]!["commands"]); // a folder without the command log: not recorded
        Assert.Contains("Study commands: not recorded", File.ReadAllText(output.TablesPath));
    }
}
