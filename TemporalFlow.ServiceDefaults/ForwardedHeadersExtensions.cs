using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TemporalFlow.ServiceDefaults;

/// <summary>
/// Forwarded headers (<c>X-Forwarded-For</c>, <c>X-Forwarded-Proto</c>) are honoured only from the proxies named in
/// <c>ForwardedHeaders:KnownProxies</c> (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges), and only the
/// rightmost entry, the one the trusted proxy appended. ASP.NET Core's <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>, which
/// Aspire publishes for every project, trusts any caller; with this, a caller no proxy vouches for is itself the client.
/// Nothing is trusted by default, not even loopback.
/// </summary>
public static class ForwardedHeadersExtensions
{
    public const string KnownProxiesKey = "ForwardedHeaders:KnownProxies";
    public const string KnownNetworksKey = "ForwardedHeaders:KnownNetworks";

    public static TBuilder AddTrustedForwardedHeaders<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var proxies = List(builder.Configuration, KnownProxiesKey).Select(p => IPAddress.TryParse(p, out var address)
            ? address
            : throw new InvalidOperationException($"{KnownProxiesKey}: '{p}' is not an IP address.")).ToList();
        var networks = List(builder.Configuration, KnownNetworksKey).Select(n => System.Net.IPNetwork.TryParse(n, out var network)
            ? network
            : throw new InvalidOperationException($"{KnownNetworksKey}: '{n}' is not a CIDR range such as 10.0.0.0/23.")).ToList();
        // After ASP.NET Core's own setup (which clears both lists when ASPNETCORE_FORWARDEDHEADERS_ENABLED is true).
        builder.Services.PostConfigure<ForwardedHeadersOptions>(options =>
        {
            if (proxies.Count == 0 && networks.Count == 0)
            {
                options.ForwardedHeaders = ForwardedHeaders.None; // empty lists would mean "trust every caller" to the middleware
            }
            options.ForwardLimit = 1;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });
        return builder;
    }

    private static IEnumerable<string> List(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value ?? "");
        return values.SelectMany(v => v.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
