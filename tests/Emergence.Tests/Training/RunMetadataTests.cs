using Emergence.Storage;
using Emergence.Tests.Support;
using Emergence.Training;

namespace Emergence.Tests.Training;

public class RunMetadataTests
{
    [Fact]
    public void A_new_run_records_the_machine_and_reads_it_back()
    {
        var meta = RunMetadata.Collect(TrainingConfig.Paper(Emergence.Models.GptConfig.Preset("nano"), steps: 10), 2, "cpu");
        var machine = MachineInfo.FromMeta(meta)!;
        Assert.Equal(Environment.ProcessorCount, machine.Cores);
        Assert.True(machine.MemoryBytes > 0);
        Assert.NotEqual("", machine.CpuModel);
        Assert.Equal(machine, MachineInfo.Current());
    }

    [Fact]
    public void Machine_text_names_model_cores_and_memory_and_a_store_without_it_reads_null()
    {
        Assert.Equal("X CPU, 1 logical core, 1.5 GiB", new MachineInfo("X CPU", 1, 3L * 512 * 1024 * 1024).ToString());
        Assert.Null(MachineInfo.FromMeta(new Dictionary<string, string> { ["cpu_model"] = "X", ["cpu_cores"] = "2" }));
        Assert.Null(MachineInfo.FromMeta(new Dictionary<string, string> { ["cpu_model"] = "X", ["cpu_cores"] = "two", ["memory_bytes"] = "1" }));
    }

    [Fact]
    public void Resumes_are_listed_and_a_store_made_without_the_machine_gets_it_from_the_resume_on()
    {
        using var dir = new TempDirectory();
        using var store = RunStore.Create(dir.Combine("run.db"), new Dictionary<string, string> { ["seed"] = "0" });
        RunMetadata.RecordResume(store, 140);
        RunMetadata.RecordResume(store, 300);
        var resumes = store.Meta(RunMetadata.ResumesKey)!.Split("; ");
        Assert.Equal(2, resumes.Length);
        Assert.Matches(@"^step 140 at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ by ", resumes[0]);
        Assert.EndsWith($" by {RunMetadata.ProgramVersion} on {MachineInfo.Current()}", resumes[0]);   // a run moved between machines names each
        Assert.StartsWith("step 300 at ", resumes[1]);
        Assert.Equal("140", store.Meta(RunMetadata.MachineFromStepKey)); // the first resume's step, not overwritten by the second
        Assert.Equal(MachineInfo.Current(), MachineInfo.FromMeta(store.AllMeta()));
    }
}
