namespace EdgeSecurity.Bindings.Gpiod;

/// <summary>A line requested as an input. Disposing it releases the line and ends <see cref="ReadEdgesAsync"/>.</summary>
public interface IGpioInputLine : IDisposable
{
    GpioLineAddress Address { get; }

    /// <summary>Edges discarded because more than 1024 were waiting unread (the oldest go first, so the newest state is kept).</summary>
    long DroppedEdges { get; }

    /// <summary>The logical value now (active-low applied): true is active. A sample, not debounced: it answers at once.</summary>
    /// <exception cref="GpioException">The kernel could not read the line.</exception>
    /// <exception cref="ObjectDisposedException">The line was released.</exception>
    bool ReadValue();

    /// <summary>
    /// The edges in the order they happened, starting with any collected since the line was opened. The sequence
    /// ends when the line is disposed, throws <see cref="OperationCanceledException"/> when the token is cancelled
    /// and <see cref="GpioException"/> when the kernel stops delivering edges (e.g. the chip was unplugged).
    /// Only one enumeration at a time: the edges are not copied to several readers.
    /// </summary>
    IAsyncEnumerable<GpioEdge> ReadEdgesAsync(CancellationToken cancellationToken = default);
}
