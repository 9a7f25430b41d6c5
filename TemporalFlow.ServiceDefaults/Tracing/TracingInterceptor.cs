using System.Diagnostics;
using Temporalio.Client;
using Temporalio.Client.Interceptors;
using Temporalio.Worker.Interceptors;
using Temporalio.Workflows;

namespace TemporalFlow.ServiceDefaults.Tracing;

/// <summary>
/// Carries the trace from whoever starts or signals a workflow, through the workflow, to its activities (and the workflows
/// those start), in Temporal headers. Client calls and activities get real spans. Workflow code only marks its start and each
/// signal, never while replaying, so a trace shows each step once however often history is replayed; what the workflow passes
/// on is the context from its history (the starter's, the signaller's), the same in every replay.
/// </summary>
public sealed class TracingInterceptor : IClientInterceptor, IWorkerInterceptor
{
    public ClientOutboundInterceptor InterceptClient(ClientOutboundInterceptor nextInterceptor) => new ClientOutbound(nextInterceptor);

    public WorkflowInboundInterceptor InterceptWorkflow(WorkflowInboundInterceptor nextInterceptor) => new WorkflowInbound(nextInterceptor);

    public ActivityInboundInterceptor InterceptActivity(ActivityInboundInterceptor nextInterceptor) => new ActivityInbound(nextInterceptor);

    private sealed class ClientOutbound(ClientOutboundInterceptor next) : ClientOutboundInterceptor(next)
    {
        public override async Task<WorkflowHandle<TWorkflow, TResult>> StartWorkflowAsync<TWorkflow, TResult>(StartWorkflowInput input)
        {
            var name = input.Options.StartSignal is null ? $"StartWorkflow:{input.Workflow}" : $"SignalWithStartWorkflow:{input.Workflow}";
            using var span = TemporalTracing.Source.StartActivity(name, ActivityKind.Client);
            span?.SetTag("temporal.workflow.id", input.Options.Id);
            return await base.StartWorkflowAsync<TWorkflow, TResult>(input with { Headers = TraceHeaders.Inject(input.Headers, Current(span)) });
        }

        public override async Task SignalWorkflowAsync(SignalWorkflowInput input)
        {
            using var span = TemporalTracing.Source.StartActivity($"SignalWorkflow:{input.Signal}", ActivityKind.Client);
            span?.SetTag("temporal.workflow.id", input.Id);
            await base.SignalWorkflowAsync(input with { Headers = TraceHeaders.Inject(input.Headers, Current(span)) });
        }

        private static ActivityContext Current(Activity? span) => (span ?? Activity.Current)?.Context ?? default;
    }

    private sealed class WorkflowInbound(WorkflowInboundInterceptor next) : WorkflowInboundInterceptor(next)
    {
        // This workflow's place in its trace: the context its starter sent (from history, so replay agrees).
        private ActivityContext context;

        public override void Init(WorkflowOutboundInterceptor outbound) => base.Init(new WorkflowOutbound(outbound, () => context));

        public override Task<object?> ExecuteWorkflowAsync(ExecuteWorkflowInput input)
        {
            context = TraceHeaders.Extract(Workflow.Info.Headers);
            if (!Workflow.Unsafe.IsReplaying)
            {
                TemporalTracing.Mark($"RunWorkflow:{Workflow.Info.WorkflowType}", ActivityKind.Server, context,
                    ("temporal.workflow.id", Workflow.Info.WorkflowId), ("temporal.run.id", Workflow.Info.RunId));
            }
            return base.ExecuteWorkflowAsync(input);
        }

        public override async Task HandleSignalAsync(HandleSignalInput input)
        {
            var signal = TraceHeaders.Extract(input.Headers);
            if (!Workflow.Unsafe.IsReplaying && signal != default)
            {
                TemporalTracing.Mark($"HandleSignal:{input.Signal}", ActivityKind.Server, signal, ("temporal.workflow.id", Workflow.Info.WorkflowId));
            }
            using (TemporalTracing.WithSignalContext(signal))
            {
                await base.HandleSignalAsync(input);
            }
        }
    }

    private sealed class WorkflowOutbound(WorkflowOutboundInterceptor next, Func<ActivityContext> context) : WorkflowOutboundInterceptor(next)
    {
        public override Task<TResult> ScheduleActivityAsync<TResult>(ScheduleActivityInput input) =>
            base.ScheduleActivityAsync<TResult>(input with { Headers = TraceHeaders.Inject(input.Headers, context()) });

        public override Task<ChildWorkflowHandle<TWorkflow, TResult>> StartChildWorkflowAsync<TWorkflow, TResult>(StartChildWorkflowInput input) =>
            base.StartChildWorkflowAsync<TWorkflow, TResult>(input with { Headers = TraceHeaders.Inject(input.Headers, context()) });

        public override Task SignalExternalWorkflowAsync(SignalExternalWorkflowInput input) =>
            base.SignalExternalWorkflowAsync(input with { Headers = TraceHeaders.Inject(input.Headers, context()) });
    }

    private sealed class ActivityInbound(ActivityInboundInterceptor next) : ActivityInboundInterceptor(next)
    {
        public override async Task<object?> ExecuteActivityAsync(ExecuteActivityInput input)
        {
            var info = Temporalio.Activities.ActivityExecutionContext.Current.Info;
            using var span = TemporalTracing.Source.StartActivity($"RunActivity:{info.ActivityType}", ActivityKind.Server, TraceHeaders.Extract(input.Headers));
            span?.SetTag("temporal.workflow.id", info.WorkflowId);
            span?.SetTag("temporal.activity.attempt", info.Attempt);
            try
            {
                return await base.ExecuteActivityAsync(input);
            }
            catch (Exception ex)
            {
                span?.SetStatus(ActivityStatusCode.Error, ex.Message);
                throw;
            }
        }
    }
}
