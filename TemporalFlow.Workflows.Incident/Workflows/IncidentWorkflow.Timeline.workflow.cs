using System.Text.Json;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Incidents;
using TemporalFlow.Workflows.Incident.Activities;
using Temporalio.Workflows;

namespace TemporalFlow.Workflows.Incident.Workflows;

public sealed partial class IncidentWorkflow
{
    private void Resolve(string who, string resolution)
    {
        resolved = true;
        snapshot = snapshot with { State = IncidentStates.Resolved, ResolvedBy = who, Resolution = resolution };
        Add("resolved", who, resolution);
    }

    /// <summary>Timeline entries so far, in this run and the runs it continues.</summary>
    private int Entries => dropped + timeline.Count;

    private void Add(string kind, string? actor, string note) =>
        timeline.Add(new TimelineEntry(Entries + 1, Workflow.UtcNow, kind, actor, note));

    /// <summary>
    /// Writes the incident and the timeline entries not written yet (idempotently, so a retry is harmless), then forgets the
    /// oldest saved entries beyond the last <see cref="TimelineKept"/>.
    /// </summary>
    private async Task SaveAsync()
    {
        if (saved == Entries && saved > 0)
        {
            return;
        }
        var entries = timeline.Skip(saved - dropped).ToList();
        var state = snapshot;
        await Workflow.ExecuteActivityAsync((IncidentActivities a) => a.SaveAsync(state, entries), Options);
        saved += entries.Count;
        var forget = Math.Min(timeline.Count - TimelineKept, saved - dropped);
        if (forget > 0)
        {
            timeline.RemoveRange(0, forget);
            dropped += forget;
        }
    }

    /// <summary>
    /// Continues as new once the history is long (Temporal suggests it, or <see cref="IncidentSettings.ContinueAsNewAfterEvents"/>),
    /// between two waits while the condition waited for does not hold yet; entries not saved yet travel with the incident.
    /// Runs from before this change replay as they ran.
    /// </summary>
    private void ContinueAsNewIfLong(bool waitIsOver)
    {
        if (waitIsOver || !Workflow.AllHandlersFinished
            || !(Workflow.ContinueAsNewSuggested || Workflow.CurrentHistoryLength >= settings.ContinueAsNewAfterEvents)
            || !Workflow.Patched(ContinueAsNewPatch))
        {
            return;
        }
        var next = new IncidentCarryOver(snapshot, [.. timeline], Entries, saved, acknowledged, updates, escalateAt);
        var incidentEvent = startedWith;
        throw Workflow.CreateContinueAsNewException((IncidentWorkflow w) => w.RunAsync(incidentEvent, next));
    }

    /// <summary>Takes up the incident where the run before this one stopped.</summary>
    private void TakeOver(IncidentCarryOver carried)
    {
        snapshot = carried.Incident;
        timeline.AddRange(carried.Timeline);
        dropped = carried.TimelineEntries - carried.Timeline.Count;
        saved = carried.Saved;
        acknowledged = carried.Acknowledged;
        updates = carried.Updates;
    }

    /// <summary>The fields an incident needs, tolerating any content: missing or oversized values become notes, never failures.</summary>
    private (string Title, string Text, string? Source, string? Service, string? Severity, string EventId) Read(JsonElement incidentEvent)
    {
        string? Field(string name) => incidentEvent.ValueKind == JsonValueKind.Object && incidentEvent.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : v.GetRawText()
            : null;

        var eventId = Field(EventFields.EventId) ?? EventIds.Derive(incidentEvent);
        var message = Field("message");
        if (string.IsNullOrWhiteSpace(message))
        {
            Add("note", null, "the event has no message");
            message = $"(no message) {Field(EventFields.EventType) ?? "incident"} from {Field(EventFields.Source) ?? "unknown source"}";
        }
        var details = Field("details");
        var text = details is null ? message : $"{message}\n{details}";
        if (text.Length > MaxTextLength)
        {
            Add("note", null, $"the event's text is {text.Length} characters; the first {MaxTextLength} were analysed");
            text = text[..MaxTextLength];
        }
        return (Shorten(message, MaxTitleLength), text, Field(EventFields.Source), Field("service"), Field("severity"), eventId);
    }

    private static string Describe(IncidentAnalysis analysis)
    {
        var parts = new List<string>();
        if (analysis.ErrorCodes.Count > 0)
        {
            parts.Add($"error codes {string.Join(", ", analysis.ErrorCodes)}");
        }
        if (analysis.Hosts.Count > 0)
        {
            parts.Add($"hosts {string.Join(", ", analysis.Hosts)}");
        }
        if (analysis.Counts.Count > 0)
        {
            parts.Add(string.Join(", ", analysis.Counts.Select(c => $"{c.Value} {c.Key}(s)")));
        }
        return parts.Count > 0 ? string.Join("; ", parts) : "no error codes, hosts or counts found";
    }

    private static string Who(string? who) => string.IsNullOrWhiteSpace(who) ? "unknown" : Shorten(who.Trim(), 200);

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
