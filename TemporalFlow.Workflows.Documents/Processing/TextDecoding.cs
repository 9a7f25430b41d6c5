using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace TemporalFlow.Workflows.Documents.Processing;

/// <summary>Bytes to text: UTF-8 (strict) or UTF-16 by its byte-order mark; PDF pages through PdfPig.</summary>
internal static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text, or null when the bytes are not valid UTF-8 (nor UTF-16 with a byte-order mark).</summary>
    public static string? Decode(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return bytes switch
            {
                [0xEF, 0xBB, 0xBF, ..] => StrictUtf8.GetString(bytes[3..]),
                [0xFF, 0xFE, ..] => Encoding.Unicode.GetString(bytes[2..]),
                [0xFE, 0xFF, ..] => Encoding.BigEndianUnicode.GetString(bytes[2..]),
                _ => StrictUtf8.GetString(bytes),
            };
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>The text of every page in reading order, pages separated by blank lines.</summary>
    public static string FromPdf(byte[] pdf, Action progress)
    {
        using var document = PdfDocument.Open(pdf);
        var pages = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            progress();
            pages.Append(ContentOrderTextExtractor.GetText(page)).Append("\n\n");
        }
        return pages.ToString().TrimEnd();
    }
}
