using Emergence.Models;
using Emergence.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Emergence.Tests.Training;

public class AdamWUpdateTests
{
    private static AdamW.ParamGroup[] Groups(Gpt model) =>
    [
        new AdamW.ParamGroup(model.parameters().Where(p => p.dim() >= 2), new AdamW.Options { weight_decay = 0.1 }),
        new AdamW.ParamGroup(model.parameters().Where(p => p.dim() < 2), new AdamW.Options { weight_decay = 0.0 }),
    ];

    private static Gpt Model()
    {
        torch.manual_seed(11);
        return new Gpt(GptConfig.Preset("nano"));
    }

    private static byte[] Bytes(Action<BinaryWriter> save)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) save(writer);
        return stream.ToArray();
    }

    /// <summary>Twelve steps at a changing learning rate: weights, moments, step counts and options
    /// as bytes, so the run store and the trainer states of a run do not depend on which is used.</summary>
    [Fact]
    public void Steps_equal_torchsharp_adamw_bit_for_bit()
    {
        using var reference = Model();
        using var held = Model();
        using var referenceOptimizer = torch.optim.AdamW(Groups(reference), lr: 1e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8);
        using var heldOptimizer = torch.optim.AdamW(Groups(held), lr: 1e-3, beta1: 0.9, beta2: 0.95, eps: 1e-8);
        var generator = new torch.Generator(5);
        for (int step = 1; step <= 12; step++)
        {
            using var scope = torch.NewDisposeScope();
            var tokens = torch.randint(0, reference.Config.VocabSize, [4, 9], generator: generator);
            foreach (var (model, optimizer, update) in new (Gpt, AdamW, Action)[]
                     { (reference, referenceOptimizer, () => referenceOptimizer.step()), (held, heldOptimizer, () => AdamWUpdate.Apply(heldOptimizer)) })
            {
                optimizer.zero_grad();
                model.forward(tokens).log_softmax(-1).narrow(-1, 0, 3).mean().backward();
                foreach (var group in optimizer.ParamGroups) group.LearningRate = 1e-3 * step / 12;
                update();
            }
        }
        Assert.Equal(Bytes(w => reference.save(w)), Bytes(w => held.save(w)));
        Assert.Equal(Bytes(referenceOptimizer.save_state_dict), Bytes(heldOptimizer.save_state_dict));
        using var initial = Model();
        Assert.NotEqual(Bytes(w => reference.save(w)), Bytes(w => initial.save(w)));
    }

    [Fact]
    public void Refuses_amsgrad()
    {
        using var model = Model();
        using var optimizer = torch.optim.AdamW(model.parameters(), amsgrad: true);
        var error = Assert.Throws<ArgumentException>(() => AdamWUpdate.Apply(optimizer));
        Assert.Contains("AMSGrad", error.Message);
    }
}
