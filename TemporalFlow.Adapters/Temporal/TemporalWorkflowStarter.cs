using TemporalFlow.Core.Ports;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;

namespace TemporalFlow.Adapters.Temporal;

/// <summary>Starts domain workflows by their deterministic id; an id already used means the event was handled before.</summary>
public sealed class TemporalWorkflowStarter(ITemporalClient client) : IDomainWorkflowStarter
{
    public async Task<StartOutcome> StartAsync(DomainWorkflowStart start, CancellationToken cancellationToken)
    {
        try
        {
            var handle = await client.StartWorkflowAsync(start.WorkflowType, [start.Event], new WorkflowOptions(start.WorkflowId, start.TaskQueue)
            {
                // Not even a finished workflow may run again for the same event.
                IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate,
                Memo = new Dictionary<string, object> { ["routingRule"] = start.Rule, ["routingConfigVersion"] = start.ConfigurationVersion },
                Rpc = new RpcOptions { CancellationToken = cancellationToken },
            });
            return new StartOutcome(handle.Id, handle.ResultRunId ?? "", AlreadyStarted: false);
        }
        catch (WorkflowAlreadyStartedException ex)
        {
            return new StartOutcome(start.WorkflowId, ex.RunId ?? "", AlreadyStarted: true);
        }
    }
}
