using Npgsql;
using NpgsqlTypes;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Adapters.Postgres;

/// <summary>
/// The event ledger in PostgreSQL: an upsert per event id, so a retried activity writes the same rows again. A batch is one
/// statement over arrays (parsed and planned once, not once per row). Also the delivery port's claim check: received events
/// are inserted (never updated: the listeners' role may only insert) before the orchestrator hears of them.
/// </summary>
public sealed class PostgresEventLedger(NpgsqlDataSource dataSource) : IEventLedger, IReceivedEvents
{
    private const string Keep = """
            INSERT INTO event_ledger (event_id, source, event_type, payload, received_at, status)
            SELECT event_id, source, event_type, payload, received_at, 'received'
            FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[]) AS kept (event_id, source, event_type, payload, received_at)
            ON CONFLICT (event_id) DO NOTHING
            """;

    private const string Upsert = """
            INSERT INTO event_ledger (event_id, source, event_type, payload, received_at, status, route, workflow_id, reason, config_version)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
            ON CONFLICT (event_id) DO UPDATE SET
                status = EXCLUDED.status, route = EXCLUDED.route, workflow_id = EXCLUDED.workflow_id,
                reason = EXCLUDED.reason, config_version = EXCLUDED.config_version, updated_at = now()
            """;

    public async Task RecordAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        // One statement may not update a row twice: of an id given twice, the last entry wins, as it would row by row.
        var rows = entries.GroupBy(entry => entry.EventId, StringComparer.Ordinal).Select(ids => ids.Last()).ToList();
        if (rows.Count == 0)
        {
            return;
        }
        await using var command = dataSource.CreateCommand(Upsert);
        EventColumns(command, rows);
        Column(command, NpgsqlDbType.Text, rows.Select(r => r.Status));
        Column(command, NpgsqlDbType.Text, rows.Select(r => r.Route));
        Column(command, NpgsqlDbType.Text, rows.Select(r => r.WorkflowId));
        Column(command, NpgsqlDbType.Text, rows.Select(r => r.Reason));
        Column(command, NpgsqlDbType.Text, rows.Select(r => r.ConfigurationVersion));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task KeepAsync(IReadOnlyList<LedgerEntry> received, CancellationToken cancellationToken)
    {
        var rows = received.DistinctBy(e => e.EventId, StringComparer.Ordinal).ToList();
        if (rows.Count == 0)
        {
            return;
        }
        await using var command = dataSource.CreateCommand(Keep);
        EventColumns(command, rows);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The columns both statements start with: what arrived ($1–$5). A decision without a payload sends JSON null, which a row that exists ignores.</summary>
    private static void EventColumns(NpgsqlCommand command, List<LedgerEntry> rows)
    {
        Column(command, NpgsqlDbType.Text, rows.Select(r => r.EventId));
        Column(command, NpgsqlDbType.Text, rows.Select(r => r.Source));
        Column(command, NpgsqlDbType.Text, rows.Select(r => r.EventType));
        Column(command, NpgsqlDbType.Jsonb, rows.Select(r => r.PayloadJson ?? "null"));
        Column(command, NpgsqlDbType.TimestampTz, rows.Select(r => r.ReceivedAt.UtcDateTime));
    }

    private static void Column<T>(NpgsqlCommand command, NpgsqlDbType type, IEnumerable<T> values) =>
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | type, Value = values.ToArray() });

    public async Task<LedgerEntry?> FindAsync(string eventId, CancellationToken cancellationToken) =>
        await ReadAsync($"{Select} WHERE event_id = $1", eventId, cancellationToken) is [var row, ..] ? row : null;

    public Task<IReadOnlyList<LedgerEntry>> FindManyAsync(IReadOnlyList<string> eventIds, CancellationToken cancellationToken) =>
        ReadAsync($"{Select} WHERE event_id = ANY($1)", eventIds.ToArray(), cancellationToken);

    public async Task<LedgerEntry?> FindByWorkflowAsync(string workflowId, CancellationToken cancellationToken) =>
        await ReadAsync($"{Select} WHERE workflow_id = $1 LIMIT 1", workflowId, cancellationToken) is [var row, ..] ? row : null;

    public Task<IReadOnlyList<LedgerEntry>> LatestUnroutedAsync(int count, CancellationToken cancellationToken) =>
        ReadAsync($"{Select} WHERE status IN ('{LedgerStatus.Rejected}', '{LedgerStatus.DeadLettered}') ORDER BY received_at DESC LIMIT $1", count, cancellationToken);

    private const string Select =
        "SELECT event_id, source, event_type, payload::text, received_at, status, route, workflow_id, reason, config_version FROM event_ledger";

    private async Task<IReadOnlyList<LedgerEntry>> ReadAsync(string sql, object parameter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new() { Value = parameter });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<LedgerEntry>();
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new LedgerEntry(reader.GetString(0), Text(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5), Text(6), Text(7), Text(8), Text(9)));
        }
        return entries;
    }
}
