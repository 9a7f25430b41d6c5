using Microsoft.Extensions.Options;

namespace TemporalFlow.Listeners.Webhooks;

public static partial class WebhookEndpoints
{
    private static readonly string[] EventMediaTypes = ["application/json", "application/cloudevents+json", "application/cloudevents-batch+json"];

    /// <summary><c>POST /webhook</c>, <c>/webhook/sharepoint</c>, <c>/webhook/azure-eventgrid</c> (and its OPTIONS handshake).</summary>
    public static WebApplication MapWebhookEndpoints(this WebApplication app)
    {
        app.UseRateLimiter();
        var webhooks = app.MapGroup("/webhook").RequireRateLimiting(WebhookRateLimiting.Policy);
        webhooks.MapPost("", GenericAsync);
        webhooks.MapPost("/sharepoint", SharePointEndpoint.HandleAsync);
        webhooks.MapPost("/azure-eventgrid", EventGridEndpoint.HandleAsync);
        webhooks.MapMethods("/azure-eventgrid", ["OPTIONS"], EventGridEndpoint.Handshake);
        return app;
    }

    /// <summary>A TemporalFlow event, a CloudEvent, or a batch of either; signed when <c>WEBHOOK_SECRET</c> is set.</summary>
    private static async Task<IResult> GenericAsync(HttpRequest request, EventSubmitter submitter, IOptions<WebhookOptions> options, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!IsEventMediaType(request.ContentType))
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type.",
                detail: $"Send {string.Join(", ", EventMediaTypes)}.");
        }
        var body = await RequestBody.ReadAsync(request, settings.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return RequestBody.TooLarge(settings.MaxBodyBytes);
        }
        SignatureCheck? signature = null;
        if (!string.IsNullOrEmpty(settings.Secret))
        {
            signature = WebhookSignature.Verify(settings.Secret, request.Headers[WebhookSignature.Header], request.Headers[WebhookSignature.HubHeader], body,
                clock.GetUtcNow(), settings.SignatureTolerance, settings.SignatureSchemes);
            if (signature.Problem is { } problem)
            {
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The request is not signed correctly.", detail: problem);
            }
        }
        return RequestBody.TryParseEvents(body, out var events, out var error)
            ? await submitter.SubmitAsync(events, cancellationToken, signature)
            : RequestBody.BadJson(error!);
    }

    private static bool IsEventMediaType(string? contentType) =>
        contentType is not null && EventMediaTypes.Any(t => contentType.StartsWith(t, StringComparison.OrdinalIgnoreCase));
}
