using TemporalFlow.Core.Routing;

namespace TemporalFlow.Core.Tests;

public sealed class RoutingTableTests
{
    private readonly RoutingTable defaults = RoutingTable.Create(DefaultRouting.Create());

    [Theory]
    [InlineData("incident", null, DefaultRouting.Incident, "eventType:incident")]
    [InlineData("document-added", null, DefaultRouting.DocumentProcessing, "eventType:document-added")]
    [InlineData("document-uploaded", null, DefaultRouting.DocumentProcessing, "eventType:document-uploaded")]
    [InlineData("data-processing", null, DefaultRouting.DataProcessing, "eventType:data-processing")]
    [InlineData("something-else", "s3", DefaultRouting.DocumentProcessing, "source:s3")]
    [InlineData("something-else", "azure-blob", DefaultRouting.DocumentProcessing, "source:azure-blob")]
    [InlineData("something-else", "sharepoint", DefaultRouting.DocumentProcessing, "source:sharepoint")]
    [InlineData("something-else", "monitoring", DefaultRouting.Incident, "source:monitoring")]
    [InlineData("INCIDENT", "S3", DefaultRouting.Incident, "eventType:incident")]
    [InlineData("Other", "MONITORING", DefaultRouting.Incident, "source:monitoring")]
    public void EveryDefaultMappingRoutesEventTypeFirstThenSourceIgnoringCase(string eventType, string? source, string workflow, string rule)
    {
        var decision = defaults.Route(eventType, source);
        Assert.True(decision.IsRoutable);
        Assert.Equal(workflow, decision.WorkflowKey);
        Assert.Equal(rule, decision.Rule);
        Assert.Equal("default-1", decision.ConfigurationVersion);
    }

    [Fact]
    public void WithoutAMatchOrADefaultAnEventIsUnroutable()
    {
        var decision = defaults.Route("unknown", "nowhere");
        Assert.False(decision.IsRoutable);
        Assert.Contains("no rule matches", decision.Reason, StringComparison.Ordinal);

        var withDefault = DefaultRouting.Create();
        withDefault.Default = DefaultRouting.Incident;
        Assert.Equal("default", RoutingTable.Create(withDefault).Route("unknown", "nowhere").Rule);
    }

    [Fact]
    public void ARouteToADisabledWorkflowIsUnroutable()
    {
        var configuration = DefaultRouting.Create();
        configuration.Workflows[DefaultRouting.Incident].Enabled = false;
        var decision = RoutingTable.Create(configuration).Route("incident", null);
        Assert.False(decision.IsRoutable);
        Assert.Equal("eventType:incident", decision.Rule);
        Assert.Contains("disabled", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BadConfigurationsAreRefusedNamingEachProblem()
    {
        var configuration = DefaultRouting.Create();
        configuration.EventTypes = new() { ["incident"] = "no_such_workflow", ["Incident"] = DefaultRouting.Incident };
        configuration.Workflows[DefaultRouting.DataProcessing].TaskQueue = "";
        configuration.Workflows[DefaultRouting.Incident].IdTemplate = "incident-{timestamp}";
        configuration.Default = "missing";

        var error = Assert.Throws<InvalidRoutingConfigurationException>(() => RoutingTable.Create(configuration));
        Assert.Contains(error.Problems, p => p.Contains("Routing:EventTypes:incident maps to the unknown workflow 'no_such_workflow'", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("duplicate keys", StringComparison.Ordinal) && p.Contains("Incident", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains($"Routing:Workflows:{DefaultRouting.DataProcessing}:TaskQueue must not be empty", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("IdTemplate must contain {eventId}", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("Routing:Default names the unknown workflow 'missing'", StringComparison.Ordinal));
    }

    [Fact]
    public void WorkflowIdsComeFromTheTemplateAndTheEvent()
    {
        var target = new WorkflowTarget { WorkflowType = "W", TaskQueue = "q", IdTemplate = "{workflow}/{source}/{eventType}/{eventId}" };
        Assert.Equal("wf/s3/document-added/evt-1", RoutingTable.WorkflowId("wf", target, "evt-1", "document-added", "s3"));
        Assert.Equal("wf/none/x/evt-2", RoutingTable.WorkflowId("wf", target, "evt-2", "x", null));
    }
}
