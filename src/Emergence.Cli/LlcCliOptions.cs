using System.CommandLine;
using Emergence.Measures;

namespace Emergence.Cli;

/// <summary>The LLC preset and per-setting overrides of <c>train</c>, <c>measure</c> (via <see cref="MeasureOptions"/>).</summary>
public sealed class LlcCliOptions
{
    public Option<string> Preset { get; } = new("--llc-preset") { Description = "LLC settings: paper or devinterp", DefaultValueFactory = _ => "paper" };
    public Option<int?> Chains { get; } = new("--llc-chains") { Description = "LLC: SGLD chains (overrides the preset)" };
    public Option<int?> Draws { get; } = new("--llc-draws") { Description = "LLC: draws per chain after burn-in (overrides the preset)" };
    public Option<int?> BurnIn { get; } = new("--llc-burnin") { Description = "LLC: burn-in steps per chain (overrides the preset)" };
    public Option<double?> Epsilon { get; } = new("--llc-epsilon") { Description = "LLC: SGLD step size eps (overrides the preset)" };
    public Option<double?> Gamma { get; } = new("--llc-gamma") { Description = "LLC: localisation strength gamma (overrides the preset)" };
    public Option<double?> NBeta { get; } = new("--llc-nbeta") { Description = "LLC: inverse temperature n_beta (overrides the preset)" };
    public Option<int?> BatchSize { get; } = new("--llc-batch-size") { Description = "LLC: examples per SGLD batch (overrides the preset)" };
    public Option<int?> InitLossBatches { get; } = new("--llc-init-batches") { Description = "LLC: batches in the L(w*) set (overrides the preset)" };

    public IEnumerable<Option> All => [Preset, Chains, Draws, BurnIn, Epsilon, Gamma, NBeta, BatchSize, InitLossBatches];

    /// <summary>The preset with the given overrides, validated (a bad value fails here, before any work).</summary>
    public LlcOptions Parse(ParseResult parse)
    {
        var o = LlcOptions.FromPreset(parse.GetValue(Preset)!);
        return (o with
        {
            Chains = parse.GetValue(Chains) ?? o.Chains,
            Draws = parse.GetValue(Draws) ?? o.Draws,
            BurnIn = parse.GetValue(BurnIn) ?? o.BurnIn,
            Epsilon = parse.GetValue(Epsilon) ?? o.Epsilon,
            Gamma = parse.GetValue(Gamma) ?? o.Gamma,
            NBeta = parse.GetValue(NBeta) ?? o.NBeta,
            BatchSize = parse.GetValue(BatchSize) ?? o.BatchSize,
            InitLossBatches = parse.GetValue(InitLossBatches) ?? o.InitLossBatches,
        }).Validate();
    }
}
