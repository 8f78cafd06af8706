namespace Emergence.Tests.Support;

/// <summary>
/// Test categories, as xunit traits: <c>[Trait(Category.Name, Category.Slow)]</c> marks a test (or a
/// class) that starts child processes, trains or runs a study, drives the browser, or takes more
/// than about 2 s. The inner loop leaves them out: <c>dotnet test --filter "Category!=Slow"</c>.
/// </summary>
public static class Category
{
    public const string Name = "Category";
    public const string Slow = "Slow";
}
