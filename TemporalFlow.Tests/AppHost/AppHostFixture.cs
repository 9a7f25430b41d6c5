using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TemporalFlow.Testing;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.AppHost;

/// <summary>
/// One running TemporalFlow application shared by a test collection, started as <c>./eng/run.sh</c> starts it: the AppHost with
/// PostgreSQL, Temporal, every worker and listener, and the local cloud (fauxqs for S3 and SQS, Azurite for Blob), each on the
/// port the README names (Temporal 7233, the webhook listener 5103, the chat 5105, fauxqs 4566, Azurite 10000), no webhook secret.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    /// <summary>The resources that run on every machine, whichever PostgreSQL and Temporal modes <c>auto</c> picks.</summary>
    public static readonly string[] HttpProjects = ["orchestrator", "incident-worker", "document-worker", "webhook-listener", "s3-listener", "chat"];

    private DistributedApplication? app;

    public DistributedApplication App => app ?? throw new InvalidOperationException("The application has not started.");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TemporalFlow_AppHost>(
            // eng/run.sh sets LocalCloud__Enabled; the testing builder would give every endpoint a random port unless told not to.
            ["--LocalCloud:Enabled=true", "--DcpPublisher:RandomizePorts=false"], timeout.Token);
        builder.Services.AddLogging(logging => logging.ShowProblemsOnly(resources: LogLevel.Warning));
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());

        app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);

        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        foreach (var resource in HttpProjects.Prepend("temporalflow").Prepend("temporal").Append("fauxqs").Append("azurite"))
        {
            await notifications.WaitForResourceHealthyAsync(resource, timeout.Token);
        }
    }

    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedApplication : ICollectionFixture<AppHostFixture>
{
    public const string Name = "TemporalFlow application";
}
