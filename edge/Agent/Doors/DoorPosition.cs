namespace EdgeSecurity.Agent.Doors;

public enum DoorPosition
{
    Closed,
    Open,
}

/// <summary>What a contact change did, so an operator driving a door by hand sees the consequence.</summary>
public enum ContactOutcome
{
    Unchanged,
    Opened,
    ForcedOpen,
    Closed,
}

/// <summary>What a contact change did and, when it reported an event, the event's id, so the operator can find it at the hub.</summary>
public readonly record struct ContactChange(ContactOutcome Outcome, Guid? EventId = null);

public static class DoorStates
{
    /// <summary>The device state published on the state topic.</summary>
    public static string Of(DoorPosition position) => position == DoorPosition.Open ? "open" : "closed";
}
