using System.Text.Json;
using TemporalFlow.Core;
using TemporalFlow.Core.Datasets;
using TemporalFlow.Core.Documents;
using TemporalFlow.Workflows.Documents.Activities;
using Temporalio.Common;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace TemporalFlow.Workflows.Documents.Workflows;

/// <summary>
/// A <c>data-processing</c> event to a stored dataset profile: schema inferred or checked, rows counted, per-column statistics,
/// bad rows reported without failing the run. One streamed pass in an activity that heartbeats its progress.
/// </summary>
[Workflow(WorkflowTypes.DataProcessing)]
public sealed class DataProcessingWorkflow
{
    private DatasetResult? result;

    [WorkflowRun]
    public async Task<DatasetResult> RunAsync(JsonElement dataEvent)
    {
        var (request, error) = DatasetRequest.From(dataEvent, Workflow.Info.WorkflowId);
        if (request is null)
        {
            throw new ApplicationFailureException($"The event cannot be processed: {error}.", "InvalidDataEvent", nonRetryable: true);
        }
        if (error is not null)
        {
            return result = await RecordAsync(request, DocumentStatuses.Rejected, error);
        }
        try
        {
            result = await Workflow.ExecuteActivityAsync((DatasetActivities a) => a.ProfileAsync(request), ProfileOptions);
        }
        catch (ActivityFailureException failure)
        {
            result = await RecordAsync(request, DocumentStatuses.Failed, failure.InnerException?.Message ?? failure.Message);
        }
        return result;
    }

    [WorkflowQuery("result")]
    public DatasetResult? Result() => result;

    // Large files take long: the heartbeat (every 10,000 rows) shows progress and detects a lost worker quickly.
    private static ActivityOptions ProfileOptions => new()
    {
        StartToCloseTimeout = TimeSpan.FromHours(2),
        HeartbeatTimeout = TimeSpan.FromMinutes(2),
        RetryPolicy = new RetryPolicy { InitialInterval = TimeSpan.FromSeconds(1), BackoffCoefficient = 2, MaximumInterval = TimeSpan.FromSeconds(30), MaximumAttempts = 6 },
    };

    private static Task<DatasetResult> RecordAsync(DatasetRequest request, string status, string reason) =>
        Workflow.ExecuteActivityAsync((DatasetActivities a) => a.RecordOutcomeAsync(request, status, reason), DocumentProcessingWorkflow.RecordOptions);
}
