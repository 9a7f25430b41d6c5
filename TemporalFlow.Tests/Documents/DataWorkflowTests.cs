using System.Text;
using System.Text.Json;
using TemporalFlow.Core.Datasets;
using TemporalFlow.Core.Documents;
using TemporalFlow.Tests.Support;
using TemporalFlow.Workflows.Documents.Workflows;

namespace TemporalFlow.Tests.Documents;

/// <summary>DataProcessingWorkflow through the real worker: schema checked or inferred, statistics, bad rows, streaming, idempotence.</summary>
public sealed class DataWorkflowTests(DocumentHarness harness) : IClassFixture<DocumentHarness>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public Task CsvIsCheckedAgainstItsSchemaAndBadRowsAreReportedNotFatal(bool cacheOff) => harness.RunAsync(cacheOff, async scenario =>
    {
        var csv = "id,amount,when,ok\n1,10.5,2024-01-01,true\n2,x,2024-01-02,false\n3,7\n4,2.5,2024-01-04,true\n5,,2024-01-05,false\n";
        var uri = await harness.PutAsync($"data/{Guid.NewGuid():N}/sales.csv", Encoding.UTF8.GetBytes(csv), "text/csv");

        var profile = (await ProfileAsync(scenario, new { datasetUri = uri, schema = new { id = "integer", amount = "number" } })).Profile;

        Assert.Equal((DocumentStatuses.Processed, DatasetRequest.Csv, 3L, 2L), (profile.Status, profile.Format, profile.Rows, profile.BadRows));
        Assert.Equal([new BadRow(3, "column 'amount': 'x' is not number"), new BadRow(4, "2 fields where the header has 4")], profile.BadRowSamples);
        var columns = profile.Columns.ToDictionary(c => c.Name);
        Assert.Equal(new ColumnProfile("amount", ColumnType.Number, 2, 1, 2, false, 2.5, 10.5, 6.5, 3, 4), columns["amount"]);
        Assert.Equal((ColumnType.Integer, 1.0, 5.0), (columns["id"].Type, columns["id"].Min!.Value, columns["id"].Max!.Value));
        Assert.Equal((ColumnType.DateTime, 3L), (columns["when"].Type, columns["when"].Distinct));
        Assert.Equal((ColumnType.Boolean, 2L), (columns["ok"].Type, columns["ok"].Distinct));
        Assert.Equal(JsonSerializer.Serialize(profile), JsonSerializer.Serialize(await harness.Datasets.FindAsync(uri, profile.Version, CancellationToken.None)));
    });

    [Fact]
    public Task JsonLinesSchemaIsInferredAndMalformedLinesAreBadRows() => harness.RunAsync(cacheOff: false, async scenario =>
    {
        var lines = string.Join('\n', """{"user":"a","score":1}""", """{"user":"b","score":2.5,"extra":true}""", "not json", "[1,2]", "", """{"user":"c"}""");
        var uri = await harness.WriteFileAsync($"{Guid.NewGuid():N}-events.jsonl", Encoding.UTF8.GetBytes(lines));

        var profile = (await ProfileAsync(scenario, new { datasetUri = uri })).Profile;

        Assert.Equal((DatasetRequest.JsonLines, 3L, 2L), (profile.Format, profile.Rows, profile.BadRows));
        Assert.Equal([3L, 4L], profile.BadRowSamples.Select(b => b.Line));
        Assert.StartsWith("invalid JSON", profile.BadRowSamples[0].Reason, StringComparison.Ordinal);
        Assert.Equal("a JSON array, not an object", profile.BadRowSamples[1].Reason);
        Assert.Equal(["user", "score", "extra"], profile.Columns.Select(c => c.Name));
        Assert.Equal((ColumnType.String, 3L, 0L, 3L), (profile.Columns[0].Type, profile.Columns[0].Count, profile.Columns[0].Nulls, profile.Columns[0].Distinct));
        Assert.Equal((ColumnType.Number, 2L, 1L, 1.75), (profile.Columns[1].Type, profile.Columns[1].Count, profile.Columns[1].Nulls, profile.Columns[1].Mean!.Value));
        Assert.Equal((ColumnType.Boolean, 1L, 2L), (profile.Columns[2].Type, profile.Columns[2].Count, profile.Columns[2].Nulls));
    });

    [Fact]
    public Task ADatasetThatDoesNotMatchItsSchemaOrAnInvalidRequestIsRejectedWithTheReason() => harness.RunAsync(cacheOff: false, async scenario =>
    {
        var uri = await harness.WriteFileAsync($"{Guid.NewGuid():N}-people.csv", Encoding.UTF8.GetBytes("name,age\nann,31\n"));

        var missing = (await ProfileAsync(scenario, new { datasetUri = uri, schema = new { name = "string", email = "string" } })).Profile;
        var badType = (await ProfileAsync(scenario, new { datasetUri = uri, schema = new { age = "decimal" } })).Profile;
        var badFormat = (await ProfileAsync(scenario, new { datasetUri = uri, format = "xlsx" })).Profile;

        Assert.Equal((DocumentStatuses.Rejected, "does not match the declared schema: no column 'email'"), (missing.Status, missing.Reason));
        Assert.Equal((DocumentStatuses.Rejected, "'schema.age' is \"decimal\": use string, integer, number, boolean or datetime"), (badType.Status, badType.Reason));
        Assert.Equal((DocumentStatuses.Rejected, "'format' is 'xlsx': use csv or jsonl"), (badFormat.Status, badFormat.Reason));
    });

    [Fact]
    public Task ALargeCsvIsStreamedAndProfiledOnceFromS3() => harness.RunAsync(cacheOff: false, async scenario =>
    {
        const int rows = 200_000;
        var csv = new StringBuilder("id;value;label\n");
        for (var i = 1; i <= rows; i++)
        {
            csv.Append(i).Append(';').Append(i % 100).Append(";\"item ").Append(i % 7).Append("\"\n");
        }
        var uri = await harness.PutAsync($"data/{Guid.NewGuid():N}/large.csv", Encoding.UTF8.GetBytes(csv.ToString()), "text/csv");

        var first = await ProfileAsync(scenario, new { datasetUri = uri });
        var again = await ProfileAsync(scenario, new { datasetUri = uri, eTag = first.Profile.Version });

        var profile = first.Profile;
        Assert.Equal((rows, 0L), (profile.Rows, profile.BadRows));
        Assert.Equal((1.0, (double)rows), (profile.Columns[0].Min!.Value, profile.Columns[0].Max!.Value));
        Assert.Equal(49.5, profile.Columns[1].Mean!.Value, 6);
        Assert.Equal((ColumnType.String, 7L), (profile.Columns[2].Type, profile.Columns[2].Distinct)); // quotes removed: 'item 0' .. 'item 6'
        Assert.Equal(DocumentWorkflowTests.Sha256(Encoding.UTF8.GetBytes(csv.ToString())), profile.Sha256);
        Assert.True(again.Unchanged);
        Assert.Equal(1, await harness.Postgres.CountAsync("SELECT count(*) FROM datasets WHERE dataset_uri = @u", ("u", uri)));
    });

    private static async Task<DatasetResult> ProfileAsync(WorkerScenario scenario, object fields)
    {
        var json = JsonSerializer.SerializeToNode(fields)!.AsObject();
        json["eventType"] = "data-processing";
        json["eventId"] = $"evt-{Guid.NewGuid():N}";
        var dataEvent = JsonSerializer.SerializeToElement(json);
        var handle = scenario.Track(await scenario.Client.StartWorkflowAsync((DataProcessingWorkflow w) => w.RunAsync(dataEvent), scenario.Options()));
        return await handle.GetResultAsync();
    }
}
