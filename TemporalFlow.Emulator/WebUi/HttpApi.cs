using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TemporalFlow.Emulator.Rpc;

namespace TemporalFlow.Emulator.WebUi;

/// <summary>
/// Temporal's HTTP API (<c>/api/v1/…</c>), as the UI server serves it: every binding the services' descriptors declare, dispatched
/// to the same handlers as gRPC, in proto3 JSON; and <c>/api/v1/settings</c>, which the UI server answers itself.
/// </summary>
internal static class HttpApi
{
    private static readonly IReadOnlyList<HttpApiRoute> Routes = HttpApiRoute.From(WorkflowServiceMethodProvider.Services);

    private static readonly TypeRegistry Types = TypeRegistry.FromFiles(
        WorkflowServiceMethodProvider.Services.Select(s => s.File).Concat(WorkflowServiceMethodProvider.Services.SelectMany(s => s.File.Dependencies)).Distinct().ToArray());

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(Types));
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true).WithTypeRegistry(Types));

    public static void MapTemporalHttpApi(this WebApplication app)
    {
        app.MapGet("/api/v1/settings", (EmulatorOptions options) => Results.Json(UiSettings.For(options), UiSettings.Json));
        app.Map("/api/v1/{**rest}", HandleAsync);
    }

    private static async Task HandleAsync(HttpContext http)
    {
        var segments = http.Request.Path.Value!.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToList();
        var match = Routes.Select(r => (Route: r, Variables: r.Match(http.Request.Method, segments)))
            .Where(m => m.Variables is not null).OrderByDescending(m => m.Route.Literals).FirstOrDefault();
        if (match.Route is null)
        {
            await WriteErrorAsync(http, StatusCode.NotFound, $"No Temporal HTTP API route is {http.Request.Method} {http.Request.Path}.");
            return;
        }
        try
        {
            var request = await ReadRequestAsync(http, match.Route, match.Variables!);
            var endpoint = http.RequestServices.GetRequiredService<WorkflowServiceEndpoint>();
            var response = await endpoint.HandleAsync(match.Route.Rpc, request, new HttpCallContext(http, match.Route.Rpc));
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(Formatter.Format(response), http.RequestAborted);
        }
        catch (RpcException ex)
        {
            await WriteErrorAsync(http, ex.StatusCode, ex.Status.Detail);
        }
        catch (InvalidProtocolBufferException ex)
        {
            await WriteErrorAsync(http, StatusCode.InvalidArgument, $"The request body is not valid JSON for {match.Route.Input.Name}: {ex.Message}");
        }
        catch (InvalidJsonException ex)
        {
            await WriteErrorAsync(http, StatusCode.InvalidArgument, $"The request body is not valid JSON for {match.Route.Input.Name}: {ex.Message}");
        }
    }

    /// <summary>The body (all of the request, or the one field the binding names), then the path variables, then the query.</summary>
    private static async Task<IMessage> ReadRequestAsync(HttpContext http, HttpApiRoute route, Dictionary<string, string> variables)
    {
        var request = route.Body == "*" && http.Request.ContentLength is not 0
            ? await ParseBodyAsync(http, route.Input)
            : route.Input.Parser.ParseFrom(ByteString.Empty);
        foreach (var (path, value) in variables)
        {
            ProtoFields.TrySet(request, path, value);
        }
        foreach (var (name, values) in http.Request.Query)
        {
            foreach (var value in values)
            {
                // Unknown parameters are ignored, as grpc-gateway ignores them.
                ProtoFields.TrySet(request, name, value ?? "");
            }
        }
        return request;
    }

    private static async Task<IMessage> ParseBodyAsync(HttpContext http, MessageDescriptor input)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        return string.IsNullOrWhiteSpace(body) ? input.Parser.ParseFrom(ByteString.Empty) : Parser.Parse(body, input);
    }

    /// <summary>grpc-gateway's error body (<c>code</c>, <c>message</c>, <c>details</c>) with the HTTP status it maps the code to.</summary>
    private static async Task WriteErrorAsync(HttpContext http, StatusCode code, string message)
    {
        http.Response.StatusCode = HttpStatusOf(code);
        await http.Response.WriteAsJsonAsync(new { code = (int)code, message, details = Array.Empty<object>() }, JsonSerializerOptions.Web, http.RequestAborted);
    }

    private static int HttpStatusOf(StatusCode code) => code switch
    {
        StatusCode.OK => 200,
        StatusCode.Cancelled => 499,
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition or StatusCode.OutOfRange => 400,
        StatusCode.DeadlineExceeded => 504,
        StatusCode.NotFound => 404,
        StatusCode.AlreadyExists or StatusCode.Aborted => 409,
        StatusCode.PermissionDenied => 403,
        StatusCode.Unauthenticated => 401,
        StatusCode.ResourceExhausted => 429,
        StatusCode.Unimplemented => 501,
        StatusCode.Unavailable => 503,
        _ => 500,
    };
}
