using System.Globalization;
using TemporalFlow.Emulator.Engine;
using TemporalFlow.Emulator.Rpc;
using Temporalio.Api.Enums.V1;

namespace TemporalFlow.Emulator.Visibility;

/// <summary>
/// The supported subset of Temporal's visibility query language:
/// <c>WorkflowType</c>, <c>WorkflowId</c>, <c>RunId</c>, <c>TaskQueue</c>, <c>ExecutionStatus</c>, <c>StartTime</c>, <c>CloseTime</c>
/// and keyword search attributes compared with <c>= != &gt; &gt;= &lt; &lt;=</c>, <c>STARTS_WITH</c> or <c>IN (...)</c>;
/// <c>AND</c>, <c>OR</c>, parentheses; <c>ORDER BY StartTime|CloseTime [ASC|DESC]</c> (default: StartTime DESC); and for counts
/// <c>GROUP BY ExecutionStatus</c>, the one grouping Temporal supports (https://docs.temporal.io/visibility).
/// </summary>
internal sealed class VisibilityQuery
{
    private readonly Func<WorkflowExecution, bool> filter;
    private readonly string orderBy;
    private readonly bool descending;

    private VisibilityQuery(Func<WorkflowExecution, bool> filter, string orderBy, bool descending, string? groupBy)
    {
        this.filter = filter;
        this.orderBy = orderBy;
        this.descending = descending;
        GroupBy = groupBy;
    }

    /// <summary>The field a count is grouped by (only <c>ExecutionStatus</c>), or null.</summary>
    public string? GroupBy { get; }

    private static readonly HashSet<string> SystemFields = new(StringComparer.Ordinal)
    {
        "WorkflowType", "WorkflowId", "RunId", "TaskQueue", "ExecutionStatus", "StartTime", "CloseTime",
    };

    /// <param name="typeOf">The namespace's search attributes: a field that is neither a supported system field nor a keyword
    /// attribute there is refused, never matched against nothing.</param>
    public static VisibilityQuery Parse(string? query, Func<string, IndexedValueType?> typeOf)
    {
        var tokens = VisibilityTokenizer.Tokenize(query ?? "");
        var parser = new Parser(tokens, typeOf);
        return parser.ParseQuery();
    }

    public IEnumerable<WorkflowExecution> Apply(IEnumerable<WorkflowExecution> runs)
    {
        var matching = runs.Where(filter);
        Func<WorkflowExecution, DateTime> key = orderBy == "CloseTime" ? r => r.CloseTime ?? DateTime.MaxValue : r => r.StartTime;
        return descending ? matching.OrderByDescending(key).ThenByDescending(r => r.RunId, StringComparer.Ordinal)
            : matching.OrderBy(key).ThenBy(r => r.RunId, StringComparer.Ordinal);
    }

    private sealed class Parser(List<string> tokens, Func<string, IndexedValueType?> typeOf)
    {
        private int position;

        public VisibilityQuery ParseQuery()
        {
            Func<WorkflowExecution, bool> filter = _ => true;
            if (Peek() is not null && !IsKeyword(Peek(), "ORDER") && !IsKeyword(Peek(), "GROUP"))
            {
                filter = ParseOr();
            }
            var groupBy = IsKeyword(Peek(), "GROUP") ? ParseGroupBy() : null;
            var orderBy = "StartTime";
            var descending = true;
            if (groupBy is not null && IsKeyword(Peek(), "ORDER"))
            {
                throw Invalid("operation is not supported: 'ORDER BY' clause is not supported with 'GROUP BY' clause");
            }
            if (IsKeyword(Peek(), "ORDER"))
            {
                position++;
                Expect("BY");
                orderBy = Next() switch
                {
                    "StartTime" => "StartTime",
                    "CloseTime" => "CloseTime",
                    var other => throw Invalid($"ORDER BY {other} is not supported; use StartTime or CloseTime"),
                };
                if (IsKeyword(Peek(), "ASC") || IsKeyword(Peek(), "DESC"))
                {
                    descending = IsKeyword(Next(), "DESC");
                }
            }
            return Peek() is { } extra ? throw Invalid($"unexpected '{extra}'") : new VisibilityQuery(filter, orderBy, descending, groupBy);
        }

        private string ParseGroupBy()
        {
            position++;
            Expect("BY");
            var field = Next();
            if (Peek() == ",")
            {
                throw Invalid("operation is not supported: 'GROUP BY' clause supports only a single field");
            }
            return field == "ExecutionStatus" ? field
                : throw Invalid($"operation is not supported: 'GROUP BY' clause is not supported for search attribute {field}");
        }

        private Func<WorkflowExecution, bool> ParseOr()
        {
            var left = ParseAnd();
            while (IsKeyword(Peek(), "OR"))
            {
                position++;
                var (a, b) = (left, ParseAnd());
                left = r => a(r) || b(r);
            }
            return left;
        }

        private Func<WorkflowExecution, bool> ParseAnd()
        {
            var left = ParsePrimary();
            while (IsKeyword(Peek(), "AND"))
            {
                position++;
                var (a, b) = (left, ParsePrimary());
                left = r => a(r) && b(r);
            }
            return left;
        }

        private Func<WorkflowExecution, bool> ParsePrimary()
        {
            if (Peek() == "(")
            {
                position++;
                var inner = ParseOr();
                Expect(")");
                return inner;
            }
            var field = Next() ?? throw Invalid("a condition was expected");
            if (!SystemFields.Contains(field))
            {
                _ = typeOf(field) switch
                {
                    null => throw Invalid($"{field} is not a search attribute of this namespace"),
                    IndexedValueType.Keyword => true,
                    var type => throw Invalid($"{field} ({type}) is not one the emulator can filter on"),
                };
            }
            var op = Next() ?? throw Invalid($"an operator was expected after {field}");
            if (IsKeyword(op, "IN"))
            {
                Expect("(");
                var values = new List<string> { Literal() };
                while (Peek() == ",")
                {
                    position++;
                    values.Add(Literal());
                }
                Expect(")");
                return r => values.Any(v => FieldComparer.Compare(r, field, v) == 0);
            }
            var value = Literal();
            return op.ToUpperInvariant() switch
            {
                "=" => r => FieldComparer.Compare(r, field, value) == 0,
                "!=" or "<>" => r => FieldComparer.Compare(r, field, value) is not (0 or null),
                ">" => r => FieldComparer.Compare(r, field, value) > 0,
                ">=" => r => FieldComparer.Compare(r, field, value) >= 0,
                "<" => r => FieldComparer.Compare(r, field, value) < 0,
                "<=" => r => FieldComparer.Compare(r, field, value) <= 0,
                "STARTS_WITH" => r => FieldComparer.Text(r, field)?.StartsWith(value, StringComparison.Ordinal) == true,
                _ => throw Invalid($"operator {op} is not supported"),
            };
        }

        private string Literal()
        {
            var token = Next() ?? throw Invalid("a value was expected");
            return token.Length >= 2 && token[0] is '\'' or '"' ? token[1..^1] : token;
        }

        private void Expect(string expected)
        {
            if (!string.Equals(Next(), expected, StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid($"'{expected}' was expected");
            }
        }

        private string? Peek() => position < tokens.Count ? tokens[position] : null;

        private string? Next() => position < tokens.Count ? tokens[position++] : null;

        private static bool IsKeyword(string? token, string keyword) => string.Equals(token, keyword, StringComparison.OrdinalIgnoreCase);
    }

    internal static Grpc.Core.RpcException Invalid(string problem) =>
        RpcErrors.InvalidArgument($"invalid query: {problem}. The emulator supports WorkflowType, WorkflowId, RunId, TaskQueue, ExecutionStatus, StartTime, CloseTime and keyword search attributes with = != > >= < <= STARTS_WITH IN, AND, OR, parentheses, ORDER BY StartTime|CloseTime and, in a count, GROUP BY ExecutionStatus.");
}

/// <summary>Compares a run's field with a query literal: times as instants, status by name, everything else as text.</summary>
internal static class FieldComparer
{
    public static int? Compare(WorkflowExecution run, string field, string literal)
    {
        switch (field)
        {
            case "StartTime":
                return run.StartTime.CompareTo(ParseTime(literal));
            case "CloseTime":
                return run.CloseTime?.CompareTo(ParseTime(literal));
            case "ExecutionStatus":
                return Enum.TryParse<WorkflowExecutionStatus>(literal, ignoreCase: true, out var status)
                    ? ((int)run.Status).CompareTo((int)status)
                    : throw VisibilityQuery.Invalid($"'{literal}' is not an ExecutionStatus");
            default:
                return Text(run, field) is { } text ? string.CompareOrdinal(text, literal) : null;
        }
    }

    public static string? Text(WorkflowExecution run, string field) => field switch
    {
        "WorkflowType" => run.WorkflowType,
        "WorkflowId" => run.WorkflowId,
        "RunId" => run.RunId,
        "TaskQueue" => run.TaskQueue,
        _ => run.SearchAttributes.IndexedFields.TryGetValue(field, out var payload)
            ? System.Text.Json.JsonSerializer.Deserialize<object>(payload.Data.Span)?.ToString()
            : null,
    };

    private static DateTime ParseTime(string literal) =>
        DateTimeOffset.TryParse(literal, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time.UtcDateTime
            : throw VisibilityQuery.Invalid($"'{literal}' is not a timestamp (use RFC 3339, e.g. 2026-01-02T15:04:05Z)");
}
