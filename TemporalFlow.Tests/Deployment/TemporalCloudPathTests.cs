using TemporalFlow.Emulator;
using TemporalFlow.Emulator.Testing;
using TemporalFlow.Testing;
using TemporalFlow.Tests.Emulator.Workflows;
using TemporalFlow.Tests.Support;
using Temporalio.Client;
using Temporalio.Exceptions;
using Temporalio.Worker;

namespace TemporalFlow.Tests.Deployment;

/// <summary>
/// Temporal Cloud's way in, served by the emulator: TLS, and an API key sent as <c>authorization: Bearer</c> on every call
/// (https://docs.temporal.io/cloud/api-keys#using-apikeys). The services' own start-up refuses a wrong key by name.
/// </summary>
public sealed class TemporalCloudPathTests : IDisposable
{
    private readonly TestCertificates certificates = new();

    [Fact]
    public async Task OnlyACallerWithTheKeyOverTlsIsServed()
    {
        await using var server = await StartAsync();

        var client = await TemporalClient.ConnectAsync(Options(server, TestSecrets.TemporalApiKey));
        var queue = $"cloud-{Guid.NewGuid():N}";
        using var worker = new TemporalWorker(client, new TemporalWorkerOptions(queue).AddWorkflow<GreetingWorkflow>().AddAllActivities(new ScenarioActivities()));
        var greeting = await worker.ExecuteAsync(() => client.ExecuteWorkflowAsync((GreetingWorkflow w) => w.RunAsync("cloud"), new($"{queue}-1", queue)))
            .WaitAsync(WorkerScenario.HardTimeout);
        Assert.Contains("cloud", greeting, StringComparison.Ordinal);

        foreach (var key in new[] { TestSecrets.WrongTemporalApiKey, null })
        {
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => TemporalClient.ConnectAsync(Options(server, key))).WaitAsync(WorkerScenario.HardTimeout);
            Assert.Contains("Unauthenticated", refused.ToString(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(TestSecrets.WrongTemporalApiKey, refused.ToString(), StringComparison.Ordinal);
        }
        // Plain HTTP/2 to a TLS port gets nowhere.
        await Assert.ThrowsAnyAsync<Exception>(() => TemporalClient.ConnectAsync(new(server.Address) { ApiKey = TestSecrets.TemporalApiKey }))
            .WaitAsync(WorkerScenario.HardTimeout);
    }

    /// <summary>The webhook listener, as deployed, started with a key the server refuses: it stops with exit code 1, naming the setting, never the key.</summary>
    [Fact]
    public async Task AServiceStartedWithAWrongKeyStopsNamingTheSetting()
    {
        await using var server = await StartAsync();
        var dll = Path.Combine(RepositoryPaths.Root, "TemporalFlow.Listeners", "bin", RepositoryPaths.Configuration, "net10.0", "TemporalFlow.Listeners.dll");

        var result = await ProcessRunner.RunAsync("dotnet", [dll, "--listener", "webhook", "--urls", "http://127.0.0.1:0"], Path.GetDirectoryName(dll)!,
            TimeSpan.FromMinutes(1), new Dictionary<string, string>
            {
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["TEMPORAL_ADDRESS"] = server.Address,
                ["TEMPORAL_API_KEY"] = TestSecrets.WrongTemporalApiKey,
                ["TEMPORAL_TLS_SERVER_CA_CERT_DATA"] = certificates.CaPem,
            });

        Assert.True(result.ExitCode == 1, $"exit code {result.ExitCode}: {result.Output}");
        Assert.Contains("refused this service's credentials", result.Output, StringComparison.Ordinal);
        Assert.Contains("TEMPORAL_API_KEY", result.Output, StringComparison.Ordinal);
        Assert.Contains("temporal-api-key", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSecrets.WrongTemporalApiKey, result.Output, StringComparison.Ordinal);
    }

    public void Dispose() => certificates.Dispose();

    private Task<EmulatorServer> StartAsync() => EmulatorServer.StartAsync(new EmulatorOptions
    {
        Port = 0,
        TlsCertPath = certificates.CertPath,
        TlsKeyPath = certificates.KeyPath,
        ApiKey = TestSecrets.TemporalApiKey,
    });

    private TemporalClientConnectOptions Options(EmulatorServer server, string? apiKey) => new(server.Address)
    {
        ApiKey = apiKey,
        Tls = new TlsOptions { ServerRootCACert = System.Text.Encoding.ASCII.GetBytes(certificates.CaPem) },
    };
}
