using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace TemporalFlow.Listeners.Webhooks;

/// <summary>
/// Requests per second per source (the endpoint and the caller's address), as a token bucket: <c>WEBHOOK_RATE_LIMIT</c>
/// requests a second (default 200; 0 turns it off) with bursts up to twice that. Over it: 429 with Retry-After.
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
                : RateLimitPartition.GetTokenBucketLimiter($"{http.Request.Path}|{http.Connection.RemoteIpAddress}", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perSecond * 2,
                    TokensPerPeriod = perSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        });
    }
}
