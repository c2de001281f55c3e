namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>A simulated line requested as an input; created under the simulation's gate.</summary>
internal sealed class SimulatedInputLine(SimulatedLine line, GpioLineAddress address, GpioInputOptions options, Lock gate, TimeProvider time) : IGpioInputLine
{
    private readonly EdgeQueue _edges = new(address, options.Debounce, line.High != options.ActiveLow, time);
    private bool _disposed;

    public GpioLineAddress Address { get; } = address;

    public GpioInputOptions Options { get; } = options;

    public long DroppedEdges => _edges.Dropped;

    public bool ReadValue()
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return line.High != Options.ActiveLow;
        }
    }

    public IAsyncEnumerable<GpioEdge> ReadEdgesAsync(CancellationToken cancellationToken = default) =>
        _edges.ReadAllAsync(cancellationToken);

    /// <summary>Called under the gate, in the order the level changed.</summary>
    public void OnLevelChanged(bool high, TimeSpan at) => _edges.Add(GpioEdge.To(high != Options.ActiveLow, at));

    public void Dispose()
    {
        lock (gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            line.Holder = null;
            _edges.Complete();
        }
    }
}
