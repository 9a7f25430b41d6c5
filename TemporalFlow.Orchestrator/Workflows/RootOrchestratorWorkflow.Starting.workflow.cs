using WorkflowIdReusePolicy = Temporalio.Api.Enums.V1.WorkflowIdReusePolicy;
using Temporalio.Exceptions;
using Temporalio.Workflows;
using TemporalFlow.Core.Ports;
using TemporalFlow.Core.Telemetry;
using TemporalFlow.Orchestrator.Activities;
using TemporalFlow.ServiceDefaults.Tracing;

namespace TemporalFlow.Orchestrator.Workflows;

public sealed partial class RootOrchestratorWorkflow
{
    // Runs recorded before this patch started domain workflows from an activity; they replay that way.
    private const string StartsAsChildren = "domain-workflows-as-children";

    /// <summary>
    /// Starts the batch's domain workflows as abandoned children: Temporal starts them as part of the task that routed the events,
    /// with no activity and no client call in between, and they live on after this run continues as new.
    /// </summary>
    private Task StartDomainWorkflowsAsync(List<DomainWorkflowStart> starts) =>
        Workflow.Patched(StartsAsChildren)
            ? Workflow.WhenAllAsync(starts.Select(StartChildAsync))
            : Workflow.ExecuteActivityAsync((OrchestratorActivities a) => a.StartDomainWorkflowsAsync(starts), ActivityOptions);

    /// <summary>One domain workflow, in the trace its event arrived with. An id already used means a redelivered event: nothing to start.</summary>
    private static async Task StartChildAsync(DomainWorkflowStart start)
    {
        using (TemporalTracing.ActFor(start.TraceParent, "RouteEvent", ("temporalflow.route.rule", start.Rule), ("temporal.workflow.id", start.WorkflowId)))
        {
            try
            {
                await Workflow.StartChildWorkflowAsync(start.WorkflowType, [start.Event], new ChildWorkflowOptions
                {
                    Id = start.WorkflowId,
                    TaskQueue = start.TaskQueue,
                    ParentClosePolicy = ParentClosePolicy.Abandon,
                    // Not even a finished workflow may run again for the same event.
                    IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate,
                    Memo = new Dictionary<string, object> { ["routingRule"] = start.Rule, ["routingConfigVersion"] = start.ConfigurationVersion },
                });
            }
            catch (WorkflowAlreadyStartedException)
            {
                return;
            }
        }
        if (!Workflow.Unsafe.IsReplaying)
        {
            EventMetrics.RecordRoutingLatency(start.Event, Workflow.UtcNow);
        }
    }
}
