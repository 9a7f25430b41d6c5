using Npgsql;
using NpgsqlTypes;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Adapters.Postgres;

/// <summary>The event ledger in PostgreSQL: an upsert per event id, so a retried activity writes the same row again.</summary>
public sealed class PostgresEventLedger(NpgsqlDataSource dataSource) : IEventLedger
{
    private const string Upsert = """
            INSERT INTO event_ledger (event_id, source, event_type, payload, received_at, status, route, workflow_id, reason, config_version)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            ON CONFLICT (event_id) DO UPDATE SET
                status = EXCLUDED.status, route = EXCLUDED.route, workflow_id = EXCLUDED.workflow_id,
                reason = EXCLUDED.reason, config_version = EXCLUDED.config_version, updated_at = now()
            """;

    public async Task RecordAsync(IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var entry in entries)
        {
            var command = new NpgsqlBatchCommand(Upsert);
            Bind(command.Parameters, entry);
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Bind(NpgsqlParameterCollection parameters, LedgerEntry entry)
    {
        parameters.Add(new NpgsqlParameter { Value = entry.EventId });
        parameters.Add(new NpgsqlParameter { Value = (object?)entry.Source ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter { Value = entry.EventType });
        parameters.Add(new NpgsqlParameter { Value = entry.PayloadJson, NpgsqlDbType = NpgsqlDbType.Jsonb });
        parameters.Add(new NpgsqlParameter { Value = entry.ReceivedAt.ToUniversalTime() });
        parameters.Add(new NpgsqlParameter { Value = entry.Status });
        parameters.Add(new NpgsqlParameter { Value = (object?)entry.Route ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter { Value = (object?)entry.WorkflowId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter { Value = (object?)entry.Reason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        parameters.Add(new NpgsqlParameter { Value = (object?)entry.ConfigurationVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
    }

    public async Task<LedgerEntry?> FindAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT event_id, source, event_type, payload::text, received_at, status, route, workflow_id, reason, config_version
            FROM event_ledger WHERE event_id = @id
            """);
        command.Parameters.AddWithValue("id", eventId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new LedgerEntry(reader.GetString(0), Text(1), reader.GetString(2), reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5), Text(6), Text(7), Text(8), Text(9));
    }
}
