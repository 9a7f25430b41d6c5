using System.Text.Json;
using Microsoft.Extensions.Options;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Listeners.Webhooks;

/// <summary>
/// Validates events and hands them to the orchestrator: all or nothing, 202 with the event ids only once Temporal accepted
/// every one, 400 naming each bad field, 503 with Retry-After when Temporal cannot be reached (the caller retries; the same
/// event gets the same id, so nothing runs twice). A signed request seen before is answered without delivering again.
/// </summary>
public sealed partial class EventSubmitter(IEventDelivery delivery, IOptions<WebhookOptions> options, TimeProvider clock, SignatureReplayGuard replays,
    ILogger<EventSubmitter> logger)
{
    public async Task<IResult> SubmitAsync(IReadOnlyList<JsonElement> events, CancellationToken cancellationToken, SignatureCheck? signature = null)
    {
        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var parsed = new List<FlowEvent>();
        for (var i = 0; i < events.Count; i++)
        {
            var result = EventParser.Parse(events[i], now);
            if (result.Event is { } flowEvent && result.IsValid)
            {
                parsed.Add(flowEvent);
                continue;
            }
            foreach (var group in result.Errors.GroupBy(e => events.Count == 1 ? e.Field : $"[{i}].{e.Field}"))
            {
                errors[group.Key] = [.. group.Select(e => e.Message)];
            }
        }
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "The event is not valid.", detail: "Fix the named fields and send it again.");
        }
        if (parsed.Count == 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["$"] = ["the batch is empty"] });
        }

        if (signature is not null && replays.WasAccepted(signature))
        {
            LogReplay(logger, parsed.Count);
            return Accepted(parsed);
        }
        try
        {
            await Parallel.ForEachAsync(parsed, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (e, ct) => await delivery.DeliverAsync(e, ct));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogTemporalUnavailable(logger, ex.GetType().Name, parsed.Count);
            return new RetryLater(options.Value.RetryAfterSeconds);
        }
        if (signature is not null)
        {
            replays.Accepted(signature);
        }
        return Accepted(parsed);
    }

    private static IResult Accepted(List<FlowEvent> events) => Results.Accepted(value: new { eventIds = events.Select(e => e.EventId).ToArray() });

    [LoggerMessage(Level = LogLevel.Information, Message = "A signed request accepted before was sent again inside the signature window; its {Count} event(s) were not delivered again")]
    private static partial void LogReplay(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Temporal did not accept {Count} event(s) ({ErrorType}); answered 503 so the caller retries")]
    private static partial void LogTemporalUnavailable(ILogger logger, string errorType, int count);

    /// <summary>503 problem details with Retry-After.</summary>
    private sealed class RetryLater(int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Temporal is not available.",
                detail: $"Nothing was accepted. Send the same request again in {seconds} seconds.").ExecuteAsync(httpContext);
        }
    }
}
