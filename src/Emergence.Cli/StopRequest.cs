using System.Runtime.InteropServices;

namespace Emergence.Cli;

/// <summary>
/// A request to stop, made by the first Ctrl+C (SIGINT) or SIGTERM (what <c>kill</c>, Slurm at a
/// job's time limit or preemption, and service managers send): the process prints a message and
/// stops at its next safe point instead of ending at once; a second signal (either) ends it at once.
/// </summary>
public sealed class StopRequest : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration[] _registrations;
    private readonly string _message;

    /// <param name="message">Printed to stderr when the stop is requested.</param>
    public StopRequest(string message)
    {
        _message = message;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    /// <summary>Cancelled when the stop is requested.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>Whether the stop has been requested.</summary>
    public bool IsCancellationRequested => _cancel.IsCancellationRequested;

    private void OnSignal(PosixSignalContext context)
    {
        if (_cancel.IsCancellationRequested) return; // the second signal takes its default course: the process ends
        context.Cancel = true;
        _cancel.Cancel();
        Console.Error.WriteLine($"{_message} ({context.Signal})");
    }

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _cancel.Dispose();
    }
}
