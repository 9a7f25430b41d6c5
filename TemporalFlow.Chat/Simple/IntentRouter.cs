using System.Globalization;
using System.Text.RegularExpressions;

namespace TemporalFlow.Chat.Simple;

/// <summary>
/// Rules over the user's own words (never over data the tools return): an action verb with an incident id is an action,
/// an incident id alone is a status question, and so on. When a message is close to a question but lacks what it needs
/// (an id, a status), the router says what is missing rather than guessing.
/// </summary>
public static partial class IntentRouter
{
    public static Intent Route(string message, DateTimeOffset now)
    {
        var text = message.Trim();
        var lower = text.ToLowerInvariant();
        var incident = IncidentPattern().Match(text) is { Success: true } m ? m.Value.ToUpperInvariant() : IncidentIdPattern().Match(text).Value;

        if (ConfirmPattern().IsMatch(lower))
        {
            return new Intent.Confirm();
        }
        if (HelpPattern().IsMatch(lower))
        {
            return new Intent.Help();
        }
        if (AcknowledgePattern().IsMatch(lower))
        {
            return incident.Length > 0 ? new Intent.Acknowledge(incident) : new Intent.Unknown("Which incident? Say e.g. 'acknowledge INC-000001'.");
        }
        if (ResolvePattern().IsMatch(lower))
        {
            var resolution = ResolutionPattern().Match(text) is { Success: true } r ? r.Groups["text"].Value.Trim() : "resolved in the chat";
            return incident.Length > 0 ? new Intent.Resolve(incident, resolution) : new Intent.Unknown("Which incident? Say e.g. 'resolve INC-000001 with restarted the database'.");
        }
        if (RedrivePattern().IsMatch(lower))
        {
            return new Intent.Redrive([.. EventIdPattern().Matches(text).Select(e => e.Value)]);
        }
        if (SendPattern().IsMatch(lower))
        {
            var type = KnownTypes.FirstOrDefault(t => lower.Contains(t, StringComparison.Ordinal)) ?? "incident";
            var quoted = QuotedPattern().Match(text);
            return new Intent.SendTestEvent(type, quoted.Success ? quoted.Groups["text"].Value : "Test event sent from the TemporalFlow chat");
        }
        if (WhyPattern().IsMatch(lower))
        {
            var id = EventIdPattern().Match(text) is { Success: true } e ? e.Value : WorkflowIdPattern().Match(text).Value;
            return id.Length > 0 ? new Intent.WhyRouted(id) : new Intent.Unknown("Which event? Say e.g. 'why did evt-1a2b… go to incident-evt-1a2b…'.");
        }
        if (DeadLetterPattern().IsMatch(lower))
        {
            return new Intent.DeadLetters();
        }
        if (RoutingPattern().IsMatch(lower))
        {
            return new Intent.RoutingTable();
        }
        if (WorkflowsPattern().Match(lower) is { Success: true } w)
        {
            return new Intent.Workflows(w.Groups["status"].Value.Replace(' ', '-').Replace("cancelled", "canceled", StringComparison.Ordinal), Since(lower, now));
        }
        if (incident.Length > 0)
        {
            return new Intent.IncidentStatus(incident);
        }
        if (IncidentsPattern().IsMatch(lower))
        {
            return new Intent.OpenIncidents();
        }
        return lower.Contains("workflow", StringComparison.Ordinal)
            ? new Intent.Unknown("Which workflows? Say e.g. 'running workflows' or 'failed workflows since 2 hours ago'.")
            : new Intent.Unknown(null);
    }

    private static readonly string[] KnownTypes = ["incident", "document-added", "document-uploaded", "data-processing"];

    /// <summary>"since 2 hours ago", "in the last 30 minutes", "today", "since 2026-11-26T08:00Z"; null when none is given.</summary>
    private static DateTimeOffset? Since(string lower, DateTimeOffset now)
    {
        if (AgoPattern().Match(lower) is { Success: true } ago)
        {
            var amount = int.Parse(ago.Groups["n"].Value, CultureInfo.InvariantCulture);
            return ago.Groups["unit"].Value[0] switch
            {
                'm' => now.AddMinutes(-amount),
                'h' => now.AddHours(-amount),
                'd' => now.AddDays(-amount),
                _ => now.AddDays(-7 * amount),
            };
        }
        if (lower.Contains("today", StringComparison.Ordinal))
        {
            return new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        }
        return SincePattern().Match(lower) is { Success: true } at
            && DateTimeOffset.TryParse(at.Groups["at"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : null;
    }

    [GeneratedRegex(@"\bINC-\d{1,9}\b", RegexOptions.IgnoreCase)]
    private static partial Regex IncidentPattern();

    [GeneratedRegex(@"\bincident-[A-Za-z0-9_.:-]+")]
    private static partial Regex IncidentIdPattern();

    [GeneratedRegex(@"\b(evt|eg|chat|e2e)-[A-Za-z0-9_.:-]+")]
    private static partial Regex EventIdPattern();

    [GeneratedRegex(@"\b(incident|document|data)-[A-Za-z0-9_.:-]+")]
    private static partial Regex WorkflowIdPattern();

    [GeneratedRegex(@"^\s*(yes|y|confirm|confirmed|do it|go ahead|ok|okay)\s*[.!]*\s*$")]
    private static partial Regex ConfirmPattern();

    [GeneratedRegex(@"^\s*(help|\?)\s*$|what can you (do|answer)|how do i use")]
    private static partial Regex HelpPattern();

    [GeneratedRegex(@"\b(ack|acknowledge|acknowledged)\b")]
    private static partial Regex AcknowledgePattern();

    [GeneratedRegex(@"\b(resolve|close)\b")]
    private static partial Regex ResolvePattern();

    [GeneratedRegex(@"\b(with|because|:)\s*(?<text>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex ResolutionPattern();

    [GeneratedRegex(@"\b(re-?drive|retry|replay|reprocess)\b.*\b(dead|letters?|events?)\b")]
    private static partial Regex RedrivePattern();

    [GeneratedRegex(@"\bsend\b.*\btest\b.*\bevent\b|\bsend (a|an) (test )?(incident|document-added|data-processing)")]
    private static partial Regex SendPattern();

    [GeneratedRegex("[\"“'](?<text>[^\"”']{1,500})[\"”']")]
    private static partial Regex QuotedPattern();

    [GeneratedRegex(@"\bwhy\b|\bhow was\b.*\brouted\b|\bwhere did\b|\brouted\b")]
    private static partial Regex WhyPattern();

    [GeneratedRegex(@"dead.?letter|unroutable|rejected events?")]
    private static partial Regex DeadLetterPattern();

    [GeneratedRegex(@"routing (table|config|configuration|rules)|\broutes\b|where do .* go")]
    private static partial Regex RoutingPattern();

    [GeneratedRegex(@"(?<status>running|failed|completed|terminated|timed[ -]?out|cancell?ed)\b.*\bworkflows?|\bworkflows?\b.*\b(?<status>running|failed|completed|terminated|timed[ -]?out|cancell?ed)\b")]
    private static partial Regex WorkflowsPattern();

    [GeneratedRegex(@"\bincidents?\b")]
    private static partial Regex IncidentsPattern();

    [GeneratedRegex(@"(?<n>\d{1,4})\s*(?<unit>minutes?|mins?|hours?|hrs?|days?|weeks?)\b")]
    private static partial Regex AgoPattern();

    [GeneratedRegex(@"since\s+(?<at>\d{4}-\d{2}-\d{2}[t ]?[\d:]*z?)")]
    private static partial Regex SincePattern();
}
