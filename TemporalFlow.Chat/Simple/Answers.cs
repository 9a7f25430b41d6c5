using System.Globalization;
using System.Text;
using TemporalFlow.Chat.Tools;

namespace TemporalFlow.Chat.Simple;

/// <summary>The simple mode's wording of tool results: short, plain text, the facts first.</summary>
internal static class Answers
{
    public static string Incidents(List<IncidentSummary> incidents)
    {
        if (incidents.Count == 0)
        {
            return "There are no open incidents.";
        }
        var text = new StringBuilder(incidents.Count == 1 ? "There is 1 open incident:\n" : $"There are {incidents.Count} open incidents:\n");
        foreach (var i in incidents)
        {
            text.Append(CultureInfo.InvariantCulture, $"• {i.Number} [{i.Severity ?? "unclassified"}, {i.State}] {i.Title} (opened {When(i.OpenedAt)}");
            text.Append(i.EscalationLevel > 0 ? $", escalation level {i.EscalationLevel})\n" : ")\n");
        }
        return text.ToString().TrimEnd();
    }

    public static string Incident(IncidentDetails details)
    {
        var i = details.Incident;
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"{i.Number} is {i.State}, severity {i.Severity ?? "unclassified"}, escalation level {i.EscalationLevel}: {i.Title}\nTimeline:\n");
        foreach (var entry in details.Timeline)
        {
            text.Append(CultureInfo.InvariantCulture, $"• {When(entry.At)} {entry.Kind}{(entry.Actor is null ? "" : $" by {entry.Actor}")}: {entry.Note}\n");
        }
        return text.ToString().TrimEnd();
    }

    public static string Workflows(string status, DateTimeOffset? since, List<WorkflowSummary> workflows)
    {
        var scope = since is { } from ? $" started since {When(from)}" : "";
        if (workflows.Count == 0)
        {
            return $"No {status} workflows{scope}.";
        }
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{workflows.Count} {status} workflow(s){scope}{(workflows.Count == TemporalFlowTools.MaxRows ? " (the latest 20)" : "")}:\n");
        foreach (var w in workflows)
        {
            text.Append(CultureInfo.InvariantCulture, $"• {w.WorkflowId} ({w.WorkflowType}), started {When(w.StartTime)}");
            text.Append(w.CloseTime is { } closed ? $", closed {When(closed)}\n" : "\n");
        }
        return text.ToString().TrimEnd();
    }

    public static string Routing(RoutingExplanation why) => why.Status switch
    {
        "routed" => $"Event {why.EventId} ({why.EventType} from {why.Source ?? "no source"}) was routed by the rule {why.Rule} of configuration " +
            $"version {why.ConfigurationVersion} to workflow {why.WorkflowId}, received {When(why.ReceivedAt)}.",
        _ => $"Event {why.EventId} ({why.EventType} from {why.Source ?? "no source"}) was {why.Status}, received {When(why.ReceivedAt)}: {why.Reason} " +
            $"(configuration version {why.ConfigurationVersion ?? "unknown"}).",
    };

    public static string DeadLetters(List<DeadLetterSummary> letters)
    {
        if (letters.Count == 0)
        {
            return "There are no dead letters.";
        }
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{letters.Count} dead letter(s), newest first:\n");
        foreach (var d in letters)
        {
            text.Append(CultureInfo.InvariantCulture, $"• {d.EventId} ({d.EventType} from {d.Source ?? "no source"}, {d.Status}): {d.Reason}\n");
        }
        return text.Append("After fixing the routing, say 're-drive dead letters'.").ToString();
    }

    public static string Routing(RoutingTableView table)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Routing configuration {table.Version}, from {table.Origin}. Event type first, then source, then the default:\n");
        foreach (var route in table.Routes)
        {
            text.Append(CultureInfo.InvariantCulture, $"• {route.Match} → {route.Workflow} ({route.WorkflowType} on {route.TaskQueue}){(route.Enabled ? "" : ", disabled")}\n");
        }
        return text.Append(CultureInfo.InvariantCulture, $"Default: {table.Default ?? "none (unmatched events become dead letters)"}").ToString();
    }

    private static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string When(DateTime at) => When(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)));
}
