namespace EdgeSecurity.Agent.Outbox;

/// <summary>
/// The order in which waiting messages go out: every event before any state, every state before any telemetry. An
/// event is something someone may have to act on, a state corrects a view, telemetry feeds trends and may be thinned.
/// The values are stored in the outbox file: never renumber them.
/// </summary>
public enum OutboxPriority
{
    Event = 0,
    State = 1,
    Telemetry = 2,
}
