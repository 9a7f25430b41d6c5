using System.Collections.Frozen;

namespace TemporalFlow.Core.Routing;

/// <summary>Where an event goes: the target and the rule that chose it, or why it cannot go anywhere.</summary>
public readonly record struct RouteDecision(string? WorkflowKey, WorkflowTarget? Target, string Rule, string ConfigurationVersion, string? Reason)
{
    public bool IsRoutable => Target is not null;
}

/// <summary>
/// A validated routing configuration compiled for lookups: event type, then source, then default, ignoring case.
/// Routing allocates nothing: the rule names are precomputed.
/// </summary>
public sealed class RoutingTable
{
    private readonly FrozenDictionary<string, Entry> byEventType;
    private readonly FrozenDictionary<string, Entry> bySource;
    private readonly Entry? fallback;

    private RoutingTable(RoutingConfiguration configuration)
    {
        Configuration = configuration;
        var workflows = configuration.Workflows.ToDictionary(w => w.Key, w => w.Value, StringComparer.OrdinalIgnoreCase);
        byEventType = configuration.EventTypes.ToFrozenDictionary(m => m.Key, m => Compile($"eventType:{m.Key}", m.Value), StringComparer.OrdinalIgnoreCase);
        bySource = configuration.Sources.ToFrozenDictionary(m => m.Key, m => Compile($"source:{m.Key}", m.Value), StringComparer.OrdinalIgnoreCase);
        fallback = configuration.Default is { } key ? Compile("default", key) : null;

        Entry Compile(string rule, string key)
        {
            var target = workflows[key];
            return new Entry(key, target, rule, target.Enabled ? null : $"rule {rule} routes to the disabled workflow '{key}'");
        }
    }

    public RoutingConfiguration Configuration { get; }

    public string Version => Configuration.Version;

    /// <summary>Compiles a configuration, or throws naming every problem in it.</summary>
    public static RoutingTable Create(RoutingConfiguration configuration)
    {
        var problems = RoutingValidator.Validate(configuration);
        return problems.Count == 0
            ? new RoutingTable(configuration)
            : throw new InvalidRoutingConfigurationException(problems);
    }

    public RouteDecision Route(string eventType, string? source)
    {
        var entry = byEventType.GetValueOrDefault(eventType)
            ?? (source is null ? null : bySource.GetValueOrDefault(source))
            ?? fallback;
        if (entry is null)
        {
            return new(null, null, "none", Version, $"no rule matches event type '{eventType}' or source '{source ?? "(none)"}', and there is no default");
        }
        return entry.DisabledReason is { } reason
            ? new(entry.Key, null, entry.Rule, Version, reason)
            : new(entry.Key, entry.Target, entry.Rule, Version, null);
    }

    /// <summary>The workflow id for an event on a target: from the target's template, so it is the same on every delivery.</summary>
    public static string WorkflowId(string workflowKey, WorkflowTarget target, string eventId, string eventType, string? source) =>
        target.IdTemplate
            .Replace("{eventId}", eventId, StringComparison.Ordinal)
            .Replace("{eventType}", eventType, StringComparison.Ordinal)
            .Replace("{source}", source ?? "none", StringComparison.Ordinal)
            .Replace("{workflow}", workflowKey, StringComparison.Ordinal);

    private sealed record Entry(string Key, WorkflowTarget Target, string Rule, string? DisabledReason);
}

public sealed class InvalidRoutingConfigurationException(IReadOnlyList<string> problems)
    : Exception($"The routing configuration is invalid: {string.Join("; ", problems)}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
