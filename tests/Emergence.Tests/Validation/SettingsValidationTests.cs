using Emergence.Analysis;
using Emergence.Measures;
using Emergence.Models;
using Emergence.Pythia;
using Emergence.Pythia.SweepAnalysis;
using Emergence.Storage;
using Emergence.Study;
using Emergence.Tasks;
using Emergence.Tests.Support;
using Emergence.Training;
using TorchSharp;

namespace Emergence.Tests.Validation;

/// <summary>Every settings record refuses a bad value with one line naming it and what is allowed.</summary>
public class SettingsValidationTests
{
    private static readonly TrainingConfig Good = TrainingConfig.Paper(GptConfig.Parse("nano"), steps: 100);

    public static TheoryData<TrainingConfig, string> BadTraining => new()
    {
        { Good with { Steps = 0 }, "Training steps must be positive (got 0)." },
        { Good with { BatchSize = 0 }, "Batch size must be at least 1 (got 0)." },
        { Good with { PeakLearningRate = double.NaN }, "Peak learning rate must be a positive number (got NaN)." },
        { Good with { WarmupSteps = 101 }, "Warmup steps must be between 1 and the step count 100 (got 101)." },
        { Good with { WeightDecay = -0.1 }, "Weight decay must be a number >= 0 (got -0.1)." },
        { Good with { Beta1 = 1 }, "Adam beta1 must be in [0, 1) (got 1)." },
        { Good with { Beta2 = -0.5 }, "Adam beta2 must be in [0, 1) (got -0.5)." },
        { Good with { AdamEpsilon = 0 }, "Adam epsilon must be a positive number (got 0)." },
        { Good with { GradientClip = 0 }, "Gradient clip must be a positive number (got 0)." },
        { Good with { Checkpoints = new CheckpointSchedule(Every: -5) }, "Checkpoint spacing must be 0 (the paper's schedule) or a positive step count (got -5)." },
        { Good with { EvaluationPerTaskLevel = 0 }, "Evaluation examples per task-level must be at least 1 (got 0)." },
        { Good with { TaskLevels = [] }, "Task-levels must name at least one task-level (e.g. COPY_L1)." },
        { Good with { SaveWeights = (WeightsPolicy)7 }, "Save-weights policy must be all, last or none (got 7)." },
        { Good with { Model = new GptConfig("m", 0, 16, 2) }, "Model 'm': layers, d_model, heads and context must be positive (got 0, 16, 2, 48)." },
        { Good with { Model = new GptConfig("m", 1, 16, 3) }, "Model 'm': d_model 16 is not divisible by heads 3." },
        { Good with { Model = new GptConfig("m", 1, 16, 2, VocabSize: 3) }, $"Model 'm': vocabulary size must be at least {Vocabulary.Size}, the tasks' (got 3)." },
    };

    [Theory]
    [MemberData(nameof(BadTraining))]
    public void Bad_training_setting_gives_its_one_line(TrainingConfig config, string message)
    {
        Good.Validate();
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => config.Validate()).Message);
    }

    [Fact]
    public void Trainer_refuses_a_bad_setting_before_writing_anything()
    {
        using var dir = new TempDirectory();
        var folder = new RunFolder(dir.Combine("run"));
        var error = Assert.Throws<ArgumentException>(() => new Trainer(Good with { GradientClip = -1 }, folder, torch.CPU, threads: 1).Run(resume: false));
        Assert.Equal("Gradient clip must be a positive number (got -1).", error.Message);
        Assert.False(Directory.Exists(folder.Path) && Directory.EnumerateFileSystemEntries(folder.Path).Any());
    }

    [Fact]
    public void Unknown_task_level_is_named()
    {
        var error = Assert.Throws<ArgumentException>(() => (Good with { TaskLevels = ["COPY_L9"] }).Validate());
        Assert.Contains("COPY_L9", error.Message);
    }

    public static TheoryData<MeasureSettings, string> BadMeasureSettings => new()
    {
        { new MeasureSettings { DiagnosticPerTaskLevel = 1 }, "Diagnostic examples per task-level must be at least 2 (got 1)." },
        { new MeasureSettings { Representation = (Representation)9 }, $"Representation must be one of {string.Join(", ", Enum.GetNames<Representation>())} (got 9)." },
        { new MeasureSettings { Llc = LlcOptions.Paper with { Chains = 0 } }, "LLC chains must be at least 1 (got 0)." },
        { new MeasureSettings { Hessian = new HessianOptions { BatchSize = 0 } }, "Hessian batch size must be a positive integer (got 0)." },
    };

    [Theory]
    [MemberData(nameof(BadMeasureSettings))]
    public void Bad_measure_setting_gives_its_one_line_when_the_measures_are_made(MeasureSettings settings, string message)
    {
        new MeasureSettings().Validate();
        var selection = MeasureSelection.Parse("rankme", null);
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => new CheckpointMeasures(selection, torch.CPU, settings)).Message);
    }

    [Fact]
    public void Zero_cadence_is_refused()
    {
        var selection = new MeasureSelection(new HashSet<MeasureKind> { MeasureKind.Llc }, new Dictionary<MeasureKind, int> { [MeasureKind.Llc] = 0 });
        Assert.Equal("Cadence of llc must be a positive number of checkpoints (got 0).", Assert.Throws<ArgumentException>(() => selection.Validate()).Message);
    }

    public static TheoryData<AnalysisOptions, string> BadAnalysis => new()
    {
        { new AnalysisOptions { AccuracyThreshold = 1 }, "--accuracy-threshold must be in [0, 1) (got 1)." },
        { new AnalysisOptions { ConsecutiveCheckpoints = 0 }, "--consecutive must be at least 1 (got 0)." },
        { new AnalysisOptions { MaxLag = 0 }, "--max-lag must be at least 1 (got 0)." },
        { new AnalysisOptions { MinPairs = 2 }, "--min-pairs must be at least 3 (got 2)." },
        { new AnalysisOptions { BootstrapResamples = -1 }, "--bootstrap must be >= 0 (got -1)." },
    };

    [Theory]
    [MemberData(nameof(BadAnalysis))]
    public void Bad_analysis_option_gives_its_one_line(AnalysisOptions options, string message)
    {
        new AnalysisOptions().Validate();
        Assert.Equal(message, Assert.Throws<ArgumentException>(options.Validate).Message);
    }

    public static TheoryData<PythiaAnalysisOptions, string> BadPythiaAnalysis => new()
    {
        { new PythiaAnalysisOptions { GridPoints = 2 }, "--grid must be at least 3 (got 2)." },
        { new PythiaAnalysisOptions { Threshold = -0.1 }, "--threshold must be in [0, 1) (got -0.1)." },
        { new PythiaAnalysisOptions { Gp = GpSettings.Default with { NoiseVariance = 0 } }, "--gp-noise must be positive (got 0)." },
        { new PythiaAnalysisOptions { Gp = GpSettings.Default with { LengthScales = [1, -1] } }, "GP length scales must be a non-empty list of positive numbers (got [1, -1])." },
        { new PythiaAnalysisOptions { Gp = GpSettings.Default with { SignalVariances = [] } }, "GP signal variances must be a non-empty list of positive numbers (got [])." },
    };

    [Theory]
    [MemberData(nameof(BadPythiaAnalysis))]
    public void Bad_Pythia_analysis_option_gives_its_one_line(PythiaAnalysisOptions options, string message)
    {
        new PythiaAnalysisOptions().Validate();
        Assert.Equal(message, Assert.Throws<ArgumentException>(options.Validate).Message);
    }

    public static TheoryData<PythiaSweepOptions, string> BadSweep => new()
    {
        { new PythiaSweepOptions(" ", "run"), "Pythia model folder ' ' is empty (expected a folder path)." },
        { new PythiaSweepOptions("model", ""), "Pythia run folder '' is empty (expected a folder path)." },
        { new PythiaSweepOptions("model", "run", MaxTokens: 1), "--max-tokens must be at least 2 (got 1)." },
        { new PythiaSweepOptions("model", "run", Steps: [1000, -3]), "Pythia steps must be >= 0 (got -3)." },
    };

    [Theory]
    [MemberData(nameof(BadSweep))]
    public void Bad_Pythia_sweep_option_gives_its_one_line_before_any_file_is_read(PythiaSweepOptions options, string message)
    {
        new PythiaSweepOptions("model", "run").Validate();
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => PythiaSweep.Run(options)).Message);
    }

    [Fact]
    public void Every_preset_is_valid()
    {
        foreach (var name in StudyPresets.Names)
            Assert.Equal(name, StudyPresets.Build(name).Validate().Preset);
    }

    [Fact]
    public void Bad_study_definition_names_the_run_and_the_setting()
    {
        var study = StudyPresets.Build("smoke");
        study.Validate();
        var run = study.Runs[0];
        var badRun = study with { Runs = [run with { Training = run.Training with { BatchSize = -2 } }] };
        Assert.Equal($"Study run '{run.Name}': Batch size must be at least 1 (got -2).", Assert.Throws<ArgumentException>(() => badRun.Validate()).Message);
        var twice = study with { Runs = [run, run] };
        Assert.Equal($"Study 'smoke' names run '{run.Name}' twice (run names must be unique).", Assert.Throws<ArgumentException>(() => twice.Validate()).Message);
        var empty = study with { Runs = [] };
        Assert.Equal("Study 'smoke' has no runs (sizes and seeds must each name at least one).", Assert.Throws<ArgumentException>(() => empty.Validate()).Message);
        using var dir = new TempDirectory();
        var folder = new StudyFolder(dir.Combine("study"));
        Assert.Throws<ArgumentException>(() => folder.Prepare(badRun));
        Assert.False(File.Exists(folder.DefinitionPath));
    }
}
