namespace TemporalFlow.Core.Documents;

/// <summary>Word and line counts of extracted text. A word is a run of letters or digits (with inner apostrophes and hyphens).</summary>
public readonly record struct TextStatistics(long Words, long Lines)
{
    public static TextStatistics Of(ReadOnlySpan<char> text)
    {
        long words = 0, lines = 0;
        var inWord = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                if (!inWord)
                {
                    words++;
                    inWord = true;
                }
            }
            else if (!(inWord && (c is '\'' or '-' or '’') && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1])))
            {
                inWord = false;
            }
            if (c == '\n')
            {
                lines++;
            }
        }
        if (text.Length > 0 && text[^1] != '\n')
        {
            lines++; // the last line has no newline
        }
        return new TextStatistics(words, lines);
    }
}
