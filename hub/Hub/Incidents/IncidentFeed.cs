using System.Net.ServerSentEvents;

namespace EdgeSecurity.Hub.Incidents;

/// <summary>Stored incidents to every live queue (<see cref="LiveFeed{T}"/>), each seeing the incidents its person may.</summary>
public sealed class IncidentFeed(IHostApplicationLifetime lifetime, ILogger<IncidentFeed> logger) : IDisposable
{
    public const string Created = "incident.created";

    /// <summary>A repeat joined it, someone acted on it, or it escalated: the item carries the incident as it is now.</summary>
    public const string Updated = "incident.updated";

    public const int SubscriberCapacity = 256;

    private readonly LiveFeed<Incident> _feed = new(SubscriberCapacity, "incidents", lifetime, logger);

    public void Publish(string eventType, Incident incident) => _feed.Publish(eventType, incident);

    /// <inheritdoc cref="LiveFeed{T}.IsClosed"/>
    public bool IsClosed => _feed.IsClosed;

    /// <summary>An incident escalated to a street/town appears on that tier's stream as it escalates.</summary>
    public IAsyncEnumerable<SseItem<Incident?>> SubscribeAsync(Func<Incident, bool> canSee, CancellationToken ct) => _feed.SubscribeAsync(canSee, ct);

    public void Dispose() => _feed.Dispose();
}
