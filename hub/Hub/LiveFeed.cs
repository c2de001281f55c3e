using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace EdgeSecurity.Hub;

/// <summary>
/// Fans items out to every live-stream subscriber, each through its own bounded queue. Publishing never waits: a
/// subscriber whose queue is full is disconnected rather than fed a stream with silent gaps. Its EventSource reconnects
/// after <see cref="ReconnectDelay"/> and the client reloads, so a slow screen catches up visibly instead of missing an
/// alarm unnoticed, and ingestion never slows down for it.
/// </summary>
public sealed class LiveFeed<T> : IDisposable where T : class
{
    public static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(3);

    private readonly Dictionary<ChannelWriter<SseItem<T?>>, Func<T, bool>> _subscribers = [];
    private readonly Lock _lock = new();
    private readonly int _capacity;
    private readonly string _items;
    private readonly ILogger _logger;
    private readonly CancellationTokenRegistration _stopping;
    private bool _closed;

    /// <param name="items">What the items are, for the log line of a subscriber that fell behind ("incidents").</param>
    public LiveFeed(int capacity, string items, IHostApplicationLifetime lifetime, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(lifetime);
        _capacity = capacity;
        _items = items;
        _logger = logger;
        // An open stream would otherwise hold up shutdown until every client goes away.
        _stopping = lifetime.ApplicationStopping.Register(CompleteAll);
    }

    /// <summary>The hub is stopping: every stream has ended and a new one ends at once.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_lock)
                return _closed;
        }
    }

    public void Publish(string eventType, T item)
    {
        var sse = new SseItem<T?>(item, eventType);
        lock (_lock)
        {
            foreach (var subscriber in _subscribers.Where(s => s.Value(item) && !s.Key.TryWrite(sse)).Select(s => s.Key).ToList())
            {
                subscriber.TryComplete();
                _subscribers.Remove(subscriber);
                _logger.LogWarning("A live-stream subscriber fell {Capacity} {Items} behind and was disconnected; it will reconnect and reload", _capacity, _items);
            }
        }
    }

    /// <summary>
    /// The stream of one subscriber, carrying only the items <paramref name="canSee"/> lets through. It is registered
    /// before the first item, a data-less item that sets the client's reconnect delay and sends the response headers:
    /// once a client has the headers it receives every item published after that.
    /// </summary>
    public async IAsyncEnumerable<SseItem<T?>> SubscribeAsync(Func<T, bool> canSee, [EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<SseItem<T?>>(new BoundedChannelOptions(_capacity) { SingleReader = true });
        lock (_lock)
        {
            if (_closed)
                channel.Writer.TryComplete();
            else
                _subscribers.Add(channel.Writer, canSee);
        }
        try
        {
            yield return new SseItem<T?>(null) { ReconnectionInterval = ReconnectDelay };
            await foreach (var item in channel.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                yield return item;
        }
        finally
        {
            lock (_lock)
                _subscribers.Remove(channel.Writer);
        }
    }

    public void Dispose()
    {
        _stopping.Dispose();
        CompleteAll();
    }

    private void CompleteAll()
    {
        lock (_lock)
        {
            _closed = true;
            foreach (var subscriber in _subscribers.Keys)
                subscriber.TryComplete();
            _subscribers.Clear();
        }
    }
}
