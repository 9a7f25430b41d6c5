using TemporalFlow.Core.Incidents;

namespace TemporalFlow.Core.Ports;

/// <summary>Where incidents and their timelines are kept. Every write is idempotent: a retried activity changes nothing twice.</summary>
public interface IIncidentStore
{
    /// <summary>Creates the incident (once) and returns its human-readable number, the same on every call.</summary>
    Task<string> OpenAsync(IncidentOpening opening, CancellationToken cancellationToken);

    /// <summary>Saves the incident's current state and timeline entries not stored yet.</summary>
    Task SaveAsync(IncidentSnapshot snapshot, IReadOnlyList<TimelineEntry> entries, CancellationToken cancellationToken);

    Task<IncidentSnapshot?> FindAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>The incidents not resolved yet, newest first.</summary>
    Task<IReadOnlyList<IncidentListing>> ListUnresolvedAsync(int count, CancellationToken cancellationToken);

    /// <summary>One incident by its number (<c>INC-000123</c>, any case) or its id.</summary>
    Task<IncidentListing?> FindListingAsync(string numberOrId, CancellationToken cancellationToken);

    Task<IReadOnlyList<TimelineEntry>> TimelineAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>Claims a notification (incident, level, channel); false when it was sent already.</summary>
    Task<bool> ClaimNotificationAsync(string incidentId, int level, string channel, CancellationToken cancellationToken);

    Task MarkNotificationSentAsync(string incidentId, int level, string channel, CancellationToken cancellationToken);
}

/// <summary>An incident as listed: its state as stored, its severity once classified (null before), when it was opened.</summary>
public sealed record IncidentListing(string IncidentId, string Number, string State, string? Severity, string Title, string? Service, int EscalationLevel,
    DateTimeOffset OpenedAt);

/// <summary>A channel incidents are announced on (structured log, chat webhook, ...).</summary>
public interface INotifier
{
    string Channel { get; }

    Task NotifyAsync(IncidentNotification notification, CancellationToken cancellationToken);
}
