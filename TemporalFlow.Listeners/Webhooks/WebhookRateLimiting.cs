using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace TemporalFlow.Listeners.Webhooks;

/// <summary>
/// Requests per second per source, as a token bucket: <c>WEBHOOK_RATE_LIMIT</c> requests a second (default 200; 0 turns it off)
/// with bursts up to twice that. Over it: 429 with Retry-After. The source is the matched route (so <c>/WEBHOOK</c> and
/// <c>/webhook/</c> share <c>/webhook</c>'s bucket) and the caller's address as the connection or a trusted proxy gives it
/// (see ForwardedHeadersExtensions), IPv6 callers by their /64, so a caller cannot pick its own bucket.
/// </summary>
public static class WebhookRateLimiting
{
    public const string Policy = "per-source";
    public const int DefaultPerSecond = 200;

    public static IServiceCollection AddWebhookRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var perSecond = int.TryParse(configuration["WEBHOOK_RATE_LIMIT"], NumberStyles.None, CultureInfo.InvariantCulture, out var configured)
            ? configured
            : DefaultPerSecond;
        return services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests from this source.",
                    detail: $"This endpoint accepts {perSecond} requests a second per source; retry after the time in Retry-After.")
                    .ExecuteAsync(context.HttpContext);
            };
            options.AddPolicy(Policy, http => perSecond <= 0
                ? RateLimitPartition.GetNoLimiter("unlimited")
                : RateLimitPartition.GetTokenBucketLimiter(BucketOf(http), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perSecond * 2,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        });
    }

    /// <summary>The normalised route and the real caller.</summary>
    public static string BucketOf(HttpContext http)
    {
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? http.Request.Path.Value?.ToLowerInvariant().TrimEnd('/');
        return $"{route}|{Caller(http.Connection.RemoteIpAddress)}";
    }

    private static string Caller(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var prefix = address.GetAddressBytes();
        Array.Clear(prefix, 8, 8);
        return $"{new IPAddress(prefix)}/64";
    }
}
