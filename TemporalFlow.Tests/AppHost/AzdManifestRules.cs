using System.Text.Json;
using System.Text.RegularExpressions;

namespace TemporalFlow.Tests.AppHost;

/// <summary>
/// What azd accepts in an Aspire manifest (Azure/azure-dev, <c>cli/azd/pkg/apphost</c>): the resource types it can deploy, at most
/// one group of external bindings per resource and only HTTP ones, and, our own rule, no secret handed over as plain text.
/// </summary>
internal static partial class AzdManifestRules
{
    private static readonly HashSet<string> Accepted =
        ["project.v0", "project.v1", "container.v0", "container.v1", "dockerfile.v0", "parameter.v0", "value.v0", "annotated.string", "azure.bicep.v0", "azure.bicep.v1"];

    /// <summary>Every rule the manifest breaks, one line each naming the resource; empty when azd would take it.</summary>
    public static IReadOnlyList<string> Violations(JsonElement manifest)
    {
        var resources = manifest.GetProperty("resources");
        var problems = new List<string>();
        foreach (var resource in resources.EnumerateObject())
        {
            var type = resource.Value.GetProperty("type").GetString() ?? "";
            if (!Accepted.Contains(type) && !type.StartsWith("dapr.", StringComparison.Ordinal))
            {
                problems.Add($"{resource.Name}: azd does not deploy resources of type {type}");
            }
            problems.AddRange(ExternalBindingProblems(resource));
            problems.AddRange(PlainSecrets(resources, resource));
        }
        return problems;
    }

    private static IEnumerable<string> ExternalBindingProblems(JsonProperty resource)
    {
        if (!resource.Value.TryGetProperty("bindings", out var bindings))
        {
            yield break;
        }
        var external = bindings.EnumerateObject().Where(b => b.Value.TryGetProperty("external", out var e) && e.GetBoolean()).ToList();
        // azd makes one ingress per target port; a project's http and https bindings share the default one.
        var groups = external.Select(b => b.Value.TryGetProperty("targetPort", out var port) ? port.GetRawText() : "default").Distinct().Count();
        if (groups > 1)
        {
            yield return $"{resource.Name}: {groups} groups of external bindings (azd takes at most one)";
        }
        foreach (var binding in external.Where(b => b.Value.GetProperty("scheme").GetString() is not ("http" or "https")))
        {
            yield return $"{resource.Name}: the external binding {binding.Name} is {binding.Value.GetProperty("scheme").GetString()}, not HTTP";
        }
    }

    /// <summary>A variable that carries a secret must take it from secret parameters; a parameter named as a secret must be one.</summary>
    private static IEnumerable<string> PlainSecrets(JsonElement resources, JsonProperty resource)
    {
        if (resource.Value.GetProperty("type").GetString() == "parameter.v0" && SecretName().IsMatch(resource.Name) && !IsSecretParameter(resource.Value))
        {
            yield return $"{resource.Name}: a secret parameter not marked secret";
        }
        if (!resource.Value.TryGetProperty("env", out var env))
        {
            yield break;
        }
        foreach (var variable in env.EnumerateObject().Where(v => SecretName().IsMatch(v.Name)))
        {
            var value = variable.Value.GetString() ?? "";
            if (!CarriesOnlySecrets(resources, value, depth: 0))
            {
                yield return $"{resource.Name}: {variable.Name} is not taken from secret parameters ({value})";
            }
        }
    }

    /// <summary>
    /// False for a literal (no reference at all: the secret would be in the manifest) and for an expression whose parameters are
    /// all plain (the secret would sit in a parameter azd stores in the clear). A connection string that takes its host from a
    /// plain parameter and its password from a secret one is fine, and so is a JDBC URL that names only the server.
    /// </summary>
    private static bool CarriesOnlySecrets(JsonElement resources, string expression, int depth)
    {
        var parameters = new List<JsonElement>();
        return Reference().IsMatch(expression) && CollectParameters(resources, expression, parameters, depth)
            && (parameters.Count == 0 || parameters.Any(IsSecretParameter));
    }

    /// <summary>The parameters an expression reaches, through values and connection strings; false if it names something missing.</summary>
    private static bool CollectParameters(JsonElement resources, string expression, List<JsonElement> parameters, int depth)
    {
        foreach (Match reference in Reference().Matches(expression))
        {
            if (!resources.TryGetProperty(reference.Groups[1].Value, out var target))
            {
                return false;
            }
            var type = target.GetProperty("type").GetString();
            if (type == "parameter.v0")
            {
                parameters.Add(target);
                continue;
            }
            var inner = reference.Groups[2].Value == "connectionString" && target.TryGetProperty("connectionString", out var cs) ? cs.GetString()
                : type is "value.v0" or "annotated.string" && target.TryGetProperty("value", out var v) ? v.GetString()
                : null;
            if (inner is not null && (depth >= 4 || !CollectParameters(resources, inner, parameters, depth + 1)))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsSecretParameter(JsonElement parameter) =>
        parameter.TryGetProperty("inputs", out var inputs) && inputs.TryGetProperty("value", out var input)
        && input.TryGetProperty("secret", out var secret) && secret.GetBoolean();

    [GeneratedRegex(@"(?i)(secret|password|api[_-]?key|access[_-]?key|connection[_-]?string|client[_-]?state|eventgrid[_-]?key|webhook[_-]?url)")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"\{([A-Za-z0-9-]+)\.([A-Za-z]+)(?:\.[A-Za-z0-9.]+)?\}")]
    private static partial Regex Reference();
}
