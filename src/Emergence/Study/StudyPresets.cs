using Emergence.Measures;
using Emergence.Models;
using Emergence.Training;

namespace Emergence.Study;

/// <summary>
/// The study presets.
/// <list type="bullet">
/// <item><c>quick</c> (default): nano, one seed, a shortened schedule, fewer evaluation and
/// diagnostic examples and sparser costly measures; a demonstration that finishes in minutes on a
/// 2-core CPU and still shows the collapse, easy tasks emerging, hard task-levels emerging and
/// all five measures and the linear probes.</item>
/// <item><c>nano</c>: the paper's full protocol (PROTOCOL §3-4) for nano, with dense early checkpoints.</item>
/// <item><c>reproduction</c>: the paper's protocol for nano with seeds 0, 1 and 2 (docs/reproduction): RankMe,
/// Fisher and gradient covariance at every checkpoint, the Hessian and the LLC at the paper's settings
/// at every 5th checkpoint (what two CPU cores can carry), every checkpoint's weights kept so the
/// rest can be filled in later with <c>emergence measure</c>.</item>
/// <item><c>reproduction-micro</c>: the paper's protocol for micro with seed 0 (docs/reproduction): RankMe at every
/// checkpoint (the collapse floor's second size), every checkpoint's weights kept so the other measures can be
/// filled in later; the costly measures of micro are beyond two CPU cores at every checkpoint.</item>
/// <item><c>paper</c>: the paper's protocol for its five sizes nano..large (GPU-scale work).</item>
/// <item><c>paper6</c>: the same for the six sizes of the paper's latest version (adds xlarge, 151M parameters).</item>
/// <item><c>smoke</c>: a tiny study for tests of the machinery (not science).</item>
/// </list>
/// </summary>
public static class StudyPresets
{
    /// <summary>The presets' names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["quick", "nano", "reproduction", "reproduction-micro", "paper", "paper6", "smoke"];

    /// <summary>The definition of a preset, optionally for other sizes and seeds; throws <see cref="ArgumentException"/> on an unknown preset, size or seed list.</summary>
    public static StudyDefinition Build(string preset, IReadOnlyList<string>? sizes = null, IReadOnlyList<int>? seeds = null)
    {
        var name = preset.Trim().ToLowerInvariant();
        if (!Names.Contains(name))
            throw new ArgumentException($"Unknown preset '{preset}' (allowed: {string.Join(", ", Names)}).");
        var chosenSizes = sizes ?? name switch
        {
            "paper" => [.. GptConfig.Presets.Select(p => p.Name).Where(n => n != "xlarge")],
            "paper6" => [.. GptConfig.Presets.Select(p => p.Name)],
            "reproduction-micro" => ["micro"],
            _ => ["nano"],
        };
        var models = chosenSizes.Select(GptConfig.Parse).ToList();
        var chosenSeeds = seeds ?? (name == "reproduction" ? ReproductionSeeds : [0]);
        if (chosenSeeds.Count == 0) throw new ArgumentException("A study needs at least one seed.");
        if (chosenSeeds.Distinct().Count() != chosenSeeds.Count) throw new ArgumentException($"Seeds repeat: {string.Join(",", chosenSeeds)}.");

        var runs = models.SelectMany(model => chosenSeeds.Select(seed => name switch
        {
            "quick" => Quick(model, seed),
            "smoke" => Smoke(model, seed),
            "reproduction" => Paper(model, seed) with { MeasureEvery = $"hessian={ReproductionCostlyEvery},llc={ReproductionCostlyEvery}" },
            "reproduction-micro" => Paper(model, seed) with { Measures = "rankme" },
            _ => Paper(model, seed),
        })).ToList();
        return new StudyDefinition
        {
            Preset = name,
            Sizes = [.. models.Select(m => m.Name)],
            Seeds = chosenSeeds,
            DemonstrationScale = name is "quick" or "smoke",
            Description = name switch
            {
                "quick" => "Demonstration scale: a shortened schedule (3,000 steps at peak learning rate 1e-3, checkpoints every 50 steps plus every 10 over the first 300), 200 evaluation and 100 diagnostic examples per task-level, and sparser, lighter costly measures (Fisher and gradient covariance every 4th checkpoint; Hessian on 64 examples and LLC with one 200-step chain every 10th); linear probes at every checkpoint. The paper's protocol is --preset nano or paper.",
                "reproduction" => $"The paper's protocol for nano (PROTOCOL §3-4) over seeds {string.Join(", ", chosenSeeds)}: 100K steps, the paper's checkpoint schedule plus every 10 steps over the first 300, 1,000 evaluation and 200 diagnostic examples per task-level, RankMe, Fisher and gradient covariance at every checkpoint, the Hessian and the LLC at the paper's settings at every {ReproductionCostlyEvery}th checkpoint, every checkpoint's weights kept.",
                "reproduction-micro" => $"The paper's protocol for {string.Join(", ", models.Select(m => m.Name))} (PROTOCOL §3-4) with seed(s) {string.Join(", ", chosenSeeds)}: 100K steps, the paper's checkpoint schedule plus every 10 steps over the first 300, 1,000 evaluation examples per task-level, RankMe at every checkpoint, every checkpoint's weights kept (the other measures can be filled in with emergence measure).",
                "smoke" => "Machinery test: 60 steps, RankMe only. Not a scientific result.",
                _ => "The paper's protocol (PROTOCOL §3-4): 100K/200K steps, the paper's checkpoint schedule plus every 10 steps over the first 300, 1,000 evaluation and 200 diagnostic examples per task-level, all five measures at every checkpoint.",
            },
            Runs = runs,
        };
    }

    /// <summary>The seeds of the <c>reproduction</c> preset.</summary>
    public static IReadOnlyList<int> ReproductionSeeds { get; } = [0, 1, 2];

    /// <summary>The <c>reproduction</c> preset measures the Hessian and the LLC at every n-th checkpoint.</summary>
    public const int ReproductionCostlyEvery = 5;

    private static string RunName(GptConfig model, int seed) => $"{model.Name.Replace(':', '-')}-s{seed}";

    private static StudyRun Paper(GptConfig model, int seed) => new(
        RunName(model, seed),
        TrainingConfig.Paper(model, seed: seed) with { Checkpoints = new CheckpointSchedule(DenseEarly: true), SaveWeights = WeightsPolicy.All },
        "all", "", new MeasureSettings());

    private static StudyRun Quick(GptConfig model, int seed) => new(
        RunName(model, seed),
        TrainingConfig.Paper(model, steps: 3000, seed: seed, learningRate: 1e-3) with
        {
            WarmupSteps = 100,
            Checkpoints = new CheckpointSchedule(DenseEarly: true, Every: 50),
            EvaluationPerTaskLevel = 200,
            SaveWeights = WeightsPolicy.Last,
        },
        "rankme,fisher,llc,hessian,gradcov,probe", "fisher=4,gradcov=4,hessian=10,llc=10",
        new MeasureSettings
        {
            DiagnosticPerTaskLevel = 100,
            Llc = LlcOptions.Paper with { Chains = 1, Draws = 150, BurnIn = 50 },
            Hessian = new HessianOptions { BatchSize = 64, PowerIterations = 50, MaxTraceProbes = 50 },
        });

    private static StudyRun Smoke(GptConfig model, int seed) => new(
        RunName(model, seed),
        TrainingConfig.Paper(model, steps: 60, seed: seed) with
        {
            WarmupSteps = 10,
            Checkpoints = new CheckpointSchedule(Every: 10),
            EvaluationPerTaskLevel = 10,
            SaveWeights = WeightsPolicy.None,
        },
        "rankme", "", new MeasureSettings { DiagnosticPerTaskLevel = 10 });
}
