namespace EdgeSecurity.Agent.Outbox;

/// <summary>One outbox message the sender has taken out: how often it was published, and when to try again.</summary>
internal sealed class Delivery(OutboxEntry entry)
{
    public OutboxEntry Entry { get; } = entry;

    public OutboxMessage Message => Entry.Message;

    /// <summary>Events and telemetry points wait for the hub's confirmation; states, evidence files and command results do not.</summary>
    public bool AwaitsHub => Message.HubAckId is not null;

    public int Attempts { get; private set; }

    public DateTimeOffset PublishedAt { get; private set; }

    /// <summary>The broker acknowledged the latest publish; an event or telemetry point then waits for the hub.</summary>
    public bool BrokerAcknowledged { get; set; }

    /// <summary>Without an acknowledgement by then (while connected), it is published again.</summary>
    public DateTimeOffset Due { get; set; }

    /// <summary>The broker refused it this many times in a row; it waits outside the window meanwhile.</summary>
    public int Refusals { get; set; }

    /// <summary>Delivered and out of the outbox: late acknowledgements of earlier attempts are ignored.</summary>
    public bool Done { get; set; }

    public int Published(DateTimeOffset now, TimeSpan acknowledgementTimeout)
    {
        Attempts++;
        PublishedAt = now;
        BrokerAcknowledged = false;
        Due = now + acknowledgementTimeout;
        return Attempts;
    }
}
