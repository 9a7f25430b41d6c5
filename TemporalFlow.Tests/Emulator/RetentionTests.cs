using TemporalFlow.Tests.Emulator.Workflows;
using TemporalFlow.Tests.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace TemporalFlow.Tests.Emulator;

/// <summary>
/// A closed run is kept for its namespace's retention period and then deleted, history and all
/// (https://docs.temporal.io/temporal-service/temporal-server#retention-period): describe and list no longer find it, and its
/// workflow id may be used again even where duplicates are refused.
/// </summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task AClosedRunIsDeletedOnceTheNamespacesRetentionHasPassed()
    {
        await using var environment = await TemporalTestServer.StartAsync(timeSkipping: true);
        var client = environment.Client;
        var id = $"retained-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions($"tq-{id}").AddWorkflow<GreetingWorkflow>().AddAllActivities(new ScenarioActivities()));
        await worker.ExecuteAsync(async () =>
        {
            var options = new WorkflowOptions(id, $"tq-{id}") { IdReusePolicy = WorkflowIdReusePolicy.RejectDuplicate };
            await (await client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("x"), options)).GetResultAsync();
            var retention = (await client.WorkflowService.DescribeNamespaceAsync(new() { Namespace = client.Options.Namespace }))
                .Config.WorkflowExecutionRetentionTtl.ToTimeSpan();
            Assert.Equal(TimeSpan.FromDays(1), retention); // the dev server's default

            await environment.DelayAsync(retention - TimeSpan.FromHours(1));
            Assert.Equal(WorkflowExecutionStatus.Completed, (await client.GetWorkflowHandle(id).DescribeAsync()).Status);
            await Assert.ThrowsAsync<WorkflowAlreadyStartedException>(() => client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("x"), options));

            await environment.DelayAsync(TimeSpan.FromHours(2));
            var gone = await Assert.ThrowsAsync<RpcException>(() => client.GetWorkflowHandle(id).DescribeAsync());
            Assert.Equal(RpcException.StatusCode.NotFound, gone.Code);
            Assert.Equal(0, (await client.CountWorkflowsAsync($"WorkflowId = '{id}'")).Count);
            await (await client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("again"), options)).GetResultAsync(); // the id is free
        }).WaitAsync(WorkerScenario.HardTimeout);
    }
}
