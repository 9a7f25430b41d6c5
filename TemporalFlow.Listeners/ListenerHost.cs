using TemporalFlow.Adapters.Temporal;
using TemporalFlow.ServiceDefaults;

namespace TemporalFlow.Listeners;

/// <summary>Runs any listener of the registry: the same host for each, with its own services and endpoints.</summary>
public static partial class ListenerHost
{
    /// <summary>Runs the listener until stopped; without its enabling setting, logs why and how to enable it and exits 0.</summary>
    public static async Task<int> RunAsync(ListenerDefinition listener, string[] args, Action<WebApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var builder = Builder(args, configure);
        if (listener.EnabledBy is { } setting && string.IsNullOrWhiteSpace(builder.Configuration[setting]))
        {
            using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(o => o.SingleLine = true));
            var logger = loggers.CreateLogger($"{typeof(ListenerHost).Namespace}.{listener.Name}");
            for (var i = 0; i < listener.Unconfigured.Count; i++)
            {
                LogUnconfigured(logger, i == 0 ? LogLevel.Warning : LogLevel.Information, listener.Unconfigured[i]);
            }
            return 0;
        }
        await using var app = Build(listener, builder);
        await app.RunAsync(cancellationToken);
        return Environment.ExitCode; // 1 when the process stopped itself (a refused Temporal credential)
    }

    /// <summary>The listener's web application, not started (a test's or a benchmark's, on a loopback port).</summary>
    public static WebApplication Build(ListenerDefinition listener, string[] args, Action<WebApplicationBuilder>? configure = null) =>
        Build(listener, Builder(args, configure));

    private static WebApplicationBuilder Builder(string[] args, Action<WebApplicationBuilder>? configure)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        return builder;
    }

    private static WebApplication Build(ListenerDefinition listener, WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        builder.AddTemporalClient();
        builder.AddTemporalEventDelivery();
        builder.Services.AddSingleton(TimeProvider.System);
        listener.Register(builder);
        var app = builder.Build();
        app.MapDefaultEndpoints();
        listener.Map?.Invoke(app);
        return app;
    }

    [LoggerMessage(Message = "{Line}")]
    private static partial void LogUnconfigured(ILogger logger, LogLevel level, string line);
}
