using TemporalFlow.Core.Incidents;
using TemporalFlow.Core.Ports;
using TemporalFlow.Workflows.Incident.Workflows;
using Temporalio.Client;

namespace TemporalFlow.Tests.Incidents;

/// <summary>
/// The real store, except that its first two saves of the resolved incident each send the workflow one more update first:
/// the first lands during the save that records the resolution, the second during the save that writes the first, the last.
/// </summary>
internal sealed class UpdateDuringLastSave(IIncidentStore inner) : IIncidentStore
{
    private WorkflowHandle<IncidentWorkflow, IncidentResult>? incident;
    private int fired;

    public const string LateNote = "a note that came while the incident was being closed";
    public const string LastNote = "a note that came during the last save";

    public void Arm(WorkflowHandle<IncidentWorkflow, IncidentResult> handle) => incident = handle;

    public async Task SaveAsync(IncidentSnapshot snapshot, IReadOnlyList<TimelineEntry> entries, CancellationToken cancellationToken)
    {
        if (incident is not null && snapshot.State == IncidentStates.Resolved && Interlocked.Increment(ref fired) is var n && n <= 2)
        {
            await incident.SignalAsync(w => w.UpdateAsync(new UpdateRequest("ivy", n == 1 ? LateNote : LastNote)));
        }
        await inner.SaveAsync(snapshot, entries, cancellationToken);
    }

    public Task<string> OpenAsync(IncidentOpening opening, CancellationToken cancellationToken) => inner.OpenAsync(opening, cancellationToken);

    public Task<IncidentSnapshot?> FindAsync(string incidentId, CancellationToken cancellationToken) => inner.FindAsync(incidentId, cancellationToken);

    public Task<IReadOnlyList<IncidentListing>> ListUnresolvedAsync(int count, CancellationToken cancellationToken) => inner.ListUnresolvedAsync(count, cancellationToken);

    public Task<IncidentListing?> FindListingAsync(string numberOrId, CancellationToken cancellationToken) => inner.FindListingAsync(numberOrId, cancellationToken);

    public Task<IReadOnlyList<TimelineEntry>> TimelineAsync(string incidentId, CancellationToken cancellationToken) => inner.TimelineAsync(incidentId, cancellationToken);

    public Task<bool> ClaimNotificationAsync(string incidentId, int level, string channel, CancellationToken cancellationToken) =>
        inner.ClaimNotificationAsync(incidentId, level, channel, cancellationToken);

    public Task MarkNotificationSentAsync(string incidentId, int level, string channel, CancellationToken cancellationToken) =>
        inner.MarkNotificationSentAsync(incidentId, level, channel, cancellationToken);
}
