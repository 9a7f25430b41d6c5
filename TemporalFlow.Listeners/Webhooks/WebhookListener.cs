namespace TemporalFlow.Listeners.Webhooks;

/// <summary>The webhook listener's services and endpoints (its definition: <see cref="ListenerRegistry.Webhook"/>).</summary>
public static class WebhookListener
{
    /// <summary>Settings from the product description's variables, the request-size limit, signatures, rate limits.</summary>
    public static void Register(WebApplicationBuilder builder)
    {
        // WEBHOOK_PORT as in the product description, unless the host is told its URLs (as Aspire does).
        if (builder.Configuration["WEBHOOK_PORT"] is { Length: > 0 } port && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        }
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
    }

    /// <summary>The webhook routes; outside Development it refuses to start while a route lacks its secret.</summary>
    public static void Map(WebApplication app)
    {
        app.MapWebhookEndpoints();
        app.RequireInboundSecrets();
    }
}
