using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TemporalFlow.Core.Documents;
using TemporalFlow.Tests.Support;
using TemporalFlow.Workflows.Documents.Workflows;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace TemporalFlow.Tests.Documents;

/// <summary>DocumentProcessingWorkflow through the real worker: every format, the stored record and text, idempotence, rejections, failures.</summary>
public sealed class DocumentWorkflowTests(DocumentHarness harness) : IClassFixture<DocumentHarness>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task TextFormatsAreTypedHashedCountedAndStored(bool cacheOff) => harness.RunAsync(cacheOff, async scenario =>
    {
        var cases = new (string Name, string Content, string Kind, long Words, long Lines, string Contains, string? Absent)[]
        {
            ("notes.txt", "Disk full on db-01\nRestarted at 10:00\n", "text", 8, 2, "Disk full on db-01", null),
            ("readme.md", "# Title\n\nSome **bold** [link](http://x.example) text.\n", "markdown", 5, 3, "Some bold link text.", "http://x.example"),
            ("report.json", """{"title":"Quarterly report","tags":["a","b"],"count":3}""", "json", 4, 3, "Quarterly report\na\nb", "title"),
            ("table.csv", "id,name\n1,alpha\n2,beta\n", "csv", 6, 3, "2,beta", null),
            ("page.html", "<html><head><title>T</title><style>p{color:red}</style></head><body><p>Hello &amp; welcome</p><script>var x=1;</script><div>Bye</div></body></html>",
                "html", 4, 3, "Hello & welcome\nBye", "color"),
        };
        foreach (var (name, content, kind, words, lines, contains, absent) in cases)
        {
            var bytes = Encoding.UTF8.GetBytes(content);
            var uri = await harness.WriteFileAsync($"{Guid.NewGuid():N}-{name}", bytes);
            var result = await ProcessAsync(scenario, uri);

            var record = result.Record;
            Assert.False(result.Unchanged);
            Assert.Equal((DocumentStatuses.Processed, kind), (record.Status, record.Kind));
            Assert.Equal(Sha256(bytes), record.Sha256);
            Assert.Equal($"sha256:{Sha256(bytes)}", record.Version); // the file store has no eTag: the content names the version
            Assert.Equal((bytes.Length, words, lines), (record.SizeBytes!.Value, record.Words!.Value, record.Lines!.Value));
            var text = await harness.Records.TextAsync(uri, record.Version, CancellationToken.None);
            Assert.Contains(contains, text, StringComparison.Ordinal);
            if (absent is not null)
            {
                Assert.DoesNotContain(absent, text, StringComparison.Ordinal);
            }
            Assert.Equal(record, await harness.Records.FindAsync(uri, record.Version, CancellationToken.None));
        }
    });

    [Fact]
    public Task PdfTextIsExtractedFromS3AndTheVersionIsTheETag() => harness.RunAsync(cacheOff: false, async scenario =>
    {
        var pdf = BuildPdf("Invoice 42 paid in full", "Second page text");
        var uri = await harness.PutAsync($"uploads/{Guid.NewGuid():N}/invoice.pdf", pdf, "application/pdf");

        var record = (await ProcessAsync(scenario, uri)).Record;

        Assert.Equal((DocumentStatuses.Processed, "pdf", Sha256(pdf)), (record.Status, record.Kind, record.Sha256));
        Assert.Equal(8, record.Words);
        Assert.DoesNotContain("\"", record.Version, StringComparison.Ordinal);
        Assert.DoesNotContain("sha256:", record.Version, StringComparison.Ordinal);
        var text = await harness.Records.TextAsync(uri, record.Version, CancellationToken.None);
        Assert.Contains("Invoice 42 paid in full", text, StringComparison.Ordinal);
        Assert.Contains("Second page text", text, StringComparison.Ordinal);
    });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task ReprocessingTheSameVersionChangesNothing(bool cacheOff) => harness.RunAsync(cacheOff, async scenario =>
    {
        var content = Encoding.UTF8.GetBytes("same content, same version");
        var uri = await harness.PutAsync($"uploads/{Guid.NewGuid():N}/same.txt", content, "text/plain");

        var first = await ProcessAsync(scenario, uri);
        var announced = await ProcessAsync(scenario, uri, eTag: $"\"{first.Record.Version}\""); // as S3 notifications quote it
        var unannounced = await ProcessAsync(scenario, uri);

        Assert.False(first.Unchanged);
        Assert.True(announced.Unchanged);
        Assert.True(unannounced.Unchanged);
        Assert.Equal(first.Record, announced.Record);
        Assert.Equal(first.Record, unannounced.Record);
        Assert.Equal(1, await harness.Postgres.CountAsync("SELECT count(*) FROM documents WHERE document_uri = @u", ("u", uri)));
        Assert.Equal(1, await harness.Postgres.CountAsync("SELECT count(*) FROM document_texts WHERE document_uri = @u", ("u", uri)));
    });

    [Fact]
    public Task UnsupportedAndMalformedDocumentsAreRecordedWithTheReason() => harness.RunAsync(cacheOff: false, maxSizeBytes: 4096, body: async scenario =>
    {
        var cases = new (string Name, byte[] Content, string Reason)[]
        {
            ("image.png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0], "a PNG image"),
            ("broken.json", Encoding.UTF8.GetBytes("""{"a": [1, 2"""), "json that does not parse: invalid JSON at line 1"),
            ("latin1.txt", [(byte)'c', (byte)'a', (byte)'f', 0xE9], "not valid UTF-8 text"),
            ("fake.pdf", Encoding.UTF8.GetBytes("not a pdf"), "named .pdf but the content is not a PDF"),
        };
        foreach (var (name, content, reason) in cases)
        {
            var uri = await harness.WriteFileAsync($"{Guid.NewGuid():N}-{name}", content);
            var record = (await ProcessAsync(scenario, uri)).Record;
            Assert.Equal(DocumentStatuses.Rejected, record.Status);
            Assert.Contains(reason, record.Reason, StringComparison.Ordinal);
            Assert.Equal(Sha256(content), record.Sha256);
            Assert.Equal(record, await harness.Records.FindAsync(uri, record.Version, CancellationToken.None));
        }
    });

    [Fact]
    public Task AMissingDocumentIsRecordedAsFailedAfterTheRetries() => harness.RunAsync(cacheOff: false, async scenario =>
    {
        await harness.PutAsync("placeholder.txt", [1]); // the bucket exists; the key does not
        var uri = $"s3://documents/missing/{Guid.NewGuid():N}.txt";

        var record = (await ProcessAsync(scenario, uri)).Record;

        Assert.Equal((DocumentStatuses.Failed, $"event:{record.EventId}"), (record.Status, record.Version)); // no version was ever seen
        Assert.Contains("No document at", record.Reason, StringComparison.Ordinal);
        var described = await scenario.Client.GetWorkflowHandle(record.WorkflowId).FetchHistoryAsync();
        var attempts = described.Events.Where(e => e.ActivityTaskStartedEventAttributes is not null).Select(e => e.ActivityTaskStartedEventAttributes.Attempt).Max();
        Assert.Equal(6, attempts); // the retry policy's maximum, then the failure is recorded
    });

    [Fact]
    public Task AUriNoStoreServesIsRejectedAtOnceWithTheStoresThatWork() => harness.RunAsync(cacheOff: false, async scenario =>
    {
        var record = (await ProcessAsync(scenario, "https://example.invalid/doc.txt")).Record;
        Assert.Equal(DocumentStatuses.Rejected, record.Status);
        Assert.Contains("refused: No document store is configured for https://example.invalid: configure S3 or Azure Blob", record.Reason, StringComparison.Ordinal);
        var history = await scenario.Client.GetWorkflowHandle(record.WorkflowId).FetchHistoryAsync();
        var attempts = history.Events.Where(e => e.ActivityTaskStartedEventAttributes is not null).Select(e => e.ActivityTaskStartedEventAttributes.Attempt);
        Assert.Equal([1], attempts); // ProcessDocument once, not retried: it recorded the refusal itself
    });

    private static async Task<DocumentResult> ProcessAsync(WorkerScenario scenario, string uri, string? eTag = null)
    {
        var documentEvent = JsonSerializer.SerializeToElement(new { eventType = "document-added", eventId = $"evt-{Guid.NewGuid():N}", documentUri = uri, eTag });
        var handle = scenario.Track(await scenario.Client.StartWorkflowAsync((DocumentProcessingWorkflow w) => w.RunAsync(documentEvent), scenario.Options()));
        return await handle.GetResultAsync();
    }

    internal static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static byte[] BuildPdf(params string[] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var text in pages)
        {
            builder.AddPage(PageSize.A4).AddText(text, 12, new PdfPoint(25, 700), font);
        }
        return builder.Build();
    }
}
