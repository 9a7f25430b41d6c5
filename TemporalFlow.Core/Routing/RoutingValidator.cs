namespace TemporalFlow.Core.Routing;

/// <summary>Everything wrong with a routing configuration, each problem naming where it is.</summary>
public static class RoutingValidator
{
    private static readonly string[] Placeholders = ["{eventId}", "{eventType}", "{source}", "{workflow}"];

    public static IReadOnlyList<string> Validate(RoutingConfiguration? configuration)
    {
        if (configuration is null)
        {
            return ["Routing: the configuration is missing"];
        }
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(configuration.Version))
        {
            problems.Add("Routing:Version must not be empty");
        }
        var workflows = configuration.Workflows ?? [];
        CheckDuplicates("Routing:Workflows", workflows.Keys, problems);
        foreach (var (key, target) in workflows)
        {
            var at = $"Routing:Workflows:{key}";
            if (target is null)
            {
                problems.Add($"{at} is empty");
                continue;
            }
            if (string.IsNullOrWhiteSpace(target.WorkflowType))
            {
                problems.Add($"{at}:WorkflowType must not be empty");
            }
            if (string.IsNullOrWhiteSpace(target.TaskQueue))
            {
                problems.Add($"{at}:TaskQueue must not be empty");
            }
            if (string.IsNullOrWhiteSpace(target.IdTemplate) || !target.IdTemplate.Contains("{eventId}", StringComparison.Ordinal))
            {
                problems.Add($"{at}:IdTemplate must contain {{eventId}}, so each event gets its own workflow and a redelivery the same one");
            }
            else
            {
                var unknown = System.Text.RegularExpressions.Regex.Matches(target.IdTemplate, @"\{[^}]*\}").Select(m => m.Value).Except(Placeholders).ToList();
                if (unknown.Count > 0)
                {
                    problems.Add($"{at}:IdTemplate has unknown placeholders {string.Join(", ", unknown)}; use {string.Join(", ", Placeholders)}");
                }
            }
        }
        CheckMappings("Routing:EventTypes", configuration.EventTypes ?? [], workflows, problems);
        CheckMappings("Routing:Sources", configuration.Sources ?? [], workflows, problems);
        if (configuration.Default is { } fallback && !Contains(workflows.Keys, fallback))
        {
            problems.Add($"Routing:Default names the unknown workflow '{fallback}'; known: {Known(workflows)}");
        }
        return problems;
    }

    private static void CheckMappings(string at, Dictionary<string, string> mappings, Dictionary<string, WorkflowTarget> workflows, List<string> problems)
    {
        CheckDuplicates(at, mappings.Keys, problems);
        foreach (var (key, workflow) in mappings)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                problems.Add($"{at} has an empty key");
            }
            if (!Contains(workflows.Keys, workflow))
            {
                problems.Add($"{at}:{key} maps to the unknown workflow '{workflow}'; known: {Known(workflows)}");
            }
        }
    }

    private static void CheckDuplicates(string at, IEnumerable<string> keys, List<string> problems)
    {
        foreach (var duplicate in keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"{at} has duplicate keys (matching ignores case): {string.Join(", ", duplicate)}");
        }
    }

    private static bool Contains(IEnumerable<string> keys, string key) => keys.Contains(key, StringComparer.OrdinalIgnoreCase);

    private static string Known(Dictionary<string, WorkflowTarget> workflows) =>
        workflows.Count == 0 ? "(none)" : string.Join(", ", workflows.Keys.Order(StringComparer.Ordinal));
}
