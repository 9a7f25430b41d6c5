namespace TemporalFlow.Core.Datasets;

/// <summary>
/// Profiles a dataset row by row in constant memory (besides capped distinct sets): rows whose shape or values do not fit
/// are counted and sampled as bad rows and kept out of the statistics; the run itself never fails because of a row.
/// </summary>
public sealed class DatasetProfiler
{
    public const int MaxColumns = 500;
    public const int BadRowSampleSize = 100;

    private readonly List<ColumnStatistics> columns = [];
    private readonly Dictionary<string, int> columnIndex = new(StringComparer.Ordinal);
    private readonly List<BadRow> badRowSamples = [];
    private readonly bool fixedColumns;

    /// <summary>Columns from a header (CSV) or the declared schema; with neither, columns are discovered as rows name them (JSON lines).</summary>
    public DatasetProfiler(IReadOnlyList<string>? header, IReadOnlyList<ColumnSpec>? schema)
    {
        var declared = schema?.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal) ?? [];
        foreach (var name in header ?? (IReadOnlyList<string>?)schema?.Select(c => c.Name).ToList() ?? [])
        {
            AddColumn(name, declared.TryGetValue(name, out var type) ? type : null);
        }
        fixedColumns = header is not null || schema is not null;
        MissingColumns = schema is null || header is null ? [] : [.. schema.Select(c => c.Name).Where(n => !header.Contains(n))];
    }

    /// <summary>Declared columns the header does not have: the dataset does not match its schema.</summary>
    public IReadOnlyList<string> MissingColumns { get; }

    public long Rows { get; private set; }

    public long BadRows { get; private set; }

    public IReadOnlyList<string> ColumnNames => [.. columns.Select(c => c.Name)];

    /// <summary>A positional row (CSV): as many values as the header has columns.</summary>
    public void AddRow(long line, IReadOnlyList<string?> values)
    {
        if (values.Count != columns.Count)
        {
            AddBadRow(line, $"{values.Count} fields where the header has {columns.Count}");
            return;
        }
        for (var i = 0; i < values.Count; i++)
        {
            if (!columns[i].Accepts(values[i]))
            {
                AddBadRow(line, $"column '{columns[i].Name}': '{Shorten(values[i])}' is not {columns[i].Declared?.ToString().ToLowerInvariant()}");
                return;
            }
        }
        for (var i = 0; i < values.Count; i++)
        {
            columns[i].Add(values[i]);
        }
        Rows++;
    }

    /// <summary>A named row (a JSON-lines object); absent columns count as nulls, unknown ones are added unless the schema is fixed.</summary>
    public void AddRow(long line, IReadOnlyList<KeyValuePair<string, string?>> fields)
    {
        var values = new string?[columns.Count];
        foreach (var (name, value) in fields)
        {
            if (!columnIndex.TryGetValue(name, out var index))
            {
                if (fixedColumns || columns.Count >= MaxColumns)
                {
                    continue; // outside the schema: ignored
                }
                index = AddColumn(name, null);
                Array.Resize(ref values, columns.Count);
                columns[index].AddNulls(Rows);
            }
            if (!columns[index].Accepts(value))
            {
                AddBadRow(line, $"field '{name}': '{Shorten(value)}' is not {columns[index].Declared?.ToString().ToLowerInvariant()}");
                return;
            }
            values[index] = value;
        }
        for (var i = 0; i < columns.Count; i++)
        {
            columns[i].Add(values[i]);
        }
        Rows++;
    }

    public void AddBadRow(long line, string reason)
    {
        BadRows++;
        if (badRowSamples.Count < BadRowSampleSize)
        {
            badRowSamples.Add(new BadRow(line, reason));
        }
    }

    public List<ColumnProfile> Columns() => [.. columns.Select(c => c.ToProfile())];

    public List<BadRow> BadRowSamples() => [.. badRowSamples];

    private int AddColumn(string name, ColumnType? declared)
    {
        columns.Add(new ColumnStatistics(name, declared));
        columnIndex.TryAdd(name, columns.Count - 1);
        return columns.Count - 1;
    }

    private static string Shorten(string? value) => value is null ? "" : value.Length <= 60 ? value : value[..60] + "…";
}
