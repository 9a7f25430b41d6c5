using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using TemporalFlow.Core.Datasets;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Adapters.Postgres;

/// <summary>Dataset profiles with their column statistics and bad-row samples as jsonb; a version is stored once (a failed attempt is replaced).</summary>
public sealed class PostgresDatasetResults(NpgsqlDataSource dataSource) : IDatasetResults
{
    private const string Columns = "dataset_uri, version, status, format, row_count, bad_rows, columns, bad_row_samples, size_bytes, sha256, reason, event_id, workflow_id, processed_at";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    public async Task<DatasetProfile?> FindAsync(string datasetUri, string version, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM datasets WHERE dataset_uri = $1 AND version = $2");
        command.Parameters.Add(new() { Value = datasetUri });
        command.Parameters.Add(new() { Value = version });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new DatasetProfile(reader.GetString(0), reader.GetString(1), reader.GetString(2), PostgresDocumentRecords.Text(reader, 3),
            reader.GetInt64(4), reader.GetInt64(5),
            JsonSerializer.Deserialize<List<ColumnProfile>>(reader.GetString(6), Json) ?? [],
            JsonSerializer.Deserialize<List<BadRow>>(reader.GetString(7), Json) ?? [],
            PostgresDocumentRecords.Number(reader, 8), PostgresDocumentRecords.Text(reader, 9), PostgresDocumentRecords.Text(reader, 10),
            reader.GetString(11), reader.GetString(12), reader.GetFieldValue<DateTimeOffset>(13));
    }

    public async Task<(DatasetProfile Profile, bool Existed)> SaveAsync(DatasetProfile profile, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO datasets ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (dataset_uri, version) DO UPDATE SET
                status = excluded.status, format = excluded.format, row_count = excluded.row_count, bad_rows = excluded.bad_rows,
                columns = excluded.columns, bad_row_samples = excluded.bad_row_samples, size_bytes = excluded.size_bytes, sha256 = excluded.sha256,
                reason = excluded.reason, event_id = excluded.event_id, workflow_id = excluded.workflow_id, processed_at = excluded.processed_at
            WHERE datasets.status = 'failed'
            """);
        command.Parameters.Add(new() { Value = profile.DatasetUri });
        command.Parameters.Add(new() { Value = profile.Version });
        command.Parameters.Add(new() { Value = profile.Status });
        command.Parameters.Add(new() { Value = (object?)profile.Format ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = profile.Rows });
        command.Parameters.Add(new() { Value = profile.BadRows });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(profile.Columns, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new() { Value = JsonSerializer.Serialize(profile.BadRowSamples, Json), NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new() { Value = (object?)profile.SizeBytes ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new() { Value = (object?)profile.Sha256 ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = (object?)profile.Reason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new() { Value = profile.EventId });
        command.Parameters.Add(new() { Value = profile.WorkflowId });
        command.Parameters.Add(new() { Value = profile.ProcessedAt.ToUniversalTime() });
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            return (profile, false);
        }
        var stored = await FindAsync(profile.DatasetUri, profile.Version, cancellationToken);
        return (stored ?? throw new InvalidOperationException($"The profile of {profile.DatasetUri} ({profile.Version}) vanished while saving; retry."), true);
    }
}
