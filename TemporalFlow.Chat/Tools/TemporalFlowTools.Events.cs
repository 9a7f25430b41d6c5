using System.ComponentModel;
using System.Text.Json;
using TemporalFlow.Core.Events;

namespace TemporalFlow.Chat.Tools;

public sealed partial class TemporalFlowTools
{
    [Description("Why an event went where it went (or why it went nowhere): by event id, or by the workflow id it started.")]
    public async Task<RoutingExplanation?> ExplainRoutingAsync([Description("an event id (evt-…) or a workflow id (incident-…, document-…)")] string id,
        CancellationToken cancellationToken = default)
    {
        var key = id.Trim();
        var row = await ledger.FindAsync(key, cancellationToken) ?? await ledger.FindByWorkflowAsync(key, cancellationToken);
        return row is null
            ? null
            : new RoutingExplanation(row.EventId, row.EventType, row.Source, row.Status, row.Route, row.WorkflowId, row.Reason, row.ConfigurationVersion,
                row.ReceivedAt);
    }

    [Description("The latest dead letters: events that were invalid (rejected) or that no route takes (dead-lettered), with the reason.")]
    public async Task<List<DeadLetterSummary>> ListDeadLettersAsync(CancellationToken cancellationToken = default) =>
        [.. (await ledger.LatestUnroutedAsync(MaxRows, cancellationToken))
            .Select(row => new DeadLetterSummary(row.EventId, row.EventType, row.Source, row.Status, row.Reason, row.ReceivedAt))];

    /// <summary>Routes dead letters again (all, or the given event ids) at <paramref name="actor"/>'s request, which is logged.</summary>
    public async Task<ActionOutcome> RedriveDeadLettersAsync(List<string>? eventIds, string actor, CancellationToken cancellationToken = default)
    {
        var input = new Dictionary<string, object?> { ["eventIds"] = eventIds is { Count: > 0 } ? eventIds : null };
        var signalled = 0;
        foreach (var id in OrchestratorIds())
        {
            try
            {
                await temporal.GetWorkflowHandle(id).SignalAsync("redrive_dead_letters", [input], new() { Rpc = new() { CancellationToken = cancellationToken } });
                signalled++;
            }
            catch (Temporalio.Exceptions.RpcException ex) when (ex.Code == Temporalio.Exceptions.RpcException.StatusCode.NotFound)
            {
                // this shard has not started: it holds no dead letters
            }
        }
        var which = eventIds is { Count: > 0 } ? string.Join(", ", eventIds) : "all dead letters";
        LogRedrive(logger, which, actor, signalled);
        return signalled == 0
            ? new ActionOutcome(false, "No orchestrator is running, so there is nothing to re-drive.")
            : new ActionOutcome(true, $"Asked {signalled} orchestrator(s) to re-drive {which}; the ledger shows each event's new status.");
    }

    /// <summary>Sends a test event through the orchestrator (as a listener would) at <paramref name="actor"/>'s request, recorded in the event and the log.</summary>
    public async Task<ActionOutcome> SendTestEventAsync(string eventType, string message, string actor, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.SerializeToElement(new { eventType, source = "chat", message, sentBy = actor, eventId = $"chat-{Guid.NewGuid():N}" });
        var parsed = EventParser.Parse(json, DateTimeOffset.UtcNow);
        if (parsed.Event is not { } flowEvent || !parsed.IsValid)
        {
            return new ActionOutcome(false, $"That event is not valid: {parsed.Reason}");
        }
        var receipt = await delivery.DeliverAsync(flowEvent, cancellationToken);
        LogTestEvent(logger, receipt.EventId, eventType, actor);
        return new ActionOutcome(true, $"Sent {eventType} event {receipt.EventId} to {receipt.OrchestratorWorkflowId}.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-drive of {Which} asked in the chat by {Actor}: {Signalled} orchestrator(s) signalled")]
    private static partial void LogRedrive(ILogger logger, string which, string actor, int signalled);

    [LoggerMessage(Level = LogLevel.Information, Message = "Test event {EventId} ({EventType}) sent from the chat by {Actor}")]
    private static partial void LogTestEvent(ILogger logger, string eventId, string eventType, string actor);
}
