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
    /// False for a literal (no reference at all: the secret would be in the manifest) and for any path to a parameter that is not
    /// secret; references to hosts and ports are fine (a JDBC URL names the server, not the password).
    /// </summary>
    private static bool CarriesOnlySecrets(JsonElement resources, string expression, int depth)
    {
        var references = Reference().Matches(expression).Select(m => (Name: m.Groups[1].Value, Property: m.Groups[2].Value)).ToList();
        return references.Count > 0 && references.All(r => IsSafe(resources, r.Name, r.Property, depth));
    }

    private static bool IsSafe(JsonElement resources, string name, string property, int depth)
    {
        if (!resources.TryGetProperty(name, out var target))
        {
            return false;
        }
        var type = target.GetProperty("type").GetString();
        if (type == "parameter.v0")
        {
            return IsSecretParameter(target);
        }
        var inner = property == "connectionString" && target.TryGetProperty("connectionString", out var cs) ? cs.GetString()
            : type is "value.v0" or "annotated.string" && target.TryGetProperty("value", out var v) ? v.GetString()
            : null;
        return inner is null || depth < 4 && (!Reference().IsMatch(inner) || CarriesOnlySecrets(resources, inner, depth + 1));
    }

    private static bool IsSecretParameter(JsonElement parameter) =>
        parameter.TryGetProperty("inputs", out var inputs) && inputs.TryGetProperty("value", out var input)
        && input.TryGetProperty("secret", out var secret) && secret.GetBoolean();

    [GeneratedRegex(@"(?i)(secret|password|api[_-]?key|access[_-]?key|connection[_-]?string|client[_-]?state|eventgrid[_-]?key|webhook[_-]?url)")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"\{([A-Za-z0-9-]+)\.([A-Za-z]+)(?:\.[A-Za-z0-9.]+)?\}")]
    private static partial Regex Reference();
}
