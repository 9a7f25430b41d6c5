using Microsoft.Extensions.Configuration;
using Npgsql;

namespace TemporalFlow.Adapters.Postgres;

/// <summary>
/// One PostgreSQL role per service, holding only the grants it needs; the migrator creates them, applies exactly these
/// grants (revoking anything else on our tables) and sets each role's password from <c>DatabaseRoles:&lt;service&gt;</c>.
/// A role without a configured password cannot log in. Services connect as their role; only the migrator holds the admin.
/// </summary>
public static class DatabaseRoles
{
    public const string SectionName = "DatabaseRoles";

    private const string ReadWrite = "SELECT, INSERT, UPDATE";

    /// <summary>Service (as the AppHost names it) and its grants: table (or <c>sequence:name</c>) and privileges.</summary>
    public static IReadOnlyList<(string Service, (string Object, string Privileges)[] Grants)> All { get; } =
    [
        ("orchestrator", [("event_ledger", ReadWrite)]),
        ("incident-worker",
            [("incidents", ReadWrite), ("incident_timeline", "SELECT, INSERT"), ("incident_notifications", ReadWrite), ("sequence:incident_number", "USAGE")]),
        ("document-worker", [("documents", ReadWrite), ("document_texts", ReadWrite), ("datasets", ReadWrite)]),
        // Listeners keep each event's payload before signalling its reference: insert, and read only the ids (ON CONFLICT needs it).
        ("listener", [("event_ledger", "INSERT, SELECT (event_id)")]),
        ("chat", [("event_ledger", "SELECT"), ("incidents", "SELECT"), ("incident_timeline", "SELECT")]),
    ];

    /// <summary>A service's role: <c>temporalflow_</c> and its name with '_' for '-' (the AppHost names the same role the same way).</summary>
    public static string RoleOf(string service) => "temporalflow_" + service.Replace('-', '_');

    /// <summary>Every table the migrations create but <c>schema_migrations</c>: what grants are revoked on (a test checks none is missing).</summary>
    public static IReadOnlyList<string> Tables { get; } =
        ["event_ledger", "incidents", "incident_timeline", "incident_notifications", "documents", "document_texts", "datasets"];

    /// <summary>Creates the roles (without login), then makes their grants exactly <see cref="All"/>, then sets the configured passwords.</summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, IConfiguration configuration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var (service, grants) in All)
        {
            var role = RoleOf(service);
            await ExecuteAsync(connection, $"""
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN CREATE ROLE {role} NOLOGIN; END IF;
                END $$;
                REVOKE ALL ON {string.Join(", ", Tables)} FROM {role};
                REVOKE ALL ON SEQUENCE incident_number FROM {role};
                GRANT CONNECT ON DATABASE "{connection.Database}" TO {role};
                GRANT USAGE ON SCHEMA public TO {role};
                """, cancellationToken);
            foreach (var (name, privileges) in grants)
            {
                var target = name.StartsWith("sequence:", StringComparison.Ordinal) ? $"SEQUENCE {name["sequence:".Length..]}" : $"TABLE {name}";
                await ExecuteAsync(connection, $"GRANT {privileges} ON {target} TO {role}", cancellationToken);
            }
            // The password travels as a parameter, never in the statement's text (which PostgreSQL or a driver may log).
            if (configuration[$"{SectionName}:{service}"] is { Length: > 0 } password)
            {
                await using var set = new NpgsqlCommand("SELECT set_config('temporalflow.role_password', $1, true)", connection, transaction);
                set.Parameters.AddWithValue(password);
                await set.ExecuteNonQueryAsync(cancellationToken);
                await ExecuteAsync(connection,
                    $"DO $$ BEGIN EXECUTE format('ALTER ROLE {role} WITH LOGIN PASSWORD %L', current_setting('temporalflow.role_password')); END $$",
                    cancellationToken);
                await ExecuteAsync(connection, "SELECT set_config('temporalflow.role_password', '', true)", cancellationToken);
            }
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
