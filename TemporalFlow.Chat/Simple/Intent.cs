namespace TemporalFlow.Chat.Simple;

/// <summary>What the user asked for, as the rules understood it, with the ids and values found in the message.</summary>
public abstract record Intent
{
    public sealed record OpenIncidents : Intent;

    public sealed record IncidentStatus(string Incident) : Intent;

    public sealed record Acknowledge(string Incident) : Intent;

    public sealed record Resolve(string Incident, string Resolution) : Intent;

    public sealed record Workflows(string Status, DateTimeOffset? Since) : Intent;

    public sealed record WhyRouted(string Id) : Intent;

    public sealed record DeadLetters : Intent;

    public sealed record Redrive(List<string> EventIds) : Intent;

    public sealed record RoutingTable : Intent;

    public sealed record SendTestEvent(string EventType, string Message) : Intent;

    public sealed record Confirm : Intent;

    public sealed record Help : Intent;

    /// <summary>Not understood; <paramref name="Hint"/> says what was missing when the message was close.</summary>
    public sealed record Unknown(string? Hint) : Intent;
}
