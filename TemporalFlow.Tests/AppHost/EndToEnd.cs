using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.S3;
using Amazon.SQS;
using Aspire.Hosting.Testing;
using Azure.Storage.Blobs;
using Npgsql;
using TemporalFlow.Testing;
using Temporalio.Client;

namespace TemporalFlow.Tests.AppHost;

/// <summary>Clients of the running application's parts, as its users would hold them: webhooks, S3, SQS, Blob, SQL, Temporal.</summary>
internal sealed class EndToEnd : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly List<IDisposable> owned = [];

    public static async Task<EndToEnd> ConnectAsync(AppHostFixture fixture)
    {
        var e2e = new EndToEnd();
        var fauxqs = fixture.App.GetEndpoint("fauxqs", "http").ToString().TrimEnd('/');
        e2e.S3 = e2e.Own(FauxqsClients.S3(fauxqs));
        e2e.Sqs = e2e.Own(FauxqsClients.Sqs(fauxqs));
        e2e.QueueUrl = (await e2e.Sqs.GetQueueUrlAsync("temporalflow-events")).QueueUrl;
        var blob = $"http://127.0.0.1:{fixture.App.GetEndpoint("azurite", "http").Port}"; // the Blob SDK takes the account from the path for IPs only
        e2e.Blob = new BlobServiceClient(LocalNodeServer.AzuriteConnectionStringFor(blob));
        e2e.Webhooks = e2e.Own(fixture.App.CreateHttpClient("webhook-listener"));
        e2e.Database = NpgsqlDataSource.Create((await fixture.App.GetConnectionStringAsync("temporalflow"))!);
        var temporal = fixture.App.GetEndpoint("temporal", "grpc");
        e2e.Temporal = await TemporalClient.ConnectAsync(new($"{temporal.Host}:{temporal.Port}"));
        return e2e;
    }

    public IAmazonS3 S3 { get; private set; } = null!;

    public IAmazonSQS Sqs { get; private set; } = null!;

    public string QueueUrl { get; private set; } = "";

    public BlobServiceClient Blob { get; private set; } = null!;

    public HttpClient Webhooks { get; private set; } = null!;

    public NpgsqlDataSource Database { get; private set; } = null!;

    public ITemporalClient Temporal { get; private set; } = null!;

    /// <summary>POSTs a JSON body unsigned, as the walkthrough does (in Development, without a webhook secret, the listener accepts it).</summary>
    public Task<HttpResponseMessage> PostAsync(string path, object body, Action<HttpRequestHeaders>? headers = null)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        headers?.Invoke(request.Headers);
        return Webhooks.SendAsync(request);
    }

    /// <summary>Reads a row (as JSON) until it satisfies <paramref name="done"/>, or fails saying what was last seen.</summary>
    public async Task<JsonElement> WaitForRowAsync(string sql, (string Name, object Value) parameter, Func<JsonElement, bool>? done = null)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        JsonElement? last = null;
        while (!timeout.IsCancellationRequested)
        {
            await using var command = Database.CreateCommand($"SELECT row_to_json(r)::text FROM ({sql}) r");
            command.Parameters.AddWithValue(parameter.Name, parameter.Value);
            if (await command.ExecuteScalarAsync(CancellationToken.None) is string json)
            {
                last = JsonDocument.Parse(json).RootElement.Clone();
                if (done?.Invoke(last.Value) ?? true)
                {
                    return last.Value;
                }
            }
            await Task.Delay(200, CancellationToken.None);
        }
        Assert.Fail($"No row matched within {Timeout}: {sql} with {parameter.Value}; last seen: {last?.ToString() ?? "nothing"}");
        return default;
    }

    public async Task<long> CountAsync(string sql, (string Name, object Value) parameter)
    {
        await using var command = Database.CreateCommand(sql);
        command.Parameters.AddWithValue(parameter.Name, parameter.Value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the listener has taken (and deleted) every message of the queue.</summary>
    public async Task WaitForQueueDrainedAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            var attributes = await Sqs.GetQueueAttributesAsync(QueueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"], timeout.Token);
            if (attributes.ApproximateNumberOfMessages == 0 && attributes.ApproximateNumberOfMessagesNotVisible == 0)
            {
                return;
            }
            await Task.Delay(200, timeout.Token);
        }
    }

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public ValueTask DisposeAsync()
    {
        owned.ForEach(o => o.Dispose());
        return Database?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        owned.Add(disposable);
        return disposable;
    }
}
