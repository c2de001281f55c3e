using EdgeSecurity.Hub.Incidents;
using EdgeSecurity.Hub.Incidents.Escalation;
using EdgeSecurity.Upstream.Governance;

namespace EdgeSecurity.Hub.Forwarding;

public enum ApplyOutcome { Applied, UnknownIncident, Quarantined }

/// <summary>
/// Moves an incident through the loop as the governance centre reports it, as the actor <see cref="Actor"/>: accepted
/// → acknowledged, dispatched → dispatched, resolved → resolved, closed → reviewed and closed. Each step is a move of
/// <see cref="IncidentTransitions"/> stored by <see cref="IncidentStore.TryChangeAsync"/> with its audit entry, the
/// steps in between taken in order (a reported incident the centre resolved is acknowledged first). A status the
/// incident has already reached or passed never moves it back: it is kept as a note.
/// </summary>
public sealed class CentreStatusApplier(IncidentStore store, IncidentFeed feed, DeadlinePolicy deadlines, TimeProvider clock)
{
    public const string Actor = "governance-centre";

    private const int MaxAttempts = 5;

    public async Task<ApplyOutcome> ApplyAsync(StatusUpdate update, string upstream, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!Guid.TryParse(update.IncidentId, out var id))
            return ApplyOutcome.UnknownIncident;
        var note = Note(update, upstream);
        for (var attempt = 0; attempt < MaxAttempts;)
        {
            var incident = await store.FindAsync(id, ct).ConfigureAwait(false);
            if (incident is null)
                return ApplyOutcome.UnknownIncident;
            if (incident.Quarantine is not null)
                return ApplyOutcome.Quarantined;
            var action = NextAction(incident.State, update.Status);
            var (state, _) = IncidentTransitions.Next(incident.State, action);
            var now = clock.GetUtcNow();
            var next = state!.Value;
            var deadline = !next.IsOpen() ? null : next != incident.State ? deadlines.DeadlineFor(incident.Level, next, now) : incident.DeadlineAt;
            var changed = incident with { State = next, DeadlineAt = deadline, UpdatedAt = now };
            if (!await store.TryChangeAsync(incident, changed, Actor, ApiNames.Of(action), note, ct).ConfigureAwait(false))
            {
                attempt++;
                continue;
            }
            feed.Publish(IncidentFeed.Updated, changed);
            if (action == IncidentAction.Note || Reached(next, update.Status))
                return ApplyOutcome.Applied;
        }
        throw new InvalidOperationException($"Incident {id} kept changing while the centre's status '{StatusUpdateFormat.StatusName(update.Status)}' was applied.");
    }

    private static string Note(StatusUpdate update, string upstream)
    {
        var reference = update.CentreReference is null ? "" : $" ({update.CentreReference})";
        var words = update.Note is null ? "" : $": {update.Note}";
        return $"治理中心 {upstream}{reference} {StatusUpdateFormat.StatusName(update.Status)}{words}";
    }

    /// <summary>The step towards the centre's status, or a note when the incident is already there or beyond.</summary>
    private static IncidentAction NextAction(IncidentState state, CentreStatus status)
    {
        if (Reached(state, status))
            return IncidentAction.Note;
        return state switch
        {
            IncidentState.Reported => IncidentAction.Acknowledge,
            IncidentState.Acknowledged or IncidentState.Dispatched or IncidentState.OnSite =>
                status == CentreStatus.Dispatched ? IncidentAction.Dispatch : IncidentAction.Resolve,
            IncidentState.Resolved or IncidentState.FalseAlarm => IncidentAction.Review,
            _ => IncidentAction.Close,
        };
    }

    private static bool Reached(IncidentState state, CentreStatus status) => Rank(state) >= status switch
    {
        CentreStatus.Accepted => Rank(IncidentState.Acknowledged),
        CentreStatus.Dispatched => Rank(IncidentState.Dispatched),
        CentreStatus.Resolved => Rank(IncidentState.Resolved),
        _ => Rank(IncidentState.Closed),
    };

    // False alarm ranks with resolved: both settle the incident.
    private static int Rank(IncidentState state) => state == IncidentState.FalseAlarm ? (int)IncidentState.Resolved : (int)state;
}
