using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace TemporalFlow.AppHost.Postgres;

/// <summary>Healthy once the database accepts a connection and answers a query, so <c>WaitFor</c> means ready.</summary>
internal sealed class PostgresReadyHealthCheck(IResourceWithConnectionString database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connectionString = await database.GetConnectionStringAsync(cancellationToken);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            // Only the kind of failure: the exception text could carry the connection string.
            return HealthCheckResult.Unhealthy($"PostgreSQL is not accepting connections yet ({ex.GetType().Name}).");
        }
    }
}
