using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TemporalFlow.AppHost.Postgres;

namespace TemporalFlow.AppHost.Temporal;

public static class TemporalServerExtensions
{
    public const string ResourceName = "temporal";
    private const string ModeKey = "Temporal:Mode";

    /// <summary>
    /// Adds the Temporal server chosen by <c>Temporal:Mode</c>: the Temporal CLI image, <c>temporal server start-dev</c> from PATH,
    /// an external cluster, or the in-memory emulator. <c>auto</c> prefers real Temporal and falls back to the emulator. Published,
    /// it is an external cluster (Temporal Cloud or self-hosted) unless <c>container</c> is chosen explicitly.
    /// </summary>
    public static TemporalServer AddTemporalServer(this IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetEnum(ModeKey, TemporalMode.Auto);
        var mode = builder.ExecutionContext.IsPublishMode ? PublishedMode(configured) : ResolveAuto(configured);
        var @namespace = builder.Configuration["Temporal:Namespace"] ?? "default";

        var server = mode switch
        {
            TemporalMode.Container => builder.AddTemporalContainer(@namespace),
            TemporalMode.Cli => builder.AddTemporalCli(@namespace),
            TemporalMode.External => builder.AddExternalTemporal(),
            _ => builder.AddTemporalEmulator(@namespace),
        };

        if (configured == TemporalMode.Auto && mode == TemporalMode.Emulator)
        {
            builder.WarnBeforeStart(
                "Temporal:Mode=auto found neither a Docker engine nor the 'temporal' CLI on PATH, so it runs the TemporalFlow emulator, " +
                "an in-memory development server (not for production). Choose another with Temporal__Mode=container | cli | external.");
        }
        if (builder.ExecutionContext.IsPublishMode && mode == TemporalMode.Container)
        {
            builder.WarnBeforeStart(
                "Temporal:Mode=container publishes 'temporal server start-dev': one replica, SQLite on a volume, no TLS or authentication. " +
                "It is a development server, not for production: use Temporal:Mode=external with Temporal Cloud (docs/deployment.md).");
        }

        var healthKey = $"{ResourceName}-frontend";
        builder.Services.AddHealthChecks().Add(new(healthKey, _ => new TemporalFrontendHealthCheck(server), null, null));
        server.Resource.WithAnnotation(new HealthCheckAnnotation(healthKey));
        return server;
    }

    /// <summary>
    /// Passes <c>TEMPORAL_ADDRESS</c>, <c>TEMPORAL_NAMESPACE</c> (credentials, and no gRPC compression for a server on this machine) and
    /// starts the project once Temporal serves.
    /// </summary>
    public static IResourceBuilder<T> WithTemporal<T>(this IResourceBuilder<T> project, TemporalServer temporal)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        project.WithEnvironment("TEMPORAL_ADDRESS", temporal.Address)
            .WithEnvironment("TEMPORAL_NAMESPACE", temporal.Namespace)
            .WithRelationship(temporal.Resource.Resource, "Reference");
        if (temporal.ApiKey is not null)
        {
            project.WithEnvironment("TEMPORAL_API_KEY", temporal.ApiKey);
        }
        if (temporal.Tls is not null)
        {
            project.WithEnvironment("TEMPORAL_TLS", temporal.Tls);
        }
        if (temporal.ServerCaCert is not null)
        {
            project.WithEnvironment("TEMPORAL_TLS_SERVER_CA_CERT_DATA", temporal.ServerCaCert);
        }
        if (temporal.Mode is TemporalMode.Emulator or TemporalMode.Cli)
        {
            // A server on this machine: gzip on every request and response would only cost CPU on both sides.
            project.WithEnvironment("TEMPORAL_GRPC_COMPRESSION", "none");
        }
        return project.WaitFor(temporal.Resource);
    }

    /// <summary>Published, Temporal is a real cluster: external by default, the dev-server container only when chosen.</summary>
    private static TemporalMode PublishedMode(TemporalMode configured) => configured switch
    {
        TemporalMode.Container => TemporalMode.Container,
        TemporalMode.Auto or TemporalMode.External => TemporalMode.External,
        _ => throw new DistributedApplicationException(
            $"Temporal:Mode={configured.ToString().ToLowerInvariant()} runs only on this machine and cannot be published: " +
            "publish with Temporal:Mode=external (Temporal Cloud or your cluster), or container for a development server."),
    };

    private static void WarnBeforeStart(this IDistributedApplicationBuilder builder, string warning) =>
        builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
        {
            e.Services.GetRequiredService<ILogger<TemporalServer>>().LogWarning("{Warning}", warning);
            return Task.CompletedTask;
        });

    private static TemporalMode ResolveAuto(TemporalMode mode) => mode switch
    {
        TemporalMode.Auto when HostProbe.HasDockerEngine => TemporalMode.Container,
        TemporalMode.Auto when HostProbe.FindOnPath("temporal") is not null => TemporalMode.Cli,
        TemporalMode.Auto => TemporalMode.Emulator,
        _ => mode,
    };

    private static TemporalServer AddTemporalContainer(this IDistributedApplicationBuilder builder, string @namespace)
    {
        var image = builder.Configuration["Temporal:ContainerImage"] ?? "temporalio/temporal";
        var tag = builder.Configuration["Temporal:ContainerTag"] ?? "1.4.1";
        var container = builder.AddContainer(ResourceName, image, tag)
            .WithArgs("server", "start-dev", "--ip", "0.0.0.0", "--port", "7233", "--ui-port", "8233", "--namespace", @namespace)
            .WithEndpoint(name: "grpc", scheme: "http", port: FrontendPort(builder), targetPort: 7233)
            .WithHttpEndpoint(name: "ui", port: UiPort(builder), targetPort: 8233);
        if (builder.ExecutionContext.IsPublishMode)
        {
            // Without --db-filename the dev server keeps everything in memory: every workflow, the orchestrator shards' state
            // included, would be lost whenever the container restarts. A fixed volume name keeps the manifest reproducible.
            container.WithVolume("temporalflow-temporal-data", "/data")
                .WithArgs("--db-filename", "/data/temporal.db");
        }
        return Frontend(container, TemporalMode.Container, container.GetEndpoint("grpc"), @namespace);
    }

    private static TemporalServer AddTemporalCli(this IDistributedApplicationBuilder builder, string @namespace)
    {
        var cli = builder.AddExecutable(ResourceName, "temporal", builder.AppHostDirectory)
            .WithEndpoint(name: "grpc", scheme: "http", port: FrontendPort(builder), env: "TEMPORAL_FRONTEND_PORT")
            .WithHttpEndpoint(name: "ui", port: UiPort(builder), env: "TEMPORAL_UI_PORT");
        var grpc = cli.GetEndpoint("grpc");
        var ui = cli.GetEndpoint("ui");
        cli.WithArgs(context =>
        {
            context.Args.Add("server");
            context.Args.Add("start-dev");
            context.Args.Add("--ip");
            context.Args.Add("127.0.0.1");
            AddDevServerFlags(context, grpc, ui, @namespace);
        });
        return Frontend(cli, TemporalMode.Cli, grpc, @namespace);
    }

    /// <summary><c>temporal server start-dev</c>'s flags for the ports and the namespace; the emulator takes the same ones.</summary>
    private static void AddDevServerFlags(CommandLineArgsCallbackContext context, EndpointReference grpc, EndpointReference ui, string @namespace)
    {
        context.Args.Add("--port");
        context.Args.Add(grpc.Property(EndpointProperty.TargetPort));
        context.Args.Add("--ui-port");
        context.Args.Add(ui.Property(EndpointProperty.TargetPort));
        context.Args.Add("--namespace");
        context.Args.Add(@namespace);
    }

    private static TemporalServer AddTemporalEmulator(this IDistributedApplicationBuilder builder, string @namespace)
    {
        var emulator = builder.AddProject<Projects.TemporalFlow_Emulator>(ResourceName, launchProfileName: null)
            .WithHttpEndpoint(name: "grpc", port: FrontendPort(builder))
            .WithHttpEndpoint(name: "ui", port: UiPort(builder))
            // Two listeners with different protocols (gRPC on HTTP/2, the UI on HTTP/1.1): given as flags, not ASPNETCORE_URLS.
            .WithEndpointsInEnvironment(_ => false);
        var grpc = emulator.GetEndpoint("grpc");
        var ui = emulator.GetEndpoint("ui");
        emulator.WithArgs(context =>
        {
            AddDevServerFlags(context, grpc, ui, @namespace);
            // Temporal's Web UI, as eng/build-ui.sh builds it (eng/run.sh and the test command do); without it the port says how.
            context.Args.Add("--ui-assets");
            context.Args.Add(Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "eng", "temporal-ui", "build")));
        });
        return Frontend(emulator, TemporalMode.Emulator, grpc, @namespace);
    }

    /// <summary>
    /// Where the frontend answers on this machine: 7233, as <c>temporal server start-dev</c> does, so the <c>temporal</c> CLI
    /// needs no <c>--address</c>, whatever the mode (<c>Temporal:Port</c>; 0 for any free port, as the tests use).
    /// </summary>
    private static int? FrontendPort(IDistributedApplicationBuilder builder) => builder.ConfiguredPort("Temporal:Port", 7233);

    /// <summary>
    /// Where the Web UI answers in every mode that runs a server here: 8080, the product description's
    /// <c>http://localhost:8080/namespaces/default/workflows</c> (<c>Temporal:UiPort</c>; 0 for any free port).
    /// </summary>
    private static int? UiPort(IDistributedApplicationBuilder builder) => builder.ConfiguredPort("Temporal:UiPort", 8080);

    /// <summary>
    /// A cluster this application does not run: Temporal Cloud (address, namespace, API key; TLS is implied) or a self-hosted one.
    /// <c>temporal-tls-server-ca-cert</c> (PEM) is for a cluster whose certificate no public authority signed.
    /// </summary>
    private static TemporalServer AddExternalTemporal(this IDistributedApplicationBuilder builder)
    {
        var address = builder.AddParameter("temporal-address");
        var @namespace = builder.AddParameterWithDefault("temporal-namespace", "default");
        var apiKey = builder.AddParameterWithDefault("temporal-api-key", "", secret: true);
        var tls = builder.AddParameterWithDefault("temporal-tls", "true");
        var serverCa = string.IsNullOrEmpty(builder.Configuration["Parameters:temporal-tls-server-ca-cert"])
            ? null
            : builder.AddParameter("temporal-tls-server-ca-cert");
        // A connection-string resource gives the external cluster a place in the model that health checks can watch.
        var external = builder.AddConnectionString(ResourceName, ReferenceExpression.Create($"{address}"));
        return new TemporalServer(external, TemporalMode.External, ReferenceExpression.Create($"{address}"),
            ReferenceExpression.Create($"{@namespace}"), apiKey, ReferenceExpression.Create($"{tls}"), serverCa);
    }

    private static TemporalServer Frontend<T>(IResourceBuilder<T> resource, TemporalMode mode, EndpointReference grpc, string @namespace)
        where T : class, IResourceWithEndpoints
    {
        // gRPC needs HTTP/2 end to end, including through Azure Container Apps' ingress.
        resource.WithEndpoint(grpc.EndpointName, endpoint => endpoint.Transport = "http2");
        return new(resource, mode,
            ReferenceExpression.Create($"{grpc.Property(EndpointProperty.HostAndPort)}"),
            ReferenceExpression.Create($"{@namespace}"));
    }
}
