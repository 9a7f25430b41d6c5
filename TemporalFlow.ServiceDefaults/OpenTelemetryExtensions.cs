using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace TemporalFlow.ServiceDefaults;

public static class OpenTelemetryExtensions
{
    /// <summary>Name shared by every TemporalFlow ActivitySource and Meter, so one wildcard subscribes to all.</summary>
    public const string TelemetryPrefix = "TemporalFlow";

    /// <summary>
    /// Log levels that keep the dashboard's Structured logs about the system's work: every request's start and end, endpoint
    /// selection and each SQL command (health probes and their SELECT 1 every few seconds among them) only from Warning.
    /// Defaults: appsettings and environment variables (<c>Logging__LogLevel__Npgsql.Command=Information</c>) override them.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> QuietLogLevels = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore.Routing.EndpointMiddleware"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore.Http.Result"] = "Warning",
        ["Logging:LogLevel:Npgsql.Command"] = "Warning",
    };

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // Lowest priority: every other configuration source wins.
        ((IConfigurationBuilder)builder.Configuration).Sources.Insert(0, new MemoryConfigurationSource { InitialData = QuietLogLevels });
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter($"{TelemetryPrefix}.*")
                .AddMeter(Tracing.TemporalSdkMeter.MeterName))
            .WithTracing(tracing => tracing
                .SetSampler(new Tracing.NoIdleRootsSampler())
                .AddSource(builder.Environment.ApplicationName)
                .AddSource($"{TelemetryPrefix}.*")
                // Health probes every few seconds would drown the traces people come to see.
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !HealthCheckExtensions.IsHealthPath(ctx.Request.Path))
                // Requests to secret URLs (chat webhooks) are not traced: the URL is the credential.
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request =>
                    !request.Options.TryGetValue(new HttpRequestOptionsKey<bool>("TemporalFlow.SecretUrl"), out var secret) || !secret));

        // The exporter is only added when Aspire (or the operator) points at a collector.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }
}
