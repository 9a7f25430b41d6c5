namespace TemporalFlow.AppHost.Postgres;

/// <summary>The database once the migrations service has made the schema and the services' roles.</summary>
public sealed record MigratedDatabase(TemporalFlowDatabase Owner, IResourceBuilder<ProjectResource> Migrations);

public static class DatabaseRoleExtensions
{
    /// <summary>The migrations service: the only one that connects as the database's owner; healthy once the schema, roles and grants are in place.</summary>
    public static MigratedDatabase AddDatabaseMigrations(this IDistributedApplicationBuilder builder, TemporalFlowDatabase owner) =>
        new(owner, builder.AddProject<Projects.TemporalFlow_Migrations>("migrations")
            .WithReference(owner.Owner).WaitFor(owner.Owner)
            .WithHealthProbes());

    /// <summary>
    /// Connects the service as its own role (<c>temporalflow_&lt;service&gt;</c>, holding only the grants the adapters' DatabaseRoles
    /// give it), with a generated password the migrations service sets on the role; once the migrations service is ready.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithDatabaseRole(this IResourceBuilder<ProjectResource> project, MigratedDatabase database, string service)
    {
        database.Migrations.WithEnvironment($"DatabaseRoles__{service}", database.Owner.PasswordOf(service));
        return project.WithEnvironment("ConnectionStrings__temporalflow", database.Owner.ConnectionFor(service, "temporalflow_" + service.Replace('-', '_')))
            .WaitFor(database.Migrations);
    }
}
