using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using TemporalFlow.Core.Routing;
using Temporalio.Api.Enums.V1;
using Temporalio.Exceptions;

namespace TemporalFlow.Chat.Tools;

public sealed partial class TemporalFlowTools
{
    [Description("Lists workflows by status (running, failed, completed, terminated, timed-out, canceled) started since a time.")]
    public async Task<List<WorkflowSummary>> ListWorkflowsAsync([Description("running, failed, completed, terminated, timed-out or canceled")] string status,
        [Description("only workflows started at or after this time (UTC)")] DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        var statusName = status.Trim().ToLowerInvariant() switch
        {
            "running" => "Running",
            "failed" => "Failed",
            "completed" => "Completed",
            "terminated" => "Terminated",
            "timed-out" or "timedout" or "timed out" => "TimedOut",
            "canceled" or "cancelled" => "Canceled",
            _ => throw new ArgumentException($"'{status}' is not a workflow status: use running, failed, completed, terminated, timed-out or canceled."),
        };
        var query = $"ExecutionStatus = '{statusName}'";
        if (since is { } from)
        {
            query += $" AND StartTime >= '{from.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}'";
        }
        var workflows = new List<WorkflowSummary>();
        await foreach (var execution in temporal.ListWorkflowsAsync(query, new() { Limit = MaxRows, Rpc = new() { CancellationToken = cancellationToken } }))
        {
            workflows.Add(new WorkflowSummary(execution.Id, execution.WorkflowType, Status(execution.Status), execution.StartTime, execution.CloseTime));
        }
        return workflows;
    }

    [Description("The routing table in force: which event types and sources go to which workflow, the default, the configuration version.")]
    public async Task<RoutingTableView> GetRoutingTableAsync(CancellationToken cancellationToken = default)
    {
        RoutingConfiguration configuration;
        string origin;
        try
        {
            var view = await temporal.GetWorkflowHandle(OrchestratorIds().First())
                .QueryAsync<JsonElement>("routingConfig", [], new() { Rpc = new() { CancellationToken = cancellationToken } });
            configuration = view.GetProperty("configuration").Deserialize<RoutingConfiguration>(RoutingJson)!;
            origin = $"the running orchestrator {OrchestratorIds().First()}";
        }
        catch (Exception ex) when (ex is RpcException or WorkflowQueryFailedException or KeyNotFoundException or JsonException)
        {
            configuration = DefaultRouting.Create();
            origin = "the built-in defaults (no orchestrator is running yet)";
        }
        var routes = configuration.EventTypes.Select(r => Line($"event type '{r.Key}'", r.Value))
            .Concat(configuration.Sources.Select(r => Line($"source '{r.Key}'", r.Value)))
            .ToList();
        return new RoutingTableView(configuration.Version, routes, configuration.Default, origin);

        RouteLine Line(string match, string workflow) => configuration.Workflows.TryGetValue(workflow, out var target)
            ? new RouteLine(match, workflow, target.WorkflowType, target.TaskQueue, target.Enabled)
            : new RouteLine(match, workflow, "?", "?", false);
    }

    private static readonly JsonSerializerOptions RoutingJson = new(JsonSerializerDefaults.Web);

    private static string Status(WorkflowExecutionStatus? status) => status switch
    {
        WorkflowExecutionStatus.Running => "running",
        WorkflowExecutionStatus.Completed => "completed",
        WorkflowExecutionStatus.Failed => "failed",
        WorkflowExecutionStatus.Canceled => "canceled",
        WorkflowExecutionStatus.Terminated => "terminated",
        WorkflowExecutionStatus.TimedOut => "timed-out",
        WorkflowExecutionStatus.ContinuedAsNew => "continued-as-new",
        _ => "unknown",
    };
}
