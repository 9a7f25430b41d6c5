using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Core;
using TemporalFlow.Core.Documents;
using TemporalFlow.Emulator.Testing;
using TemporalFlow.Testing;
using TemporalFlow.Tests.Support;
using Temporalio.Client;
using Xunit.Abstractions;

namespace TemporalFlow.Tests.Reliability;

/// <summary>The document worker process killed with SIGKILL in the middle of its activities, then started again.</summary>
public sealed class WorkerCrashTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>, IDisposable
{
    private const int Documents = 200;
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("temporalflow-crash-");

    [Fact]
    public Task EveryWorkflowCompletesOnceAfterTheWorkerIsKilledAndRestarted() => Task.Run(async () =>
    {
        await new DatabaseMigrator(postgres.DataSource, NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        await using var temporal = await EmulatorWorkflowEnvironment.StartAsync();
        var address = temporal.Client.Connection.Options.TargetHost!;
        var handles = new List<WorkflowHandle>();
        var clock = Stopwatch.StartNew();
        using (var worker = StartWorker(address))
        {
            for (var i = 0; i < Documents; i++)
            {
                var path = Path.Combine(folder.FullName, $"doc-{i}.txt");
                await File.WriteAllTextAsync(path, $"document {i}: {string.Join(' ', Enumerable.Repeat("word", 50 + i))}\n");
                var documentEvent = JsonSerializer.SerializeToElement(new { eventType = "document-added", eventId = $"evt-crash-{i}", documentUri = new Uri(path).AbsoluteUri });
                handles.Add(await temporal.Client.StartWorkflowAsync("DocumentProcessingWorkflow", [documentEvent], new($"document-crash-{i}", TaskQueues.DocumentProcessing)));
            }
            await WaitForRowsAsync(10);
            worker.Kill(); // SIGKILL: no shutdown; the activities in hand are lost with it
            await worker.WaitForExitAsync();
        }
        var atKill = await postgres.CountAsync("SELECT count(*) FROM documents");
        var killedAt = clock.Elapsed;

        using var restarted = StartWorker(address);
        var results = new List<JsonElement>();
        foreach (var handle in handles)
        {
            results.Add(await handle.GetResultAsync<JsonElement>().WaitAsync(TimeSpan.FromMinutes(3)));
        }
        var recovered = clock.Elapsed - killedAt;
        restarted.Kill();

        var retried = 0;
        foreach (var handle in handles)
        {
            var history = await handle.FetchHistoryAsync();
            retried += history.Events.Any(e => e.ActivityTaskStartedEventAttributes is { Attempt: > 1 }) ? 1 : 0;
        }
        output.WriteLine($"{Documents} document workflows; the worker was killed (SIGKILL) with {atKill} stored and started again: all {results.Count} " +
            $"completed {recovered.TotalSeconds:F1} s after the kill, {retried} after a retried activity (heartbeat timeout 30 s); " +
            $"{await postgres.CountAsync("SELECT count(*) FROM documents")} document rows");
        Assert.All(results, r => Assert.Equal(DocumentStatuses.Processed, r.GetProperty("Record").GetProperty("Status").GetString()));
        Assert.Equal(Documents, await postgres.CountAsync("SELECT count(*) FROM documents"));
        Assert.Equal(Documents, await postgres.CountAsync("SELECT count(*) FROM document_texts"));
        Assert.True(atKill < Documents, "The worker should have been killed before it finished.");
    }).WaitAsync(TimeSpan.FromMinutes(5));

    public void Dispose() => folder.Delete(recursive: true);

    private async Task WaitForRowsAsync(long rows)
    {
        for (var i = 0; await postgres.CountAsync("SELECT count(*) FROM documents") < rows && i < 1200; i++)
        {
            await Task.Delay(25);
        }
    }

    /// <summary>The real worker process (the built TemporalFlow.Workflows.Documents), on the emulator and the test's database.</summary>
    private Process StartWorker(string temporalAddress) => ServiceProcess.Start("TemporalFlow.Workflows.Documents", new Dictionary<string, string>
    {
        ["ConnectionStrings__temporalflow"] = postgres.ConnectionString,
        ["TEMPORAL_ADDRESS"] = temporalAddress,
        ["DocumentStores__File__Roots__0"] = folder.FullName,
        ["Logging__LogLevel__Default"] = "Warning",
    });
}
