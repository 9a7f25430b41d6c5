using System.Text.Json;
using TemporalFlow.Core.Documents;
using TemporalFlow.Core.Events;

namespace TemporalFlow.Core.Datasets;

/// <summary>The value types a dataset column can have, narrowest first.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name",
    Justification = "The names are the schema's type names in data-processing events (\"integer\", \"string\").")]
public enum ColumnType
{
    Boolean,
    Integer,
    Number,
    DateTime,
    String,
}

/// <summary>
/// What the data workflow was asked to profile: a CSV or JSON-lines dataset, its format (from the event, else the file name),
/// and the schema to check it against (optional: <c>"schema": {"id": "integer", "amount": "number"}</c>; else inferred).
/// </summary>
public sealed record DatasetRequest(string DatasetUri, string? AnnouncedVersion, string? Format, List<ColumnSpec>? Schema, string EventId, string WorkflowId)
{
    public const string Csv = "csv";
    public const string JsonLines = "jsonl";

    /// <summary>
    /// A profile of the dataset that was not profiled (refused, too large, or unavailable through the retries): status and
    /// reason, the version the store named or else the one the event announced or one per event.
    /// </summary>
    public DatasetProfile Unprofiled(string status, string reason, DateTimeOffset at, string? version = null, long? size = null) =>
        new(DatasetUri, version ?? AnnouncedVersion ?? $"event:{EventId}", status, Format, 0, 0, [], [], size, null, reason, EventId, WorkflowId, at);

    /// <summary>
    /// Reads the routed event. The error names the field when the format or schema is wrong (the request then carries the URI
    /// only, so the rejection can be recorded); with no URI at all there is no request.
    /// </summary>
    public static (DatasetRequest? Request, string? Error) From(JsonElement dataEvent, string workflowId)
    {
        if (EventFields.Text(dataEvent, EventFields.DatasetUri) is not { Length: > 0 } uri)
        {
            return (null, $"'{EventFields.DatasetUri}' is required: the s3://, blob or file:// URI of a CSV or JSON-lines file");
        }
        var request = new DatasetRequest(uri, DocumentVersions.Normalize(EventFields.Text(dataEvent, "eTag")), null, null,
            EventFields.Text(dataEvent, EventFields.EventId) ?? EventIds.Derive(dataEvent), workflowId);
        var (format, formatError) = EventFields.Text(dataEvent, "format")?.ToLowerInvariant() switch
        {
            null => (FormatOf(uri), null),
            "csv" => (Csv, null),
            "jsonl" or "ndjson" or "json-lines" => (JsonLines, null),
            var other => ((string?)null, $"'format' is '{other}': use csv or jsonl"),
        };
        var (schema, schemaError) = SchemaOf(dataEvent);
        return (formatError ?? schemaError) is { } error ? (request, error) : (request with { Format = format, Schema = schema }, null);
    }

    private static (List<ColumnSpec>? Schema, string? Error) SchemaOf(JsonElement dataEvent)
    {
        if (!dataEvent.TryGetProperty("schema", out var declared) || declared.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }
        if (declared.ValueKind != JsonValueKind.Object)
        {
            return (null, "'schema' must be an object of column name to type (string, integer, number, boolean, datetime)");
        }
        var schema = new List<ColumnSpec>();
        foreach (var column in declared.EnumerateObject())
        {
            if (column.Value.ValueKind != JsonValueKind.String || !Enum.TryParse<ColumnType>(column.Value.GetString(), ignoreCase: true, out var type)
                || !Enum.IsDefined(type))
            {
                return (null, $"'schema.{column.Name}' is {column.Value.GetRawText()}: use string, integer, number, boolean or datetime");
            }
            schema.Add(new ColumnSpec(column.Name, type));
        }
        return (schema, null);
    }

    /// <summary>The format a file name implies, or null (decided from the content type when the file is read).</summary>
    public static string? FormatOf(string uri)
    {
        var path = uri.Split('?', 2)[0].ToLowerInvariant();
        return path.EndsWith(".csv", StringComparison.Ordinal) || path.EndsWith(".tsv", StringComparison.Ordinal) ? Csv
            : path.EndsWith(".jsonl", StringComparison.Ordinal) || path.EndsWith(".ndjson", StringComparison.Ordinal) ? JsonLines
            : null;
    }
}

public sealed record ColumnSpec(string Name, ColumnType Type);

/// <summary>A row that did not fit: its line number (1 is the first line of the file) and why.</summary>
public sealed record BadRow(long Line, string Reason);

public sealed record ColumnProfile(
    string Name,
    ColumnType Type,
    long Count,
    long Nulls,
    long Distinct,
    bool DistinctCapped,
    double? Min,
    double? Max,
    double? Mean,
    int? MinLength,
    int? MaxLength);

/// <summary>A dataset version's profile: rows, bad rows (counted, first ones kept), per-column statistics; or why it failed.</summary>
public sealed record DatasetProfile(
    string DatasetUri,
    string Version,
    string Status,
    string? Format,
    long Rows,
    long BadRows,
    List<ColumnProfile> Columns,
    List<BadRow> BadRowSamples,
    long? SizeBytes,
    string? Sha256,
    string? Reason,
    string EventId,
    string WorkflowId,
    DateTimeOffset ProcessedAt);

/// <summary>The data workflow's result: the profile, and whether an earlier run had stored it.</summary>
public sealed record DatasetResult(DatasetProfile Profile, bool Unchanged);
