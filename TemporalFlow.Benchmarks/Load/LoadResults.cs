using System.Diagnostics;
using Npgsql;
using Temporalio.Client;

namespace TemporalFlow.Benchmarks.Load;

/// <summary>What a load run achieved, from the ledger (the listener's receive time, the workflow id) and Temporal (start times).</summary>
internal sealed class LoadResults(NpgsqlDataSource database, ITemporalClient temporal, string runId, string key)
{
    private const string ThisRun = "(event_id LIKE @prefix OR payload->>'key' = @key)";

    public async Task<long> CountLedgerRowsAsync()
    {
        await using var command = Command($"SELECT count(*) FROM event_ledger WHERE {ThisRun}");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<bool> WaitForLedgerAsync(long expected, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        long recorded;
        while ((recorded = await CountLedgerRowsAsync()) < expected && clock.Elapsed < timeout)
        {
            await Task.Delay(500);
        }
        Console.WriteLine($"  {recorded} of {expected} accepted events in the ledger, {clock.Elapsed.TotalSeconds:F1} s after sending stopped");
        return recorded >= expected;
    }

    public async Task ReportAsync(IReadOnlyList<LoadSource> sources, DateTimeOffset startedAt, double sendSeconds)
    {
        var rows = await LedgerRowsAsync();
        var starts = await StartTimesAsync(rows.Where(r => r.WorkflowId is not null).Select(r => r.WorkflowId!).ToHashSet(StringComparer.Ordinal), startedAt);
        Console.WriteLine($"Results ({sendSeconds:F0} s of sending):");
        var lastStart = starts.Values.DefaultIfEmpty(startedAt).Max();
        foreach (var source in sources)
        {
            var mine = rows.Where(r => source.Sent.ContainsKey(r.SentKey)).ToList();
            var started = mine.Where(r => r.WorkflowId is not null && starts.ContainsKey(r.WorkflowId)).ToList();
            var sentToStarted = started.Select(r => (starts[r.WorkflowId!] - source.Sent[r.SentKey]).TotalMilliseconds).ToList();
            var receivedToStarted = started.Select(r => (starts[r.WorkflowId!] - r.ReceivedAt).TotalMilliseconds).ToList();
            Console.WriteLine($"  {source.Name}: {source.Accepted} accepted ({source.Accepted / sendSeconds:F1}/s), {mine.Count} ledger rows " +
                $"({mine.Count(r => r.Status == "routed")} routed), {started.Count} domain workflows started");
            Console.WriteLine($"    sent → workflow started:     {Percentiles.Summary(sentToStarted)}, max {sentToStarted.DefaultIfEmpty().Max():F0} ms");
            Console.WriteLine($"    received → workflow started: {Percentiles.Summary(receivedToStarted)}, max {receivedToStarted.DefaultIfEmpty().Max():F0} ms");
        }
        var total = starts.Count;
        Console.WriteLine($"  all: {total} domain workflows started in {(lastStart - startedAt).TotalSeconds:F1} s from the first send = " +
            $"{total / (lastStart - startedAt).TotalSeconds:F1} events/s");
    }

    private async Task<List<LedgerRow>> LedgerRowsAsync()
    {
        await using var command = Command(
            $"SELECT event_id, coalesce(payload->>'sequencer', event_id), workflow_id, received_at, status FROM event_ledger WHERE {ThisRun}");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<LedgerRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new LedgerRow(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4)));
        }
        return rows;
    }

    /// <summary>Start times as Temporal recorded them; waits a little for starts still under way when the ledger was complete.</summary>
    private async Task<Dictionary<string, DateTimeOffset>> StartTimesAsync(HashSet<string> expected, DateTimeOffset since)
    {
        var query = $"(WorkflowType = 'IncidentWorkflow' OR WorkflowType = 'DocumentProcessingWorkflow') AND StartTime >= '{since.UtcDateTime:O}'";
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var starts = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            await foreach (var execution in temporal.ListWorkflowsAsync(query))
            {
                if (expected.Contains(execution.Id))
                {
                    starts[execution.Id] = new DateTimeOffset(execution.StartTime, TimeSpan.Zero);
                }
            }
            if (starts.Count >= expected.Count || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                return starts;
            }
            await Task.Delay(1000);
        }
    }

    private NpgsqlCommand Command(string sql)
    {
        var command = database.CreateCommand(sql);
        command.Parameters.AddWithValue("prefix", $"{WebhookLoad.EventIdPrefix(runId)}%");
        command.Parameters.AddWithValue("key", key);
        return command;
    }

    private sealed record LedgerRow(string SentKey, string? WorkflowId, DateTimeOffset ReceivedAt, string Status);
}
