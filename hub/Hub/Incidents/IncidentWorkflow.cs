using EdgeSecurity.Hub.Incidents.Escalation;
using EdgeSecurity.Hub.People;
using EdgeSecurity.Hub.Places;
using EdgeSecurity.Hub.Site;

namespace EdgeSecurity.Hub.Incidents;

public enum ActionOutcome { Done, Invalid, NotFound, Forbidden, Conflict }

public sealed record ActionResult(ActionOutcome Outcome, Incident? Incident, string? Reason)
{
    public static ActionResult Refused(ActionOutcome outcome, string reason) => new(outcome, null, reason);
}

/// <summary>
/// A person acting on an incident: checked against what they may see and do, moved through the loop, its deadline
/// restarted for the new state or tier, stored with its audit entry, and announced.
/// </summary>
public sealed class IncidentWorkflow(IncidentStore store, IncidentFeed feed, DeadlinePolicy deadlines, SiteDirectory site, TimeProvider clock)
{
    public const int MaxNoteLength = 2000;

    // Declaring a false alarm, reopening and escalating by hand must say why: reviewers and the next tier read it.
    public static IReadOnlyList<IncidentAction> NeedNote { get; } = [IncidentAction.FalseAlarm, IncidentAction.Reopen, IncidentAction.Escalate, IncidentAction.Note];

    /// <summary>The roles an incident can be dispatched to.</summary>
    public static IReadOnlyList<Role> Dispatchable { get; } = [Role.Guard, Role.GridWorker, Role.CommunityPolice, Role.PropertyOperator];

    public async Task<ActionResult> ActAsync(Person person, Guid id, IncidentActionRequest request, CancellationToken ct)
    {
        if (request.Action is null || !ApiNames.TryParse<IncidentAction>(request.Action, out var action))
            return ActionResult.Refused(ActionOutcome.Invalid, $"'action' must be one of {ApiNames.Choices<IncidentAction>()}");
        var note = string.IsNullOrWhiteSpace(request.Note) ? null : request.Note.Trim();
        if (note is { Length: > MaxNoteLength })
            return ActionResult.Refused(ActionOutcome.Invalid, $"'note' is longer than {MaxNoteLength} characters");
        if (note is null && NeedNote.Contains(action))
            return ActionResult.Refused(ActionOutcome.Invalid, $"{ApiNames.Of(action)} needs a 'note' saying why");

        var current = site.Current;
        var incident = await store.FindAsync(id, ct).ConfigureAwait(false);
        if (incident is null || !IncidentVisibility.For(person, current).CanSee(incident))
            return ActionResult.Refused(ActionOutcome.NotFound, $"no incident {id} that you may see");
        if (!IncidentTransitions.IsAllowed(person.Role, action))
            return ActionResult.Refused(ActionOutcome.Forbidden, $"a {ApiNames.Of(person.Role)} may not {ApiNames.Of(action)} incidents");
        if (incident.Quarantine is not null)
            return ActionResult.Refused(ActionOutcome.Conflict, $"the incident is quarantined ({incident.Quarantine}); import its community and gateway first");

        var (state, refusal) = IncidentTransitions.Next(incident.State, action);
        if (state is null)
            return ActionResult.Refused(ActionOutcome.Conflict, refusal!);

        var now = clock.GetUtcNow();
        var tier = incident.Tier;
        var assignee = incident.Assignee;
        if (action == IncidentAction.Escalate)
        {
            if (tier == EscalationTier.County)
                return ActionResult.Refused(ActionOutcome.Conflict, "the incident is already at the county, the highest tier");
            tier++;
        }
        if (action == IncidentAction.Dispatch)
        {
            if (request.Assignee is null || current.Person(request.Assignee) is not { } target)
                return ActionResult.Refused(ActionOutcome.Invalid, "dispatch needs an 'assignee': the login of the person sent");
            if (!Dispatchable.Contains(target.Role))
                return ActionResult.Refused(ActionOutcome.Invalid, $"'{target.Login}' is a {ApiNames.Of(target.Role)}; send a guard, grid worker, police officer or property operator");
            assignee = target.Login;
        }

        var restartsClock = state != incident.State || tier != incident.Tier;
        var deadline = !state.Value.IsOpen() || incident.IsTest ? null : restartsClock ? deadlines.DeadlineFor(incident.Level, state.Value, now) : incident.DeadlineAt;
        var changed = incident with { State = state.Value, Tier = tier, Assignee = assignee, DeadlineAt = deadline, UpdatedAt = now };
        try
        {
            if (!await store.TryChangeAsync(incident, changed, person.Login, ApiNames.Of(action), note, ct).ConfigureAwait(false))
                return ActionResult.Refused(ActionOutcome.Conflict, "the incident changed meanwhile; reload it and try again");
        }
        catch (OpenIncidentExistsException e)
        {
            return ActionResult.Refused(ActionOutcome.Conflict, e.Message);
        }
        feed.Publish(IncidentFeed.Updated, changed);
        return new ActionResult(ActionOutcome.Done, changed, null);
    }
}
