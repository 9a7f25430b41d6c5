using Microsoft.Extensions.Options;
using TemporalFlow.Core.Incidents;
using TemporalFlow.Core.Ports;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace TemporalFlow.Workflows.Incident.Activities;

/// <summary>Classification and analysis of the incident's text.</summary>
public sealed record AnalysisResult(Classification Classification, IncidentAnalysis Analysis);

/// <summary>The incident workflow's side effects. Each is idempotent: retried, it changes nothing twice and notifies once per level.</summary>
public sealed class IncidentActivities(IOptions<IncidentSettings> settings, IIncidentStore store, IEnumerable<INotifier> notifiers)
{
    [Activity("LoadIncidentSettings")]
    public IncidentSettings LoadSettings() => settings.Value;

    [Activity("OpenIncident")]
    public Task<string> OpenAsync(IncidentOpening opening) => store.OpenAsync(opening, ActivityExecutionContext.Current.CancellationToken);

    /// <summary>Severity (from the event, else the configured rules) and the facts the text carries.</summary>
    [Activity("AnalyzeIncident")]
    public AnalysisResult Analyze(string? givenSeverity, string text, string? source, string? service) => new(
        IncidentClassifier.Classify(givenSeverity, text, source, service, settings.Value.Classification),
        IncidentAnalyzer.Analyze(text));

    [Activity("SaveIncident")]
    public Task SaveAsync(IncidentSnapshot snapshot, List<TimelineEntry> entries) =>
        store.SaveAsync(snapshot, entries, ActivityExecutionContext.Current.CancellationToken);

    /// <summary>Sends a level's notification on every configured channel not sent yet; a failing channel fails the attempt (and is retried).</summary>
    [Activity("NotifyIncident")]
    public async Task<List<string>> NotifyAsync(IncidentNotification notification)
    {
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        var sent = new List<string>();
        foreach (var channel in settings.Value.Notifiers)
        {
            var notifier = notifiers.FirstOrDefault(n => string.Equals(n.Channel, channel, StringComparison.OrdinalIgnoreCase))
                ?? throw new ApplicationFailureException($"No notifier named '{channel}' is registered; use log or webhook.", nonRetryable: true);
            if (!await store.ClaimNotificationAsync(notification.IncidentId, notification.Level, notifier.Channel, cancellationToken))
            {
                continue; // sent by an earlier attempt
            }
            await notifier.NotifyAsync(notification, cancellationToken);
            await store.MarkNotificationSentAsync(notification.IncidentId, notification.Level, notifier.Channel, cancellationToken);
            sent.Add(notifier.Channel);
        }
        return sent;
    }
}
