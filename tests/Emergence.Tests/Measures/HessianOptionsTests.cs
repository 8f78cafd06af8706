using Emergence.Cli;
using Emergence.Measures;

namespace Emergence.Tests.Measures;

public class HessianOptionsTests
{
    public static TheoryData<HessianOptions, string> BadOptions => new()
    {
        { new HessianOptions { TopK = 0 }, "top-k must be a positive integer (got 0)" },
        { new HessianOptions { LanczosTolerance = 0 }, "Lanczos tolerance must be in (0, 1) (got 0)" },
        { new HessianOptions { TopK = 20, MaxLanczosIterations = 19 }, "at least top-k = 20 (got 19)" },
        { new HessianOptions { PowerIterations = -1 }, "power iterations must be >= 0, 0 = no check (got -1)" },
        { new HessianOptions { PowerTolerance = 1 }, "power tolerance must be in (0, 1) (got 1)" },
        { new HessianOptions { TraceRelativeError = double.NaN }, "trace relative standard error target must be in (0, 1) (got NaN)" },
        { new HessianOptions { MaxTraceProbes = 3 }, "0 (no trace) or at least 10 (got 3)" },
        { new HessianOptions { BatchSize = -5 }, "batch size must be a positive integer (got -5)" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Each_bad_value_has_its_own_message(HessianOptions options, string expected)
    {
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Defaults_and_presets_are_valid()
    {
        new HessianOptions().Validate();
        foreach (var run in Emergence.Study.StudyPresets.Names.SelectMany(name => Emergence.Study.StudyPresets.Build(name).Runs))
            run.MeasureSettings.Hessian.Validate();
    }

    [Fact]
    public void Train_refuses_a_bad_Hessian_setting_before_writing_anything()
    {
        var dir = Path.Combine(Path.GetTempPath(), "emergence-hessian-" + Guid.NewGuid().ToString("N"));
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        try
        {
            int code = new System.CommandLine.RootCommand { TrainCommand.Create() }
                .Parse(["train", "--out", dir, "--steps", "20", "--measures", "hessian", "--hessian-trace-probes", "3", "--threads", "1"]).Invoke();
            Assert.Equal(CliErrors.BadInput, code);
            Assert.False(Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any());
            Assert.Contains("trace probes budget must be 0 (no trace) or at least 10 (got 3)", error.ToString());
        }
        finally
        {
            Console.SetError(original);
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}
