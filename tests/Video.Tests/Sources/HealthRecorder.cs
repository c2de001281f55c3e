using System.Threading.Channels;

namespace EdgeSecurity.Video.Tests;

/// <summary>Collects a camera's health changes so a test can await the next one it expects, with a deadline.</summary>
internal sealed class HealthRecorder
{
    private readonly Channel<CameraHealthChanged> _changes = Channel.CreateUnbounded<CameraHealthChanged>();
    private readonly List<CameraHealthChanged> _seen = [];

    public HealthRecorder(ICameraSource source) => source.HealthChanged += (_, change) => _changes.Writer.TryWrite(change);

    /// <summary>Every change read so far, in order.</summary>
    public IReadOnlyList<CameraHealthChanged> Seen => _seen;

    /// <summary>Skips changes to other states until one to <paramref name="health"/> arrives.</summary>
    public async Task<CameraHealthChanged> NextAsync(CameraHealth health, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var change = await _changes.Reader.ReadAsync(deadline.Token);
                _seen.Add(change);
                if (change.Health == health)
                    return change;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no {health} within {timeout.TotalSeconds:0.#} s; changes seen: {string.Join("; ", _seen)}");
        }
    }
}
