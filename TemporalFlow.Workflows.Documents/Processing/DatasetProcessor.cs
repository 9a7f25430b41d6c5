using System.Text;
using System.Text.Json;
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
public sealed class DatasetProcessor(DocumentStores stores)
{
    private const int ProgressEveryRows = 10_000;

    public async Task<DatasetProfile> ProfileAsync(DatasetRequest request, DateTimeOffset now, Action<long> progress, CancellationToken cancellationToken)
    {
        await using var document = await stores.GetAsync(request.DatasetUri, cancellationToken);
        var eTag = DocumentVersions.Normalize(document.Metadata.GetValueOrDefault("eTag"));
        var format = request.Format ?? (document.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase) ? DatasetRequest.JsonLines : DatasetRequest.Csv);
        await using var hashing = new HashingStream(document.Content);
        DatasetProfiler profiler;
        try
        {
            profiler = format == DatasetRequest.Csv
                ? await ProfileCsvAsync(hashing, request.Schema, progress, cancellationToken)
                : await ProfileJsonLinesAsync(hashing, request.Schema, progress, cancellationToken);
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or ArgumentException or NotSupportedException)
        {
            await hashing.DrainAsync(null, cancellationToken);
            return Profile(DocumentStatuses.Rejected, new DatasetProfiler(null, null), $"unreadable {format}: {ex.Message}");
        }
        await hashing.DrainAsync(null, cancellationToken);
        var reason = profiler.MissingColumns.Count > 0
            ? $"does not match the declared schema: no column {string.Join(", ", profiler.MissingColumns.Select(c => $"'{c}'"))}"
            : null;
        return Profile(reason is null ? DocumentStatuses.Processed : DocumentStatuses.Rejected, profiler, reason);

        DatasetProfile Profile(string status, DatasetProfiler p, string? why) => new(request.DatasetUri, eTag ?? DocumentVersions.FromHash(hashing.Sha256()),
            status, format, p.Rows, p.BadRows, p.Columns(), p.BadRowSamples(), hashing.BytesRead, hashing.Sha256(), why, request.EventId, request.WorkflowId, now);
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
