namespace TemporalFlow.Chat.Tools;

public sealed record IncidentSummary(string Number, string IncidentId, string State, string? Severity, string Title, string? Service, int EscalationLevel,
    DateTimeOffset OpenedAt);

public sealed record TimelineLine(DateTimeOffset At, string Kind, string? Actor, string Note);

public sealed record IncidentDetails(IncidentSummary Incident, List<TimelineLine> Timeline);

public sealed record WorkflowSummary(string WorkflowId, string WorkflowType, string Status, DateTime StartTime, DateTime? CloseTime);

/// <summary>Why an event went where it went: the ledger's row, with the rule and configuration version that decided.</summary>
public sealed record RoutingExplanation(string EventId, string EventType, string? Source, string Status, string? Rule, string? WorkflowId, string? Reason,
    string? ConfigurationVersion, DateTimeOffset ReceivedAt);

public sealed record DeadLetterSummary(string EventId, string EventType, string? Source, string Status, string? Reason, DateTimeOffset ReceivedAt);

public sealed record RouteLine(string Match, string Workflow, string WorkflowType, string TaskQueue, bool Enabled);

public sealed record RoutingTableView(string Version, List<RouteLine> Routes, string? Default, string Origin);

/// <summary>What an action did (or why it did not).</summary>
public sealed record ActionOutcome(bool Done, string Message);
