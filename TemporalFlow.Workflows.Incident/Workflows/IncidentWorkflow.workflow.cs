using System.Text.Json;
using TemporalFlow.Core;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Incidents;
using TemporalFlow.Workflows.Incident.Activities;
using Temporalio.Common;
using Temporalio.Workflows;

namespace TemporalFlow.Workflows.Incident.Workflows;

/// <summary>
/// An incident from the routed event to resolution: open (with a stable number), classify, analyse, notify, escalate level by
/// level while nobody acknowledges, then wait for <c>resolve</c> (or resolve itself after a quiet period, when configured).
/// Every step lands in the timeline, in the <c>status</c> query and in PostgreSQL. Content never fails the workflow.
/// </summary>
[Workflow(WorkflowTypes.Incident)]
public sealed partial class IncidentWorkflow
{
    private const int MaxTitleLength = 500;
    private const int MaxTextLength = 20_000;
    private const string SaveEveryEntryPatch = "incident-save-every-entry";
    private const string ContinueAsNewPatch = "incident-continue-as-new";
    private const int TimelineKept = 200; // entries kept in the workflow (and shown by status); all are in PostgreSQL

    private readonly List<TimelineEntry> timeline = [];
    private int dropped; // saved entries no longer kept here: timeline[0] is entry dropped + 1
    private int saved;
    private IncidentSnapshot snapshot = new("", "", IncidentStates.Open, IncidentSeverity.Medium, "", 0, "", null, null, null, null, null, null);
    private bool acknowledged;
    private bool resolved;
    private int updates;
    private JsonElement startedWith;
    private IncidentSettings settings = new();
    private DateTime? escalateAt; // the end of the acknowledgement window being waited in

    /// <summary>
    /// Runs the incident; <paramref name="carried"/> is set in a run that continued an earlier one (thousands of updates make
    /// a long history), which takes up where that one stopped.
    /// </summary>
    [WorkflowRun]
    public async Task<IncidentResult> RunAsync(JsonElement incidentEvent, IncidentCarryOver? carried = null)
    {
        startedWith = incidentEvent;
        settings = await Workflow.ExecuteActivityAsync((IncidentActivities a) => a.LoadSettings(), Options);
        if (carried is null)
        {
            await OpenAsync(incidentEvent);
            await EscalateUntilAcknowledgedAsync(settings.ScheduleFor(snapshot.Severity), resumeUntil: null);
        }
        else
        {
            TakeOver(carried);
            if (carried.EscalateAt is { } until)
            {
                await EscalateUntilAcknowledgedAsync(settings.ScheduleFor(snapshot.Severity), until);
            }
            else
            {
                await WaitAsync(() => acknowledged || resolved, null); // past the last level: an acknowledgement comes first
            }
        }
        escalateAt = null;
        await WaitForResolutionAsync(settings.AutoResolveAfterQuiet);
        await SaveAsync();
        if (Workflow.Patched(SaveEveryEntryPatch))
        {
            // Updates that arrived while the last save ran are saved too; runs from before replay as they ran.
            while (saved < Entries)
            {
                await SaveAsync();
            }
        }
        return new IncidentResult(snapshot.Number, snapshot.Severity, snapshot.EscalationLevel, snapshot.ResolvedBy);
    }

    /// <summary>Opens, classifies and analyses the incident: the first run's work.</summary>
    private async Task OpenAsync(JsonElement incidentEvent)
    {
        var (title, text, source, service, givenSeverity, eventId) = Read(incidentEvent);

        var number = await Workflow.ExecuteActivityAsync((IncidentActivities a) => a.OpenAsync(
            new IncidentOpening(Workflow.Info.WorkflowId, eventId, title, source, service, Workflow.UtcNow)), Options);
        snapshot = snapshot with { IncidentId = Workflow.Info.WorkflowId, Number = number, Title = title, Source = source, Service = service };
        Add("opened", null, $"{number} opened from event {eventId}: {title}");

        var analysis = await Workflow.ExecuteActivityAsync((IncidentActivities a) => a.Analyze(givenSeverity, text, source, service), Options);
        snapshot = snapshot with { Severity = analysis.Classification.Severity, ClassifiedBy = analysis.Classification.Rule, Analysis = analysis.Analysis };
        if (givenSeverity is not null && analysis.Classification.Rule != "event severity")
        {
            Add("note", null, $"the event's severity '{Shorten(givenSeverity, 40)}' is not known; classified by rules instead");
        }
        Add("classified", null, $"severity {snapshot.Severity.ToString().ToLowerInvariant()} by {snapshot.ClassifiedBy}");
        Add("analysed", null, Describe(analysis.Analysis));
        await SaveAsync();
    }

    [WorkflowSignal("acknowledge")]
    public Task AcknowledgeAsync(AcknowledgeRequest request)
    {
        if (acknowledged || resolved)
        {
            return Task.CompletedTask; // a repeated acknowledgement changes nothing
        }
        acknowledged = true;
        var who = Who(request.Who);
        snapshot = snapshot with { State = IncidentStates.Acknowledged, AcknowledgedBy = who };
        Add("acknowledged", who, Shorten(request.Note ?? "acknowledged", 2000));
        return Task.CompletedTask;
    }

    [WorkflowSignal("resolve")]
    public Task ResolveAsync(ResolveRequest request)
    {
        if (!resolved)
        {
            Resolve(Who(request.Who), Shorten(request.Resolution ?? "resolved", 2000));
        }
        return Task.CompletedTask;
    }

    [WorkflowSignal("update")]
    public Task UpdateAsync(UpdateRequest request)
    {
        updates++;
        Add("update", Who(request.Who), Shorten(request.Note ?? "", 2000));
        return Task.CompletedTask;
    }

    [WorkflowQuery("status")]
    public IncidentStatus Status() => new(snapshot, timeline, Entries);

    private static ActivityOptions Options => new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromMinutes(1) },
    };

    /// <summary>
    /// Notifies at level 0, then one level up each time the acknowledgement window passes, up to the schedule's levels. A
    /// continued run resumes in the window it was waiting in (<paramref name="resumeUntil"/>), without notifying again.
    /// </summary>
    private async Task EscalateUntilAcknowledgedAsync(EscalationSchedule schedule, DateTime? resumeUntil)
    {
        if (resumeUntil is null)
        {
            await NotifyAsync();
        }
        while (!acknowledged && !resolved && snapshot.EscalationLevel < schedule.Levels)
        {
            escalateAt = resumeUntil ?? Workflow.UtcNow + schedule.AcknowledgeWithin;
            resumeUntil = null;
            if (await WaitAsync(() => acknowledged || resolved, escalateAt.Value - Workflow.UtcNow))
            {
                return;
            }
            snapshot = snapshot with { EscalationLevel = snapshot.EscalationLevel + 1 };
            Add("escalated", null, $"not acknowledged within {schedule.AcknowledgeWithin}: escalated to level {snapshot.EscalationLevel}");
            await NotifyAsync();
        }
        escalateAt = null;
        await WaitAsync(() => acknowledged || resolved, null);
    }

    private async Task WaitForResolutionAsync(TimeSpan? autoResolveAfterQuiet)
    {
        while (!resolved)
        {
            var seen = updates;
            var changed = await WaitAsync(() => resolved || updates != seen, autoResolveAfterQuiet);
            if (!changed && autoResolveAfterQuiet is { } quiet)
            {
                Resolve("auto-resolve", $"no updates for {quiet}");
            }
        }
    }

    private async Task NotifyAsync()
    {
        var level = snapshot.EscalationLevel;
        var channels = await Workflow.ExecuteActivityAsync((IncidentActivities a) => a.NotifyAsync(new IncidentNotification(
            snapshot.IncidentId, snapshot.Number, snapshot.Severity, level, snapshot.Title, snapshot.Service, snapshot.Source)), Options);
        Add("notified", null, channels.Count > 0 ? $"level {level} sent on {string.Join(", ", channels)}" : $"level {level} was sent before");
        await SaveAsync();
    }

    /// <summary>Waits for a condition (or the timeout), saving timeline entries that signals add meanwhile. True if the condition held.</summary>
    private async Task<bool> WaitAsync(Func<bool> condition, TimeSpan? timeout)
    {
        var deadline = timeout is { } t ? Workflow.UtcNow + t : (DateTime?)null;
        while (true)
        {
            ContinueAsNewIfLong(condition()); // the moment between two waits, with everything saved
            var remaining = deadline - Workflow.UtcNow;
            if (remaining is { } r && r <= TimeSpan.Zero)
            {
                return condition();
            }
            var woke = true;
            if (remaining is { } left)
            {
                woke = await Workflow.WaitConditionAsync(() => condition() || saved < Entries, left);
            }
            else
            {
                await Workflow.WaitConditionAsync(() => condition() || saved < Entries);
            }
            await SaveAsync();
            if (condition())
            {
                return true;
            }
            if (!woke)
            {
                return false;
            }
        }
    }
}
