using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Listeners.Webhooks;
using TemporalFlow.ServiceDefaults;

namespace TemporalFlow.Listeners;

public static class ListenerExtensions
{
    /// <summary>The listener to run (webhook, s3, azure): <c>--listener NAME</c>, else the <c>Listener</c> setting (or <c>LISTENER</c> variable), else webhook.</summary>
    public static string ChooseListener(string[] args)
    {
        var index = Array.IndexOf(args, "--listener");
        var chosen = index >= 0 && index + 1 < args.Length ? args[index + 1]
            : Environment.GetEnvironmentVariable("Listener") ?? Environment.GetEnvironmentVariable("LISTENER") ?? "webhook";
        return chosen.ToLowerInvariant() is "webhook" or "s3" or "azure"
            ? chosen.ToLowerInvariant()
            : throw new ArgumentException($"--listener {chosen} is not a listener; choose webhook, s3 or azure.");
    }

    public static async Task<int> RunWebhookListenerAsync(string[] args)
    {
        await BuildWebhookListener(args).RunAsync();
        return 0;
    }

    /// <summary>The webhook listener as a web application (the process's, or a test's on a loopback port).</summary>
    public static WebApplication BuildWebhookListener(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // WEBHOOK_PORT as in the product description, unless the host is told its URLs (as Aspire does).
        if (builder.Configuration["WEBHOOK_PORT"] is { Length: > 0 } port && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        }
        builder.AddServiceDefaults();
        builder.AddWebhookListener();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapWebhookEndpoints();
        app.RequireInboundSecrets();
        return app;
    }

    /// <summary>The webhook listener: Temporal delivery, settings from the product description's variables, request-size limit.</summary>
    public static IHostApplicationBuilder AddWebhookListener(this IHostApplicationBuilder builder)
    {
        builder.AddTemporalClient();
        builder.AddTemporalEventDelivery();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EventSubmitter>();
        builder.Services.AddSingleton<SignatureReplayGuard>();
        builder.Services.AddProblemDetails();
        builder.Services.AddWebhookRateLimiting(builder.Configuration);
        builder.Services.AddOptions<WebhookOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            options.Secret = configuration["WEBHOOK_SECRET"] is { Length: > 0 } secret ? secret : null;
            options.SharePointClientState = configuration["SHAREPOINT_CLIENT_STATE"] is { Length: > 0 } state ? state : null;
            options.EventGridKey = configuration["EVENTGRID_KEY"] is { Length: > 0 } key ? key : null;
            options.SignatureSchemes = WebhookSignature.ParseSchemes(configuration[WebhookSignature.SchemesSetting])
                ?? throw new InvalidOperationException($"{WebhookSignature.SchemesSetting} must be 'timestamped', 'hub' or 'timestamped,hub'.");
            if (int.TryParse(configuration["WEBHOOK_MAX_BODY_BYTES"], out var max) && max > 0)
            {
                options.MaxBodyBytes = max;
            }
        });
        return builder;
    }
}
