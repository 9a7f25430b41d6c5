using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Trace;
using TemporalFlow.Adapters.Postgres;
using TemporalFlow.Adapters.Temporal;
using TemporalFlow.Core.Events;
using TemporalFlow.Orchestrator;
using TemporalFlow.ServiceDefaults;
using TemporalFlow.ServiceDefaults.Tracing;
using TemporalFlow.Tests.Support;
using Xunit.Abstractions;

namespace TemporalFlow.Tests.Tracing;

/// <summary>
/// The dashboard shows the system's work, not its heartbeat: an idle minute of the orchestrator service, probed on
/// <c>/health</c> and <c>/alive</c> every two seconds as Aspire and container platforms do, exports no root trace and logs
/// nothing at Information; an event sent afterwards is the only root trace since (the first on the dashboard's Traces page);
/// a client call no work started is not a trace, and one inside a message's processing is. The
/// emulator runs as its own process (as the AppHost runs it) and no other test runs meanwhile: ASP.NET Core's
/// instrumentation would see every in-process server's requests.
/// </summary>
[Collection(IdleTelemetryRunsAlone.Name)]
public sealed class IdleTelemetryTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private static readonly TimeSpan IdleMinute = TimeSpan.FromMinutes(1);

    [Fact]
    public Task AnIdleMinuteProducesNoRootTraceAndNoInformationLogLine() => Task.Run(async () =>
    {
        await using (var owner = Npgsql.NpgsqlDataSource.Create(postgres.ConnectionString))
        {
            await new DatabaseMigrator(owner, NullLogger<DatabaseMigrator>.Instance).StartAsync(CancellationToken.None);
        }
        var port = TemporalFlow.Testing.LocalNodeServer.FreePort();
        var dll = Path.Combine(TemporalFlow.Testing.RepositoryPaths.Root, "TemporalFlow.Emulator", "bin", TemporalFlow.Testing.RepositoryPaths.Configuration, "net10.0",
            "TemporalFlow.Emulator.dll");
        using var emulator = Process.Start(new ProcessStartInfo("dotnet", [dll, "--port", $"{port}"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        using var stopEmulator = new Disposable(() => emulator.Kill(entireProcessTree: true)); // also when an assertion fails
        emulator.OutputDataReceived += (_, _) => { };
        emulator.ErrorDataReceived += (_, _) => { };
        emulator.BeginOutputReadLine();
        emulator.BeginErrorReadLine();
        await WaitUntilListeningAsync(port); // the worker's first connection must find it
        var spans = new List<Activity>();
        var logs = new CapturedLogs();
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0", $"--ConnectionStrings:temporalflow={postgres.ConnectionString}",
            $"--TEMPORAL_ADDRESS=127.0.0.1:{port}"]);
        builder.Logging.AddProvider(logs);
        builder.AddServiceDefaults();
        builder.AddOrchestratorWorker();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans));
        await using var orchestrator = builder.Build();
        orchestrator.MapDefaultEndpoints();
        await orchestrator.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(Loopback.AddressOf(orchestrator)), Timeout = TimeSpan.FromSeconds(30) };
        while ((await http.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(200);
        }

        var linesBefore = logs.Lines.Count();
        lock (spans)
        {
            spans.Clear();
        }
        var idle = Stopwatch.StartNew();
        var probes = 0;
        while (idle.Elapsed < IdleMinute)
        {
            foreach (var path in (List<string>)["/health", "/alive"])
            {
                using var probe = await http.GetAsync(new Uri(path, UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
                probes++;
            }
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        List<Activity> exported;
        lock (spans)
        {
            exported = [.. spans];
        }
        var roots = exported.Where(s => s.ParentSpanId == default).Select(s => $"{s.Source.Name} {s.DisplayName}").ToList();
        var lines = logs.Lines.Skip(linesBefore).Where(l => !l.StartsWith("Trace ", StringComparison.Ordinal) && !l.StartsWith("Debug ", StringComparison.Ordinal)).ToList();
        output.WriteLine($"An idle minute with {probes} health probes: {roots.Count} root traces, {exported.Count} spans, {lines.Count} log lines at Information or above");
        Assert.True(roots.Count == 0, string.Join(Environment.NewLine, roots));
        Assert.True(lines.Count == 0, string.Join(Environment.NewLine, lines.Take(20)));

        // Then an event, delivered as the S3 listener delivers a message's: its trace is the first thing on the Traces page
        // after it is sent, the only root trace since.
        var delivery = new TemporalEventDelivery(orchestrator.Services.GetRequiredService<Temporalio.Client.ITemporalClient>(), new OrchestratorShards(1));
        lock (spans)
        {
            spans.Clear();
        }
        using (MessageTracing.Process("aws_sqs", "temporalflow-events", "msg-event"))
        {
            var parsed = EventParser.Parse(System.Text.Json.JsonSerializer.SerializeToElement(new { eventType = "incident", source = "monitoring", message = "Trace me" }),
                DateTimeOffset.UtcNow);
            await delivery.DeliverAsync(parsed.Event!, CancellationToken.None);
        }
        var routed = await WaitForSpanAsync(spans, "RouteEvent");
        lock (spans)
        {
            var root = Assert.Single(spans, s => s.ParentSpanId == default);
            Assert.Equal(("process temporalflow-events", routed.TraceId), (root.DisplayName, root.TraceId));
            spans.Clear();
        }
        await delivery.DisposeAsync();

        // The control: a message's processing is a trace, its client calls are in it; a client call outside any work is not.
        var handler = orchestrator.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        await handler.GetAsync(new Uri(http.BaseAddress!, "/alive"));
        using (MessageTracing.Process("aws_sqs", "temporalflow-events", "msg-1"))
        {
            await handler.GetAsync(new Uri(http.BaseAddress!, "/alive"));
        }
        lock (spans)
        {
            var process = Assert.Single(spans, s => s.DisplayName == "process temporalflow-events" && s.Kind == ActivityKind.Consumer);
            Assert.Single(spans, s => s.Kind == ActivityKind.Client && s.ParentSpanId == process.SpanId);
            Assert.DoesNotContain(spans, s => s.Kind == ActivityKind.Client && s.ParentSpanId == default);
        }
        await orchestrator.StopAsync();
    }).WaitAsync(TimeSpan.FromMinutes(3));

    private static async Task<Activity> WaitForSpanAsync(List<Activity> spans, string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            lock (spans)
            {
                if (spans.FirstOrDefault(s => s.DisplayName == name) is { } span)
                {
                    return span;
                }
            }
            if (timeout.IsCancellationRequested)
            {
                lock (spans)
                {
                    Assert.Fail($"No span {name} within a minute; spans: {string.Join(", ", spans.Select(s => $"{s.Source.Name}/{s.DisplayName}"))}");
                }
            }
            await Task.Delay(100, CancellationToken.None);
        }
    }

    private static async Task WaitUntilListeningAsync(int port)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (attempt < 300)
            {
                await Task.Delay(100);
            }
        }
    }

    private sealed class Disposable(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IdleTelemetryRunsAlone
{
    public const string Name = "Idle telemetry (runs alone)";
}
