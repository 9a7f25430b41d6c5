using TemporalFlow.Tests.Emulator.Workflows;
using TemporalFlow.Tests.Support;
using Temporalio.Client;

namespace TemporalFlow.Tests.Emulator;

/// <summary>Timers on the virtual clock: a 30-minute escalation passes in milliseconds of real time.</summary>
public sealed class TimeSkippingTests(TimeSkippingServerFixture server) : IClassFixture<TimeSkippingServerFixture>
{
    private ITemporalClient Client => server.Environment.Client;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task AwaitingAResultSkipsTheEscalationTimer(bool cacheOff) => WorkerScenario.RunAsync(Client, cacheOff,
        o => o.AddWorkflow<EscalationWorkflow>(),
        async s =>
        {
            var before = await server.Environment.GetCurrentTimeAsync();
            var started = DateTime.UtcNow;
            var handle = s.Track(await s.Client.StartWorkflowAsync((EscalationWorkflow w) => w.RunAsync(30), s.Options()));
            Assert.Equal("escalated after 30 minutes", await handle.GetResultAsync());
            Assert.True(await server.Environment.GetCurrentTimeAsync() - before >= TimeSpan.FromMinutes(30));
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromMinutes(1), "virtual time should not be waited out in real time");
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task TimeDoesNotSkipWhileTheTestIsNotWaiting(bool cacheOff) => WorkerScenario.RunAsync(Client, cacheOff,
        o => o.AddWorkflow<EscalationWorkflow>(),
        async s =>
        {
            var handle = s.Track(await s.Client.StartWorkflowAsync((EscalationWorkflow w) => w.RunAsync(30), s.Options()));
            await Task.Delay(300); // real time passes, the 30-minute timer must not fire by itself
            await handle.SignalAsync(w => w.AcknowledgeAsync());
            Assert.Equal("acknowledged", await handle.GetResultAsync());
        });

    [Fact]
    public Task DelayMovesTheClockAndFiresDueTimers() => WorkerScenario.RunAsync(Client, cacheOff: false,
        o => o.AddWorkflow<EscalationWorkflow>(),
        async s =>
        {
            var handle = s.Track(await s.Client.StartWorkflowAsync((EscalationWorkflow w) => w.RunAsync(10), s.Options()));
            var before = await server.Environment.GetCurrentTimeAsync();
            await server.Environment.DelayAsync(TimeSpan.FromMinutes(11));
            Assert.True(await server.Environment.GetCurrentTimeAsync() - before >= TimeSpan.FromMinutes(11));
            var description = await handle.DescribeAsync();
            Assert.Equal(Temporalio.Api.Enums.V1.WorkflowExecutionStatus.Completed, description.Status);
            Assert.Equal("escalated after 10 minutes", await handle.GetResultAsync());
        });
}
