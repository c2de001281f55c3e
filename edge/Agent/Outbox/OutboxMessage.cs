namespace EdgeSecurity.Agent.Outbox;

/// <summary>
/// A contract message as the outbox keeps it: its topic, its payload and what the sender needs to know about it.
/// Events and telemetry points carry their id (<c>eventId</c>, <c>telemetryId</c>) as <see cref="HubAckId"/>: such a
/// message stays until the hub confirms it by that id. Without one (states, evidence, command results) it leaves at the
/// broker's PUBACK.
/// </summary>
public sealed record OutboxMessage(OutboxPriority Priority, string DeviceId, string Topic, bool Retain, Guid? HubAckId, byte[] Payload)
{
    // Row header, the key, the index entries and the page space around them, roughly.
    private const int RowOverheadBytes = 64;

    /// <summary>What the message counts against the outbox's quota.</summary>
    public long StoredBytes => Payload.Length + Topic.Length + DeviceId.Length + RowOverheadBytes;

    public override string ToString() => HubAckId is { } id
        ? $"{(Priority == OutboxPriority.Event ? "event" : "telemetry point")} {id} of {DeviceId}"
        : $"{Priority.ToString().ToLowerInvariant()} of {DeviceId}";
}

/// <summary>
/// A message in the outbox under its sequence number, which orders the messages of a device. A message that could not be
/// stored (the disk failed) has a negative number and lives in memory only.
/// </summary>
public sealed record OutboxEntry(long Seq, OutboxMessage Message, DateTimeOffset CreatedAt)
{
    public bool IsStored => Seq > 0;

    public override string ToString() => Message.ToString();
}
