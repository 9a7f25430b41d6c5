using TemporalFlow.Core.Documents;

namespace TemporalFlow.Core.Tests;

/// <summary>Text extraction: the readable text of each text format, markup removed, values kept.</summary>
public sealed class TextExtractorTests
{
    [Fact]
    public void MarkdownLosesItsMarkupButKeepsItsWords()
    {
        var text = TextExtractor.Extract(DocumentKind.Markdown,
            "# Runbook\n\n> Note\n1. Check **replication lag**.\n- See [the guide](https://example.com) and ![diagram](d.png)\n```bash\nrm -rf /\n```\n`code`");

        Assert.Equal(["Runbook", "Note", "Check replication lag.", "See the guide and diagram", "rm -rf /", "code"],
            text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void HtmlLosesTagsScriptsStylesAndCommentsAndDecodesEntities()
    {
        var text = TextExtractor.Extract(DocumentKind.Html,
            "<html><head><title>Report</title><style>p { color: red }</style><script>alert('x')</script></head>" +
            "<body><!-- hidden --><h1>Q3 &amp; Q4</h1><p>Revenue   <b>up</b><br>costs down</p></body></html>");

        Assert.Equal("Report\nQ3 & Q4\nRevenue up\ncosts down", text);
    }

    [Theory]
    [InlineData("{\"title\": \"Outage\", \"count\": 3, \"tags\": [\"db\", \"prod\"]}", "Outage\ndb\nprod")]
    [InlineData("{\"a\": \"first\"}\n{\"a\": \"second\"}\n", "first\nsecond")] // JSON lines
    [InlineData("// a comment\n{\"a\": \"kept\"}", "kept")]
    public void JsonGivesItsStringValuesOnePerLine(string json, string expected) =>
        Assert.Equal(expected, TextExtractor.Extract(DocumentKind.Json, json));

    [Fact]
    public void JsonThatDoesNotParseIsAFormatErrorNamingWhere()
    {
        var error = Assert.Throws<FormatException>(() => TextExtractor.Extract(DocumentKind.Json, "{\"a\": \"b\",\n \"c\": }"));

        Assert.StartsWith("invalid JSON at line 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DocumentKind.PlainText)]
    [InlineData(DocumentKind.Csv)]
    public void PlainTextAndCsvStayAsTheyAre(DocumentKind kind) =>
        Assert.Equal("a,b\n<1>,**2**", TextExtractor.Extract(kind, "a,b\n<1>,**2**"));

    [Fact]
    public void PdfIsNotExtractedFromAString() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TextExtractor.Extract(DocumentKind.Pdf, "%PDF-1.7"));
}
