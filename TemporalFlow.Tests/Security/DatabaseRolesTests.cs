using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.Security;

/// <summary>
/// Least privilege in PostgreSQL: the migrations create one role per service with only the grants it needs; each service
/// connects as its role, which can do its own work and nothing else (no other tables, no DDL, not the chat's writes).
/// </summary>
public sealed class DatabaseRolesTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static readonly Dictionary<string, string?> Passwords = DatabaseRoles.All.ToDictionary(r => $"{DatabaseRoles.SectionName}:{r.Service}", r => (string?)$"{TestSecrets.DatabaseRolePassword}-{r.Service}");

    [Fact]
    public async Task EachServiceRoleCanDoItsWorkAndNothingElse()
    {
        await MigrateAsync();
        await MigrateAsync(); // idempotent: grants applied again change nothing

        await using var orchestrator = As("orchestrator");
        await using var incidents = As("incident-worker");
        await using var documents = As("document-worker");
        await using var chat = As("chat");
        await using var listener = As("listener");

        await AllowedAsync(orchestrator, "INSERT INTO event_ledger (event_id, event_type, payload, received_at, status) VALUES ('roles-1', 'incident', '{}', now(), 'routed')");
        await AllowedAsync(orchestrator, "UPDATE event_ledger SET reason = 'r' WHERE event_id = 'roles-1'");
        await AllowedAsync(incidents, "INSERT INTO incidents (incident_id, event_id, state, title, opened_at) VALUES ('inc-roles', 'roles-1', 'open', 't', now())"); // nextval on the sequence
        await AllowedAsync(incidents, "INSERT INTO incident_timeline (incident_id, sequence, at, kind, note) VALUES ('inc-roles', 1, now(), 'opened', 'n')");
        await AllowedAsync(documents, "SELECT count(*) FROM documents UNION ALL SELECT count(*) FROM document_texts UNION ALL SELECT count(*) FROM datasets");
        await AllowedAsync(chat, "SELECT count(*) FROM event_ledger UNION ALL SELECT count(*) FROM incidents UNION ALL SELECT count(*) FROM incident_timeline");

        // A listener keeps payloads before it signals (a redelivery changes nothing); it can read no payload and change no row.
        await AllowedAsync(listener, "INSERT INTO event_ledger (event_id, event_type, payload, received_at, status) VALUES ('roles-2', 'incident', '{}', now(), 'received') ON CONFLICT (event_id) DO NOTHING");
        await AllowedAsync(listener, "INSERT INTO event_ledger (event_id, event_type, payload, received_at, status) VALUES ('roles-2', 'incident', '{}', now(), 'received') ON CONFLICT (event_id) DO NOTHING");
        await DeniedAsync(listener, "SELECT payload FROM event_ledger");
        await DeniedAsync(listener, "UPDATE event_ledger SET status = 'routed'");
        await DeniedAsync(listener, "SELECT count(*) FROM incidents");

        await DeniedAsync(chat, "UPDATE incidents SET state = 'resolved'");
        await DeniedAsync(chat, "INSERT INTO event_ledger (event_id, event_type, payload, received_at, status) VALUES ('x', 't', '{}', now(), 'routed')");
        await DeniedAsync(chat, "SELECT * FROM document_texts");
        await DeniedAsync(orchestrator, "SELECT * FROM incidents");
        await DeniedAsync(orchestrator, "DELETE FROM event_ledger");
        await DeniedAsync(incidents, "SELECT * FROM event_ledger");
        await DeniedAsync(documents, "SELECT * FROM incidents");
        foreach (var role in new[] { orchestrator, incidents, documents, chat, listener })
        {
            await DeniedAsync(role, "SELECT * FROM schema_migrations");
            await DeniedAsync(role, "CREATE TABLE roles_probe (id int)");
            await DeniedAsync(role, "DROP TABLE event_ledger");
            Assert.Equal(false, await ScalarAsync(role, "SELECT rolsuper OR rolcreaterole OR rolcreatedb FROM pg_roles WHERE rolname = current_user"));
        }
        // A table added by a later migration must be in DatabaseRoles.Tables, or its grants would never be revoked or given.
        var tables = (string[])(await ScalarAsync(postgres.DataSource,
            "SELECT array_agg(table_name::text ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'"))!;
        Assert.Equal(DatabaseRoles.Tables.Order(StringComparer.Ordinal), tables);
    }

    private Task MigrateAsync() => new DatabaseMigrator(postgres.DataSource, NullLogger<DatabaseMigrator>.Instance,
        new ConfigurationBuilder().AddInMemoryCollection(Passwords).Build()).StartAsync(CancellationToken.None);

    private NpgsqlDataSource As(string service) => NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(postgres.ConnectionString)
    {
        Username = DatabaseRoles.RoleOf(service),
        Password = Passwords[$"{DatabaseRoles.SectionName}:{service}"],
        Pooling = false,
    }.ConnectionString);

    private static async Task AllowedAsync(NpgsqlDataSource role, string sql) => await ScalarAsync(role, sql);

    private static async Task DeniedAsync(NpgsqlDataSource role, string sql)
    {
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(role, sql));
        Assert.True(refused.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {refused.SqlState} {refused.MessageText}");
    }

    private static async Task<object?> ScalarAsync(NpgsqlDataSource source, string sql)
    {
        await using var command = source.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }
}
