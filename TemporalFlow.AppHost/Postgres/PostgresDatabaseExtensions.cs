using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TemporalFlow.AppHost.Postgres;

public enum PostgresMode
{
    Auto,
    Container,
    Executable,
}

public static class PostgresDatabaseExtensions
{
    public const string DatabaseName = "temporalflow";

    /// <summary>
    /// The TemporalFlow database: Aspire's PostgreSQL container where a container engine runs (and always when publishing),
    /// else Debian's PostgreSQL server binaries as an executable with a throwaway cluster.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddTemporalFlowDatabase(this IDistributedApplicationBuilder builder)
    {
        var mode = builder.Configuration.GetEnum("Postgres:Mode", PostgresMode.Auto);
        if (mode == PostgresMode.Auto)
        {
            mode = HostProbe.HasDockerEngine ? PostgresMode.Container : PostgresMode.Executable;
        }

        if (builder.ExecutionContext.IsPublishMode || mode == PostgresMode.Container)
        {
            // A fixed volume name keeps the manifest the same wherever the repository is cloned.
            return builder.AddPostgres("postgres").WithDataVolume("temporalflow-postgres-data").AddDatabase(DatabaseName);
        }
        return builder.AddPostgresExecutable();
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddPostgresExecutable(this IDistributedApplicationBuilder builder)
    {
        var password = builder.AddResource(
            ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, "postgres-password", special: false));
        var scripts = Path.Combine(AppContext.BaseDirectory, "scripts");

        var server = builder.AddExecutable("postgres", "bash", scripts, Path.Combine(scripts, "postgres-dev.sh"))
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "PGPORT")
            .WithEnvironment("POSTGRES_PASSWORD", password)
            .WithEnvironment("POSTGRES_DB", DatabaseName);

        var endpoint = server.GetEndpoint("tcp");
        var connectionString = ReferenceExpression.Create(
            $"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={password};Database={DatabaseName}");

        var database = builder.AddConnectionString(DatabaseName, connectionString);
        var healthKey = $"{DatabaseName}-accepts-connections";
        builder.Services.AddHealthChecks().Add(new(healthKey, _ => new PostgresReadyHealthCheck(database.Resource), null, null));

        server.WithHealthCheck(healthKey);
        database.WithHealthCheck(healthKey).WithParentRelationship(server);
        return database;
    }

    internal static TEnum GetEnum<TEnum>(this IConfiguration configuration, string key, TEnum fallback)
        where TEnum : struct, Enum
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        return Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new DistributedApplicationException(
                $"{key} = '{value}' is not a valid setting. Choose one of: {string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}.");
    }
}
