using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TemporalFlow.Adapters.Postgres;

public static class DatabaseExtensions
{
    /// <summary>The AppHost's <c>temporalflow</c> database (Aspire's Npgsql client: pooling, health check, tracing), migrated before the worker takes work.</summary>
    public static IHostApplicationBuilder AddTemporalFlowDatabase(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDataSource("temporalflow");
        builder.Services.AddHostedService<DatabaseMigrator>();
        return builder;
    }
}
