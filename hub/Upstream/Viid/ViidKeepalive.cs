namespace EdgeSecurity.Upstream.Viid;

/// <summary>
/// Keeps our platform registered: registers, then keeps alive every <see cref="Interval"/> (the 视图库 drops a silent
/// registration after about 5 minutes). A failed keepalive marks the registration lost and registration is retried
/// with <see cref="RetryPolicy"/> backoff until the 视图库 takes it again. Run it for the hub's lifetime.
/// </summary>
public sealed class ViidKeepalive(ViidClient client, TimeSpan interval, RetryPolicy retry, TimeProvider time)
{
    public TimeSpan Interval { get; } = interval;

    private volatile ViidResult? _lastResult;

    /// <summary>The last result of a registration or keepalive, for /health.</summary>
    public ViidResult? LastResult => _lastResult;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var wasRegistered = client.IsRegistered;
                var result = wasRegistered
                    ? await WaitThenKeepaliveAsync(cancellationToken).ConfigureAwait(false)
                    : await client.RegisterAsync(cancellationToken).ConfigureAwait(false);
                _lastResult = result;
                if (result.IsOk)
                {
                    failures = 0;
                    continue;
                }
                // A lost keepalive is followed at once by a registration; only failed registrations back off.
                if (wasRegistered)
                    continue;
                failures++;
                await Task.Delay(retry.DelayAfter(failures, null, Random.Shared.NextDouble()), time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<ViidResult> WaitThenKeepaliveAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Interval, time, cancellationToken).ConfigureAwait(false);
        return await client.KeepaliveAsync(cancellationToken).ConfigureAwait(false);
    }
}
