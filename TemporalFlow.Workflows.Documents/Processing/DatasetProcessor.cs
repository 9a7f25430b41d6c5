using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using nietras.SeparatedValues;
using TemporalFlow.Adapters.Documents;
using TemporalFlow.Core.Datasets;
using TemporalFlow.Core.Documents;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Workflows.Documents.Processing;

/// <summary>
/// Profiles a CSV (Sep, separator detected from the header) or JSON-lines dataset in one streamed pass, hashing it on the way.
/// Bad rows are counted and sampled; a dataset that does not match its declared schema is rejected with the columns it lacks.
/// </summary>
public sealed class DatasetProcessor(IDocumentReader stores, IOptions<DatasetSettings> options)
{
    private const int ProgressEveryRows = 10_000;
    private const string LimitSetting = $"{DatasetSettings.SectionName}:{nameof(DatasetSettings.MaxSizeBytes)}";

    public async Task<DatasetProfile> ProfileAsync(DatasetRequest request, DateTimeOffset now, Action<long> progress, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxSizeBytes;
        if (stores.Refusal(request.DatasetUri) is { } refusal)
        {
            return request.Unprofiled(DocumentStatuses.Rejected, $"refused: {refusal}", now); // decided before anything is opened
        }
        await using var document = await stores.GetAsync(request.DatasetUri, cancellationToken);
        var eTag = DocumentVersions.Normalize(document.Metadata.GetValueOrDefault("eTag"));
        var format = request.Format ?? (document.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase) ? DatasetRequest.JsonLines : DatasetRequest.Csv);
        if (document.Size > limit)
        {
            return request.Unprofiled(DocumentStatuses.Rejected, $"too large: {document.Size} bytes, over the limit of {limit} bytes ({LimitSetting}); not read", now,
                eTag, document.Size);
        }
        await using var hashing = new HashingStream(document.Content, limit);
        DatasetProfiler profiler;
        string? reason;
        try
        {
            try
            {
                profiler = format == DatasetRequest.Csv
                    ? await ProfileCsvAsync(hashing, request.Schema, progress, cancellationToken)
                    : await ProfileJsonLinesAsync(hashing, request.Schema, progress, cancellationToken);
                reason = profiler.MissingColumns.Count > 0
                    ? $"does not match the declared schema: no column {string.Join(", ", profiler.MissingColumns.Select(c => $"'{c}'"))}"
                    : null;
            }
            catch (Exception ex) when (ex is FormatException or InvalidDataException or ArgumentException or NotSupportedException)
            {
                (profiler, reason) = (new DatasetProfiler(null, null), $"unreadable {format}: {ex.Message}");
            }
            await hashing.DrainAsync(cancellationToken);
        }
        catch (ReadLimitExceededException ex)
        {
            return request.Unprofiled(DocumentStatuses.Rejected, ex.Reason(LimitSetting), now, eTag, hashing.BytesRead);
        }
        return new(request.DatasetUri, eTag ?? DocumentVersions.FromHash(hashing.Sha256()), reason is null ? DocumentStatuses.Processed : DocumentStatuses.Rejected,
            format, profiler.Rows, profiler.BadRows, profiler.Columns(), profiler.BadRowSamples(), hashing.BytesRead, hashing.Sha256(), reason,
            request.EventId, request.WorkflowId, now);
    }

    private static async Task<DatasetProfiler> ProfileCsvAsync(Stream stream, List<ColumnSpec>? schema, Action<long> progress, CancellationToken cancellationToken)
    {
        using var reader = await Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = true })
            .FromAsync(new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 65536, leaveOpen: true), cancellationToken);
        var profiler = new DatasetProfiler(reader.Header.ColNames, schema);
        if (profiler.MissingColumns.Count > 0)
        {
            return profiler;
        }
        var values = new List<string?>();
        await foreach (var row in reader.WithCancellation(cancellationToken))
        {
            values.Clear();
            for (var i = 0; i < row.ColCount; i++)
            {
                var value = row[i].Span;
                values.Add(value.IsEmpty ? null : value.ToString());
            }
            profiler.AddRow(row.LineNumberFrom, values);
            Report(profiler, progress);
        }
        return profiler;
    }

    private static async Task<DatasetProfiler> ProfileJsonLinesAsync(Stream stream, List<ColumnSpec>? schema, Action<long> progress, CancellationToken cancellationToken)
    {
        var profiler = new DatasetProfiler(null, schema);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 65536, leaveOpen: true);
        var fields = new List<KeyValuePair<string, string?>>();
        long line = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            try
            {
                using var json = JsonDocument.Parse(text);
                if (json.RootElement.ValueKind != JsonValueKind.Object)
                {
                    profiler.AddBadRow(line, $"a JSON {json.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object");
                    continue;
                }
                fields.Clear();
                foreach (var property in json.RootElement.EnumerateObject())
                {
                    fields.Add(new(property.Name, ValueOf(property.Value)));
                }
                profiler.AddRow(line, fields);
            }
            catch (JsonException ex)
            {
                profiler.AddBadRow(line, $"invalid JSON: {ex.Message.Split(" Path:")[0]}");
            }
            Report(profiler, progress);
        }
        return profiler;
    }

    private static string? ValueOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    private static void Report(DatasetProfiler profiler, Action<long> progress)
    {
        var seen = profiler.Rows + profiler.BadRows;
        if (seen % ProgressEveryRows == 0)
        {
            progress(seen);
        }
    }
}
