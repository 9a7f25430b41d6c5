using System.Text;
using TemporalFlow.Core.Documents;

namespace TemporalFlow.Core.Tests;

/// <summary>Type detection: signatures first, then the content type, the extension, a look at the text; binary formats named.</summary>
public sealed class DocumentTypeDetectorTests
{
    [Theory]
    [InlineData("%PDF-1.7 ...", "text/plain", "notes.txt", DocumentKind.Pdf)] // the signature wins over the name
    [InlineData("# Title", "text/markdown", "x.bin", DocumentKind.Markdown)]
    [InlineData("a,b\n1,2", "application/octet-stream", "data.csv", DocumentKind.Csv)]
    [InlineData("  {\"a\": 1}", "application/octet-stream", "blob", DocumentKind.Json)]
    [InlineData("<!DOCTYPE html><p>hi", null, "page", DocumentKind.Html)]
    [InlineData("just words", "application/vnd.api+json", "x", DocumentKind.Json)]
    [InlineData("just words", null, "readme.log", DocumentKind.PlainText)]
    public void SupportedKindsAreRecognised(string head, string? contentType, string path, DocumentKind kind) =>
        Assert.Equal(DetectedType.Of(kind), DocumentTypeDetector.Detect(Encoding.UTF8.GetBytes(head), contentType, path));

    [Theory]
    [InlineData(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0 }, "report.txt", "a PNG image")]
    [InlineData(new byte[] { (byte)'P', (byte)'K', 3, 4 }, "report.docx", "a ZIP archive")]
    [InlineData(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, "tool", "an executable")]
    [InlineData(new byte[] { (byte)'h', (byte)'i' }, "fake.pdf", "named .pdf but the content is not a PDF")]
    [InlineData(new byte[] { (byte)'a', 0, (byte)'b' }, "data.txt", "binary content")]
    public void UnsupportedContentIsNamed(byte[] head, string path, string reason)
    {
        var detected = DocumentTypeDetector.Detect(head, null, path);
        Assert.Null(detected.Kind);
        Assert.Contains(reason, detected.Unsupported, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 0, 0)]
    [InlineData("one two\nthree", 3, 2)]
    [InlineData("don't re-run it\n", 3, 1)]
    [InlineData("a - b\n\n", 2, 2)]
    public void WordsAndLinesAreCounted(string text, long words, long lines) =>
        Assert.Equal(new TextStatistics(words, lines), TextStatistics.Of(text));
}
