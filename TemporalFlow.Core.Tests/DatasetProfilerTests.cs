using TemporalFlow.Core.Datasets;

namespace TemporalFlow.Core.Tests;

/// <summary>Dataset profiling: types inferred or checked, statistics per column, bad rows counted and sampled, never failing.</summary>
public sealed class DatasetProfilerTests
{
    [Fact]
    public void EachColumnGetsTheNarrowestTypeThatFitsEveryValue()
    {
        var profiler = new DatasetProfiler(["flag", "count", "amount", "at", "name"], schema: null);
        profiler.AddRow(2, ["true", "1", "1", "2026-11-26T08:00:00Z", "a"]);
        profiler.AddRow(3, ["false", "2", "2.5", "2026-11-27", "7"]);

        Assert.Equal([ColumnType.Boolean, ColumnType.Integer, ColumnType.Number, ColumnType.DateTime, ColumnType.String],
            profiler.Columns().Select(c => c.Type));
    }

    [Fact]
    public void NumericColumnsHaveTheirRangeAndMeanAndEveryColumnItsNullsAndDistinctValues()
    {
        var profiler = new DatasetProfiler(["total", "customer"], schema: null);
        profiler.AddRow(2, ["10", "ann"]);
        profiler.AddRow(3, ["", "bob"]);
        profiler.AddRow(4, ["30", "ann"]);

        var total = profiler.Columns()[0];
        Assert.Equal((2L, 1L, 10.0, 30.0, 20.0), (total.Count, total.Nulls, total.Min!.Value, total.Max!.Value, total.Mean!.Value));
        var customer = profiler.Columns()[1];
        Assert.Equal((3L, 2L, 3, 3), (customer.Count, customer.Distinct, customer.MinLength!.Value, customer.MaxLength!.Value));
        Assert.Equal(3, profiler.Rows);
    }

    [Fact]
    public void AValueThatDoesNotFitItsDeclaredTypeMakesABadRowKeptOutOfTheStatistics()
    {
        var profiler = new DatasetProfiler(["order_id", "total"], [new("order_id", ColumnType.Integer), new("total", ColumnType.Number)]);
        profiler.AddRow(2, ["1", "9.5"]);
        profiler.AddRow(3, ["2", "not-a-number"]);

        Assert.Equal((1L, 1L), (profiler.Rows, profiler.BadRows));
        Assert.Equal(new BadRow(3, "column 'total': 'not-a-number' is not number"), Assert.Single(profiler.BadRowSamples()));
        Assert.Equal(9.5, profiler.Columns()[1].Max);
    }

    [Fact]
    public void ARowWithTheWrongNumberOfFieldsIsABadRow()
    {
        var profiler = new DatasetProfiler(["a", "b"], schema: null);
        profiler.AddRow(2, ["1", "2", "3"]);

        Assert.Equal(new BadRow(2, "3 fields where the header has 2"), Assert.Single(profiler.BadRowSamples()));
        Assert.Equal(0, profiler.Rows);
    }

    [Fact]
    public void BadRowsAreAllCountedButOnlyTheFirstHundredKept()
    {
        var profiler = new DatasetProfiler(["a"], [new("a", ColumnType.Integer)]);
        for (var line = 2; line < 252; line++)
        {
            profiler.AddRow(line, ["x"]);
        }

        Assert.Equal(250, profiler.BadRows);
        Assert.Equal(DatasetProfiler.BadRowSampleSize, profiler.BadRowSamples().Count);
        Assert.Equal(2, profiler.BadRowSamples()[0].Line);
    }

    [Fact]
    public void DeclaredColumnsTheHeaderLacksAreNamed()
    {
        var profiler = new DatasetProfiler(["a"], [new("a", ColumnType.String), new("paid", ColumnType.Boolean)]);

        Assert.Equal(["paid"], profiler.MissingColumns);
    }

    [Fact]
    public void JsonLinesDiscoverColumnsAndCountEarlierRowsAsNulls()
    {
        var profiler = new DatasetProfiler(header: null, schema: null);
        profiler.AddRow(1, [new KeyValuePair<string, string?>("id", "1")]);
        profiler.AddRow(2, [new KeyValuePair<string, string?>("id", "2"), new KeyValuePair<string, string?>("note", "late")]);

        Assert.Equal(["id", "note"], profiler.ColumnNames);
        var note = profiler.Columns()[1];
        Assert.Equal((1L, 1L), (note.Count, note.Nulls));
    }

    [Fact]
    public void WithADeclaredSchemaUnknownJsonFieldsAreIgnored()
    {
        var profiler = new DatasetProfiler(header: null, [new("id", ColumnType.Integer)]);
        profiler.AddRow(1, [new KeyValuePair<string, string?>("id", "1"), new KeyValuePair<string, string?>("extra", "x")]);

        Assert.Equal(["id"], profiler.ColumnNames);
        Assert.Equal(1, profiler.Rows);
    }
}
