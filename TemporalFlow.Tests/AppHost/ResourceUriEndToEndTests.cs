using System.Net;
using System.Text.Json;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.AppHost;

/// <summary>
/// The attack that opened the security issue, through the whole application: webhook events naming files the worker can
/// read (/etc/passwd, a private file) become rejected records with the reason, and no text of them is stored. The run mode
/// configures no file root, so every <c>file://</c> URI is refused; a URI the text alone condemns is refused at the door.
/// </summary>
[Collection(SharedApplication.Name)]
public sealed class ResourceUriEndToEndTests(AppHostFixture fixture)
{
    [Fact]
    public async Task DocumentsAndDatasetsOutsideTheAllowedPlacesAreRejectedUnread()
    {
        await using var e2e = await EndToEnd.ConnectAsync(fixture);
        var document = $"e2e-passwd-{Guid.NewGuid():N}";
        var dataset = $"e2e-passwd-data-{Guid.NewGuid():N}";

        using var first = await e2e.PostAsync("/webhook", new { eventType = "document-added", source = "x", eventId = document, documentUri = "file:///etc/passwd" });
        using var second = await e2e.PostAsync("/webhook", new { eventType = "data-processing", eventId = dataset, datasetUri = "file:///etc/passwd" });

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, second.StatusCode));
        var record = await e2e.WaitForRowAsync("SELECT status, reason, sha256 FROM documents WHERE event_id = @id", ("id", document));
        Assert.Equal(("rejected", "refused: no file roots are configured (DocumentStores:File:Roots): file:// documents are refused"),
            (record.GetProperty("status").GetString(), record.GetProperty("reason").GetString()));
        Assert.Equal(JsonValueKind.Null, record.GetProperty("sha256").ValueKind);
        Assert.Equal(0, await e2e.CountAsync("SELECT count(*) FROM document_texts WHERE document_uri = @uri", ("uri", "file:///etc/passwd")));
        var profile = await e2e.WaitForRowAsync("SELECT status, reason, columns FROM datasets WHERE event_id = @id", ("id", dataset));
        Assert.Equal(("rejected", "refused: no file roots are configured (DocumentStores:File:Roots): file:// documents are refused"),
            (profile.GetProperty("status").GetString(), profile.GetProperty("reason").GetString()));
        Assert.DoesNotContain("root", profile.GetProperty("columns").GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUriTheTextAloneCondemnsIsRefusedAtTheDoorNamingTheField()
    {
        await using var e2e = await EndToEnd.ConnectAsync(fixture);

        using var response = await e2e.PostAsync("/webhook",
            new { eventType = "data-processing", eventId = $"e2e-traversal-{Guid.NewGuid():N}", datasetUri = "s3://temporalflow-documents/%2e%2e/other/x.csv" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains("'.' or '..' path segments", problem.RootElement.GetProperty("errors").GetProperty("datasetUri")[0].GetString(), StringComparison.Ordinal);
    }
}
