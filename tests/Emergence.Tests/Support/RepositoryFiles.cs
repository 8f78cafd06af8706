namespace Emergence.Tests.Support;

/// <summary>Files of the source checkout the tests run from (docs, sources), found from the test binary upwards.</summary>
public static class RepositoryFiles
{
    /// <summary>The folder holding Emergence.slnx.</summary>
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Emergence.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no Emergence.slnx above {AppContext.BaseDirectory}");
    }
}
