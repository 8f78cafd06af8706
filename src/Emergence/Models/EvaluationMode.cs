using TorchSharp;

namespace Emergence.Models;

/// <summary>
/// Evaluation mode for the length of a scope: <c>using var mode = EvaluationMode.Enter(model);</c>
/// switches the module to <c>eval()</c>, and disposing puts back the mode it had before
/// (<c>train()</c> or <c>eval()</c>), also when the scope ends by an exception.
/// </summary>
internal readonly struct EvaluationMode : IDisposable
{
    private readonly torch.nn.Module _module;
    private readonly bool _wasTraining;

    private EvaluationMode(torch.nn.Module module)
    {
        _module = module;
        _wasTraining = module.training;
        module.eval();
    }

    public static EvaluationMode Enter(torch.nn.Module module) => new(module);

    public void Dispose()
    {
        if (_wasTraining) _module.train();
        else _module.eval();
    }
}
