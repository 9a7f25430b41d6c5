using Google.Protobuf.Reflection;
using Temporalio.Api.Dependencies.Google.Api;

namespace TemporalFlow.Emulator.WebUi;

/// <summary>
/// One HTTP binding of a gRPC method, as its <c>google.api.http</c> annotation declares it (the grpc-gateway bindings Temporal's
/// UI server serves): a verb, a path template such as <c>/api/v1/namespaces/{namespace}/workflows/{execution.workflow_id}</c>,
/// and which part of the request the body fills (<c>*</c>: all of it).
/// </summary>
internal sealed record HttpApiRoute(string Rpc, string Verb, IReadOnlyList<string> Segments, string Body, MessageDescriptor Input)
{
    public const string Prefix = "/api/v1/";

    /// <summary>How many segments are literals: the more specific of two matching routes wins.</summary>
    public int Literals { get; } = Segments.Count(s => !s.StartsWith('{'));

    /// <summary>Every <c>/api/v1</c> binding of the services' methods, additional bindings included, read from their descriptors.</summary>
    public static IReadOnlyList<HttpApiRoute> From(IEnumerable<Google.Protobuf.Reflection.ServiceDescriptor> services) =>
        (from service in services
         from method in service.Methods
         let rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http)
         where rule is not null
         from binding in rule.AdditionalBindings.Prepend(rule)
         let verbAndPath = VerbAndPath(binding)
         where verbAndPath.Path.StartsWith(Prefix, StringComparison.Ordinal)
         select new HttpApiRoute(method.Name, verbAndPath.Verb, verbAndPath.Path.Trim('/').Split('/'), binding.Body, method.InputType))
        .ToList();

    /// <summary>The path variables (field path → value) if the segments fit this route's template.</summary>
    public Dictionary<string, string>? Match(string verb, IReadOnlyList<string> segments)
    {
        if (!string.Equals(verb, Verb, StringComparison.OrdinalIgnoreCase) || segments.Count != Segments.Count)
        {
            return null;
        }
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < segments.Count; i++)
        {
            var template = Segments[i];
            if (template.StartsWith('{'))
            {
                variables[template.Trim('{', '}')] = segments[i];
            }
            else if (!string.Equals(template, segments[i], StringComparison.Ordinal))
            {
                return null;
            }
        }
        return variables;
    }

    private static (string Verb, string Path) VerbAndPath(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => ("GET", rule.Get),
        HttpRule.PatternOneofCase.Post => ("POST", rule.Post),
        HttpRule.PatternOneofCase.Put => ("PUT", rule.Put),
        HttpRule.PatternOneofCase.Delete => ("DELETE", rule.Delete),
        HttpRule.PatternOneofCase.Patch => ("PATCH", rule.Patch),
        _ => ("", ""),
    };
}
