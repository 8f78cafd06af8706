namespace Emergence.Reporting.Html;

/// <summary>The page's inline CSS (no external style sheets or fonts).</summary>
internal static class ReportStyles
{
    public const string Css = """
        body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1a1a1a; background: #ffffff;
               max-width: 1100px; margin: 2em auto; padding: 0 1.5em; line-height: 1.45; }
        h1 { font-size: 1.7em; margin-bottom: 0.2em; }
        h2 { font-size: 1.35em; margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
        h3 { font-size: 1.1em; margin-top: 1.5em; }
        .scale { color: #555; margin-top: 0; }
        .demo-banner { background: #fff4ce; border: 2px solid #e0a800; border-radius: 6px; padding: 0.8em 1.1em;
                       margin: 1.2em 0; font-size: 1.05em; }
        .demo-banner strong { color: #8a5a00; }
        .interim-banner { position: sticky; top: 0; z-index: 1; background: #fde2e1; border: 3px solid #c62828; border-radius: 6px;
                          padding: 0.8em 1.1em; margin: 0 0 1.2em; font-size: 1.1em; }
        .interim-banner strong, .interim-note strong { color: #b71c1c; }
        table { border-collapse: collapse; margin: 0.8em 0 1.2em; font-size: 0.92em; }
        th, td { border: 1px solid #d0d0d0; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .mark { font-weight: bold; white-space: nowrap; }
        .agree .mark { color: #1b7f2a; }
        .disagree .mark { color: #b3261e; }
        .not-measured .mark { color: #777; }
        tr.disagree { background: #fdf0ef; }
        figure { margin: 1.5em 0 2.2em; }
        figure img { max-width: 100%; height: auto; border: 1px solid #e5e5e5; }
        figcaption { font-size: 0.92em; color: #333; margin-top: 0.4em; max-width: 900px; }
        figcaption a { color: #555; }
        .missing { color: #777; font-style: italic; }
        footer { margin-top: 3em; font-size: 0.85em; color: #666; border-top: 1px solid #ddd; padding-top: 0.6em; }
        """;
}
