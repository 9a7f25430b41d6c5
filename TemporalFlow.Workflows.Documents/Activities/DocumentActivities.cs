using TemporalFlow.Core.Documents;
using TemporalFlow.Core.Ports;
using TemporalFlow.Workflows.Documents.Processing;
using Temporalio.Activities;
using Temporalio.Exceptions;

namespace TemporalFlow.Workflows.Documents.Activities;

/// <summary>The document workflow's side effects; storing is idempotent per (URI, version), so retries and redeliveries change nothing.</summary>
public sealed class DocumentActivities(DocumentProcessor processor, IDocumentRecords records, TimeProvider clock)
{
    /// <summary>Reads, extracts and stores the document's current version, unless that version is stored already.</summary>
    [Activity("ProcessDocument")]
    public async Task<DocumentResult> ProcessAsync(DocumentRequest request)
    {
        var cancellationToken = ActivityExecutionContext.Current.CancellationToken;
        if (request.AnnouncedVersion is { } version && await records.FindAsync(request.DocumentUri, version, cancellationToken) is { Status: not DocumentStatuses.Failed } known)
        {
            return new DocumentResult(known, Unchanged: true); // this version was processed before: not even downloaded
        }
        try
        {
            var context = ActivityExecutionContext.Current;
            var (record, text) = await processor.ProcessAsync(request, clock.UtcNowForDatabase(), () => context.Heartbeat(), cancellationToken);
            var (stored, existed) = await records.SaveAsync(record, text, cancellationToken);
            return new DocumentResult(stored, existed);
        }
        catch (Exception ex) when (ex is ArgumentException or DocumentRefusedException)
        {
            throw new ApplicationFailureException(ex.Message, "InvalidDocumentUri", nonRetryable: true);
        }
    }

    /// <summary>Records that the document could not be processed (after the retries ran out), with the reason.</summary>
    [Activity("RecordDocumentFailure")]
    public async Task<DocumentResult> RecordFailureAsync(DocumentRequest request, string reason)
    {
        var record = request.Unread(DocumentStatuses.Failed, reason, clock.UtcNowForDatabase());
        var (stored, existed) = await records.SaveAsync(record, null, ActivityExecutionContext.Current.CancellationToken);
        return new DocumentResult(stored, existed);
    }
}
