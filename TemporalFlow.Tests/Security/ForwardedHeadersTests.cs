using System.Net;
using System.Text;
using TemporalFlow.Tests.Listeners;

namespace TemporalFlow.Tests.Security;

/// <summary>
/// Callers cannot pick their own rate-limit bucket: <c>X-Forwarded-For</c> counts only from a configured proxy (and then only
/// the entry that proxy appended), and a route's case or trailing slash does not make a new bucket. Forwarding is switched on
/// as Aspire publishes it (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>).
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const int Requests = 30;
    private const string Unreachable = "127.0.0.1:1";

    [Fact]
    public async Task SpoofedForwardedForAndPathVariantsShareTheCallersBucket()
    {
        await using var listener = await WebhookListenerHost.StartAsync(Unreachable, settings: ["FORWARDEDHEADERS_ENABLED=true", "WEBHOOK_RATE_LIMIT=5"]);
        string[] paths = ["/webhook", "/WEBHOOK", "/Webhook/", "/webhook/"];

        var statuses = await SendAsync(listener, i => paths[i % paths.Length], i => $"203.0.113.{i}");

        Assert.InRange(statuses.Count(s => s == HttpStatusCode.TooManyRequests), 1, Requests - 10);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.BadRequest or HttpStatusCode.TooManyRequests, s.ToString()));
    }

    [Fact]
    public async Task AConfiguredProxyIsBelievedForTheEntryItAppended()
    {
        await using var listener = await WebhookListenerHost.StartAsync(Unreachable,
            settings: ["FORWARDEDHEADERS_ENABLED=true", "WEBHOOK_RATE_LIMIT=5", "ForwardedHeaders:KnownProxies=127.0.0.1"]);

        var distinctClients = await SendAsync(listener, _ => "/webhook", i => $"203.0.113.{i}");
        var spoofedLeftEntries = await SendAsync(listener, _ => "/webhook", i => $"198.51.100.{i}, 192.0.2.7");

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, distinctClients); // the proxy vouches for 30 clients
        Assert.Contains(HttpStatusCode.TooManyRequests, spoofedLeftEntries); // only the proxy's own entry, 192.0.2.7, counts
    }

    [Fact]
    public async Task AKnownProxyThatIsNotAnAddressStopsTheListenerNamingTheSetting()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            WebhookListenerHost.StartAsync(Unreachable, settings: ["ForwardedHeaders:KnownNetworks=10.0.0.0"]));
        Assert.Contains("ForwardedHeaders:KnownNetworks", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<List<HttpStatusCode>> SendAsync(WebhookListenerHost listener, Func<int, string> path, Func<int, string> forwardedFor)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < Requests; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path(i)) { Content = new StringContent("{not json", Encoding.UTF8, "application/json") };
            request.Headers.Add("X-Forwarded-For", forwardedFor(i));
            using var response = await listener.Http.SendAsync(request);
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }
}
