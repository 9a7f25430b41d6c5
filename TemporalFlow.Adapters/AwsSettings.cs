using Amazon.Runtime;
using Microsoft.Extensions.Configuration;

namespace TemporalFlow.Adapters;

/// <summary>
/// AWS client settings from the usual variables: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c> or <c>AWS_ENDPOINT_URL</c> (a local
/// server), <c>AWS_REGION</c> / <c>AWS_DEFAULT_REGION</c> (default us-east-1), and explicit keys when both are given
/// (otherwise the SDK's default credential chain: profiles, instance roles, ...).
/// </summary>
public sealed record AwsSettings(string? Endpoint, string Region, AWSCredentials? Credentials)
{
    public static AwsSettings From(IConfiguration configuration, string service)
    {
        var endpoint = configuration[$"AWS_ENDPOINT_URL_{service}"] ?? configuration["AWS_ENDPOINT_URL"];
        var region = configuration["AWS_REGION"] ?? configuration["AWS_DEFAULT_REGION"] ?? "us-east-1";
        var credentials = configuration["AWS_ACCESS_KEY_ID"] is { Length: > 0 } key && configuration["AWS_SECRET_ACCESS_KEY"] is { Length: > 0 } secret
            ? new BasicAWSCredentials(key, secret)
            : null;
        return new AwsSettings(string.IsNullOrEmpty(endpoint) ? null : endpoint, region, credentials);
    }

    /// <summary>Points a client configuration at the local endpoint, or at the region's AWS endpoint.</summary>
    public T Apply<T>(T config)
        where T : ClientConfig
    {
        if (Endpoint is not null)
        {
            config.ServiceURL = Endpoint;
            config.AuthenticationRegion = Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(Region);
        }
        return config;
    }
}
