using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TemporalFlow.Tests.Support;

/// <summary>A real HTTP receiver on loopback (Kestrel) standing in for a chat webhook: records bodies, can fail the first requests.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private int failuresLeft;
    private TaskCompletionSource? held;
    private TaskCompletionSource? release;

    private WebhookReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<string> Received { get; } = new();

    public int Failed { get; private set; }

    public Uri Url { get; private set; } = null!;

    /// <summary>Answers 500 to the next <paramref name="count"/> requests.</summary>
    public void FailNext(int count) => failuresLeft = count;

    /// <summary>Holds every request from now on until <see cref="Release"/>; <see cref="Held"/> completes when the first one arrives.</summary>
    public void HoldRequests()
    {
        held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public Task Held => held?.Task ?? throw new InvalidOperationException("Call HoldRequests first.");

    public void Release() => release?.TrySetResult();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var app = Loopback.CreateSlimApp();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/services/T000/B000/secret-token", async (HttpContext context) =>
        {
            if (receiver.release is { } gate)
            {
                receiver.held!.TrySetResult();
                await gate.Task;
            }
            if (Interlocked.Decrement(ref receiver.failuresLeft) >= 0)
            {
                receiver.Failed++;
                return Results.StatusCode(500);
            }
            using var reader = new StreamReader(context.Request.Body);
            receiver.Received.Enqueue(await reader.ReadToEndAsync());
            return Results.Ok();
        });
        await app.StartAsync();
        var address = Loopback.AddressOf(app);
        receiver.Url = new Uri($"{address}/services/T000/B000/secret-token");
        return receiver;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
