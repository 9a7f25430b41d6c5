using System.Globalization;

namespace TemporalFlow.Core.Datasets;

/// <summary>One column's running statistics: nulls, type (inferred, narrowest that fits every value), numeric range and mean, text lengths, distinct values (counted exactly up to a cap).</summary>
internal sealed class ColumnStatistics(string name, ColumnType? declared)
{
    public const int DistinctCap = 10_000;

    private readonly HashSet<string> distinct = new(StringComparer.Ordinal);
    private bool distinctCapped;
    private long count;
    private long nulls;
    private ColumnType? inferred;
    private double min = double.PositiveInfinity;
    private double max = double.NegativeInfinity;
    private double sum;
    private long numbers;
    private int minLength = int.MaxValue;
    private int maxLength;

    public string Name { get; } = name;

    public ColumnType? Declared { get; } = declared;

    /// <summary>Whether a value fits the declared type (always, when none is declared).</summary>
    public bool Accepts(string? value) => Declared is not { } type || string.IsNullOrEmpty(value) || Fits(TypeOf(value), type);

    public void Add(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            nulls++;
            return;
        }
        count++;
        var type = TypeOf(value);
        inferred = inferred is { } known ? Widen(known, type) : type;
        if (type is ColumnType.Integer or ColumnType.Number && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            min = Math.Min(min, number);
            max = Math.Max(max, number);
            sum += number;
            numbers++;
        }
        minLength = Math.Min(minLength, value.Length);
        maxLength = Math.Max(maxLength, value.Length);
        if (!distinctCapped)
        {
            distinct.Add(value);
            distinctCapped = distinct.Count >= DistinctCap;
        }
    }

    /// <summary>A column first seen after some rows: those rows had no value for it.</summary>
    public void AddNulls(long rows) => nulls += rows;

    public ColumnProfile ToProfile()
    {
        var type = Declared ?? inferred ?? ColumnType.String;
        var numeric = type is ColumnType.Integer or ColumnType.Number && numbers > 0;
        return new ColumnProfile(Name, type, count, nulls, distinct.Count, distinctCapped,
            numeric ? min : null, numeric ? max : null, numeric ? Math.Round(sum / numbers, 6) : null,
            count > 0 ? minLength : null, count > 0 ? maxLength : null);
    }

    public static ColumnType TypeOf(string value)
    {
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            return ColumnType.Integer;
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return ColumnType.Number;
        }
        if (bool.TryParse(value, out _))
        {
            return ColumnType.Boolean;
        }
        return value.Length >= 8 && char.IsAsciiDigit(value[0]) && value.Contains('-', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            ? ColumnType.DateTime
            : ColumnType.String;
    }

    /// <summary>Integers are numbers; anything is a string.</summary>
    private static bool Fits(ColumnType actual, ColumnType declared) =>
        actual == declared || declared == ColumnType.String || (actual == ColumnType.Integer && declared == ColumnType.Number);

    private static ColumnType Widen(ColumnType a, ColumnType b) =>
        a == b ? a
        : (a, b) is (ColumnType.Integer, ColumnType.Number) or (ColumnType.Number, ColumnType.Integer) ? ColumnType.Number
        : ColumnType.String;
}
