using Emergence.Storage;
using TorchSharp.PyBridge;

namespace Emergence.Models;

/// <summary>
/// Model weights as safetensors files that PyTorch users can open
/// (<c>safetensors.torch.load_file</c>): float32 tensors under nanoGPT's parameter names
/// (wte.weight, wpe.weight, h.{i}.ln_1.weight, h.{i}.attn.c_attn.weight, h.{i}.attn.c_proj.weight,
/// h.{i}.ln_2.weight, h.{i}.mlp.c_fc.weight, h.{i}.mlp.c_proj.weight, ln_f.weight and the
/// matching .bias tensors), nn.Linear layout [out, in]; the output layer is tied to wte.
/// Loading refuses a file holding a NaN or infinite weight.
/// </summary>
public static class ModelWeights
{
    /// <summary>Writes the model's weights to a safetensors file (write-then-rename).</summary>
    public static void Save(string path, Gpt model) =>
        RunFolder.WriteAtomically(path, stream => model.save_safetensors(stream, leaveOpen: true));

    /// <summary>Loads a safetensors file into a model of the same size; throws <see cref="StoreException"/> on a missing, corrupt or non-finite file.</summary>
    public static void Load(string path, Gpt model)
    {
        if (!File.Exists(path)) throw new StoreException($"Weights file {path} is missing.");
        try
        {
            model.load_safetensors(path);
        }
        catch (Exception e) when (e is not StoreException)
        {
            throw new StoreException($"Weights file {path} cannot be read: {e.Message}", e);
        }
        foreach (var (name, parameter) in model.named_parameters())
            if (FiniteWeights.Problem(name, parameter) is { } problem)
                throw new StoreException($"Weights file {path}: {problem}.");
    }
}
