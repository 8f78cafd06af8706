using System.Text;
using Emergence.Models;
using Emergence.Storage;
using Emergence.Tests.Support;
using Emergence.Training;

namespace Emergence.Tests.Training;

/// <summary>
/// TensorBoard event files written through TorchSharp's SummaryWriter, read back by the
/// independent parser <see cref="TfEventFile"/> (framing CRCs verified, Event protobuf decoded by hand).
/// </summary>
public class TensorBoardTests
{
    private sealed class Quiet : ITrainingObserver;

    private static TrainingConfig Config => TrainingConfig.Paper(GptConfig.Preset("nano"), steps: 20);

    private static List<TfEventFile.Event> ReadAll(string directory) =>
        [.. Directory.EnumerateFiles(directory, "events.out.tfevents.*").Order().SelectMany(TfEventFile.Read)];

    private static List<(string Tag, long Step, float Value)> Scalars(IEnumerable<TfEventFile.Event> events) =>
        [.. events.SelectMany(e => e.Scalars.Select(s => (s.Tag, e.Step, s.Value)))];

    [Fact]
    public void The_crc32c_of_the_parser_matches_the_standard_check_value()
    {
        Assert.Equal(0xE3069283u, TfEventFile.Crc32C(Encoding.ASCII.GetBytes("123456789"))); // RFC 3720 check value
    }

    [Theory]
    [InlineData("rankme", "", 0, 2, "rankme/layer2")]
    [InlineData("accuracy", "COPY", 1, -1, "accuracy/COPY_L1")]
    [InlineData("fisher_erank", "ADD", 0, 1, "fisher_erank/ADD/layer1")]
    [InlineData("llc", "", 0, -1, "llc")]
    public void Tags_name_metric_task_level_and_layer(string name, string task, int level, int layer, string tag) =>
        Assert.Equal(tag, TensorBoardMirror.Tag(new MetricRow(0, name, task, level, layer, 1)));

    [Fact]
    public void Every_loss_and_metric_reaches_the_event_file_with_valid_crcs()
    {
        using var dir = new TempDirectory();
        var mirror = new TensorBoardMirror(new Quiet(), dir.Combine("tb"), new RunFolder(dir.Combine("run")));
        mirror.Started(Config, 0);
        mirror.Recorded(new CheckpointRow(0, double.NaN, 0, 0, 0),
            [new(0, "accuracy", "COPY", 1, -1, 0.125), new(0, "rankme", "", 0, 2, 17.25), new(0, "llc", "", 0, -1, double.NaN)], []);
        mirror.Recorded(new CheckpointRow(2, 2.5, 1e-4, 128, 1),
            [new(2, "accuracy", "COPY", 1, -1, 0.375), new(2, "rankme", "", 0, 2, 16.5)],
            [new StepLoss(1, 3.75, 5e-5), new StepLoss(2, 2.5, 1e-4)]);

        var file = Assert.Single(Directory.EnumerateFiles(dir.Combine("tb")));
        var events = TfEventFile.Read(file);
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.All(events.Skip(1), e => Assert.True(Math.Abs(e.WallTime - DateTimeOffset.UtcNow.ToUnixTimeSeconds()) < 600, $"wall time {e.WallTime}"));
        var expected = new List<(string, long, float)>
        {
            ("accuracy/COPY_L1", 0, 0.125f), ("rankme/layer2", 0, 17.25f), // the NaN llc is left out
            ("train/loss", 1, 3.75f), ("train/lr", 1, 5e-5f), ("train/loss", 2, 2.5f), ("train/lr", 2, 1e-4f),
            ("accuracy/COPY_L1", 2, 0.375f), ("rankme/layer2", 2, 16.5f),
        };
        Assert.Equal(expected, Scalars(events));

        var bytes = File.ReadAllBytes(file); // the parser's CRC check is real: one flipped bit is refused
        bytes[^3] ^= 0x10;
        File.WriteAllBytes(file, bytes);
        Assert.Throws<InvalidDataException>(() => TfEventFile.Read(file));
    }

    [Fact]
    public void A_resumed_run_with_no_event_file_yet_replays_its_stored_history()
    {
        using var dir = new TempDirectory();
        var run = new RunFolder(dir.Combine("run"));
        using (var store = RunStore.Create(run.StorePath, new Dictionary<string, string>()))
        {
            store.RecordCheckpoint(new CheckpointRow(0, double.NaN, 0, 0, 0), [new(0, "accuracy", "REV", 2, -1, 0.0)], [], []);
            store.RecordCheckpoint(new CheckpointRow(2, 2.5, 1e-4, 128, 1), [new(2, "accuracy", "REV", 2, -1, 0.5)],
                [], [new StepLoss(1, 3.75, 5e-5), new StepLoss(2, 2.5, 1e-4)]);
        }
        var mirror = new TensorBoardMirror(new Quiet(), dir.Combine("tb"), run);
        mirror.Started(Config, 3);
        mirror.Recorded(new CheckpointRow(4, 1.5, 2e-4, 256, 2), [new(4, "accuracy", "REV", 2, -1, 0.75)],
            [new StepLoss(3, 2.0, 1.5e-4), new StepLoss(4, 1.5, 2e-4)]);
        var losses = Scalars(ReadAll(dir.Combine("tb"))).Where(s => s.Tag == "train/loss").Select(s => (s.Step, s.Value));
        Assert.Equal([(1L, 3.75f), (2L, 2.5f), (3L, 2.0f), (4L, 1.5f)], losses);
        var accuracy = Scalars(ReadAll(dir.Combine("tb"))).Where(s => s.Tag == "accuracy/REV_L2").Select(s => (s.Step, s.Value));
        Assert.Equal([(0L, 0f), (2L, 0.5f), (4L, 0.75f)], accuracy);

        // a second resume finds the event file and adds only what is new
        var again = new TensorBoardMirror(new Quiet(), dir.Combine("tb"), run);
        again.Started(Config, 5);
        Assert.Equal(4, Scalars(ReadAll(dir.Combine("tb"))).Count(s => s.Tag == "train/loss"));
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void Train_with_tensorboard_mirrors_every_step_loss_accuracy_and_measure_of_the_store()
    {
        using var dir = new TempDirectory();
        var result = CliProcess.Run(["train", "--steps", "20", "--checkpoint-every", "10", "--eval-per-task-level", "5", "--tasks", "COPY_L1,REV_L1",
            "--threads", "1", "--measures", "rankme", "--out", dir.Combine("run"), "--tensorboard", dir.Combine("tb")]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        var scalars = Scalars(ReadAll(dir.Combine("tb")));
        using var store = RunStore.Open(new RunFolder(dir.Combine("run")).StorePath, readOnly: true);
        Assert.Equal(store.StepLosses().Select(l => (l.Step, (float)l.Loss)), scalars.Where(s => s.Tag == "train/loss").Select(s => (s.Step, s.Value)));
        Assert.Equal(20, scalars.Count(s => s.Tag == "train/lr"));
        var metrics = store.Metrics().Where(m => double.IsFinite(m.Value)).ToList();
        Assert.Contains(metrics, m => m.Name == "rankme" && m.Layer == 2);
        Assert.Equal(metrics.Select(m => (TensorBoardMirror.Tag(m), m.Step, (float)m.Value)).Order(),
            scalars.Where(s => !s.Tag.StartsWith("train/")).Order());
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void A_tensorboard_path_that_is_a_file_is_refused_before_anything_is_written()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("tb"), "not a folder");
        var result = CliProcess.Run(["train", "--steps", "20", "--threads", "1", "--out", dir.Combine("run"), "--tensorboard", dir.Combine("tb")]);
        Assert.Equal(2, result.ExitCode);
        CliProcess.AssertOneLineError(result, $"--tensorboard {dir.Combine("tb")} is a file");
        Assert.False(Directory.Exists(dir.Combine("run")));
        Assert.Equal("not a folder", File.ReadAllText(dir.Combine("tb")));
    }
}
