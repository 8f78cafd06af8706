using Emergence.Measures;
using Emergence.Models;
using Emergence.Storage;
using Emergence.Tests.Support;
using TorchSharp;

namespace Emergence.Tests.Measures;

public class RidgeProbeTests
{
    /// <summary>n rows of d Gaussian features and labels 0..classes−1; informative rows carry 3 x their label's one-hot in the first columns.</summary>
    private static (double[][] X, int[] Y) Data(int n, int d, int classes, bool informative, int seed)
    {
        var random = new Random(seed);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var y = Enumerable.Range(0, n).Select(_ => random.Next(classes)).ToArray();
        var x = y.Select(label => Enumerable.Range(0, d).Select(j => 0.3 * Gaussian() + (informative && j == label ? 3 : 0)).ToArray()).ToArray();
        return (x, y);
    }

    [Fact]
    public void Linearly_separable_features_are_decoded_perfectly()
    {
        var (x, y) = Data(200, 12, 4, informative: true, seed: 1);
        var r = RidgeProbe.Fit(x[..150], y[..150], x[150..], y[150..]);
        Assert.Equal(1.0, r.TestAccuracy);
        Assert.Equal(1.0, r.LeaveOneOutAccuracy);
        Assert.Equal((150, 50), (r.Train, r.Test));
        // The chance level is the test split's majority-class frequency.
        Assert.Equal(y[150..].GroupBy(v => v).Max(g => g.Count()) / 50.0, r.Chance, 12);
        // Every grid value separates these classes: the tie goes to the largest ridge.
        Assert.Equal(RidgeProbe.RidgeGrid[^1], r.Ridge);
    }

    [Fact]
    public void Features_unrelated_to_the_labels_decode_at_chance()
    {
        var (x, y) = Data(1300, 20, 2, informative: false, seed: 2);
        var r = RidgeProbe.Fit(x[..300], y[..300], x[300..], y[300..]);
        Assert.InRange(r.Chance, 0.5, 0.55);
        Assert.InRange(r.TestAccuracy, r.Chance - 0.06, r.Chance + 0.02);
    }

    [Fact]
    public void Leave_one_out_accuracy_in_closed_form_equals_refitting_without_each_row()
    {
        // Label = sign of feature 0, 30 noisy features, 40 rows: few enough that the ridge matters.
        var (x, _) = Data(40, 30, 2, informative: false, seed: 3);
        var y = x.Select(row => row[0] + 0.2 * row[1] > 0 ? 1 : 0).ToArray();
        foreach (double c in RidgeProbe.RidgeGrid)
        {
            double closed = RidgeProbe.Fit(x, y, x[..1], y[..1], [c]).LeaveOneOutAccuracy;
            double refit = Enumerable.Range(0, x.Length).Average(i =>
                RidgeProbe.Fit([.. x.Where((_, j) => j != i)], [.. y.Where((_, j) => j != i)], [x[i]], [y[i]], [c]).TestAccuracy);
            Assert.Equal(refit, closed, 12);
        }
        // The chosen ridge is the grid value with the best leave-one-out accuracy (the largest among ties).
        var best = RidgeProbe.RidgeGrid.Select(c => (c, loo: RidgeProbe.Fit(x, y, x[..1], y[..1], [c]).LeaveOneOutAccuracy))
            .OrderByDescending(p => p.loo).ThenByDescending(p => p.c).First();
        Assert.Equal(best.c, RidgeProbe.Fit(x, y, x[..1], y[..1]).Ridge);
    }

    [Fact]
    public void Constant_features_predict_the_training_majority()
    {
        var x = Enumerable.Range(0, 10).Select(_ => new[] { 1.0, 2.0 }).ToArray();
        int[] y = [3, 3, 3, 5, 5, 3, 5, 5, 3, 5];   // train (first 7): 3 four times; test: 5, 3, 5
        var r = RidgeProbe.Fit(x[..7], y[..7], x[7..], y[7..]);
        Assert.Equal(1.0 / 3, r.TestAccuracy, 12);
        Assert.Equal(2.0 / 3, r.Chance, 12);
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public void The_probe_measure_stores_every_layer_of_every_task_level()
    {
        torch.manual_seed(4);
        using var model = new Gpt(new GptConfig("t", 2, 16, 2));
        using var set = new DiagnosticSet(torch.CPU, 12);
        var rows = ProbeMeasure.Measure(10, model, set);
        Assert.Equal(24 * 3, rows.Count(r => r.Name == MetricNames.ProbeAccuracy));
        Assert.Equal(24 * 3, rows.Count(r => r.Name == MetricNames.ProbeAccuracyPermuted));
        Assert.All(rows.Where(r => r.Name == MetricNames.ProbeAccuracy), r => Assert.InRange(r.Value, 0, 1));
        Assert.All(rows.Where(r => r.Name == MetricNames.ProbeTrainExamples), r => Assert.Equal(9, r.Value));
        Assert.All(rows.Where(r => r.Name == MetricNames.ProbeTestExamples), r => Assert.Equal(3, r.Value));
        Assert.True(model.training);
        // The label is the answer's first character as a token.
        var example = set.Levels[5].Examples[0];
        var ids = new List<int>();
        Emergence.Tasks.Vocabulary.Encode(example.Answer[..1], ids);
        Assert.Equal(ids[0], ProbeMeasure.FirstAnswerToken(example));
    }
}
