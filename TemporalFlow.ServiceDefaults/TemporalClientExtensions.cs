using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using TemporalFlow.ServiceDefaults.Tracing;
using Temporalio.Client;
using Temporalio.Extensions.Hosting;
using Temporalio.Runtime;

namespace TemporalFlow.ServiceDefaults;

/// <summary>Connects a service to the Temporal server the AppHost (or the operator) names.</summary>
public static class TemporalClientExtensions
{
    // One runtime per process (the SDK's Rust core), reporting its metrics through System.Diagnostics.Metrics.
    private static readonly Lazy<TemporalRuntime> Runtime = new(() => new TemporalRuntime(new TemporalRuntimeOptions
    {
        Telemetry = new TelemetryOptions
        {
            Metrics = new MetricsOptions
            {
                CustomMetricMeter = new TemporalSdkMeter(),
                CustomMetricMeterOptions = new() { HistogramDurationFormat = CustomMetricMeterOptions.DurationFormat.FloatSeconds },
            },
        },
    }));

    /// <summary>
    /// The connection as Temporal's environment configuration names it (docs.temporal.io/references/client-environment-configuration):
    /// <c>TEMPORAL_ADDRESS</c>, <c>TEMPORAL_NAMESPACE</c>, <c>TEMPORAL_API_KEY</c> (implies TLS), <c>TEMPORAL_TLS</c>, and for a server
    /// whose certificate no public authority signed, <c>TEMPORAL_TLS_SERVER_CA_CERT_DATA</c> (PEM) or <c>…_PATH</c> and
    /// <c>TEMPORAL_TLS_SERVER_NAME</c>.
    /// </summary>
    public static TemporalConnectionSettings GetTemporalSettings(this IConfiguration configuration)
    {
        var caPath = NullIfEmpty(configuration["TEMPORAL_TLS_SERVER_CA_CERT_PATH"]);
        return new(
            Address: configuration["TEMPORAL_ADDRESS"] ?? "localhost:7233",
            Namespace: configuration["TEMPORAL_NAMESPACE"] ?? "default",
            ApiKey: NullIfEmpty(configuration["TEMPORAL_API_KEY"]),
            Tls: bool.TryParse(configuration["TEMPORAL_TLS"], out var tls) && tls,
            Gzip: !string.Equals(configuration["TEMPORAL_GRPC_COMPRESSION"], "none", StringComparison.OrdinalIgnoreCase))
        {
            ServerCaCert = NullIfEmpty(configuration["TEMPORAL_TLS_SERVER_CA_CERT_DATA"]) ?? (caPath is null ? null : File.ReadAllText(caPath)),
            ServerName = NullIfEmpty(configuration["TEMPORAL_TLS_SERVER_NAME"]),
        };
    }

    /// <summary>
    /// Registers a lazily connecting <see cref="ITemporalClient"/> (trace context carried in Temporal headers, for the client and
    /// the workers built on it; SDK metrics exported), a readiness check against the server, and a start-up check that stops the
    /// process, naming the setting, when the server refuses its credentials.
    /// </summary>
    public static TBuilder AddTemporalClient<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var settings = builder.Configuration.GetTemporalSettings();
        builder.Services.AddTemporalClient(options =>
        {
            options.TargetHost = settings.Address;
            options.Namespace = settings.Namespace;
            options.ApiKey = settings.ApiKey;
            options.Tls = settings.UsesTls
                ? new TlsOptions
                {
                    ServerRootCACert = settings.ServerCaCert is null ? null : System.Text.Encoding.ASCII.GetBytes(settings.ServerCaCert),
                    Domain = settings.ServerName,
                }
                : null;
            options.GrpcCompression = settings.Gzip ? new GrpcCompression.Gzip() : new GrpcCompression.None();
            options.Interceptors = [new TracingInterceptor()];
            options.Runtime = Runtime.Value;
        });
        builder.Services.AddHealthChecks()
            .AddCheck<TemporalHealthCheck>("temporal", tags: [HealthCheckExtensions.ReadyTag]);
        builder.Services.AddHostedService<TemporalCredentialsCheck>();
        return builder;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <param name="Gzip">gRPC gzip (the SDK's default); <c>TEMPORAL_GRPC_COMPRESSION=none</c> turns it off for a server on the same machine.</param>
public sealed record TemporalConnectionSettings(string Address, string Namespace, string? ApiKey, bool Tls, bool Gzip = true)
{
    /// <summary>The PEM certificate of the authority that signed the server's certificate, when it is not a public one.</summary>
    public string? ServerCaCert { get; init; }

    /// <summary>The name the server's certificate must carry, when it differs from the address's host.</summary>
    public string? ServerName { get; init; }

    /// <summary>An API key implies TLS, as on every Temporal Cloud endpoint.</summary>
    public bool UsesTls => Tls || ApiKey is not null;
}

/// <summary>Ready only while the Temporal frontend answers <c>GetSystemInfo</c>.</summary>
internal sealed class TemporalHealthCheck(ITemporalClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.Connection.WorkflowService.GetSystemInfoAsync(
                new(), new() { CancellationToken = cancellationToken, Timeout = TimeSpan.FromSeconds(5) });
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Temporal at {client.Connection.Options.TargetHost} is not answering: {ex.GetType().Name}");
        }
    }
}
