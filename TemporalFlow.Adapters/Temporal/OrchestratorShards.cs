using TemporalFlow.Core.Events;

namespace TemporalFlow.Adapters.Temporal;

/// <summary>
/// The orchestrator instances events are spread over: <c>root-orchestrator-0</c> … <c>root-orchestrator-(N-1)</c>.
/// One Temporal workflow sustains only a few signals a second; N instances raise the ceiling N-fold.
/// </summary>
public sealed record OrchestratorShards(int Count)
{
    public const string SectionName = "Orchestrator:Shards";
    public const string WorkflowIdPrefix = "root-orchestrator-";

    public string WorkflowIdFor(string eventId) => $"{WorkflowIdPrefix}{EventIds.Shard(eventId, Count)}";
}
