using System.Text;
using Google.Protobuf;
using TemporalFlow.Core;
using TemporalFlow.Tests.Support;
using Temporalio.Api.Common.V1;
using Temporalio.Api.WorkflowService.V1;

namespace TemporalFlow.Tests.Orchestrator;

/// <summary>The product description's <c>temporal workflow start/signal</c> commands, sent as the CLI sends them.</summary>
public sealed class ProductDescriptionCommandsTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string IncidentJson = """
        {
            "eventType": "incident",
            "source": "monitoring",
            "message": "Critical system failure detected"
          }
        """;

    private const string DocumentJson = """
        {
            "eventType": "document-added",
            "source": "s3",
            "bucket": "my-documents",
            "key": "uploads/document.pdf",
            "documentUri": "s3://my-documents/uploads/document.pdf"
          }
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task StartThenSignalIncidentAndDocumentStartsTheirWorkflows(bool cacheOff) => OrchestratorHarness.RunAsync(postgres, cacheOff, async s =>
    {
        var service = s.Client.Connection.WorkflowService;
        // temporal workflow start --task-queue root_orchestrator-queue --type RootOrchestratorWorkflow --workflow-id test-orchestrator-1 --input '{}'
        await service.StartWorkflowExecutionAsync(new StartWorkflowExecutionRequest
        {
            Namespace = s.Client.Options.Namespace,
            WorkflowId = "test-orchestrator-1",
            WorkflowType = new() { Name = "RootOrchestratorWorkflow" },
            TaskQueue = new() { Name = TaskQueues.RootOrchestrator },
            Input = CliPayloads("{}"),
            Identity = "temporal-cli",
            RequestId = Guid.NewGuid().ToString(),
        });
        // temporal workflow signal --workflow-id test-orchestrator-1 --name trigger --input '<json>'
        foreach (var json in new[] { IncidentJson, DocumentJson })
        {
            await service.SignalWorkflowExecutionAsync(new SignalWorkflowExecutionRequest
            {
                Namespace = s.Client.Options.Namespace,
                WorkflowExecution = new() { WorkflowId = "test-orchestrator-1" },
                SignalName = "trigger",
                Input = CliPayloads(json),
                Identity = "temporal-cli",
                RequestId = Guid.NewGuid().ToString(),
            });
        }

        var stats = await OrchestratorHarness.WaitForAsync(s.Client, "test-orchestrator-1", "stats", st => st.Long("routed") == 2);
        Assert.Equal(2, stats.Long("routed"));
        var recent = await s.Client.GetWorkflowHandle("test-orchestrator-1").QueryAsync<List<System.Text.Json.JsonElement>>("recentEvents", []);
        var byType = recent.ToDictionary(e => e.GetProperty("eventType").GetString()!);
        var incident = s.Client.GetWorkflowHandle(byType["incident"].GetProperty("workflowId").GetString()!);
        var document = s.Client.GetWorkflowHandle(byType["document-added"].GetProperty("workflowId").GetString()!);
        Assert.StartsWith("incident-evt-", incident.Id, StringComparison.Ordinal);
        Assert.StartsWith("document-evt-", document.Id, StringComparison.Ordinal);
        var incidentRun = await incident.DescribeAsync();
        Assert.Equal("IncidentWorkflow", incidentRun.WorkflowType);
        Assert.Equal(TaskQueues.Incident, incidentRun.TaskQueue);
        var documentRun = await document.DescribeAsync();
        Assert.Equal("DocumentProcessingWorkflow", documentRun.WorkflowType);
        Assert.Equal(TaskQueues.DocumentProcessing, documentRun.TaskQueue);
        Assert.Equal("eventType:document-added", byType["document-added"].GetProperty("rule").GetString());

        // The incident workflow's input is the event, with its id and receive time.
        var started = (await incident.FetchHistoryAsync()).Events.First().WorkflowExecutionStartedEventAttributes;
        var input = System.Text.Json.JsonDocument.Parse(started.Input.Payloads_[0].Data.ToStringUtf8()).RootElement;
        Assert.Equal("Critical system failure detected", input.GetProperty("message").GetString());
        Assert.Equal(incident.Id["incident-".Length..], input.GetProperty("eventId").GetString());

        Assert.Equal(1, await postgres.CountAsync("SELECT count(*) FROM event_ledger WHERE workflow_id = @w AND status = 'routed'", ("w", incident.Id)));
        Assert.Equal(1, await postgres.CountAsync("SELECT count(*) FROM event_ledger WHERE workflow_id = @w AND payload->>'bucket' = 'my-documents'", ("w", document.Id)));
        await s.TrackAllRunsAsync("test-orchestrator-1");
        await s.Client.GetWorkflowHandle("test-orchestrator-1").TerminateAsync("test finished");
    });

    /// <summary>The CLI's encoding of <c>--input</c>: the JSON text as is, marked json/plain.</summary>
    private static Payloads CliPayloads(string json) => new()
    {
        Payloads_ = { new Payload { Metadata = { ["encoding"] = ByteString.CopyFromUtf8("json/plain") }, Data = ByteString.CopyFrom(Encoding.UTF8.GetBytes(json)) } },
    };
}
