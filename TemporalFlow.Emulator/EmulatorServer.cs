using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TemporalFlow.Emulator.Engine;
using TemporalFlow.Emulator.Rpc;
using TemporalFlow.Emulator.WebUi;

namespace TemporalFlow.Emulator;

/// <summary>
/// The TemporalFlow emulator: an in-memory, Temporal-API-compatible development server on HTTP/2 (plain, or TLS when given a certificate).
/// Start it in-process (tests) or as a process (<c>dotnet run --project TemporalFlow.Emulator -- --port 7233</c>). Not a production server.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private const int DefaultPort = 7233;
    private readonly WebApplication app;

    private EmulatorServer(WebApplication app, string address, Uri? ui, EmulatorOptions options)
    {
        this.app = app;
        Address = address;
        UiAddress = ui;
        Options = options;
    }

    /// <summary>host:port, as a Temporal client's target host.</summary>
    public string Address { get; }

    /// <summary>Where the HTTP API (and the Web UI, when built) answers: <c>--ui-port</c>; null without it.</summary>
    public Uri? UiAddress { get; }

    public EmulatorOptions Options { get; }

    public IReadOnlyList<string> Namespaces => Options.Namespaces.Prepend("default").Distinct(StringComparer.Ordinal).ToList();

    internal EmulatorEngine Engine => app.Services.GetRequiredService<EmulatorEngine>();

    public static async Task<EmulatorServer> StartAsync(EmulatorOptions options, string[]? hostArgs = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(hostArgs ?? []);
        builder.Logging.SetMinimumLevel(options.LogLevel);
        // An explicit listener makes Kestrel ignore ASPNETCORE_URLS: with --ui-port, the gRPC port is explicit too (default 7233).
        var useHostUrls = options.Port is null && options.UiPort is null && !string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]);
        ListenOptions? grpcListener = null;
        ListenOptions? uiListener = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Plain-text HTTP/2 (h2c) is what Temporal SDKs speak to a server without TLS.
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            if (options.TlsCertPath is not null)
            {
                // TLS with ALPN h2, as a Temporal Cloud endpoint; the certificate is read once, at start.
                var certificate = X509Certificate2.CreateFromPemFile(options.TlsCertPath, options.TlsKeyPath);
                kestrel.ConfigureEndpointDefaults(listen => listen.UseHttps(certificate));
            }
            if (!useHostUrls)
            {
                kestrel.Listen(IPAddress.Parse(options.Ip), options.Port ?? DefaultPort, listen => grpcListener = listen);
            }
            if (options.UiPort is { } uiPort)
            {
                // Browsers speak HTTP/1.1 (and HTTP/2 only over TLS).
                kestrel.Listen(IPAddress.Parse(options.Ip), uiPort, listen =>
                {
                    listen.Protocols = options.TlsCertPath is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
                    uiListener = listen;
                });
            }
        });

        builder.Services.AddGrpc(grpc =>
        {
            // What a Temporal frontend accepts (gRPC's default receive limit); what it sends is not limited (histories can be large).
            grpc.MaxReceiveMessageSize = options.Limits.MaxMessageBytes;
            grpc.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<EmulatorEngine>();
        builder.Services.AddSingleton(sp => WorkflowServiceHandlers.Create(sp.GetRequiredService<EmulatorEngine>()));
        // Stateless: one instance serves every call instead of one per call.
        builder.Services.AddSingleton<WorkflowServiceEndpoint>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IServiceMethodProvider<WorkflowServiceEndpoint>, WorkflowServiceMethodProvider>());

        var app = builder.Build();
        app.MapGrpcService<WorkflowServiceEndpoint>();
        if (options.UiPort is not null)
        {
            app.MapTemporalHttpApi();
            app.MapTemporalWebUi(options.UiAssetsPath);
        }
        await app.StartAsync(cancellationToken);

        var address = grpcListener is { IPEndPoint: { } grpc }
            ? grpc.ToString()
            : HostAndPort(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var ui = uiListener is { IPEndPoint: { } endpoint }
            ? new Uri($"{(options.TlsCertPath is null ? "http" : "https")}://{endpoint}")
            : null;
        return new EmulatorServer(app, address, ui, options);
    }

    private static string HostAndPort(string bound)
    {
        var uri = new Uri(bound.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        return $"{uri.Host}:{uri.Port}";
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Fault injection: while on, every RPC fails with <c>Unavailable</c> (state is kept, as a restarted cluster keeps it).</summary>
    public void SimulateOutage(bool on) => app.Services.GetRequiredService<WorkflowServiceEndpoint>().Unavailable = on;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(TimeSpan.FromSeconds(5));
        await app.DisposeAsync();
    }
}
