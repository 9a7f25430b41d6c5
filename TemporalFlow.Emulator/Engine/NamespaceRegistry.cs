using Google.Protobuf.WellKnownTypes;
using TemporalFlow.Emulator.Rpc;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.Namespace.V1;
using Temporalio.Api.Replication.V1;
using Temporalio.Api.WorkflowService.V1;

namespace TemporalFlow.Emulator.Engine;

/// <summary>The namespaces this server knows: <c>default</c>, the ones given on the command line, and registered ones.</summary>
internal sealed class NamespaceRegistry
{
    /// <summary>How long closed runs are kept where no retention was given: the dev server's default.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(1);

    private readonly Lock sync = new();
    private readonly Dictionary<string, DescribeNamespaceResponse> byName = new(StringComparer.Ordinal);

    public NamespaceRegistry(IEnumerable<string> namespaces)
    {
        foreach (var name in namespaces.Prepend("default").Distinct(StringComparer.Ordinal))
        {
            Add(name, "", DefaultRetention);
        }
    }

    public DescribeNamespaceResponse Describe(DescribeNamespaceRequest request)
    {
        lock (sync)
        {
            var match = string.IsNullOrEmpty(request.Id)
                ? byName.GetValueOrDefault(RpcErrors.Required(request.Namespace, "Namespace"))
                : byName.Values.FirstOrDefault(n => n.NamespaceInfo.Id == request.Id);
            return match?.Clone() ?? throw NotFound(request.Namespace.Length > 0 ? request.Namespace : request.Id);
        }
    }

    public ListNamespacesResponse List(ListNamespacesRequest request)
    {
        lock (sync)
        {
            var response = new ListNamespacesResponse();
            response.Namespaces.AddRange(byName.Values.OrderBy(n => n.NamespaceInfo.Name, StringComparer.Ordinal).Select(n => n.Clone()));
            return response;
        }
    }

    public RegisterNamespaceResponse Register(RegisterNamespaceRequest request)
    {
        var name = RpcErrors.Required(request.Namespace, "Namespace");
        lock (sync)
        {
            if (byName.ContainsKey(name))
            {
                throw RpcErrors.AlreadyExists($"Namespace {name} already exists.", new NamespaceAlreadyExistsFailure());
            }
            var retention = request.WorkflowExecutionRetentionPeriod?.ToTimeSpan() ?? DefaultRetention;
            Add(name, request.Description, retention);
        }
        return new RegisterNamespaceResponse();
    }

    /// <summary>The names of the namespaces known now.</summary>
    public IReadOnlyList<string> Names
    {
        get
        {
            lock (sync)
            {
                return [.. byName.Keys];
            }
        }
    }

    /// <summary>How long a closed run of the namespace is kept (its workflow execution retention).</summary>
    public TimeSpan RetentionOf(string name)
    {
        lock (sync)
        {
            return byName.TryGetValue(name, out var ns) ? ns.Config.WorkflowExecutionRetentionTtl.ToTimeSpan() : DefaultRetention;
        }
    }

    public bool Exists(string name)
    {
        lock (sync)
        {
            return byName.ContainsKey(name);
        }
    }

    /// <summary>Throws the real server's NotFound (with <see cref="NamespaceNotFoundFailure"/>) for an unknown namespace.</summary>
    public void EnsureExists(string name)
    {
        lock (sync)
        {
            if (!byName.ContainsKey(RpcErrors.Required(name, "Namespace")))
            {
                throw NotFound(name);
            }
        }
    }

    private void Add(string name, string description, TimeSpan retention) =>
        byName[name] = new DescribeNamespaceResponse
        {
            NamespaceInfo = new NamespaceInfo
            {
                Name = name,
                Id = Guid.NewGuid().ToString(),
                State = NamespaceState.Registered,
                Description = description,
                Capabilities = new NamespaceInfo.Types.Capabilities { EagerWorkflowStart = false, SyncUpdate = false, AsyncUpdate = false },
            },
            Config = new NamespaceConfig { WorkflowExecutionRetentionTtl = Duration.FromTimeSpan(retention) },
            ReplicationConfig = new NamespaceReplicationConfig { ActiveClusterName = "active" },
            IsGlobalNamespace = false,
        };

    private static Grpc.Core.RpcException NotFound(string name) =>
        RpcErrors.NotFound($"Namespace {name} is not found.", new NamespaceNotFoundFailure { Namespace = name });
}
