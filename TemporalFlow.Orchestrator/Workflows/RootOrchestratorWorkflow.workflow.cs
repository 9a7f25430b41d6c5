using System.Text.Json;
using Temporalio.Workflows;

namespace TemporalFlow.Orchestrator.Workflows;

/// <summary>Input of a manually or automatically started orchestrator; <c>--input '{}'</c> is valid.</summary>
public sealed record RootOrchestratorInput;

/// <summary>Receives events through the <c>trigger</c> signal and handles them in order, for as long as it runs.</summary>
[Workflow("RootOrchestratorWorkflow")]
public sealed class RootOrchestratorWorkflow
{
    private readonly Queue<JsonElement> pending = new();
    private readonly Dictionary<string, int> receivedByType = new(StringComparer.OrdinalIgnoreCase);

    [WorkflowRun]
    public async Task RunAsync(RootOrchestratorInput? input)
    {
        while (true)
        {
            await Workflow.WaitConditionAsync(() => pending.Count > 0);
            var next = pending.Dequeue();
            var type = next.ValueKind == JsonValueKind.Object && next.TryGetProperty("eventType", out var t) && t.ValueKind == JsonValueKind.String
                ? t.GetString()!
                : "(none)";
            receivedByType[type] = receivedByType.GetValueOrDefault(type) + 1;
        }
    }

    [WorkflowSignal("trigger")]
    public Task TriggerAsync(JsonElement triggerEvent)
    {
        pending.Enqueue(triggerEvent.Clone());
        return Task.CompletedTask;
    }

    [WorkflowQuery("stats")]
    public IReadOnlyDictionary<string, int> Stats() => receivedByType;
}
