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
}
