using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;
using TemporalFlow.Emulator;
using TemporalFlow.Listeners;
using TemporalFlow.Listeners.Webhooks;

namespace TemporalFlow.Benchmarks;

/// <summary>
/// Webhook requests per second and latency on loopback: the real signed <c>/webhook</c> endpoint against a bare endpoint of
/// the same server that makes the same Temporal call (signal-with-start) without reading, verifying or validating, in one run.
/// </summary>
internal static class WebhookBenchmark
{
    private const string Secret = "benchmark-secret";

    public static async Task<int> RunAsync(BenchmarkArgs args)
    {
        await using var server = args.Address is null ? await EmulatorServer.StartAsync(new EmulatorOptions { Port = 0 }) : null;
        var app = ListenerHost.Build(ListenerRegistry.Webhook,
            ["--urls", "http://127.0.0.1:0", "--environment=Development", $"--TEMPORAL_ADDRESS={args.Address ?? server!.Address}", $"--WEBHOOK_SECRET={Secret}", "--Orchestrator:Shards=4",
             "--WEBHOOK_RATE_LIMIT=0", $"--TEMPORAL_GRPC_COMPRESSION={(args.Gzip ? "gzip" : "none")}"],
            b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        app.MapPost("/bare", async (HttpRequest request, IEventDelivery delivery) =>
        {
            // The same Temporal call with the same content, but the body is neither verified nor parsed: it travels as a string.
            using var reader = new StreamReader(request.Body);
            var raw = JsonSerializer.SerializeToElement(await reader.ReadToEndAsync());
            var id = Guid.NewGuid().ToString("N");
            await delivery.DeliverAsync(new FlowEvent(id, "benchmark", null, DateTimeOffset.UtcNow, new Dictionary<string, JsonElement> { ["raw"] = raw }),
                request.HttpContext.RequestAborted);
            return Results.Accepted(value: new { eventIds = new[] { id } });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        Console.WriteLine($"{args.Workflows} requests per endpoint, {args.Concurrency} in flight, {Environment.ProcessorCount} cores");

        await MeasureAsync(http, "/webhook", 200, args.Concurrency, signed: true); // warm-up
        await MeasureAsync(http, "/bare", 200, args.Concurrency, signed: false);
        var bare = await MeasureAsync(http, "/bare", args.Workflows, args.Concurrency, signed: false);
        var signed = await MeasureAsync(http, "/webhook", args.Workflows, args.Concurrency, signed: true);
        Console.WriteLine($"  signed /webhook = {signed / bare:F2} × bare");
        await app.StopAsync();
        return 0;
    }

    private static async Task<double> MeasureAsync(HttpClient http, string path, int count, int concurrency, bool signed)
    {
        var latencies = new List<double>(count);
        var timer = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            var body = JsonSerializer.Serialize(new { eventType = "incident", source = "monitoring", message = $"load {Guid.NewGuid():N} #{i}" });
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (signed)
            {
                request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), Encoding.UTF8.GetBytes(body)));
            }
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request, ct);
            if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }
            lock (latencies)
            {
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
        var rate = count / timer.Elapsed.TotalSeconds;
        Console.WriteLine($"  {path}: {rate:F0} requests/s, {Percentiles.Summary(latencies)}");
        return rate;
    }
}
