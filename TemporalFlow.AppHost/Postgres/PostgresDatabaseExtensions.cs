using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TemporalFlow.AppHost.Postgres;

public enum PostgresMode
{
    Auto,
    Container,
    Executable,
    External,
}

/// <summary>
/// The database as the services see it: the owner's connection (for the migrations service only) and, for each service, a
/// connection as its own role (<c>DatabaseRoles</c> in the adapters) with a generated password.
/// </summary>
/// <param name="Server">The connection-string part that names the server: <c>Host=…;Port=…</c> and any transport options.</param>
public sealed record TemporalFlowDatabase(IResourceBuilder<IResourceWithConnectionString> Owner, ReferenceExpression Server)
{
    private readonly Dictionary<string, IResourceBuilder<ParameterResource>> passwords = new(StringComparer.Ordinal);

    /// <summary>The generated password of a service's role (one parameter per role, shared by the service and the migrations).</summary>
    public IResourceBuilder<ParameterResource> PasswordOf(string service)
    {
        if (!passwords.TryGetValue(service, out var password))
        {
            var builder = Owner.ApplicationBuilder;
            password = passwords[service] = builder.AddResource(
                ParameterResourceBuilderExtensions.CreateDefaultPasswordParameter(builder, $"postgres-{service}-password", special: false));
        }
        return password;
    }

    /// <summary>The connection string of a service's role.</summary>
    public ReferenceExpression ConnectionFor(string service, string role) => ReferenceExpression.Create(
        $"{Server};Username={role};Password={PasswordOf(service)};Database={PostgresDatabaseExtensions.DatabaseName}");

    /// <summary>The server part of a connection string for a server Aspire runs.</summary>
    public static ReferenceExpression ServerAt(EndpointReference endpoint) =>
        ReferenceExpression.Create($"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)}");
}

public static class PostgresDatabaseExtensions
{
    public const string DatabaseName = "temporalflow";

    /// <summary>
    /// The TemporalFlow database: Aspire's PostgreSQL container where a container engine runs (and when publishing, unless
    /// <c>external</c>), else Debian's PostgreSQL server binaries as an executable with a throwaway cluster; or, with
    /// <c>Postgres:Mode=external</c>, a server this application does not run (Azure Database for PostgreSQL).
    /// </summary>
    public static TemporalFlowDatabase AddTemporalFlowDatabase(this IDistributedApplicationBuilder builder)
    {
        var mode = builder.Configuration.GetEnum("Postgres:Mode", PostgresMode.Auto);
        if (mode == PostgresMode.Auto)
        {
            mode = HostProbe.HasDockerEngine ? PostgresMode.Container : PostgresMode.Executable;
        }

        if (mode == PostgresMode.External)
        {
            return builder.AddExternalPostgres();
        }
        if (builder.ExecutionContext.IsPublishMode || mode == PostgresMode.Container)
        {
            // A fixed volume name keeps the manifest the same wherever the repository is cloned.
            var container = builder.AddPostgres("postgres").WithDataVolume("temporalflow-postgres-data");
            return new TemporalFlowDatabase(container.AddDatabase(DatabaseName), TemporalFlowDatabase.ServerAt(container.Resource.PrimaryEndpoint));
        }
        return builder.AddPostgresExecutable();
    }

    /// <summary>
    /// A server run elsewhere: <c>postgres-host</c>, its administrator (<c>postgres-admin-username</c>, <c>postgres-admin-password</c>,
    /// used by the migrations service only, to create the schema and the services' roles) and <c>postgres-ssl-mode</c> (Require).
    /// The database <c>temporalflow</c> must exist.
    /// </summary>
    private static TemporalFlowDatabase AddExternalPostgres(this IDistributedApplicationBuilder builder)
    {
        var host = builder.AddParameter("postgres-host");
        var port = builder.AddParameterWithDefault("postgres-port", "5432");
        var sslMode = builder.AddParameterWithDefault("postgres-ssl-mode", "Require");
        var user = builder.AddParameter("postgres-admin-username");
        var password = builder.AddParameter("postgres-admin-password", secret: true);
        var server = ReferenceExpression.Create($"Host={host};Port={port};SSL Mode={sslMode}");
        var owner = builder.AddConnectionString(DatabaseName, ReferenceExpression.Create($"{server};Username={user};Password={password};Database={DatabaseName}"));
        return new TemporalFlowDatabase(owner, server);
    }

    private static TemporalFlowDatabase AddPostgresExecutable(this IDistributedApplicationBuilder builder)
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
        return new TemporalFlowDatabase(database, TemporalFlowDatabase.ServerAt(endpoint));
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
