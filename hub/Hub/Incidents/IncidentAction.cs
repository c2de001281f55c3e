namespace EdgeSecurity.Hub.Incidents;

/// <summary>What a person can do to an incident; each is one entry of its audit trail.</summary>
public enum IncidentAction { Acknowledge, Dispatch, Arrive, Resolve, FalseAlarm, Review, Close, Reopen, Escalate, Note }

/// <summary>A person's request to act on an incident, as the API receives it.</summary>
public sealed record IncidentActionRequest(string? Action, string? Note, string? Assignee);
