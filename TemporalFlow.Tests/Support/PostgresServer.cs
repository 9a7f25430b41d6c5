using Npgsql;
using TemporalFlow.Testing;

namespace TemporalFlow.Tests.Support;

/// <summary>A throwaway PostgreSQL server per test class.</summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly ThrowawayPostgres server = new();

    public NpgsqlDataSource DataSource => server.DataSource;

    public string ConnectionString => server.ConnectionString;

    public Task InitializeAsync() => server.StartAsync();

    /// <summary>Stops PostgreSQL (data kept) until <see cref="ResumeAsync"/>.</summary>
    public Task StopServerAsync() => server.StopServerAsync();

    public Task ResumeAsync() => server.ResumeAsync();

    public Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters) => server.CountAsync(sql, parameters);

    public async Task DisposeAsync() => await server.DisposeAsync();
}
