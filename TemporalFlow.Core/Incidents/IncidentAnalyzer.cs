using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace TemporalFlow.Core.Incidents;

/// <summary>What an incident's text carries: error codes, hosts, and counts ("37 errors", "5 retries").</summary>
public sealed record IncidentAnalysis(
    [property: JsonPropertyName("errorCodes")] IReadOnlyList<string> ErrorCodes,
    [property: JsonPropertyName("hosts")] IReadOnlyList<string> Hosts,
    [property: JsonPropertyName("counts")] IReadOnlyDictionary<string, long> Counts);

/// <summary>Extracts facts from an incident's message and details with bounded regular expressions. Pure.</summary>
public static partial class IncidentAnalyzer
{
    public static IncidentAnalysis Analyze(string text)
    {
        text = text.Length > 20_000 ? text[..20_000] : text;
        var allCodes = ErrorCodes().Matches(text).Select(m => m.Value.ToUpperInvariant()).Distinct().ToList();
        var codes = allCodes.Take(20).ToList();
        // An error code such as ORA-01555 also has a host name's shape: it is a code, not a host.
        var hosts = Hosts().Matches(text).Select(m => m.Value.ToLowerInvariant())
            .Where(h => !h.EndsWith(".json", StringComparison.Ordinal) && !h.EndsWith(".pdf", StringComparison.Ordinal))
            .Where(h => !allCodes.Contains(h.ToUpperInvariant()))
            .Distinct().Take(20).ToList();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match match in Counts().Matches(text))
        {
            if (long.TryParse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                var what = match.Groups["what"].Value.ToLowerInvariant().TrimEnd('s');
                counts[what] = counts.GetValueOrDefault(what) + n;
            }
        }
        return new IncidentAnalysis(codes, hosts, counts);
    }

    [GeneratedRegex(@"\b(?:E[A-Z]*[-_]?\d{2,6}|ERR(?:OR)?[-_]?\d{2,6}|HTTP[ -]?[45]\d\d|0x[0-9A-Fa-f]{4,8}|ORA-\d{5})\b", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ErrorCodes();

    [GeneratedRegex(@"\b(?:(?:\d{1,3}\.){3}\d{1,3}|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}|[a-z][a-z0-9]*-[a-z0-9-]*\d+)\b", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Hosts();

    [GeneratedRegex(@"\b(?<n>\d{1,9})\s+(?<what>errors?|failures?|timeouts?|retries|retry|requests?|nodes?|pods?|users?|times?)\b", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Counts();
}
