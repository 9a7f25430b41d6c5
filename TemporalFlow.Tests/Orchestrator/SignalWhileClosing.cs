using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker.Interceptors;
using Temporalio.Workflows;

namespace TemporalFlow.Tests.Orchestrator;

/// <summary>
/// A worker interceptor that, the first time the armed workflow closes (continue-as-new), sends it one more signal from
/// inside that closing task, before the task's completion reaches the server: a signal that always arrives mid-close.
/// Test-only: it makes a client call from workflow code, which real workflows must never do.
/// </summary>
internal sealed class SignalWhileClosing : IWorkerInterceptor
{
    private ITemporalClient? client;
    private string? workflowId;
    private object? signalInput;
    private int fired;

    public void Arm(ITemporalClient temporal, string id, object input) => (client, workflowId, signalInput) = (temporal, id, input);

    public WorkflowInboundInterceptor InterceptWorkflow(WorkflowInboundInterceptor nextInterceptor) => new Inbound(nextInterceptor, this);

    private bool ShouldFire() =>
        client is not null && Workflow.Info.WorkflowId == workflowId && !Workflow.Unsafe.IsReplaying && Interlocked.Exchange(ref fired, 1) == 0;

    // On a thread of its own, joined: no task is scheduled from workflow code (the SDK fails such a task), and the signal
    // reaches the server before this workflow task's completion does.
#pragma warning disable VSTHRD002
    private void Send()
    {
        var sender = new Thread(() => client!.GetWorkflowHandle(workflowId!).SignalAsync("trigger", [signalInput]).GetAwaiter().GetResult());
        sender.Start();
        sender.Join();
    }
#pragma warning restore VSTHRD002

    private sealed class Inbound(WorkflowInboundInterceptor next, SignalWhileClosing owner) : WorkflowInboundInterceptor(next)
    {
        public override async Task<object?> ExecuteWorkflowAsync(ExecuteWorkflowInput input)
        {
            try
            {
                return await base.ExecuteWorkflowAsync(input);
            }
            catch (ContinueAsNewException)
            {
                if (owner.ShouldFire())
                {
                    owner.Send();
                }
                throw;
            }
        }
    }
}
