using System.CommandLine;
using Emergence.Measures;

namespace Emergence.Cli;

/// <summary>The measure options shared by <c>train</c> and <c>measure</c>.</summary>
public sealed class MeasureOptions
{
    public Option<string> Measures { get; }
    public Option<string> Every { get; } = new("--measure-every")
    {
        Description = "Cadence per measure in checkpoints, e.g. hessian=10,llc=5 (unnamed measures: every checkpoint)",
        DefaultValueFactory = _ => "",
    };
    public LlcCliOptions Llc { get; } = new();
    public Option<string> Representation { get; } = new("--representation")
    {
        Description = "RankMe representation: last-prompt, answer-mean or all-mean", DefaultValueFactory = _ => "last-prompt",
    };

    public MeasureOptions(string defaultMeasures) =>
        Measures = new Option<string>("--measures")
        {
            Description = "Measures to compute: comma-separated rankme,fisher,llc,hessian,gradcov,probe, or all (the five geometric measures, not probe), or none",
            DefaultValueFactory = _ => defaultMeasures,
        };

    public HessianCliOptions Hessian { get; } = new();

    public IEnumerable<Option> All => [Measures, Every, .. Llc.All, Representation, .. Hessian.All];

    public MeasureSelection Selection(ParseResult parse) => MeasureSelection.Parse(parse.GetValue(Measures), parse.GetValue(Every));

    public MeasureSettings Settings(ParseResult parse) => new()
    {
        Llc = Llc.Parse(parse),
        Representation = Representations.Parse(parse.GetValue(Representation)!),
        Hessian = Hessian.Parse(parse),
    };
}
