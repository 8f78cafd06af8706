using Emergence.Storage;
using static TorchSharp.torch;

namespace Emergence.Pythia;

/// <summary>
/// Measures one probe set on one checkpoint: RankMe of the token-level hidden states (every
/// position of every prompt, or of every general-text sequence, stacked) at each layer 0..L
/// (0 = embedding output, L = last layer before the final LayerNorm), and the behaviour:
/// <list type="bullet">
/// <item><c>answer_logprob</c>: mean over items of Σ log p(answer tokens | prompt) (for choice
/// items, of the correct choice);</item>
/// <item><c>accuracy</c>: answer items — every answer token is the argmax under teacher forcing
/// (what greedy decoding would produce); choice items — the correct choice has the highest
/// summed log-probability;</item>
/// <item><c>token_logprob</c> (general text): mean next-token log-probability over all positions.</item>
/// </list>
/// A score that comes out NaN or infinite makes the set's accuracy NaN too (a comparison with
/// NaN is no evidence of a correct answer), so the store flags both rather than recording a
/// plausible accuracy.
/// Prompt and continuation are tokenized separately and concatenated; the prompt's hidden
/// states do not depend on the continuation (causal attention), so one forward pass serves both.
/// </summary>
internal static class ProbeMeasurement
{
    public static IReadOnlyList<MetricRow> Measure(NeoXModel model, PythiaTokenizer tokenizer, ProbeSet set, long step, int maxTokens = 128)
    {
        var config = model.Config;
        var grams = Enumerable.Range(0, config.NumLayers + 1).Select(_ => new GramRankMe(config.HiddenSize)).ToList();
        try
        {
            double logprobSum = 0, tokenLogprobSum = 0;
            long tokenCount = 0;
            int correct = 0, scored = 0;
            bool allFinite = true;
            foreach (var item in set.Items)
            {
                using var scope = NewDisposeScope();
                if (item.IsText)
                {
                    var ids = tokenizer.Encode(item.Prompt);
                    if (ids.Length > maxTokens) ids = ids[..maxTokens];
                    if (ids.Length == 0) continue;
                    var output = model.Forward(ids);
                    for (int l = 0; l < grams.Count; l++) grams[l].Add(output.HiddenStates[l]);
                    var lp = NextTokenLogProbs.Compute(output.Logits, ids);
                    tokenLogprobSum += lp.Sum();
                    tokenCount += lp.Length;
                    continue;
                }
                var prompt = tokenizer.Encode(item.Prompt);
                if (prompt.Length == 0) throw new ArgumentException($"Probe set {set.Name}: an empty prompt.");
                var continuations = (item.Choices ?? [item.Answer!]).Select(tokenizer.Encode).ToList();
                var scores = new double[continuations.Count];
                bool greedyExact = true;
                for (int c = 0; c < continuations.Count; c++)
                {
                    var ids = prompt.Concat(continuations[c]).ToArray();
                    var output = model.Forward(ids, hiddenStates: c == 0);
                    if (c == 0)
                        for (int l = 0; l < grams.Count; l++) grams[l].Add(output.HiddenStates[l].narrow(0, 0, prompt.Length));
                    scores[c] = NextTokenLogProbs.Compute(output.Logits, ids, prompt.Length - 1).Sum();
                    if (item.Choices is null)
                    {
                        var predicted = output.Logits.narrow(0, prompt.Length - 1, continuations[c].Length).argmax(1).data<long>().ToArray();
                        greedyExact = predicted.Select(p => (int)p).SequenceEqual(continuations[c]);
                    }
                }
                allFinite &= scores.All(double.IsFinite);
                logprobSum += scores[item.AnswerIndex];
                bool ok = item.Choices is null ? greedyExact : scores.Select((s, i) => (s, i)).MaxBy(p => p.s).i == item.AnswerIndex;
                if (ok) correct++;
                scored++;
            }
            var rows = new List<MetricRow>();
            for (int l = 0; l < grams.Count; l++) rows.Add(new MetricRow(step, MetricNames.RankMe, set.Name, 0, l, grams[l].Compute()));
            if (scored > 0)
            {
                rows.Add(new MetricRow(step, MetricNames.AnswerLogprob, set.Name, 0, MetricRow.NoLayer, logprobSum / scored));
                rows.Add(new MetricRow(step, MetricNames.Accuracy, set.Name, 0, MetricRow.NoLayer, allFinite ? (double)correct / scored : double.NaN));
            }
            if (tokenCount > 0) rows.Add(new MetricRow(step, MetricNames.TokenLogprob, set.Name, 0, MetricRow.NoLayer, tokenLogprobSum / tokenCount));
            rows.Add(new MetricRow(step, MetricNames.RankMeRows, set.Name, 0, MetricRow.NoLayer, grams[0].Rows));
            return rows;
        }
        finally
        {
            foreach (var g in grams) g.Dispose();
        }
    }
}
