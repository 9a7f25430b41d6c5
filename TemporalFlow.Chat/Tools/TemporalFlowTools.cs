using Npgsql;
using Temporalio.Client;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Chat.Tools;

/// <summary>
/// What the assistant can look at and do, from live state: PostgreSQL (incidents, ledger) and Temporal (workflows, the
/// orchestrator's queries and signals). Both modes call exactly these methods; the actions run only after a confirmation.
/// </summary>
public sealed partial class TemporalFlowTools(NpgsqlDataSource database, ITemporalClient temporal, IEventDelivery delivery, OrchestratorShards shards,
    ILogger<TemporalFlowTools> logger)
{
    public const int MaxRows = 20;

    private static DateTimeOffset At(NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private IEnumerable<string> OrchestratorIds() => Enumerable.Range(0, shards.Count).Select(k => $"{OrchestratorShards.WorkflowIdPrefix}{k}");
}
