using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TemporalFlow.Testing;

namespace TemporalFlow.Benchmarks.Load;

/// <summary>
/// The whole application as <c>eng/run.sh</c> runs it (AppHost: PostgreSQL, Temporal, fauxqs, Azurite, every worker and listener,
/// each its own process), started for a load run with Aspire's testing host.
/// </summary>
internal sealed class LoadApplication : IAsyncDisposable
{
    public const string WebhookSecret = "load-benchmark-webhook-secret";

    private static readonly string[] Resources =
        ["temporalflow", "temporal", "fauxqs", "azurite", "orchestrator", "incident-worker", "document-worker", "webhook-listener", "s3-listener", "chat"];

    /// <summary>Resources that run as processes here, in the modes <c>auto</c> picks without Docker (PostgreSQL's server, not its database).</summary>
    private static readonly string[] Processes = ["postgres", .. Resources.Skip(1)];

    private LoadApplication(DistributedApplication app) => App = app;

    public DistributedApplication App { get; }

    public static async Task<LoadApplication> StartAsync(int shards, CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TemporalFlow_AppHost>(
            ["--LocalCloud:Enabled=true", "--LocalCloud:S3Port=0", "--LocalCloud:BlobPort=0", "--Temporal:Port=0", $"--Parameters:webhook-secret={WebhookSecret}",
             $"--Parameters:orchestrator-shards={shards}"], cancellationToken);
        builder.Services.AddLogging(logging => logging.ShowProblemsOnly(resources: LogLevel.Error)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)); // unhealthy until started: expected
        var app = await builder.BuildAsync(cancellationToken);
        await app.StartAsync(cancellationToken);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        foreach (var resource in Resources)
        {
            Console.WriteLine($"  waiting for {resource}...");
            await notifications.WaitForResourceHealthyAsync(resource, cancellationToken);
        }
        return new LoadApplication(app);
    }

    /// <summary>The process id of each resource that runs as a process of this machine.</summary>
    public IReadOnlyDictionary<string, int> ProcessIds()
    {
        var notifications = App.Services.GetRequiredService<ResourceNotificationService>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var resource in Processes)
        {
            if (notifications.TryGetCurrentState(resource, out var state)
                && state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value
                && int.TryParse(value.ToString(), out var pid))
            {
                ids[resource] = pid;
            }
        }
        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
