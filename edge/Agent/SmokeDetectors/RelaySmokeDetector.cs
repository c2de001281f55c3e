using EdgeSecurity.Agent.Configuration;
using EdgeSecurity.Bindings.Gpiod;
using Microsoft.Extensions.Logging;

namespace EdgeSecurity.Agent.SmokeDetectors;

/// <summary>
/// A dry-contact detector: reads its alarm input and, if wired, its fault input (true while healthy), and hands every
/// change to its <see cref="DetectorStatus"/>. If a line cannot be opened or stops delivering edges (a USB GPIO
/// expander unplugged), the detector is reported offline once and the lines are opened again with a growing pause.
/// </summary>
public sealed class RelaySmokeDetector(SmokeDetectorConfig config, IGpioLines lines, DetectorStatus status, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private bool _alarm;
    private bool? _healthy;

    public SmokeDetectorConfig Config => config;

    public DetectorStatus Status => status;

    public async Task RunAsync(CancellationToken stopping)
    {
        var retry = FirstRetry;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await WatchAsync(() => retry = FirstRetry, stopping).ConfigureAwait(false);
                return;
            }
            catch (GpioException e)
            {
                logger.LogError("Smoke detector {DeviceId}: {Error}; trying again in {Seconds} s", config.Id, e.Message, retry.TotalSeconds);
                status.Lost(time.GetUtcNow(), "gpio_unavailable");
            }
            try
            {
                await Task.Delay(retry, time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LongestRetry.Ticks));
        }
    }

    /// <param name="opened">Called once both lines are open, so that a later failure starts again with a short pause.</param>
    private async Task WatchAsync(Action opened, CancellationToken stopping)
    {
        var options = new GpioInputOptions { Bias = config.Bias, ActiveLow = config.ActiveLow, Debounce = config.Debounce, Consumer = config.Id };
        using var alarm = lines.OpenInput(config.AlarmLine!, options);
        using var fault = config.FaultLine is null ? null : lines.OpenInput(config.FaultLine, options);
        opened();
        lock (_gate)
        {
            _alarm = alarm.ReadValue();
            _healthy = fault?.ReadValue();
            Report(time.GetUtcNow());
        }
        logger.LogInformation("Smoke detector {DeviceId} watching alarm {Alarm}{Fault}: {State}", config.Id, config.AlarmLine,
            config.FaultLine is null ? "" : $" and fault {config.FaultLine}", status.State);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var watching = new List<Task> { FollowAsync(alarm, value => _alarm = value, linked.Token) };
        if (fault is not null)
            watching.Add(FollowAsync(fault, value => _healthy = value, linked.Token));
        try
        {
            // Either line failing ends both, so that they are opened again together.
            await await Task.WhenAny(watching).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            await linked.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(watching).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task FollowAsync(IGpioInputLine line, Action<bool> apply, CancellationToken cancellation)
    {
        await foreach (var edge in line.ReadEdgesAsync(cancellation).ConfigureAwait(false))
        {
            lock (_gate)
            {
                apply(edge.Value);
                Report(GpioClock.ToWallClock(edge.Timestamp, time));
            }
        }
    }

    private void Report(DateTimeOffset at) =>
        status.Observe(new DetectorSignals(_alarm, _healthy is { } healthy ? !healthy : null, LowBattery: null), at);
}
