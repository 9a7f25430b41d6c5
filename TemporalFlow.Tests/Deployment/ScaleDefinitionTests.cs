using TemporalFlow.Core;
using TemporalFlow.Listeners;
using TemporalFlow.Testing;
using YamlDotNet.RepresentationModel;

namespace TemporalFlow.Tests.Deployment;

/// <summary>
/// The shipped scale definitions name what the code runs: every worker's task queues (KEDA's <c>temporal</c> scaler,
/// https://keda.sh/docs/latest/scalers/temporal/), the listeners' queues and secrets, and nothing ACA refuses today.
/// </summary>
public sealed class ScaleDefinitionTests
{
    /// <summary>Which task queues each worker process polls (its AddHostedTemporalWorker calls).</summary>
    private static readonly Dictionary<string, string[]> WorkerQueues = new()
    {
        ["orchestrator"] = [TaskQueues.RootOrchestrator],
        ["incident-worker"] = [TaskQueues.Incident],
        ["document-worker"] = [TaskQueues.DocumentProcessing, TaskQueues.DataProcessing],
    };

    [Fact]
    public void KedaScalesEachWorkerOnItsTaskQueuesAndEachListenerOnWhatItReceives()
    {
        var documents = Load("deploy/kubernetes/keda-scaledobjects.yaml");
        var scaled = documents.Where(d => Text(d, "kind") == "ScaledObject").ToDictionary(d => Text(Map(d, "metadata"), "name")!);
        Assert.Contains(documents, d => Text(d, "kind") == "TriggerAuthentication" && Text(Map(d, "metadata"), "name") == "temporal-api-key"
            && Seq(Map(d, "spec"), "secretTargetRef").Any(t => Text(t, "parameter") == "apiKey"));

        Assert.Equal(WorkerQueues.Keys.Concat(ListenerRegistry.All.Select(l => l.ResourceName)).Order(), scaled.Keys.Order());
        foreach (var (name, scaledObject) in scaled)
        {
            Assert.Equal(name, Text(Map(Map(scaledObject, "spec"), "scaleTargetRef"), "name"));
        }
        foreach (var (worker, queues) in WorkerQueues)
        {
            var triggers = Seq(Map(scaled[worker], "spec"), "triggers").ToList();
            Assert.All(triggers, t => Assert.Equal(("temporal", "TEMPORAL_ADDRESS", "temporal-api-key"),
                (Text(t, "type"), Text(Map(t, "metadata"), "endpointFromEnv"), Text(Map(t, "authenticationRef"), "name"))));
            Assert.Equal(queues.Order(), triggers.Select(t => Text(Map(t, "metadata"), "taskQueue")).Order());
        }
        Assert.Equal(("aws-sqs-queue", ListenerRegistry.S3.EnabledBy), Trigger(scaled["s3-listener"], "queueURLFromEnv"));
        Assert.Equal(("azure-servicebus", ListenerRegistry.Azure.EnabledBy), Trigger(scaled["azure-listener"], "connectionFromEnv"));
        Assert.Equal("cpu", Text(Seq(Map(scaled["webhook-listener"], "spec"), "triggers").Single(), "type"));
    }

    [Fact]
    public void ContainerAppsRulesAreOnesAcaAcceptsAndTheTemporalRulesCoverEveryWorkerQueue()
    {
        var rules = (YamlMappingNode)Load("deploy/azure-container-apps/scale-rules.yaml").Single();
        var apps = rules.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => (YamlMappingNode)c.Value);
        Assert.Equal(WorkerQueues.Keys.Concat(ListenerRegistry.All.Select(l => l.ResourceName)).Order(), apps.Keys.Order());

        // ACA refuses the temporal type today (microsoft/azure-container-apps#1588): the workers fall back to CPU.
        foreach (var worker in WorkerQueues.Keys)
        {
            Assert.Equal("cpu", Text(Map(Seq(apps[worker], "rules").Single(), "custom"), "type"));
            Assert.True(int.Parse(Text(apps[worker], "minReplicas")!, System.Globalization.CultureInfo.InvariantCulture) >= 1, "a CPU rule cannot scale from zero");
        }
        Assert.NotNull(Map(Seq(apps["webhook-listener"], "rules").Single(), "http"));
        AssertSecretsOf(apps["s3-listener"], "aws-sqs-queue", ListenerRegistry.S3, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        AssertSecretsOf(apps["azure-listener"], "azure-servicebus", ListenerRegistry.Azure, "AZURE_SERVICEBUS_CONNECTION_STRING");

        var temporal = (YamlMappingNode)Load("deploy/azure-container-apps/temporal-scale-rules.yaml").Single();
        foreach (var (worker, queues) in WorkerQueues)
        {
            var workerRules = ((YamlSequenceNode)temporal.Children[new YamlScalarNode(worker)]).Children.Select(r => Map(r, "custom")).ToList();
            Assert.All(workerRules, r => Assert.Equal("temporal", Text(r, "type")));
            Assert.Equal(queues.Order(), workerRules.Select(r => Text(Map(r, "metadata"), "taskQueue")).Order());
        }
    }

    /// <summary>A listener's rule reads its secrets from the container app's secrets, named as azd names the variables' secrets.</summary>
    private static void AssertSecretsOf(YamlMappingNode app, string type, ListenerDefinition listener, params string[] variables)
    {
        var custom = Map(Seq(app, "rules").Single(), "custom");
        Assert.Equal(type, Text(custom, "type"));
        var secretRefs = Seq(custom, "auth").Select(a => Text(a, "secretRef")).Order().ToList();
        Assert.Equal(variables.Select(v => v.ToLowerInvariant().Replace('_', '-')).Order(), secretRefs);
        Assert.All(variables, v => Assert.True(listener.Settings.Single(s => s.Variable == v).Secret, $"{v} is a secret setting"));
    }

    private static (string?, string?) Trigger(YamlNode scaledObject, string fromEnv)
    {
        var trigger = Seq(Map(scaledObject, "spec"), "triggers").Single();
        return (Text(trigger, "type"), Text(Map(trigger, "metadata"), fromEnv));
    }

    private static List<YamlNode> Load(string relativePath)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepositoryPaths.Root, relativePath));
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).ToList();
    }

    private static YamlNode Map(YamlNode node, string key) => ((YamlMappingNode)node).Children[new YamlScalarNode(key)];

    private static IEnumerable<YamlNode> Seq(YamlNode node, string key) => ((YamlSequenceNode)Map(node, key)).Children;

    private static string? Text(YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;
}
