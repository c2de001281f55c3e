namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>
/// The chatter after a simulated contact reached its level: it alternates away and back, one step per interval.
/// One timer re-armed after each step, rather than one timer per step, so the steps cannot run out of order.
/// </summary>
internal sealed class ContactBounce(SimulatedLine line, bool settledHigh, int steps, TimeSpan interval, Lock gate, TimeProvider time)
{
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timer;
    private int _stepsDone;

    /// <summary>Called under the gate.</summary>
    public Task Start()
    {
        _timer = time.CreateTimer(_ => Step(), null, interval, Timeout.InfiniteTimeSpan);
        return _settled.Task;
    }

    /// <summary>Called under the gate.</summary>
    public void Stop()
    {
        _timer?.Dispose();
        _settled.TrySetResult();
    }

    private void Step()
    {
        lock (gate)
        {
            if (_settled.Task.IsCompleted)
            {
                return;
            }

            _stepsDone++;
            var away = _stepsDone % 2 == 1;
            line.SetLevel(away ? !settledHigh : settledHigh, GpioClock.Now(time));
            if (_stepsDone == steps)
            {
                Stop();
            }
            else
            {
                _timer!.Change(interval, Timeout.InfiniteTimeSpan);
            }
        }
    }
}
