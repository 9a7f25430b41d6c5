using System.Text.Json.Serialization;

namespace TemporalFlow.Core.Routing;

/// <summary>
/// The <c>Routing</c> configuration section: which workflow handles which event. Event type is matched first, then source,
/// then the optional default; matching is case-insensitive. Bound from appsettings / environment / a JSON file, and
/// replaceable at run time through the orchestrator's <c>update_configuration</c> signal.
/// </summary>
public sealed class RoutingConfiguration
{
    public const string SectionName = "Routing";

    /// <summary>Recorded with every routing decision, so a decision can be traced to the configuration that made it.</summary>
    [JsonPropertyName("version")]
    public string Version { get; set; } = "1";

    /// <summary>Event type → workflow key.</summary>
    [JsonPropertyName("eventTypes")]
    public Dictionary<string, string> EventTypes { get; set; } = [];

    /// <summary>Source → workflow key, for event types with no mapping.</summary>
    [JsonPropertyName("sources")]
    public Dictionary<string, string> Sources { get; set; } = [];

    /// <summary>Workflow key for events neither mapping matches; none means such events are unroutable.</summary>
    [JsonPropertyName("default")]
    public string? Default { get; set; }

    /// <summary>Workflow key → where and how to start it.</summary>
    [JsonPropertyName("workflows")]
    public Dictionary<string, WorkflowTarget> Workflows { get; set; } = [];
}

/// <summary>A domain workflow events can be routed to.</summary>
public sealed class WorkflowTarget
{
    [JsonPropertyName("workflowType")]
    public string WorkflowType { get; set; } = "";

    [JsonPropertyName("taskQueue")]
    public string TaskQueue { get; set; } = "";

    /// <summary>The workflow id, from <c>{eventId}</c>, <c>{eventType}</c>, <c>{source}</c> and <c>{workflow}</c> (the key): deterministic, so a redelivered event never starts a second workflow.</summary>
    [JsonPropertyName("idTemplate")]
    public string IdTemplate { get; set; } = "{workflow}-{eventId}";

    /// <summary>Payload fields an event must carry to be started on this workflow.</summary>
    [JsonPropertyName("requiredFields")]
    public List<string> RequiredFields { get; set; } = [];

    /// <summary>A disabled workflow makes events routed to it unroutable (dead letters), until enabled again.</summary>
    [JsonPropertyName("enabled")]
    public bool Enabled { get; set; } = true;
}
