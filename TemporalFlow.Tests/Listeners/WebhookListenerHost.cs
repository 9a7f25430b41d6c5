using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TemporalFlow.Listeners;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.Listeners;

/// <summary>
/// The real webhook listener on a loopback port (Kestrel), delivering to the given Temporal address; in Development, where
/// routes may be left without their secret, unless a setting names another environment.
/// </summary>
internal sealed class WebhookListenerHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private WebhookListenerHost(WebApplication app, HttpClient http, CapturedLogs logs)
    {
        this.app = app;
        Http = http;
        Logs = logs;
    }

    public HttpClient Http { get; }

    /// <summary>Every line the listener logged.</summary>
    public CapturedLogs Logs { get; }

    public static async Task<WebhookListenerHost> StartAsync(string temporalAddress, string? secret = null, string? clientState = null, int? maxBodyBytes = null,
        params string[] settings)
    {
        var args = new List<string> { "--environment=Development", "--urls", "http://127.0.0.1:0", $"--TEMPORAL_ADDRESS={temporalAddress}", "--Orchestrator:Shards=2" };
        args.AddRange(settings.Select(s => $"--{s}"));
        if (secret is not null)
        {
            args.Add($"--WEBHOOK_SECRET={secret}");
        }
        if (clientState is not null)
        {
            args.Add($"--SHAREPOINT_CLIENT_STATE={clientState}");
        }
        if (maxBodyBytes is not null)
        {
            args.Add($"--WEBHOOK_MAX_BODY_BYTES={maxBodyBytes}");
        }
        var logs = new CapturedLogs();
        var app = ListenerHost.Build(ListenerRegistry.Webhook, [.. args], b => b.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Information));
        await app.StartAsync();
        var address = Loopback.AddressOf(app);
        return new WebhookListenerHost(app, logs: logs, http: new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) });
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
