using System.Text;

namespace TemporalFlow.Emulator.Visibility;

internal static class VisibilityTokenizer
{
    /// <summary>Splits a query into words, quoted literals (quotes kept), operators and punctuation.</summary>
    public static List<string> Tokenize(string query)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < query.Length)
        {
            var c = query[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '\'' or '"')
            {
                var end = query.IndexOf(c, i + 1);
                if (end < 0)
                {
                    throw VisibilityQuery.Invalid("a quoted value is not closed");
                }
                tokens.Add(query[i..(end + 1)]);
                i = end + 1;
            }
            else if (c is '(' or ')' or ',')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (c is '=' or '!' or '<' or '>')
            {
                var op = new StringBuilder().Append(c);
                if (i + 1 < query.Length && query[i + 1] is '=' or '>')
                {
                    op.Append(query[++i]);
                }
                tokens.Add(op.ToString());
                i++;
            }
            else
            {
                var start = i;
                while (i < query.Length && !char.IsWhiteSpace(query[i]) && query[i] is not ('(' or ')' or ',' or '=' or '!' or '<' or '>' or '\'' or '"'))
                {
                    i++;
                }
                tokens.Add(query[start..i]);
            }
        }
        return tokens;
    }
}
