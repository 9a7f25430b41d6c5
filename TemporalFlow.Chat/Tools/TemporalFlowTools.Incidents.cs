using System.ComponentModel;
using Npgsql;

namespace TemporalFlow.Chat.Tools;

public sealed partial class TemporalFlowTools
{
    private const string IncidentColumns = "number, incident_id, state, severity, title, service, escalation_level, opened_at";

    [Description("Lists the incidents that are not resolved yet, newest first.")]
    public async Task<List<IncidentSummary>> ListOpenIncidentsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand(
            $"SELECT {IncidentColumns} FROM incidents WHERE state <> 'resolved' ORDER BY opened_at DESC LIMIT {MaxRows}");
        return await ReadIncidentsAsync(command, cancellationToken);
    }

    [Description("One incident's state, severity and timeline, by its number (INC-000123) or incident id.")]
    public async Task<IncidentDetails?> GetIncidentAsync([Description("INC-000123 or the incident id")] string incident, CancellationToken cancellationToken = default)
    {
        await using var command = database.CreateCommand($"SELECT {IncidentColumns} FROM incidents WHERE number = upper($1) OR incident_id = $1");
        command.Parameters.Add(new() { Value = incident.Trim() });
        if ((await ReadIncidentsAsync(command, cancellationToken)).FirstOrDefault() is not { } found)
        {
            return null;
        }
        await using var timeline = database.CreateCommand(
            "SELECT at, kind, actor, note FROM incident_timeline WHERE incident_id = $1 ORDER BY sequence");
        timeline.Parameters.Add(new() { Value = found.IncidentId });
        var lines = new List<TimelineLine>();
        await using var reader = await timeline.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(new TimelineLine(At(reader, 0), reader.GetString(1), Text(reader, 2), reader.GetString(3)));
        }
        return new IncidentDetails(found, lines);
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

    private static async Task<List<IncidentSummary>> ReadIncidentsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var incidents = new List<IncidentSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            incidents.Add(new IncidentSummary(reader.GetString(0), reader.GetString(1), reader.GetString(2), Text(reader, 3), reader.GetString(4), Text(reader, 5),
                reader.GetInt32(6), At(reader, 7)));
        }
        return incidents;
    }
}
