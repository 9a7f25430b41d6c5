using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TemporalFlow.ServiceDefaults;

/// <summary>The wiring every TemporalFlow service shares: telemetry, health, discovery, resilient HTTP and a graceful stop.</summary>
public static class ServiceDefaultsExtensions
{
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.AddTrustedForwardedHeaders();
        builder.AddGracefulShutdown();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        return builder;
    }
}
