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

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
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
