using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using TemporalFlow.Core.Incidents;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Adapters.Postgres;

/// <summary>Incidents, their timelines and notifications in PostgreSQL; every write is an idempotent upsert or insert-if-absent.</summary>
public sealed class PostgresIncidentStore(NpgsqlDataSource dataSource) : IIncidentStore
{
    public async Task<string> OpenAsync(IncidentOpening opening, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH inserted AS (
                INSERT INTO incidents (incident_id, event_id, state, title, source, service, opened_at)
                VALUES ($1, $2, 'open', $3, $4, $5, $6)
                ON CONFLICT (incident_id) DO NOTHING
                RETURNING number)
            SELECT number FROM inserted UNION ALL SELECT number FROM incidents WHERE incident_id = $1 LIMIT 1
            """);
        command.Parameters.Add(new() { Value = opening.IncidentId });
        command.Parameters.Add(new() { Value = opening.EventId });
        command.Parameters.Add(new() { Value = opening.Title });
        command.Parameters.Add(new() { Value = (object?)opening.Source ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)opening.Service ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = opening.OpenedAt.ToUniversalTime() });
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task SaveAsync(IncidentSnapshot snapshot, IReadOnlyList<TimelineEntry> entries, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var update = new NpgsqlBatchCommand("""
            UPDATE incidents SET state = $2, severity = $3, classified_by = $4, escalation_level = $5, analysis = $6,
                acknowledged_by = $7, resolved_by = $8, resolution = $9, updated_at = now()
            WHERE incident_id = $1
            """);
        update.Parameters.Add(new() { Value = snapshot.IncidentId });
        update.Parameters.Add(new() { Value = snapshot.State });
        update.Parameters.Add(new() { Value = snapshot.Severity.ToString().ToLowerInvariant() });
        update.Parameters.Add(new() { Value = snapshot.ClassifiedBy });
        update.Parameters.Add(new() { Value = snapshot.EscalationLevel });
        update.Parameters.Add(new() { Value = snapshot.Analysis is null ? DBNull.Value : JsonSerializer.Serialize(snapshot.Analysis), NpgsqlDbType = NpgsqlDbType.Jsonb });
        update.Parameters.Add(new() { Value = (object?)snapshot.AcknowledgedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        update.Parameters.Add(new() { Value = (object?)snapshot.ResolvedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        update.Parameters.Add(new() { Value = (object?)snapshot.Resolution ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        batch.BatchCommands.Add(update);
        foreach (var entry in entries)
        {
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO incident_timeline (incident_id, sequence, at, kind, actor, note) VALUES ($1, $2, $3, $4, $5, $6)
                ON CONFLICT (incident_id, sequence) DO NOTHING
                """);
            insert.Parameters.Add(new() { Value = snapshot.IncidentId });
            insert.Parameters.Add(new() { Value = entry.Sequence });
            insert.Parameters.Add(new() { Value = entry.At.ToUniversalTime() });
            insert.Parameters.Add(new() { Value = entry.Kind });
            insert.Parameters.Add(new() { Value = (object?)entry.Actor ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new() { Value = entry.Note });
            batch.BatchCommands.Add(insert);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IncidentSnapshot?> FindAsync(string incidentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT incident_id, number, state, severity, classified_by, escalation_level, title, source, service, analysis::text,
                   acknowledged_by, resolved_by, resolution
            FROM incidents WHERE incident_id = $1
            """);
        command.Parameters.Add(new() { Value = incidentId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        // Not classified yet (null): the default severity until the workflow classifies it.
        var severity = IncidentSeverities.TryParse(Text(3), out var classified) ? classified : default;
        return new IncidentSnapshot(reader.GetString(0), reader.GetString(1), reader.GetString(2), severity, Text(4) ?? "",
            reader.GetInt32(5), reader.GetString(6), Text(7), Text(8), Text(9) is { } a ? JsonSerializer.Deserialize<IncidentAnalysis>(a) : null,
            Text(10), Text(11), Text(12));
    }

    public Task<IReadOnlyList<IncidentListing>> ListUnresolvedAsync(int count, CancellationToken cancellationToken) =>
        ListingsAsync($"{ListingSelect} WHERE state <> '{IncidentStates.Resolved}' ORDER BY opened_at DESC LIMIT $1", count, cancellationToken);

    public async Task<IncidentListing?> FindListingAsync(string numberOrId, CancellationToken cancellationToken) =>
        await ListingsAsync($"{ListingSelect} WHERE number = upper($1) OR incident_id = $1", numberOrId, cancellationToken) is [var found, ..] ? found : null;

    private const string ListingSelect = "SELECT incident_id, number, state, severity, title, service, escalation_level, opened_at FROM incidents";

    private async Task<IReadOnlyList<IncidentListing>> ListingsAsync(string sql, object parameter, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new() { Value = parameter });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var listings = new List<IncidentListing>();
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        while (await reader.ReadAsync(cancellationToken))
        {
            listings.Add(new IncidentListing(reader.GetString(0), reader.GetString(1), reader.GetString(2), Text(3), reader.GetString(4), Text(5),
                reader.GetInt32(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }
        return listings;
    }

    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(string incidentId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT sequence, at, kind, actor, note FROM incident_timeline WHERE incident_id = $1 ORDER BY sequence");
        command.Parameters.Add(new() { Value = incidentId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<TimelineEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new TimelineEntry(reader.GetInt32(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4)));
        }
        return entries;
    }

    public async Task<bool> ClaimNotificationAsync(string incidentId, int level, string channel, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH claimed AS (
                INSERT INTO incident_notifications (incident_id, level, channel) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING true AS fresh)
            SELECT fresh FROM claimed
            UNION ALL SELECT sent_at IS NULL FROM incident_notifications WHERE incident_id = $1 AND level = $2 AND channel = $3
            LIMIT 1
            """);
        command.Parameters.Add(new() { Value = incidentId });
        command.Parameters.Add(new() { Value = level });
        command.Parameters.Add(new() { Value = channel });
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task MarkNotificationSentAsync(string incidentId, int level, string channel, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE incident_notifications SET sent_at = now() WHERE incident_id = $1 AND level = $2 AND channel = $3");
        command.Parameters.Add(new() { Value = incidentId });
        command.Parameters.Add(new() { Value = level });
        command.Parameters.Add(new() { Value = channel });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
