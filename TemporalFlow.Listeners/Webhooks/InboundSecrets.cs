using Microsoft.Extensions.Options;

namespace TemporalFlow.Listeners.Webhooks;

/// <summary>
/// Every inbound route and the secret that authenticates it. Outside Development the listener does not start while any of
/// them is missing (the error names the settings, never a value); in Development it starts, logs the product description's
/// lines, and warns which routes anyone who reaches them can use.
/// </summary>
public static partial class InboundSecrets
{
    /// <summary>The routes, each with the setting that holds its secret and the AppHost parameter that sets it.</summary>
    public static IReadOnlyList<(string Route, string Setting, string Parameter, Func<WebhookOptions, string?> Value)> Routes { get; } =
    [
        ("/webhook", "WEBHOOK_SECRET", "webhook-secret", o => o.Secret),
        ("/webhook/sharepoint", "SHAREPOINT_CLIENT_STATE", "sharepoint-client-state", o => o.SharePointClientState),
        ("/webhook/azure-eventgrid", "EVENTGRID_KEY", "eventgrid-key", o => o.EventGridKey),
    ];

    /// <summary>Refuses to start outside Development with a route open; in Development, warns about each open route.</summary>
    public static WebApplication RequireInboundSecrets(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<WebhookOptions>>().Value;
        var open = Routes.Where(r => string.IsNullOrEmpty(r.Value(options))).ToList();
        if (open.Count == 0)
        {
            return app;
        }
        if (!app.Environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"The webhook listener runs in the {app.Environment.EnvironmentName} environment, where every route must be authenticated, and " +
                string.Join(", ", open.Select(r => $"{r.Route} has no secret: set {r.Setting} (AppHost parameter {r.Parameter})")) +
                ". Only the Development environment accepts unauthenticated requests.");
        }
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TemporalFlow.Listeners.Webhook");
        if (options.Secret is null)
        {
            LogNoSecret(logger);
            LogStartsUnsigned(logger);
            LogSetSecret(logger);
        }
        LogOpenRoutes(logger, string.Join(", ", open.Select(r => $"{r.Route} ({r.Setting})")));
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "WEBHOOK_SECRET environment variable is not set")]
    private static partial void LogNoSecret(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook listener will start without signature verification")]
    private static partial void LogStartsUnsigned(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "For production, set WEBHOOK_SECRET environment variable")]
    private static partial void LogSetSecret(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Development: these routes accept events from anyone who can reach them: {Routes}. Outside Development the listener will not start without them")]
    private static partial void LogOpenRoutes(ILogger logger, string routes);
}
