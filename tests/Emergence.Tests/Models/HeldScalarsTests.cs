using Emergence.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace Emergence.Tests.Models;

/// <summary>
/// The source never hands libtorch a scalar that the garbage collector may free during the call
/// (see HeldScalars): no implicit conversion to TorchSharp.Scalar, no TorchSharp operator with a
/// number operand (those convert inside the library), and none of the TorchSharp calls that make
/// a scalar of their own from a literal: <c>+</c> and <c>add</c>/<c>add_</c> without an alpha
/// (alpha 1, also inside scalar − tensor), <c>addcdiv</c>/<c>addcdiv_</c> without a value (1),
/// <c>square</c> (pow(2)) and <c>celu</c> without an alpha (1.0).
/// </summary>
public class HeldScalarsTests
{
    private const string Probe = """
        using TorchSharp;
        using static TorchSharp.torch;
        namespace Probe;
        internal static class Bad
        {
            public static Tensor A(Tensor t) => t.mul(0.5);
            public static Tensor B(Tensor t, double x) => t * x;
            public static Tensor C(Tensor t, Tensor m) => t.masked_fill(m, double.NegativeInfinity);
            public static Tensor D(long n) => arange(n);
            public static Tensor E(Tensor t, Tensor u) => t + u;
            public static Tensor F(Tensor t, Tensor u) => t.add_(u);
            public static Tensor G(Tensor t, Tensor u) => torch.add(t, u);
            public static Tensor H(Tensor t) => t.square();
            public static Tensor I(Tensor t, Scalar one) => one - t;
            public static Tensor Good(Tensor t, Scalar one) { using var s = 0.5.ToScalar(); return t.mul(s).add(t, one) - t; }
        }
        """;

    [Fact]
    public void Source_passes_no_temporary_scalar_to_torchsharp()
    {
        var sources = Directory.EnumerateFiles(RepositoryFiles.PathOf("src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();
        Assert.True(sources.Count > 100, $"found only {sources.Count} source files");
        var (findings, probe) = Scan([.. sources.Select(f => (f, File.ReadAllText(f))), ("probe.cs", Probe)]);
        Assert.Equal(["A", "B", "C", "D", "E", "F", "G", "H", "I"], probe);
        Assert.True(findings.Count == 0, "temporary scalars:\n" + string.Join("\n", findings));
    }

    private static (List<string> Findings, List<string> ProbeMethods) Scan(IEnumerable<(string Path, string Text)> files)
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, options, f.Path)).ToList();
        trees.Add(CSharpSyntaxTree.ParseText(
            "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq;" +
            " global using System.Threading; global using System.Threading.Tasks; global using System.Net.Http;", options));
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("Emergence", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("scan", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        var unresolved = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id is "CS0246" or "CS0234" or "CS0103").ToList();
        Assert.True(unresolved.Count == 0, "the scan could not resolve:\n" + string.Join("\n", unresolved.Take(10)));
        var findings = new List<string>();
        var probe = new List<string>();
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                string? what = model.GetOperation(node) switch
                {
                    IArgumentOperation { Value: IConversionOperation { OperatorMethod.ContainingType.Name: "Scalar" } } => "implicit Scalar argument",
                    IConversionOperation { OperatorMethod.ContainingType.Name: "Scalar" } c when c.Syntax == node => "implicit Scalar",
                    IBinaryOperation { OperatorMethod: { } op } b when b.Syntax == node
                        && op.ContainingAssembly?.Name == "TorchSharp" && op.Parameters.Any(p => p.Type.SpecialType != SpecialType.None)
                        => $"TorchSharp operator {op.Name} with a number",
                    IBinaryOperation { OperatorMethod: { Name: "op_Addition" } op } b when b.Syntax == node && op.ContainingAssembly?.Name == "TorchSharp"
                        => "TorchSharp + (adds with a temporary alpha 1)",
                    IBinaryOperation { OperatorMethod: { Name: "op_Subtraction" } op } b when b.Syntax == node && op.ContainingAssembly?.Name == "TorchSharp"
                        && op.Parameters[0].Type.Name == "Scalar"
                        => "TorchSharp scalar - tensor (negates, then adds with a temporary alpha 1)",
                    IInvocationOperation { TargetMethod: var m } i when i.Syntax == node && m.ContainingAssembly?.Name == "TorchSharp" && MakesItsOwnScalar(m)
                        => $"TorchSharp {m.Name} without its scalar (makes a temporary one)",
                    _ => null,
                };
                if (what is null) continue;
                var span = node.GetLocation().GetLineSpan();
                if (span.Path == "probe.cs") probe.Add(node.FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>()!.Identifier.Text);
                else findings.Add($"{Path.GetRelativePath(RepositoryFiles.Root, span.Path)}:{span.StartLinePosition.Line + 1}: {what}: {node}");
            }
        }
        return (findings, probe);
    }

    /// <summary>A TorchSharp method that passes a scalar it made from a literal (TorchSharp 0.107's Tensor.Math.cs).</summary>
    private static bool MakesItsOwnScalar(IMethodSymbol method) => method.Name switch
    {
        "add" or "add_" => !method.Parameters.Any(p => p.Name == "alpha"),
        "addcdiv" or "addcdiv_" => !method.Parameters.Any(p => p.Name == "value"),
        "square" => true,
        "celu" or "celu_" => !method.Parameters.Any(p => p.Name == "alpha"),
        _ => false,
    };
}
