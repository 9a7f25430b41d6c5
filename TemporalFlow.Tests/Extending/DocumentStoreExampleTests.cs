using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using TemporalFlow.Adapters.Documents;
using TemporalFlow.Core.Documents;
using TemporalFlow.Core.Ports;
using TemporalFlow.Tests.Support;
using TemporalFlow.Workflows.Documents.Processing;

namespace TemporalFlow.Tests.Extending;

/// <summary>The worked example of "Adding a document store", behind the port, against a real Kestrel web server.</summary>
public sealed class DocumentStoreExampleTests : IAsyncLifetime
{
    private const string Runbook = "# Failover\n\nPromote the **standby**.\n";
    private readonly ConcurrentQueue<string> requested = new();
    private WebApplication server = null!;
    private string origin = "";

    public async Task InitializeAsync()
    {
        server = Loopback.CreateSlimApp();
        server.Use((context, next) =>
        {
            requested.Enqueue(context.Request.Path);
            return next(context);
        });
        server.MapGet("/handbook/runbook.md", (HttpContext context) =>
        {
            context.Response.Headers.ETag = "\"v1\"";
            return Results.Text(Runbook, "text/markdown");
        });
        server.MapGet("/handbook/moved.md", () => Results.Redirect("/private/salaries.csv"));
        server.MapGet("/private/salaries.csv", () => Results.Text("name,salary\n", "text/csv"));
        await server.StartAsync();
        origin = Loopback.AddressOf(server);
    }

    [Fact]
    public async Task ADocumentUnderAnAllowedPrefixIsProcessedLikeAnyOther()
    {
        using var http = WebDocumentStore.Client();
        var processor = Processor(http);

        var (record, text) = await processor.ProcessAsync(Request($"{origin}/handbook/runbook.md"), DateTimeOffset.UtcNow, () => { }, CancellationToken.None);

        Assert.Equal((DocumentStatuses.Processed, "markdown", "v1", 4L), (record.Status, record.Kind, record.Version, record.Words));
        Assert.Contains("Promote the standby.", text!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUrlOutsideThePrefixIsRefusedWithoutARequestAndARedirectIsNotFollowed()
    {
        using var http = WebDocumentStore.Client();
        var processor = Processor(http);

        var (refused, _) = await processor.ProcessAsync(Request($"{origin}/private/salaries.csv"), DateTimeOffset.UtcNow, () => { }, CancellationToken.None);
        var stores = new DocumentStores([new WebDocumentStore(http, [new Uri($"{origin}/handbook/")])]);
        await Assert.ThrowsAsync<DocumentRefusedException>(() => stores.GetAsync($"{origin}/handbook/moved.md", CancellationToken.None));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => stores.GetAsync($"{origin}/handbook/missing.md", CancellationToken.None));

        Assert.Equal(DocumentStatuses.Rejected, refused.Status);
        Assert.StartsWith("refused: ", refused.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("/private/salaries.csv", requested);
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private DocumentProcessor Processor(HttpClient http) =>
        new(new DocumentStores([new WebDocumentStore(http, [new Uri($"{origin}/handbook/")])]), Options.Create(new DocumentSettings()));

    private static DocumentRequest Request(string uri) => new(uri, AnnouncedVersion: null, $"evt-{Guid.NewGuid():N}", "document-example");
}
