namespace Emergence.Reporting.Figures;

/// <summary>File-name stems from free text: letters, digits, '_' and '-' only.</summary>
internal static class FileNames
{
    public static string Safe(string text)
    {
        var chars = text.Trim().Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray();
        var name = new string(chars);
        return name.Length == 0 ? "figure" : name;
    }
}
