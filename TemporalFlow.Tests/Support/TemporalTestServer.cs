using TemporalFlow.Emulator.Testing;

namespace TemporalFlow.Tests.Support;

/// <summary>
/// Where Temporal tests run: the in-process emulator, or a real server when one is configured so the emulator's fidelity can be checked:
/// <c>TEMPORALFLOW_TEST_TEMPORAL_ADDRESS</c> (e.g. <c>localhost:7233</c> of <c>temporal server start-dev</c>) for ordinary scenarios, and
/// <c>TEMPORALFLOW_TEST_TIMESKIPPING_ADDRESS</c> (a server with Temporal's TestService, e.g. Temporal's test server) for time-skipping ones.
/// </summary>
internal static class TemporalTestServer
{
    public static Task<EmulatorWorkflowEnvironment> StartAsync(bool timeSkipping = false)
    {
        var variable = timeSkipping ? "TEMPORALFLOW_TEST_TIMESKIPPING_ADDRESS" : "TEMPORALFLOW_TEST_TEMPORAL_ADDRESS";
        var address = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrWhiteSpace(address)
            ? EmulatorWorkflowEnvironment.StartAsync(timeSkipping)
            : EmulatorWorkflowEnvironment.ConnectAsync(address, timeSkipping: timeSkipping);
    }
}

/// <summary>One Temporal server (emulator or configured) per test class.</summary>
public class TemporalServerFixture : IAsyncLifetime
{
    private EmulatorWorkflowEnvironment? environment;

    protected virtual bool TimeSkipping => false;

    public EmulatorWorkflowEnvironment Environment => environment ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => environment = await TemporalTestServer.StartAsync(TimeSkipping);

    public async Task DisposeAsync()
    {
        if (environment is not null)
        {
            await environment.ShutdownAsync();
        }
    }
}

public sealed class TimeSkippingServerFixture : TemporalServerFixture
{
    protected override bool TimeSkipping => true;
}
