using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TemporalFlow.Listeners.Webhooks;
using TemporalFlow.Tests.Listeners;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.Reliability;

/// <summary>Who gets in, how often, and that no configured secret ever shows in a log line or an answer.</summary>
public sealed class SecurityTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string Secret = TestSecrets.SecurityWebhookSecret;
    private const string ClientState = TestSecrets.SharePointClientState;
    private const string EventGridKey = TestSecrets.EventGridKey;

    [Fact]
    public async Task TheRequestRateIsLimitedPerSourceWithRetryAfter()
    {
        await using var listener = await WebhookListenerHost.StartAsync("127.0.0.1:1", settings: "WEBHOOK_RATE_LIMIT=5");
        var statuses = new List<HttpStatusCode>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 30; i++)
        {
            using var response = await listener.Http.PostAsync(new Uri("/webhook", UriKind.Relative), Json("{not json"));
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
                Assert.Contains("5 requests a second per source", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
        using var otherSource = await listener.Http.PostAsync(new Uri("/webhook/sharepoint?validationtoken=still-open", UriKind.Relative), null);

        // A burst of twice the rate, then the rate: 10 at once, 5 more for each second the loop took.
        var allowed = 10 + (5 * (int)Math.Ceiling(clock.Elapsed.TotalSeconds));
        Assert.InRange(statuses.Count(s => s == HttpStatusCode.BadRequest), 10, allowed);
        Assert.Equal(30, statuses.Count(s => s is HttpStatusCode.BadRequest or HttpStatusCode.TooManyRequests));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.OK, otherSource.StatusCode); // another endpoint is another source
    }

    [Fact]
    public async Task EventGridDeliveriesWithoutTheKeyAreRefused()
    {
        await using var listener = await WebhookListenerHost.StartAsync("127.0.0.1:1", settings: $"EVENTGRID_KEY={EventGridKey}");
        HttpRequestMessage Handshake(string? key)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, "/webhook/azure-eventgrid");
            request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
            if (key is not null)
            {
                request.Headers.Add(EventGridEndpoint.KeyHeader, key);
            }
            return request;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await listener.Http.SendAsync(Handshake(null))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await listener.Http.SendAsync(Handshake("egk-wrong"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await listener.Http.SendAsync(Handshake(EventGridKey))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await listener.Http.PostAsync(new Uri("/webhook/azure-eventgrid", UriKind.Relative), Json("[]"))).StatusCode);
    }

    [Fact]
    public async Task NoSecretAppearsInAnyLogLineOrAnswer()
    {
        await using var pipeline = await PipelineUnderTest.StartAsync(postgres);
        await using var listener = await WebhookListenerHost.StartAsync(pipeline.Address, Secret, ClientState, null, $"EVENTGRID_KEY={EventGridKey}");
        var answers = new List<string>();
        async Task SendAsync(HttpRequestMessage request)
        {
            using var response = await listener.Http.SendAsync(request);
            answers.Add($"{(int)response.StatusCode} {response.Headers} {response.Content.Headers} {await response.Content.ReadAsStringAsync()}");
        }
        var body = Encoding.UTF8.GetBytes("""{"eventType":"incident","source":"monitoring","message":"secret scan"}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        foreach (var signature in new[] { WebhookSignature.Sign(Secret, now, body), WebhookSignature.Sign(Secret, now - 3600, body), WebhookSignature.Sign("other", now, body), "t=1,v1=00", null })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/webhook") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (signature is not null)
            {
                request.Headers.Add(WebhookSignature.Header, signature);
            }
            await SendAsync(request);
        }
        var notification = JsonSerializer.Serialize(new { value = new[] { new { subscriptionId = "s", clientState = "wrong", resource = "r", siteUrl = "/sites/x", tenantId = "t", webId = "w" } } });
        await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/webhook/sharepoint") { Content = Json(notification) });
        var eventGrid = new HttpRequestMessage(HttpMethod.Post, "/webhook/azure-eventgrid") { Content = Json("[]") };
        eventGrid.Headers.Add(EventGridEndpoint.KeyHeader, "egk-wrong");
        await SendAsync(eventGrid);

        Assert.StartsWith("202", answers[0], StringComparison.Ordinal);
        Assert.All(answers.Skip(1), a => Assert.StartsWith("401", a, StringComparison.Ordinal));
        Assert.NotEmpty(listener.Logs.Lines);
        foreach (var secret in new[] { Secret, ClientState, EventGridKey })
        {
            Assert.DoesNotContain(answers, a => a.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(listener.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
