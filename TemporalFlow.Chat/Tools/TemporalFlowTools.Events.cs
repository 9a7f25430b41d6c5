using System.ComponentModel;
using System.Text.Json;
using Npgsql;
using TemporalFlow.Core.Events;

namespace TemporalFlow.Chat.Tools;

public sealed partial class TemporalFlowTools
{
    private const string LedgerColumns = "event_id, event_type, source, status, route, workflow_id, reason, config_version, received_at";

    [Description("Why an event went where it went (or why it went nowhere): by event id, or by the workflow id it started.")]
    public async Task<RoutingExplanation?> ExplainRoutingAsync([Description("an event id (evt-…) or a workflow id (incident-…, document-…)")] string id,
        CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"SELECT {LedgerColumns} FROM event_ledger WHERE event_id = $1 OR workflow_id = $1 LIMIT 1");
        command.Parameters.Add(new() { Value = id.Trim() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new RoutingExplanation(reader.GetString(0), reader.GetString(1), Text(reader, 2), reader.GetString(3), Text(reader, 4), Text(reader, 5), Text(reader, 6),
                Text(reader, 7), At(reader, 8))
            : null;
    }

    [Description("The latest dead letters: events that were invalid (rejected) or that no route takes (dead-lettered), with the reason.")]
    public async Task<List<DeadLetterSummary>> ListDeadLettersAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            $"SELECT event_id, event_type, source, status, reason, received_at FROM event_ledger WHERE status <> 'routed' ORDER BY received_at DESC LIMIT {MaxRows}");
        var letters = new List<DeadLetterSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            letters.Add(new DeadLetterSummary(reader.GetString(0), reader.GetString(1), Text(reader, 2), reader.GetString(3), Text(reader, 4), At(reader, 5)));
        }
        return letters;
    }

    [Description("Routes dead letters again (after the routing was fixed): all of them, or the given event ids. An action: runs only after the user confirms.")]
    public async Task<ActionOutcome> RedriveDeadLettersAsync([Description("event ids, or empty for all")] List<string>? eventIds = null,
        CancellationToken cancellationToken = default)
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
        return signalled == 0
            ? new ActionOutcome(false, "No orchestrator is running, so there is nothing to re-drive.")
            : new ActionOutcome(true, $"Asked {signalled} orchestrator(s) to re-drive {which}; the ledger shows each event's new status.");
    }

    [Description("Sends a test event through the orchestrator (as a listener would). An action: runs only after the user confirms.")]
    public async Task<ActionOutcome> SendTestEventAsync([Description("incident, document-added, data-processing, …")] string eventType,
        [Description("the message (for incidents) or a note")] string message, CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.SerializeToElement(new { eventType, source = "chat", message, eventId = $"chat-{Guid.NewGuid():N}" });
        var parsed = EventParser.Parse(json, DateTimeOffset.UtcNow);
        if (parsed.Event is not { } flowEvent || !parsed.IsValid)
        {
            return new ActionOutcome(false, $"That event is not valid: {parsed.Reason}");
        }
        var receipt = await delivery.DeliverAsync(flowEvent, cancellationToken);
        return new ActionOutcome(true, $"Sent {eventType} event {receipt.EventId} to {receipt.OrchestratorWorkflowId}.");
    }
}
