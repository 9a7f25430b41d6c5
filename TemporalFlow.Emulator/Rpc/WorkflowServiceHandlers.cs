using TemporalFlow.Emulator.Engine;
using Temporalio.Api.TestService.V1;
using Temporalio.Api.WorkflowService.V1;

namespace TemporalFlow.Emulator.Rpc;

/// <summary>The RPCs the emulator implements. Everything else answers Unimplemented with the RPC's name.</summary>
internal static class WorkflowServiceHandlers
{
    public static RpcHandlerTable Create(EmulatorEngine engine) => new RpcHandlerTable()
        // Connection and namespaces
        .Add<GetSystemInfoRequest, GetSystemInfoResponse>(_ => EmulatorEngine.SystemInfo())
        .Add<GetClusterInfoRequest, GetClusterInfoResponse>(_ => new GetClusterInfoResponse { ClusterName = "active", ServerVersion = EmulatorEngine.SystemInfo().ServerVersion })
        .Add<DescribeNamespaceRequest, DescribeNamespaceResponse>(engine.Namespaces.Describe)
        .Add<ListNamespacesRequest, ListNamespacesResponse>(engine.Namespaces.List)
        .Add<RegisterNamespaceRequest, RegisterNamespaceResponse>(engine.Namespaces.Register)
        // Operators: search attributes (temporal.api.operatorservice.v1)
        .Add<Temporalio.Api.OperatorService.V1.AddSearchAttributesRequest, Temporalio.Api.OperatorService.V1.AddSearchAttributesResponse>(engine.SearchAttributes.Add)
        .Add<Temporalio.Api.OperatorService.V1.RemoveSearchAttributesRequest, Temporalio.Api.OperatorService.V1.RemoveSearchAttributesResponse>(engine.SearchAttributes.Remove)
        .Add<Temporalio.Api.OperatorService.V1.ListSearchAttributesRequest, Temporalio.Api.OperatorService.V1.ListSearchAttributesResponse>(engine.SearchAttributes.List)
        // Clients
        .Add<StartWorkflowExecutionRequest, StartWorkflowExecutionResponse>(engine.StartWorkflowExecution)
        .Add<SignalWorkflowExecutionRequest, SignalWorkflowExecutionResponse>(engine.SignalWorkflowExecution)
        .Add<SignalWithStartWorkflowExecutionRequest, SignalWithStartWorkflowExecutionResponse>(engine.SignalWithStartWorkflowExecution)
        .Add<TerminateWorkflowExecutionRequest, TerminateWorkflowExecutionResponse>(engine.TerminateWorkflowExecution)
        .Add<RequestCancelWorkflowExecutionRequest, RequestCancelWorkflowExecutionResponse>(engine.RequestCancelWorkflowExecution)
        .Add<QueryWorkflowRequest, QueryWorkflowResponse>((r, c) => engine.QueryWorkflowAsync(r, c.CancellationToken))
        .Add<GetWorkflowExecutionHistoryRequest, GetWorkflowExecutionHistoryResponse>((r, c) => engine.GetWorkflowExecutionHistoryAsync(r, c.CancellationToken))
        .Add<GetWorkflowExecutionHistoryReverseRequest, GetWorkflowExecutionHistoryReverseResponse>(engine.GetWorkflowExecutionHistoryReverse)
        .Add<DescribeWorkflowExecutionRequest, DescribeWorkflowExecutionResponse>(engine.DescribeWorkflowExecution)
        .Add<ListWorkflowExecutionsRequest, ListWorkflowExecutionsResponse>(engine.ListWorkflowExecutions)
        .Add<CountWorkflowExecutionsRequest, CountWorkflowExecutionsResponse>(engine.CountWorkflowExecutions)
        // Workers
        .Add<PollWorkflowTaskQueueRequest, PollWorkflowTaskQueueResponse>((r, c) => engine.PollWorkflowTaskAsync(r, c.CancellationToken))
        .Add<RespondWorkflowTaskCompletedRequest, RespondWorkflowTaskCompletedResponse>(engine.RespondWorkflowTaskCompleted)
        .Add<RespondWorkflowTaskFailedRequest, RespondWorkflowTaskFailedResponse>(engine.RespondWorkflowTaskFailed)
        .Add<RespondQueryTaskCompletedRequest, RespondQueryTaskCompletedResponse>(engine.RespondQueryTaskCompleted)
        .Add<PollActivityTaskQueueRequest, PollActivityTaskQueueResponse>((r, c) => engine.PollActivityTaskAsync(r, c.CancellationToken))
        .Add<RespondActivityTaskCompletedRequest, RespondActivityTaskCompletedResponse>(engine.RespondActivityTaskCompleted)
        .Add<RespondActivityTaskCompletedByIdRequest, RespondActivityTaskCompletedByIdResponse>(engine.RespondActivityTaskCompletedById)
        .Add<RespondActivityTaskFailedRequest, RespondActivityTaskFailedResponse>(engine.RespondActivityTaskFailed)
        .Add<RespondActivityTaskFailedByIdRequest, RespondActivityTaskFailedByIdResponse>(engine.RespondActivityTaskFailedById)
        .Add<RespondActivityTaskCanceledRequest, RespondActivityTaskCanceledResponse>(engine.RespondActivityTaskCanceled)
        .Add<RespondActivityTaskCanceledByIdRequest, RespondActivityTaskCanceledByIdResponse>(engine.RespondActivityTaskCanceledById)
        .Add<RecordActivityTaskHeartbeatRequest, RecordActivityTaskHeartbeatResponse>(engine.RecordActivityTaskHeartbeat)
        .Add<RecordActivityTaskHeartbeatByIdRequest, RecordActivityTaskHeartbeatByIdResponse>(engine.RecordActivityTaskHeartbeatById)
        .Add<PollNexusTaskQueueRequest, PollNexusTaskQueueResponse>((r, c) => engine.PollNexusTaskAsync(r, c.CancellationToken))
        .Add<ShutdownWorkerRequest, ShutdownWorkerResponse>(engine.ShutdownWorker)
        .Add<ResetStickyTaskQueueRequest, ResetStickyTaskQueueResponse>(engine.ResetStickyTaskQueue)
        .Add<DescribeTaskQueueRequest, DescribeTaskQueueResponse>(engine.DescribeTaskQueue)
        // temporal.api.testservice.v1.TestService: the virtual clock
        .Add<LockTimeSkippingRequest, LockTimeSkippingResponse>(_ => engine.LockTimeSkipping())
        .Add<UnlockTimeSkippingRequest, UnlockTimeSkippingResponse>(_ => engine.UnlockTimeSkipping())
        .Add<SleepRequest, SleepResponse>((r, c) => engine.SleepAsync(r.Duration, c.CancellationToken))
        .Add<SleepUntilRequest, SleepResponse>((r, c) => engine.SleepUntilAsync(r.Timestamp, c.CancellationToken))
        // Moving the clock to the target is exactly the sleep: unlocking as well would let it run past the target.
        .Add<SleepRequest, SleepResponse>((r, c) => engine.SleepAsync(r.Duration, c.CancellationToken), "UnlockTimeSkippingWithSleep")
        .Add<Google.Protobuf.WellKnownTypes.Empty, GetCurrentTimeResponse>(_ => engine.GetCurrentTime(), "GetCurrentTime");
}
