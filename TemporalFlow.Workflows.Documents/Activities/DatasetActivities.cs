using TemporalFlow.Core.Datasets;
using TemporalFlow.Core.Documents;
using TemporalFlow.Core.Ports;
using TemporalFlow.Workflows.Documents.Processing;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace TemporalFlow.Workflows.Documents.Activities;

/// <summary>The data workflow's side effects: profiling (heartbeating its progress) and storing, idempotent per (URI, version).</summary>
public sealed class DatasetActivities(DatasetProcessor processor, IDatasetResults results, TimeProvider clock)
{
    [Activity("ProfileDataset")]
    public async Task<DatasetResult> ProfileAsync(DatasetRequest request)
    {
        var context = ActivityExecutionContext.Current;
        if (request.AnnouncedVersion is { } version && await results.FindAsync(request.DatasetUri, version, context.CancellationToken) is { Status: not DocumentStatuses.Failed } known)
        {
            return new DatasetResult(known, Unchanged: true);
        }
        try
        {
            var profile = await processor.ProfileAsync(request, clock.UtcNowForDatabase(), rows => context.Heartbeat(rows), context.CancellationToken);
            var (stored, existed) = await results.SaveAsync(profile, context.CancellationToken);
            return new DatasetResult(stored, existed);
        }
        catch (Exception ex) when (ex is ArgumentException or DocumentRefusedException)
        {
            throw new ApplicationFailureException(ex.Message, "InvalidDatasetUri", nonRetryable: true);
        }
    }

    /// <summary>Records a dataset that was not profiled: rejected (the event asked for something wrong) or failed (retries ran out).</summary>
    [Activity("RecordDatasetOutcome")]
    public async Task<DatasetResult> RecordOutcomeAsync(DatasetRequest request, string status, string reason)
    {
        var profile = request.Unprofiled(status, reason, clock.UtcNowForDatabase());
        var (stored, existed) = await results.SaveAsync(profile, ActivityExecutionContext.Current.CancellationToken);
        return new DatasetResult(stored, existed);
    }
}
