using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using TemporalFlow.Listeners.Webhooks;
using TemporalFlow.Tests.Support;
using Temporalio.Api.Enums.V1;

namespace TemporalFlow.Tests.Listeners;

/// <summary>The webhook listener over real HTTP, delivering to the emulator: signatures, bad input, and Temporal being away.</summary>
public sealed class WebhookListenerTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    private const string Secret = TestSecrets.WebhookSecret;

    private static StringContent Json(string body, string type = "application/json") => new(body, Encoding.UTF8, type);

    private static HttpRequestMessage Signed(string body, long? timestamp = null, string secret = Secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhook") { Content = Json(body) };
        request.Headers.Add(WebhookSignature.Header,
            WebhookSignature.Sign(secret, timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Encoding.UTF8.GetBytes(body)));
        return request;
    }

    private static string Incident() => JsonSerializer.Serialize(new { eventType = "incident", source = "monitoring", message = $"disk full {Guid.NewGuid():N}" });

    [Fact]
    public async Task ASignedEventIsAcceptedOnlyAfterTemporalHasIt()
    {
        await using var listener = await WebhookListenerHost.StartAsync(server.Environment.Client.Connection.Options.TargetHost!, Secret);
        using var response = await listener.Http.SendAsync(Signed(Incident()));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var eventId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("eventIds")[0].GetString()!;

        // The signal is in an orchestrator shard's history, carrying the event id.
        var signaled = false;
        await foreach (var run in server.Environment.Client.ListWorkflowsAsync("WorkflowType = 'RootOrchestratorWorkflow'"))
        {
            var history = await server.Environment.Client.GetWorkflowHandle(run.Id, run.RunId).FetchHistoryAsync();
            signaled |= history.Events.Any(e => e.EventType == EventType.WorkflowExecutionSignaled
                && e.WorkflowExecutionSignaledEventAttributes.Input.Payloads_[0].Data.ToStringUtf8().Contains(eventId, StringComparison.Ordinal));
        }
        Assert.True(signaled);

        // GitHub's header form is accepted too.
        var body = Incident();
        var hub = new HttpRequestMessage(HttpMethod.Post, "/webhook") { Content = Json(body) };
        hub.Headers.Add(WebhookSignature.HubHeader, "sha256=" + Convert.ToHexStringLower(
            System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body))));
        Assert.Equal(HttpStatusCode.Accepted, (await listener.Http.SendAsync(hub)).StatusCode);
    }

    [Fact]
    public async Task MissingTamperedAndStaleSignaturesAreRefusedAndNothingReachesTemporal()
    {
        await using var listener = await WebhookListenerHost.StartAsync(server.Environment.Client.Connection.Options.TargetHost!, Secret);
        var marker = Guid.NewGuid().ToString("N");
        var body = JsonSerializer.Serialize(new { eventType = "incident", message = marker });

        var missing = await listener.Http.PostAsync(new Uri("/webhook", UriKind.Relative), Json(body));
        var tampered = Signed(body);
        tampered.Content = Json(body.Replace(marker, "changed", StringComparison.Ordinal));
        var stale = Signed(body, DateTimeOffset.UtcNow.AddMinutes(-6).ToUnixTimeSeconds());
        var wrongKey = Signed(body, secret: "another-secret");
        foreach (var response in new[] { missing, await listener.Http.SendAsync(tampered), await listener.Http.SendAsync(stale), await listener.Http.SendAsync(wrongKey) })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        }
        Assert.Contains("more than 5 minutes", await (await listener.Http.SendAsync(Signed(body, DateTimeOffset.UtcNow.AddMinutes(-6).ToUnixTimeSeconds()))).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var found = 0;
        await foreach (var run in server.Environment.Client.ListWorkflowsAsync("WorkflowType = 'RootOrchestratorWorkflow'"))
        {
            var history = await server.Environment.Client.GetWorkflowHandle(run.Id, run.RunId).FetchHistoryAsync();
            found += history.Events.Count(e => e.WorkflowExecutionSignaledEventAttributes?.Input.Payloads_[0].Data.ToStringUtf8().Contains(marker, StringComparison.Ordinal) == true);
        }
        Assert.Equal(0, found);
    }

    [Fact]
    public async Task BadBodiesGetProblemDetailsNamingTheField()
    {
        await using var listener = await WebhookListenerHost.StartAsync(server.Environment.Client.Connection.Options.TargetHost!, maxBodyBytes: 4096);
        async Task<(HttpStatusCode Status, string Body)> PostAsync(string body, string type = "application/json")
        {
            using var response = await listener.Http.PostAsync(new Uri("/webhook", UriKind.Relative), Json(body, type));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var notJson = await PostAsync("{not json");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
        Assert.Contains("not valid JSON", notJson.Body, StringComparison.Ordinal);

        var noType = await PostAsync("""{"source":"s3"}""");
        Assert.Equal(HttpStatusCode.BadRequest, noType.Status);
        Assert.Contains("\"eventType\"", noType.Body, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", (await listener.Http.PostAsync(new Uri("/webhook", UriKind.Relative), Json("""{"source":"s3"}"""))).Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);

        var batch = await PostAsync("""[{"eventType":"incident","message":"ok"},{"eventType":7}]""");
        Assert.Equal(HttpStatusCode.BadRequest, batch.Status);
        Assert.Contains("[1].eventType", batch.Body, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync(JsonSerializer.Serialize(new { eventType = "incident", message = new string('x', 5000) }))).Status);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await PostAsync("eventType=incident", "application/x-www-form-urlencoded")).Status);

        // Valid events still go through afterwards, and the same event gets the same id.
        var once = await PostAsync("""{"eventType":"incident","source":"monitoring","message":"same"}""");
        var twice = await PostAsync("""{"message":"same","source":"monitoring","eventType":"incident"}""");
        Assert.Equal(HttpStatusCode.Accepted, once.Status);
        Assert.Equal(once.Body, twice.Body);

        var cloudEvent = await PostAsync("""{"specversion":"1.0","type":"incident","source":"monitoring","id":"ce-1","data":{"message":"from a CloudEvent"}}""", "application/cloudevents+json");
        Assert.Equal(HttpStatusCode.Accepted, cloudEvent.Status);

        var batch2 = await PostAsync("""[{"eventType":"incident","message":"first"},{"eventType":"incident","message":"second"}]""");
        Assert.Equal(HttpStatusCode.Accepted, batch2.Status);
        Assert.Equal(2, JsonDocument.Parse(batch2.Body).RootElement.GetProperty("eventIds").GetArrayLength());
        var cloudBatch = await PostAsync("""[{"specversion":"1.0","type":"incident","source":"monitoring","id":"ce-2","data":{"message":"a"}},{"specversion":"1.0","type":"incident","source":"monitoring","id":"ce-3","data":{"message":"b"}}]""",
            "application/cloudevents-batch+json");
        Assert.Equal(HttpStatusCode.Accepted, cloudBatch.Status);
        Assert.Equal(2, JsonDocument.Parse(cloudBatch.Body).RootElement.GetProperty("eventIds").GetArrayLength());
    }

    [Fact]
    public async Task WhenTemporalIsUnavailableCallersGet503WithRetryAfter()
    {
        await using var listener = await WebhookListenerHost.StartAsync("127.0.0.1:1");
        using var response = await listener.Http.PostAsync(new Uri("/webhook", UriKind.Relative), Json(Incident()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task SharePointHandshakeAndClientStateVerification()
    {
        await using var listener = await WebhookListenerHost.StartAsync(server.Environment.Client.Connection.Options.TargetHost!, clientState: "expected-state");
        using var handshake = await listener.Http.PostAsync(new Uri("/webhook/sharepoint?validationtoken=abc%20123", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
        Assert.Equal("text/plain", handshake.Content.Headers.ContentType!.MediaType);
        Assert.Equal("abc 123", await handshake.Content.ReadAsStringAsync());

        static string Notification(string state) => JsonSerializer.Serialize(new
        {
            value = new[] { new { subscriptionId = Guid.NewGuid().ToString(), clientState = state, resource = "list-1", siteUrl = "/sites/docs", tenantId = "t", webId = "w" } },
        });
        Assert.Equal(HttpStatusCode.Unauthorized, (await listener.Http.PostAsync(new Uri("/webhook/sharepoint", UriKind.Relative), Json(Notification("wrong")))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await listener.Http.PostAsync(new Uri("/webhook/sharepoint", UriKind.Relative), Json(Notification("expected-state")))).StatusCode);
    }

    [Fact]
    public async Task EventGridHandshakesAndBlobCreatedInBothSchemas()
    {
        await using var listener = await WebhookListenerHost.StartAsync(server.Environment.Client.Connection.Options.TargetHost!);
        var uri = new Uri("/webhook/azure-eventgrid", UriKind.Relative);

        var validation = """[{"id":"v1","topic":"/subscriptions/x","subject":"","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"},"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2026-11-26T10:00:00Z","dataVersion":"1","metadataVersion":"1"}]""";
        using var validated = await listener.Http.PostAsync(uri, Json(validation));
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", JsonDocument.Parse(await validated.Content.ReadAsStringAsync()).RootElement.GetProperty("validationResponse").GetString());

        using var options = new HttpRequestMessage(HttpMethod.Options, uri);
        options.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
        using var allowed = await listener.Http.SendAsync(options);
        Assert.Equal("eventgrid.azure.net", allowed.Headers.GetValues("WebHook-Allowed-Origin").Single());

        var blobUrl = "https://account.blob.core.windows.net/docs/report.txt";
        var blobData = $$"""{"api":"PutBlob","contentType":"text/plain","contentLength":12,"blobType":"BlockBlob","url":"{{blobUrl}}","eTag":"0x8D"}""";
        var eventGrid = $$"""[{"id":"{{Guid.NewGuid()}}","topic":"/subscriptions/x/storageAccounts/account","subject":"/blobServices/default/containers/docs/blobs/report.txt","data":{{blobData}},"eventType":"Microsoft.Storage.BlobCreated","eventTime":"2026-11-26T10:00:00Z","dataVersion":"1","metadataVersion":"1"}]""";
        using var created = await listener.Http.PostAsync(uri, Json(eventGrid));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        Assert.StartsWith("eg-", JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("eventIds")[0].GetString(), StringComparison.Ordinal);

        var cloudEvent = $$"""{"specversion":"1.0","id":"{{Guid.NewGuid()}}","source":"/subscriptions/x/storageAccounts/account","type":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default/containers/docs/blobs/report.txt","time":"2026-11-26T10:00:00Z","data":{{blobData}}}""";
        using var createdCe = await listener.Http.PostAsync(uri, Json(cloudEvent, "application/cloudevents+json"));
        Assert.Equal(HttpStatusCode.Accepted, createdCe.StatusCode);
    }
}
