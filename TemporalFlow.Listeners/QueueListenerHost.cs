using TemporalFlow.Adapters.Temporal;
using TemporalFlow.ServiceDefaults;

namespace TemporalFlow.Listeners;

/// <summary>
/// What the queue-driven listeners (S3, Azure) share: without their required setting they log why and how to enable it and
/// exit 0, as the product description shows; with it, a host with health endpoints, Temporal delivery and their own services.
/// </summary>
internal static class QueueListenerHost
{
    public static async Task<int> RunAsync(string[] args, string requiredSetting, string loggerCategory, Action<ILogger> explainMissing,
        Action<WebApplicationBuilder> register, Action<WebApplicationBuilder>? configure, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        if (string.IsNullOrWhiteSpace(builder.Configuration[requiredSetting]))
        {
            using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
            explainMissing(loggers.CreateLogger(loggerCategory));
            return 0;
        }

        builder.AddServiceDefaults();
        builder.AddTemporalClient();
        builder.AddTemporalEventDelivery();
        builder.Services.AddSingleton(TimeProvider.System);
        register(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        await app.RunAsync(cancellationToken);
        return 0;
    }
}
