using System.Text.Json;
using TemporalFlow.Core;
using TemporalFlow.Core.Documents;
using TemporalFlow.Workflows.Documents.Activities;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace TemporalFlow.Workflows.Documents.Workflows;

/// <summary>
/// A routed document event to a stored record: fetch through the document store port, detect the type, extract the text,
/// hash and count, store (once per URI and version). Content problems are recorded as rejected; a document that stays
/// unavailable through the retries is recorded as failed with the reason, never retried forever.
/// </summary>
[Workflow(WorkflowTypes.DocumentProcessing)]
public sealed class DocumentProcessingWorkflow
{
    private DocumentResult? result;

    [WorkflowRun]
    public async Task<DocumentResult> RunAsync(JsonElement documentEvent)
    {
        var request = DocumentRequest.From(documentEvent, Workflow.Info.WorkflowId)
            ?? throw new ApplicationFailureException("The event has no 'documentUri': route only events that name the document (s3://, blob URL or file://).",
                "InvalidDocumentEvent", nonRetryable: true);
        try
        {
            result = await Workflow.ExecuteActivityAsync((DocumentActivities a) => a.ProcessAsync(request), ProcessOptions);
        }
        catch (ActivityFailureException failure)
        {
            var reason = failure.InnerException?.Message ?? failure.Message;
            result = await Workflow.ExecuteActivityAsync((DocumentActivities a) => a.RecordFailureAsync(request, reason), RecordOptions);
        }
        return result;
    }

    /// <summary>The stored record once there is one (null while processing).</summary>
    [WorkflowQuery("result")]
    public DocumentResult? Result() => result;

    // A missing document may appear shortly (eventual consistency); past about a minute of retries it is recorded as failed.
    // The heartbeat (each chunk read, each PDF page) lets a lost worker's attempt be retried within 30 s, not 5 minutes.
    private static ActivityOptions ProcessOptions => new()
    {
        StartToCloseTimeout = TimeSpan.FromMinutes(5),
        HeartbeatTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromSeconds(30), MaximumAttempts = 6 },
    };

    internal static ActivityOptions RecordOptions => new()
    {
        StartToCloseTimeout = TimeSpan.FromSeconds(30),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromMinutes(1) },
    };
}
