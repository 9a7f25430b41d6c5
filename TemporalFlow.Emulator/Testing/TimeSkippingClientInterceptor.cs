using Temporalio.Api.TestService.V1;
using Temporalio.Client;
using Temporalio.Client.Interceptors;

namespace TemporalFlow.Emulator.Testing;

/// <summary>Unlocks time skipping while a test awaits the result of a workflow it started, as Temporal's test server does.</summary>
internal sealed class TimeSkippingClientInterceptor : IClientInterceptor
{
    public ClientOutboundInterceptor InterceptClient(ClientOutboundInterceptor nextInterceptor) => new Outbound(nextInterceptor);

    private sealed class Outbound(ClientOutboundInterceptor next) : ClientOutboundInterceptor(next)
    {
        public override async Task<WorkflowHandle<TWorkflow, TResult>> StartWorkflowAsync<TWorkflow, TResult>(StartWorkflowInput input)
        {
            var handle = await base.StartWorkflowAsync<TWorkflow, TResult>(input);
            return new SkippingHandle<TWorkflow, TResult>(handle);
        }
    }

    private sealed record SkippingHandle<TWorkflow, TResult>(WorkflowHandle<TWorkflow, TResult> Inner)
        : WorkflowHandle<TWorkflow, TResult>(Inner.Client, Inner.Id, Inner.RunId, Inner.ResultRunId, Inner.FirstExecutionRunId)
    {
        public override async Task<TLocalResult> GetResultAsync<TLocalResult>(bool followRuns = true, RpcOptions? rpcOptions = null)
        {
            var testService = Client.Connection.TestService;
            await testService.UnlockTimeSkippingAsync(new UnlockTimeSkippingRequest());
            try
            {
                return await base.GetResultAsync<TLocalResult>(followRuns, rpcOptions);
            }
            finally
            {
                await testService.LockTimeSkippingAsync(new LockTimeSkippingRequest());
            }
        }
    }
}
