using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace EdgeSecurity.Hub.Incidents;

/// <summary>
/// Fans stored incidents out to every live-stream subscriber, each through its own bounded queue.
/// Publishing never waits: a subscriber whose queue is full is disconnected rather than fed a stream
/// with silent gaps. Its EventSource reconnects after <see cref="ReconnectDelay"/> and the client reloads
/// the list, so a slow screen catches up visibly instead of missing an alarm unnoticed, and ingestion
/// never slows down for it.
/// </summary>
public sealed class IncidentFeed : IDisposable
{
    public const string Created = "incident.created";

    /// <summary>A repeat joined it, someone acted on it, or it escalated: the item carries the incident as it is now.</summary>
    public const string Updated = "incident.updated";

    public const int SubscriberCapacity = 256;

    public static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(3);

    private readonly Dictionary<ChannelWriter<SseItem<Incident?>>, Func<Incident, bool>> _subscribers = [];
    private readonly Lock _lock = new();
    private readonly ILogger<IncidentFeed> _logger;
    private readonly CancellationTokenRegistration _stopping;
    private bool _closed;

    public IncidentFeed(IHostApplicationLifetime lifetime, ILogger<IncidentFeed> logger)
    {
        _logger = logger;
        // An open stream would otherwise hold up shutdown until every client goes away.
        _stopping = lifetime.ApplicationStopping.Register(CompleteAll);
    }

    public void Publish(string eventType, Incident incident)
    {
        var item = new SseItem<Incident?>(incident, eventType);
        lock (_lock)
        {
            foreach (var subscriber in _subscribers.Where(s => s.Value(incident) && !s.Key.TryWrite(item)).Select(s => s.Key).ToList())
            {
                subscriber.TryComplete();
                _subscribers.Remove(subscriber);
                _logger.LogWarning("A live-stream subscriber fell {Capacity} incidents behind and was disconnected; it will reconnect and reload", SubscriberCapacity);
            }
        }
    }

    /// <summary>
    /// The stream of one subscriber, carrying only the incidents <paramref name="canSee"/> lets through (an incident
    /// escalated to a street/town appears on that tier's stream as it escalates). It is registered before the first item, a data-less item that sets
    /// the client's reconnect delay and sends the response headers: once a client has the headers it receives
    /// every incident stored after that.
    /// </summary>
    public async IAsyncEnumerable<SseItem<Incident?>> SubscribeAsync(Func<Incident, bool> canSee, [EnumeratorCancellation] CancellationToken ct)
    {
        var channel = Channel.CreateBounded<SseItem<Incident?>>(new BoundedChannelOptions(SubscriberCapacity) { SingleReader = true });
        lock (_lock)
        {
            if (_closed)
                channel.Writer.TryComplete();
            else
                _subscribers.Add(channel.Writer, canSee);
        }
        try
        {
            yield return new SseItem<Incident?>(null) { ReconnectionInterval = ReconnectDelay };
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
