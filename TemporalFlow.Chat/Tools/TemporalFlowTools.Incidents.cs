using System.ComponentModel;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Chat.Tools;

public sealed partial class TemporalFlowTools
{
    [Description("Lists the incidents that are not resolved yet, newest first.")]
    public async Task<List<IncidentSummary>> ListOpenIncidentsAsync(CancellationToken cancellationToken = default) =>
        [.. (await incidents.ListUnresolvedAsync(MaxRows, cancellationToken)).Select(Summary)];

    [Description("One incident's state, severity and timeline, by its number (INC-000123) or incident id.")]
    public async Task<IncidentDetails?> GetIncidentAsync([Description("INC-000123 or the incident id")] string incident, CancellationToken cancellationToken = default)
    {
        if (await incidents.FindListingAsync(incident.Trim(), cancellationToken) is not { } found)
        {
            return null;
        }
        var timeline = await incidents.TimelineAsync(found.IncidentId, cancellationToken);
        return new IncidentDetails(Summary(found), [.. timeline.Select(e => new TimelineLine(e.At, e.Kind, e.Actor, e.Note))]);
    }

    /// <summary>Acknowledges an incident (stops its escalation) in the name of <paramref name="actor"/>, the signed-in user.</summary>
    public Task<ActionOutcome> AcknowledgeIncidentAsync(string incident, string actor, CancellationToken cancellationToken = default) =>
        SignalIncidentAsync(incident, "acknowledge", new { who = actor, note = "acknowledged in the TemporalFlow chat" }, "acknowledged", cancellationToken);

    /// <summary>Resolves an incident with a resolution note in the name of <paramref name="actor"/>, the signed-in user.</summary>
    public Task<ActionOutcome> ResolveIncidentAsync(string incident, string resolution, string actor, CancellationToken cancellationToken = default) =>
        SignalIncidentAsync(incident, "resolve", new { who = actor, resolution }, "resolved", cancellationToken);

    private async Task<ActionOutcome> SignalIncidentAsync(string incident, string signal, object input, string done, CancellationToken cancellationToken)
    {
        if (await GetIncidentAsync(incident, cancellationToken) is not { } found)
        {
            return new ActionOutcome(false, $"There is no incident {incident}.");
        }
        if (found.Incident.State == "resolved")
        {
            return new ActionOutcome(false, $"{found.Incident.Number} is resolved already.");
        }
        await temporal.GetWorkflowHandle(found.Incident.IncidentId).SignalAsync(signal, [input], new() { Rpc = new() { CancellationToken = cancellationToken } });
        return new ActionOutcome(true, $"{found.Incident.Number} {done}.");
    }

    private static IncidentSummary Summary(IncidentListing i) =>
        new(i.Number, i.IncidentId, i.State, i.Severity, i.Title, i.Service, i.EscalationLevel, i.OpenedAt);
}
