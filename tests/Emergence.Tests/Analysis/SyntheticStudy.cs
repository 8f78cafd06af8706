using Emergence.Tasks;

namespace Emergence.Tests.Analysis;

/// <summary>
/// A crafted multi-run study. Task T (index i in TaskKinds.All) level l: accuracy = σ((s − c)/200) with
/// c = 1000 + 400 i + 300 l (MUL_L3 stays at 0.02: never emerges). Task RankMe of layer λ =
/// 25 + early(s) + late(s) + (L − λ): early falls linearly from 30 at step 0 to the floor F_T at step 150, then
/// recovers by 0.005 per step up to +1; late = −20 σ((s − (c − 600))/200) leads accuracy by 600 steps
/// (large enough that its changes, not the early collapse's, dominate the differenced series).
/// </summary>
public static class SyntheticStudy
{
    public static readonly IReadOnlyList<long> Steps =
        [.. Enumerable.Range(0, 31).Select(i => i * 10L), .. Enumerable.Range(2, 29).Select(i => i * 200L)];

    public static double Floor(TaskKind task) => 2 + (int)task * 0.5;

    public static double Centre(TaskKind task, int level) => 1000 + 400 * (int)task + 300 * level;

    public static SyntheticRun Build(string model, int seed = 0, bool withFisher = true)
    {
        var run = new SyntheticRun(model, Steps, seed);
        int layers = run.Gpt.Layers;
        var noise = new Random(seed * 100 + layers);
        foreach (var tl in TaskLevel.All)
        {
            string t = tl.Task.Name();
            double c = Centre(tl.Task, tl.Level);
            bool never = tl.Task == TaskKind.Mul && tl.Level == 3;
            run.Accuracy(t, tl.Level, s => never ? 0.02 : SyntheticRun.Sigmoid((s - c) / 200));
            run.Add("answer_logprob", t, tl.Level, -1, s => Math.Log(0.9 * (never ? 0.02 : SyntheticRun.Sigmoid((s - c) / 200)) + 0.001));
            run.Add("rankme", t, tl.Level, layers, s => RankMe(tl.Task, c, s, 0));
            if (withFisher) run.Add("fisher_erank", t, tl.Level, -1, s => 10 + noise.NextDouble());
        }
        foreach (var task in TaskKinds.All)
        {
            double c = Enumerable.Range(1, 3).Average(l => Centre(task, l));
            for (int layer = 0; layer <= layers; layer++)
            {
                int depthGap = layers - layer;
                run.Add("rankme", task.Name(), 0, layer, s => RankMe(task, c, s, depthGap));
            }
        }
        run.Add("llc", "", 0, -1, _ => 50 + noise.NextDouble());
        for (int k = 1; k <= 3; k++) run.Add("hessian_eig", "", k, -1, _ => 100 / (double)k + noise.NextDouble());
        run.Add("cost_seconds.rankme", "", 0, -1, _ => 1.0);
        run.Add("cost_seconds.llc", "", 0, -1, _ => 11.0);
        return run;
    }

    private static double RankMe(TaskKind task, double c, long s, int depthGap)
    {
        double floor = Floor(task);
        double early = s <= 150 ? 30 - (30 - floor) * s / 150.0 : floor + Math.Min(1, 0.005 * (s - 150));
        return 25 + early - 20 * SyntheticRun.Sigmoid((s - (c - 600)) / 200) + depthGap;
    }
}
