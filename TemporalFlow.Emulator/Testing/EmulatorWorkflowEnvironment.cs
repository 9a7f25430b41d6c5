using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.TestService.V1;
using Temporalio.Client;
using Temporalio.Testing;

namespace TemporalFlow.Emulator.Testing;

/// <summary>
/// Temporal's familiar <see cref="WorkflowEnvironment"/> over the emulator: start one per test (or per class),
/// use <see cref="WorkflowEnvironment.Client"/>, and with time skipping <see cref="DelayAsync"/> moves the virtual clock
/// while awaiting a workflow result skips timers whenever nothing else runs.
/// </summary>
public sealed class EmulatorWorkflowEnvironment : WorkflowEnvironment
{
    private readonly EmulatorServer? server;
    private readonly bool timeSkipping;

    private EmulatorWorkflowEnvironment(ITemporalClient client, EmulatorServer? server, bool timeSkipping)
        : base(client)
    {
        this.server = server;
        this.timeSkipping = timeSkipping;
    }

    /// <summary>The emulator this environment started, or null when it connected to an existing server.</summary>
    public EmulatorServer? Server => server;

    public override bool SupportsTimeSkipping => timeSkipping;

    /// <summary>Starts an in-process emulator on a free loopback port and connects to it.</summary>
    public static async Task<EmulatorWorkflowEnvironment> StartAsync(bool timeSkipping = false, string @namespace = "default")
    {
        var server = await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0, TimeSkipping = timeSkipping, Namespaces = [@namespace] });
        try
        {
            return new EmulatorWorkflowEnvironment(await ConnectClientAsync(server.Address, @namespace, timeSkipping), server, timeSkipping);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Connects to a server that is already running: a real Temporal server, or (with <paramref name="timeSkipping"/>)
    /// anything that offers Temporal's TestService, such as Temporal's own test server.
    /// </summary>
    public static async Task<EmulatorWorkflowEnvironment> ConnectAsync(string address, string @namespace = "default", bool timeSkipping = false) =>
        new(await ConnectClientAsync(address, @namespace, timeSkipping), null, timeSkipping);

    private static Task<TemporalClient> ConnectClientAsync(string address, string @namespace, bool timeSkipping)
    {
        var options = new TemporalClientConnectOptions(address) { Namespace = @namespace };
        if (timeSkipping)
        {
            options.Interceptors = [new TimeSkippingClientInterceptor()];
        }
        return TemporalClient.ConnectAsync(options);
    }

    public override async Task DelayAsync(TimeSpan delay, CancellationToken? cancellationToken = null)
    {
        if (!timeSkipping)
        {
            await base.DelayAsync(delay, cancellationToken);
            return;
        }
        await Client.Connection.TestService.UnlockTimeSkippingWithSleepAsync(
            new SleepRequest { Duration = Duration.FromTimeSpan(delay) }, new RpcOptions { CancellationToken = cancellationToken });
    }

    public override async Task<DateTime> GetCurrentTimeAsync() =>
        timeSkipping ? (await Client.Connection.TestService.GetCurrentTimeAsync(new Empty())).Time.ToDateTime() : DateTime.UtcNow;

    public override async Task<T> WithAutoTimeSkippingDisabledAsync<T>(Func<Task<T>> func)
    {
        if (!timeSkipping)
        {
            return await func();
        }
        await Client.Connection.TestService.LockTimeSkippingAsync(new LockTimeSkippingRequest());
        try
        {
            return await func();
        }
        finally
        {
            await Client.Connection.TestService.UnlockTimeSkippingAsync(new UnlockTimeSkippingRequest());
        }
    }

    public override async Task ShutdownAsync()
    {
        await base.ShutdownAsync();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
