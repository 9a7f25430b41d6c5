using Npgsql;
using NpgsqlTypes;
using TemporalFlow.Core.Documents;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Adapters.Postgres;

/// <summary>
/// Document records and their text; a version is stored once (the first write wins, a retry or reprocessing changes nothing),
/// except that a failed attempt (e.g. the document was not there yet) is replaced by a later outcome.
/// </summary>
public sealed class PostgresDocumentRecords(NpgsqlDataSource dataSource) : IDocumentRecords
{
    private const string Columns = "document_uri, version, status, kind, content_type, sha256, size_bytes, word_count, line_count, reason, event_id, workflow_id, processed_at";

    public async Task<DocumentRecord?> FindAsync(string documentUri, string version, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM documents WHERE document_uri = $1 AND version = $2");
        command.Parameters.Add(new() { Value = documentUri });
        command.Parameters.Add(new() { Value = version });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<(DocumentRecord Record, bool Existed)> SaveAsync(DocumentRecord record, ExtractedText? text, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var insert = new NpgsqlCommand($"""
            INSERT INTO documents ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (document_uri, version) DO UPDATE SET
                status = excluded.status, kind = excluded.kind, content_type = excluded.content_type, sha256 = excluded.sha256,
                size_bytes = excluded.size_bytes, word_count = excluded.word_count, line_count = excluded.line_count, reason = excluded.reason,
                event_id = excluded.event_id, workflow_id = excluded.workflow_id, processed_at = excluded.processed_at
            WHERE documents.status = 'failed'
            """, connection, transaction);
        foreach (var value in new object?[] { record.DocumentUri, record.Version, record.Status, record.Kind, record.ContentType, record.Sha256 })
        {
            insert.Parameters.Add(new() { Value = value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        }
        foreach (var value in new[] { record.SizeBytes, record.Words, record.Lines })
        {
            insert.Parameters.Add(new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        }
        insert.Parameters.Add(new() { Value = (object?)record.Reason ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new() { Value = record.EventId });
        insert.Parameters.Add(new() { Value = record.WorkflowId });
        insert.Parameters.Add(new() { Value = record.ProcessedAt.ToUniversalTime() });
        if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            var stored = await FindAsync(record.DocumentUri, record.Version, cancellationToken);
            return (stored ?? throw new InvalidOperationException($"The record of {record.DocumentUri} ({record.Version}) vanished while saving; retry."), true);
        }
        if (text is not null)
        {
            await using var saveText = new NpgsqlCommand(
                "INSERT INTO document_texts (document_uri, version, text, truncated) VALUES ($1, $2, $3, $4)", connection, transaction);
            saveText.Parameters.Add(new() { Value = record.DocumentUri });
            saveText.Parameters.Add(new() { Value = record.Version });
            saveText.Parameters.Add(new() { Value = text.Text });
            saveText.Parameters.Add(new() { Value = text.Truncated });
            await saveText.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return (record, false);
    }

    public async Task<string?> TextAsync(string documentUri, string version, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT text FROM document_texts WHERE document_uri = $1 AND version = $2");
        command.Parameters.Add(new() { Value = documentUri });
        command.Parameters.Add(new() { Value = version });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static DocumentRecord Read(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), Text(reader, 3), Text(reader, 4), Text(reader, 5),
        Number(reader, 6), Number(reader, 7), Number(reader, 8), Text(reader, 9), reader.GetString(10), reader.GetString(11),
        reader.GetFieldValue<DateTimeOffset>(12));

    internal static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    internal static long? Number(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
