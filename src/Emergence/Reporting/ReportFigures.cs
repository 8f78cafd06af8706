using Emergence.Reporting.Figures;

namespace Emergence.Reporting;

/// <summary>Builds the figure specs for whatever data a report has, in page order.</summary>
internal static class ReportFigures
{
    /// <summary>The figures to draw, and the names of standard figures left out for lack of data.</summary>
    public static (IReadOnlyList<FigureSpec> Figures, IReadOnlyList<string> Missing) Build(ReportContent content)
    {
        var figures = new List<FigureSpec>();
        var missing = new List<string>();
        void Add<T>(T? data, string name, Func<T, FigureSpec> build) where T : class
        {
            if (data is null) missing.Add(name);
            else figures.Add(build(data));
        }
        Add(content.EmergenceMap, "figure 1 (emergence map)", EmergenceMapFigure.Build);
        Add(content.HardTaskRankMe.Count > 0 ? content.HardTaskRankMe : null, "figure 2 (RankMe trajectories)",
            d => RankMeTrajectoryFigure.Build(d, content.CollapseWindowSteps));
        Add(content.LayerProfiles.Count > 0 ? content.LayerProfiles : null, "figure 3 (layer profiles)", LayerProfileFigure.Build);
        Add(content.CaseStudy, "figure 4a (normalised overlay)", NormalisedOverlayFigure.Build);
        Add(content.PrecursorRates, "figure 4b (precursor rates)", PrecursorRateFigure.Build);
        Add(content.EarlyRankMe, "figure 5a (early RankMe vs emergence)", EarlyRankMeScatterFigure.Build);
        Add(content.Concordance, "figure 5b (concordance)", ConcordanceFigure.Build);
        foreach (var curves in content.AccuracyCurves) figures.Add(AccuracyCurvesFigure.Build(curves));
        foreach (var metric in content.MetricTrajectories) figures.Add(MetricTrajectoryFigure.Build(metric));
        var duplicate = figures.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Two figures would be written as '{duplicate.Key}'; give them distinct names.");
        return (figures, missing);
    }
}
