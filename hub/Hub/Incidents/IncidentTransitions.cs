using EdgeSecurity.Hub.People;

namespace EdgeSecurity.Hub.Incidents;

/// <summary>Which action moves an incident from which state to which, and which roles may take it.</summary>
public static class IncidentTransitions
{
    private static readonly Dictionary<IncidentAction, (IncidentState[] From, IncidentState? To)> Moves = new()
    {
        [IncidentAction.Acknowledge] = ([IncidentState.Reported], IncidentState.Acknowledged),
        // Dispatching again sends someone else: the state stays, the assignee changes.
        [IncidentAction.Dispatch] = ([IncidentState.Acknowledged, IncidentState.Dispatched], IncidentState.Dispatched),
        [IncidentAction.Arrive] = ([IncidentState.Dispatched], IncidentState.OnSite),
        // A door left open can be settled from the control room; a fire needs someone there first, by the deadlines.
        [IncidentAction.Resolve] = ([IncidentState.Acknowledged, IncidentState.Dispatched, IncidentState.OnSite], IncidentState.Resolved),
        [IncidentAction.FalseAlarm] = ([IncidentState.Acknowledged, IncidentState.Dispatched, IncidentState.OnSite], IncidentState.FalseAlarm),
        [IncidentAction.Review] = ([IncidentState.Resolved, IncidentState.FalseAlarm], IncidentState.Reviewed),
        [IncidentAction.Close] = ([IncidentState.Reviewed], IncidentState.Closed),
        [IncidentAction.Reopen] = ([IncidentState.Resolved, IncidentState.FalseAlarm, IncidentState.Reviewed, IncidentState.Closed], IncidentState.Reported),
        [IncidentAction.Escalate] = ([.. IncidentStates.Open], null),
        [IncidentAction.Note] = (Enum.GetValues<IncidentState>(), null),
    };

    private static readonly Dictionary<Role, IncidentAction[]> RoleActions = new()
    {
        [Role.PropertyOperator] = [IncidentAction.Acknowledge, IncidentAction.Dispatch, IncidentAction.Arrive, IncidentAction.Resolve, IncidentAction.FalseAlarm, IncidentAction.Review, IncidentAction.Close, IncidentAction.Reopen, IncidentAction.Escalate, IncidentAction.Note],
        [Role.Guard] = [IncidentAction.Arrive, IncidentAction.Resolve, IncidentAction.FalseAlarm, IncidentAction.Note],
        [Role.GridWorker] = [IncidentAction.Acknowledge, IncidentAction.Arrive, IncidentAction.Resolve, IncidentAction.FalseAlarm, IncidentAction.Escalate, IncidentAction.Note],
        [Role.CommunityPolice] = [IncidentAction.Acknowledge, IncidentAction.Dispatch, IncidentAction.Arrive, IncidentAction.Resolve, IncidentAction.FalseAlarm, IncidentAction.Escalate, IncidentAction.Note],
        [Role.StreetOperator] = [.. Enum.GetValues<IncidentAction>()],
        [Role.CountyOperator] = [.. Enum.GetValues<IncidentAction>()],
        [Role.Installer] = [],
        [Role.Admin] = [.. Enum.GetValues<IncidentAction>()],
    };

    public static bool IsAllowed(Role role, IncidentAction action) => RoleActions[role].Contains(action);

    /// <summary>The state after the action, or why it cannot be taken from <paramref name="from"/>.</summary>
    public static (IncidentState? To, string? Refusal) Next(IncidentState from, IncidentAction action)
    {
        var (allowedFrom, to) = Moves[action];
        if (!allowedFrom.Contains(from))
            return (null, $"cannot {ApiNames.Of(action)} an incident that is {ApiNames.Of(from)}; allowed from {string.Join(", ", allowedFrom.Select(s => ApiNames.Of(s)))}");
        return (to ?? from, null);
    }
}
