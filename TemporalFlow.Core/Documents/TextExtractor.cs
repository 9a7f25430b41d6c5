using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TemporalFlow.Core.Documents;

/// <summary>
/// The readable text of the text formats: plain text and CSV as they are, Markdown without its markup, HTML without tags,
/// scripts and styles, JSON (or JSON lines) as its string values one per line. PDF is read by the worker (it needs PdfPig).
/// </summary>
public static partial class TextExtractor
{
    /// <summary>The text of a document of a text kind; <see cref="FormatException"/> when JSON does not parse.</summary>
    public static string Extract(DocumentKind kind, string content) => kind switch
    {
        DocumentKind.PlainText or DocumentKind.Csv => content,
        DocumentKind.Markdown => FromMarkdown(content),
        DocumentKind.Html => FromHtml(content),
        DocumentKind.Json => FromJson(content),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "PDF text is extracted from bytes, not from a string."),
    };

    private static string FromMarkdown(string markdown)
    {
        var text = FencePattern().Replace(markdown, "");
        text = ImagePattern().Replace(text, "$1");
        text = LinkPattern().Replace(text, "$1");
        text = HeadingPattern().Replace(text, "");
        text = ListMarkerPattern().Replace(text, "");
        text = EmphasisPattern().Replace(text, "");
        return TagPattern().Replace(text, "");
    }

    private static string FromHtml(string html)
    {
        var text = HiddenPattern().Replace(html, " ");
        text = BlockTagPattern().Replace(text, "\n");
        text = TagPattern().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        var lines = text.Split('\n').Select(l => SpacesPattern().Replace(l, " ").Trim()).Where(l => l.Length > 0);
        return string.Join('\n', lines);
    }

    /// <summary>String values in document order; a file of one JSON value per line (JSON lines) is read line by line.</summary>
    private static string FromJson(string json)
    {
        var values = new StringBuilder();
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true, CommentHandling = JsonCommentHandling.Skip });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.String)
                {
                    values.Append(reader.GetString()).Append('\n');
                }
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException($"invalid JSON at line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}: {ex.Message.Split(" Path:")[0]}", ex);
        }
        return values.ToString().TrimEnd('\n');
    }

    [GeneratedRegex(@"^\s*(```|~~~).*$", RegexOptions.Multiline)]
    private static partial Regex FencePattern();

    [GeneratedRegex(@"!\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex ImagePattern();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"^\s{0,3}(#{1,6}\s+|>\s?)", RegexOptions.Multiline)]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^\s*([-*+]|\d+\.)\s+", RegexOptions.Multiline)]
    private static partial Regex ListMarkerPattern();

    [GeneratedRegex(@"(\*\*|__|\*|`)")]
    private static partial Regex EmphasisPattern();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"<(script|style|noscript)\b[^>]*>.*?</\1\s*>|<!--.*?-->", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex HiddenPattern();

    [GeneratedRegex(@"<(br|/?(p|div|h[1-6]|li|ul|ol|tr|table|section|article|header|footer|title|pre|blockquote))\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTagPattern();

    [GeneratedRegex(@"[ \t\r\f\v]+")]
    private static partial Regex SpacesPattern();
}
