using Microsoft.Extensions.Configuration;

namespace TemporalFlow.AppHost;

public static class ParameterDefaults
{
    /// <summary>
    /// A parameter with a default that configuration (<c>Parameters:&lt;name&gt;</c>) overrides. <c>AddParameter(name, value)</c> alone
    /// fixes the value: a configured one would be ignored.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddParameterWithDefault(this IDistributedApplicationBuilder builder, string name,
        string defaultValue, bool secret = false) =>
        builder.AddParameter(name, builder.Configuration[$"Parameters:{name}"] ?? defaultValue, publishValueAsDefault: !secret, secret: secret);

    /// <summary>The parameter, added once however many services take it (the document worker and the S3 listener share the AWS ones).</summary>
    public static IResourceBuilder<ParameterResource> SharedParameter(this IDistributedApplicationBuilder builder, string name, bool secret) =>
        builder.Resources.OfType<ParameterResource>().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { } existing
            ? builder.CreateResourceBuilder(existing)
            : builder.AddParameter(name, secret: secret);

    /// <summary>A host port from configuration (<paramref name="key"/>), else the well-known one; 0 for any free port (as the tests use).</summary>
    public static int? ConfiguredPort(this IDistributedApplicationBuilder builder, string key, int wellKnown) =>
        builder.Configuration.GetValue<int?>(key) is { } port ? (port == 0 ? null : port) : wellKnown;
}
