using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TemporalFlow.Listeners.Webhooks;
using TemporalFlow.Tests.Listeners;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.Security;

/// <summary>Signatures fail closed: any malformed header is 401, one form can be required, and a replay inside the window is delivered once.</summary>
public sealed class SignatureTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    private const string Secret = TestSecrets.WebhookSecret;
    private const string Unreachable = "127.0.0.1:1"; // nothing that is refused may need Temporal

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"eventType":"incident","source":"monitoring","message":"signature test"}""");

    [Fact]
    public async Task EveryMalformedSignatureHeaderIsRefusedWith401()
    {
        await using var listener = await WebhookListenerHost.StartAsync(Unreachable, Secret);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var good = WebhookSignature.Sign(Secret, now, Body);
        var mac = good[(good.IndexOf("v1=", StringComparison.Ordinal) + 3)..];
        var malformed = new (string Header, string Value)[]
        {
            (WebhookSignature.Header, $"t={now},t={now},v1={mac}"), // the repeated key that used to answer 500
            (WebhookSignature.Header, $"t={now},v1={mac},v1={mac}"),
            (WebhookSignature.Header, $"t={now},v1={mac},v0=00"),
            (WebhookSignature.Header, $"t={now},,v1={mac}"),
            (WebhookSignature.Header, $"t={now}"),
            (WebhookSignature.Header, $"v1={mac}"),
            (WebhookSignature.Header, $"t=-{now},v1={mac}"),
            (WebhookSignature.Header, $"t=1e9,v1={mac}"),
            (WebhookSignature.Header, $"t={now},v1="),
            (WebhookSignature.Header, $"t={now},v1=not-hex"),
            (WebhookSignature.Header, $"t={now},v1={mac[..^2]}"),
            (WebhookSignature.Header, $"t=99999999999999999999999,v1={mac}"),
            (WebhookSignature.Header, "garbage"),
            (WebhookSignature.Header, "="),
            (WebhookSignature.HubHeader, "sha256=not-hex"),
            (WebhookSignature.HubHeader, "sha1=" + mac),
            (WebhookSignature.HubHeader, "sha256="),
        };
        foreach (var (header, value) in malformed)
        {
            using var response = await listener.Http.SendAsync(Request(header, value));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{header}: {value} → {(int)response.StatusCode}");
        }
        using var twice = Request(WebhookSignature.Header, good);
        twice.Headers.Add(WebhookSignature.Header, good); // the header given twice
        Assert.Equal(HttpStatusCode.Unauthorized, (await listener.Http.SendAsync(twice)).StatusCode);
    }

    [Fact]
    public async Task WithOnlyTheTimestampedSchemeAHubSignatureIsRefused()
    {
        await using var listener = await WebhookListenerHost.StartAsync(Unreachable, Secret, settings: $"{WebhookSignature.SchemesSetting}=timestamped");
        var hub = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Body));

        using var response = await listener.Http.SendAsync(Request(WebhookSignature.HubHeader, hub));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("WEBHOOK_SIGNATURE_SCHEMES accepts no other form", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var wrong = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            WebhookListenerHost.StartAsync(Unreachable, Secret, settings: $"{WebhookSignature.SchemesSetting}=sha1"));
        Assert.Contains(WebhookSignature.SchemesSetting, wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASignedRequestReplayedInsideTheWindowIsDeliveredOnce()
    {
        await using var listener = await WebhookListenerHost.StartAsync(server.Environment.Client.Connection.Options.TargetHost!, Secret);
        var marker = $"replay-{Guid.NewGuid():N}";
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { eventType = "incident", source = "monitoring", message = marker }));
        var signature = WebhookSignature.Sign(Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body);

        var answers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await listener.Http.SendAsync(Request(WebhookSignature.Header, signature, body));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Single(answers.Distinct()); // the same event ids each time
        var delivered = 0;
        await foreach (var run in server.Environment.Client.ListWorkflowsAsync("WorkflowType = 'RootOrchestratorWorkflow'"))
        {
            var history = await server.Environment.Client.GetWorkflowHandle(run.Id, run.RunId).FetchHistoryAsync();
            delivered += SignaledEvents.In(history).Count(e => e.GetRawText().Contains(marker, StringComparison.Ordinal));
        }
        Assert.Equal(1, delivered);
        Assert.Equal(2, listener.Logs.Lines.Count(l => l.Contains("were not delivered again", StringComparison.Ordinal)));
    }

    private static HttpRequestMessage Request(string header, string value, byte[]? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhook") { Content = new ByteArrayContent(body ?? Body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation(header, value);
        return request;
    }
}
