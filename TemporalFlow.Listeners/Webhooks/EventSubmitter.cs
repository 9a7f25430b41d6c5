using System.Text.Json;
using Microsoft.Extensions.Options;
using TemporalFlow.Core.Events;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Listeners.Webhooks;

/// <summary>
/// Validates events and hands them to the orchestrator: all or nothing, 202 with the event ids only once Temporal accepted
/// every one, 400 naming each bad field, 503 with Retry-After when Temporal cannot be reached (the caller retries; the same
/// event gets the same id, so nothing runs twice).
/// </summary>
public sealed partial class EventSubmitter(IEventDelivery delivery, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<EventSubmitter> logger)
{
    public async Task<IResult> SubmitAsync(IReadOnlyList<JsonElement> events, CancellationToken cancellationToken)
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
        return Results.Accepted(value: new { eventIds = parsed.Select(e => e.EventId).ToArray() });
    }

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
