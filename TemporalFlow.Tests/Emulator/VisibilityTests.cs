using TemporalFlow.Tests.Emulator.Workflows;
using TemporalFlow.Tests.Support;
using Temporalio.Api.Enums.V1;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Exceptions;

namespace TemporalFlow.Tests.Emulator;

/// <summary>List and count with the documented query subset, describe, memo and search attributes, and history paging.</summary>
public sealed class VisibilityTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    private ITemporalClient Client => server.Environment.Client;

    [Fact]
    public Task ListAndCountFilterByTypeIdStatusAndTime() => WorkerScenario.RunAsync(Client, cacheOff: false,
        o => o.AddWorkflow<GreetingWorkflow>().AddWorkflow<SignalCollectorWorkflow>().AddAllActivities(new ScenarioActivities()),
        async s =>
        {
            var prefix = $"vis-{Guid.NewGuid():N}";
            var since = DateTime.UtcNow.AddSeconds(-1).ToString("O");
            for (var i = 0; i < 3; i++)
            {
                await s.Track(await s.Client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("x"), s.Options($"{prefix}-done-{i}"))).GetResultAsync();
            }
            var running = s.Track(await s.Client.StartWorkflowAsync((SignalCollectorWorkflow w) => w.RunAsync(), s.Options($"{prefix}-open")));

            Assert.Equal(4, await CountAsync($"WorkflowId STARTS_WITH '{prefix}'"));
            Assert.Equal(3, await CountAsync($"WorkflowId STARTS_WITH '{prefix}' AND WorkflowType = 'GreetingWorkflow' AND ExecutionStatus = 'Completed'"));
            Assert.Equal(1, await CountAsync($"WorkflowId STARTS_WITH '{prefix}' AND (ExecutionStatus = 'Running' OR WorkflowType = 'Nothing')"));
            Assert.Equal(4, await CountAsync($"WorkflowId STARTS_WITH '{prefix}' AND StartTime >= '{since}'"));
            Assert.Equal(3, await CountAsync($"WorkflowId STARTS_WITH '{prefix}' AND CloseTime > '{since}'"));
            Assert.Equal(2, await CountAsync($"WorkflowId IN ('{prefix}-done-0', '{prefix}-open', 'other')"));

            var ascending = new List<string>();
            await foreach (var execution in s.Client.ListWorkflowsAsync($"WorkflowId STARTS_WITH '{prefix}' ORDER BY StartTime ASC"))
            {
                ascending.Add(execution.Id);
            }
            Assert.Equal([$"{prefix}-done-0", $"{prefix}-done-1", $"{prefix}-done-2", $"{prefix}-open"], ascending);

            await running.TerminateAsync("done");
            Assert.Equal(1, await CountAsync($"WorkflowId = '{prefix}-open' AND ExecutionStatus = 'Terminated'"));
        });

    [Fact]
    public async Task AnUnsupportedQueryIsRejectedWithAClearMessage()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.CountWorkflowsAsync("WorkflowId LIKE 'x%'"));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, error.Code);
        Assert.Contains("LIKE", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// https://docs.temporal.io/visibility#count-workflow-by-executionstatus: "The GROUP BY clause is only supported in the Count
    /// API and currently only grouping by ExecutionStatus is supported." The Web UI's status counts above the list ask for it.
    /// </summary>
    [Fact]
    public Task ACountGroupsByExecutionStatusAndByNothingElse() => WorkerScenario.RunAsync(Client, cacheOff: false,
        o => o.AddWorkflow<GreetingWorkflow>().AddWorkflow<SignalCollectorWorkflow>().AddAllActivities(new ScenarioActivities()),
        async s =>
        {
            var prefix = $"group-{Guid.NewGuid():N}";
            for (var i = 0; i < 2; i++)
            {
                await s.Track(await s.Client.StartWorkflowAsync((GreetingWorkflow w) => w.RunAsync("x"), s.Options($"{prefix}-done-{i}"))).GetResultAsync();
            }
            var running = s.Track(await s.Client.StartWorkflowAsync((SignalCollectorWorkflow w) => w.RunAsync(), s.Options($"{prefix}-open")));

            var count = await s.Client.CountWorkflowsAsync($"WorkflowId STARTS_WITH '{prefix}' GROUP BY ExecutionStatus");
            Assert.Equal(3, count.Count);
            Assert.Equal([("Running", 1L), ("Completed", 2L)], count.Groups.Select(g => (g.GroupValues.Single()?.ToString(), g.Count)));

            foreach (var (query, problem) in new[]
            {
                ("GROUP BY WorkflowType", "'GROUP BY' clause is not supported for search attribute WorkflowType"),
                ("GROUP BY ExecutionStatus, WorkflowType", "'GROUP BY' clause supports only a single field"),
                ("GROUP BY ExecutionStatus ORDER BY StartTime", "'ORDER BY' clause is not supported with 'GROUP BY' clause"),
            })
            {
                var refused = await Assert.ThrowsAsync<RpcException>(() => s.Client.CountWorkflowsAsync(query));
                Assert.Equal((RpcException.StatusCode.InvalidArgument, true), (refused.Code, refused.Message.Contains(problem, StringComparison.Ordinal)));
            }
            var listed = await Assert.ThrowsAsync<RpcException>(async () => await s.Client.ListWorkflowsAsync("GROUP BY ExecutionStatus").GetAsyncEnumerator().MoveNextAsync());
            Assert.Contains("only supported in a count", listed.Message, StringComparison.Ordinal);
            await running.TerminateAsync("done");
        });

    [Fact]
    public Task MemoAndSearchAttributesAreStoredAndDescribed() => WorkerScenario.RunAsync(Client, cacheOff: false,
        o => o.AddWorkflow<SignalCollectorWorkflow>(),
        async s =>
        {
            await RegisterAsync("EventSource", IndexedValueType.Keyword);
            var source = SearchAttributeKey.CreateKeyword("EventSource");
            var options = s.Options();
            options.Memo = new Dictionary<string, object> { ["owner"] = "on-call" };
            options.TypedSearchAttributes = new SearchAttributeCollection.Builder().Set(source, "s3").ToSearchAttributeCollection();
            var handle = s.Track(await s.Client.StartWorkflowAsync((SignalCollectorWorkflow w) => w.RunAsync(), options));

            var description = await handle.DescribeAsync();
            Assert.Equal("on-call", await description.Memo["owner"].ToValueAsync<string>());
            Assert.Equal("s3", description.TypedSearchAttributes.Get(source));
            Assert.Equal(1, await CountAsync($"EventSource = 's3' AND WorkflowId = '{handle.Id}'"));
            await handle.TerminateAsync("done");
        });

    /// <summary>
    /// Custom search attributes are registered through the OperatorService before anything may write them; the server refuses
    /// an unregistered one (https://docs.temporal.io/search-attribute#custom-search-attribute), in a start as an invalid
    /// argument and in a workflow's upsert by failing the task with BAD_SEARCH_ATTRIBUTES.
    /// </summary>
    [Fact]
    public Task SearchAttributesAreRegisteredBeforeUseAndAnUnregisteredOneIsRefused() => WorkerScenario.RunAsync(Client, cacheOff: false,
        o => o.AddWorkflow<SignalCollectorWorkflow>().AddWorkflow<UnregisteredSearchAttributeWorkflow>(),
        async s =>
        {
            var region = SearchAttributeKey.CreateKeyword($"Region{Guid.NewGuid():N}"[..20]);
            var options = s.Options();
            options.TypedSearchAttributes = new SearchAttributeCollection.Builder().Set(region, "eu").ToSearchAttributeCollection();
            var refused = await Assert.ThrowsAsync<RpcException>(() => s.Client.StartWorkflowAsync((SignalCollectorWorkflow w) => w.RunAsync(), options));
            Assert.Equal((RpcException.StatusCode.InvalidArgument, $"search attribute {region.Name} is not defined"), (refused.Code, refused.Message));

            await RegisterAsync(region.Name, IndexedValueType.Keyword);
            var listed = await Client.Connection.OperatorService.ListSearchAttributesAsync(new() { Namespace = Client.Options.Namespace });
            Assert.Equal(IndexedValueType.Keyword, listed.CustomAttributes[region.Name]);
            Assert.Equal(IndexedValueType.KeywordList, listed.SystemAttributes["TemporalChangeVersion"]);
            var handle = s.Track(await s.Client.StartWorkflowAsync((SignalCollectorWorkflow w) => w.RunAsync(), options));
            Assert.Equal(1, await CountAsync($"{region.Name} = 'eu' AND WorkflowId = '{handle.Id}'"));
            await handle.TerminateAsync("done");

            var wrongType = s.Options();
            wrongType.TypedSearchAttributes = new SearchAttributeCollection.Builder()
                .Set(SearchAttributeKey.CreateLong(region.Name), 42).ToSearchAttributeCollection(); // registered as a Keyword
            var mistyped = await Assert.ThrowsAsync<RpcException>(() => s.Client.StartWorkflowAsync((SignalCollectorWorkflow w) => w.RunAsync(), wrongType));
            Assert.Equal($"invalid value for search attribute {region.Name} of type Keyword: 42", mistyped.Message);

            var reserved = await Assert.ThrowsAsync<RpcException>(() => RegisterAsync("WorkflowId", IndexedValueType.Keyword));
            Assert.Equal("Search attribute WorkflowId is reserved by system.", reserved.Message);

            var upserting = s.Track(await s.Client.StartWorkflowAsync((UnregisteredSearchAttributeWorkflow w) => w.RunAsync(), s.Options()));
            var failed = await Poll.FirstTaskFailureAsync(upserting);
            Assert.Equal(WorkflowTaskFailedCause.BadSearchAttributes, failed.Cause);
            Assert.Equal("search attribute NeverRegistered is not defined", failed.Failure.Message);
            await upserting.TerminateAsync("done");
        });

    [Fact]
    public Task LongHistoriesArePagedAndReadInFull() => WorkerScenario.RunAsync(Client, cacheOff: true,
        o => o.AddWorkflow<SignalCollectorWorkflow>(),
        async s =>
        {
            var handle = s.Track(await s.Client.StartWorkflowAsync((SignalCollectorWorkflow w) => w.RunAsync(), s.Options()));
            // Signals while the worker runs tasks: more than one history page (1,000 events) in all.
            for (var i = 0; i < 1200; i++)
            {
                await handle.SignalAsync(w => w.AddAsync($"{i}"));
            }
            Assert.Equal(1200, (await handle.QueryAsync(w => w.Received)).Count);
            await handle.SignalAsync(w => w.FinishAsync());
            Assert.Equal(1200, (await handle.GetResultAsync()).Count);

            var history = await handle.FetchHistoryAsync();
            Assert.True(history.Events.Count > 1000);
            Assert.Equal(Enumerable.Range(1, history.Events.Count).Select(i => (long)i), history.Events.Select(e => e.EventId));
            Assert.Equal(1201, history.Events.Count(e => e.EventType == EventType.WorkflowExecutionSignaled));
        });

    private Task RegisterAsync(string name, IndexedValueType type) => Client.Connection.OperatorService.AddSearchAttributesAsync(
        new() { Namespace = Client.Options.Namespace, SearchAttributes = { [name] = type } });

    private async Task<int> CountAsync(string query) => (int)(await Client.CountWorkflowsAsync(query)).Count;
}
