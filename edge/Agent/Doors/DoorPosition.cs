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

public static class DoorStates
{
    /// <summary>The device state published on the state topic.</summary>
    public static string Of(DoorPosition position) => position == DoorPosition.Open ? "open" : "closed";
}
