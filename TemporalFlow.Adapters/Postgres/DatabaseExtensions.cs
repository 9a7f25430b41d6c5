using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace TemporalFlow.Adapters.Postgres;

public static class DatabaseExtensions
{
    public const string ConnectionName = "temporalflow";

    /// <summary>The AppHost's <c>temporalflow</c> database (Aspire's Npgsql client: pooling, health check, tracing), as the service's own role.</summary>
    /// <param name="healthChecks">False for a service that works on while the database is away (a listener), so its health does not follow the database's.</param>
    public static IHostApplicationBuilder AddTemporalFlowDatabase(this IHostApplicationBuilder builder, bool healthChecks = true)
    {
        builder.AddNpgsqlDataSource(ConnectionName, settings => settings.DisableHealthChecks = !healthChecks);
        return builder;
    }

    /// <summary>
    /// The migrations service: connects as the database's owner, migrates, creates the services' roles and grants, and is
    /// ready (<c>/health</c>) only once that is done, so the services that wait for it find their schema and role.
    /// </summary>
    public static IHostApplicationBuilder AddDatabaseMigrations(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource(ConnectionName);
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DatabaseMigrator>());
        builder.Services.AddHealthChecks().AddCheck<MigrationsHealthCheck>("migrations", tags: ["ready"]);
        return builder;
    }

    private sealed class MigrationsHealthCheck(DatabaseMigrator migrator) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(migrator.Completed ? HealthCheckResult.Healthy("migrated") : HealthCheckResult.Unhealthy("migrating"));
    }
}
