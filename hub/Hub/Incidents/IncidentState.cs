namespace EdgeSecurity.Hub.Incidents;

/// <summary>
/// The closed loop (闭环) an incident goes through: reported → acknowledged → dispatched → on site → resolved or
/// false alarm → reviewed → closed. Until resolved or declared a false alarm it is open: it has a deadline and repeats
/// of the same device and type join it.
/// </summary>
public enum IncidentState { Reported, Acknowledged, Dispatched, OnSite, Resolved, FalseAlarm, Reviewed, Closed }

public static class IncidentStates
{
    public static readonly IReadOnlyList<IncidentState> Open = [IncidentState.Reported, IncidentState.Acknowledged, IncidentState.Dispatched, IncidentState.OnSite];

    public static bool IsOpen(this IncidentState state) => state <= IncidentState.OnSite;
}
