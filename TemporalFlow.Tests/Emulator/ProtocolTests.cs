using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using TemporalFlow.Testing;
using TemporalFlow.Tests.Support;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using RpcException = Temporalio.Exceptions.RpcException;

namespace TemporalFlow.Tests.Emulator;

/// <summary>Namespaces, error statuses as the real server reports them, unsupported RPCs, malformed input, and the process mode.</summary>
public sealed class ProtocolTests(TemporalServerFixture server) : IClassFixture<TemporalServerFixture>
{
    private ITemporalClient Client => server.Environment.Client;

    private WorkflowService Service => Client.Connection.WorkflowService;

    [Fact]
    public async Task NamespacesCanBeRegisteredListedAndDescribed()
    {
        var name = $"ns-{Guid.NewGuid():N}";
        await Service.RegisterNamespaceAsync(new() { Namespace = name, WorkflowExecutionRetentionPeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromDays(3)) });
        var listed = await Service.ListNamespacesAsync(new());
        Assert.Contains(listed.Namespaces, n => n.NamespaceInfo.Name == name);
        Assert.Contains(listed.Namespaces, n => n.NamespaceInfo.Name == "default");
        var described = await Service.DescribeNamespaceAsync(new() { Namespace = name });
        Assert.Equal(TimeSpan.FromDays(3), described.Config.WorkflowExecutionRetentionTtl.ToTimeSpan());

        var again = await Assert.ThrowsAsync<RpcException>(() => Service.RegisterNamespaceAsync(new() { Namespace = name }));
        Assert.Equal(RpcException.StatusCode.AlreadyExists, again.Code);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Service.DescribeNamespaceAsync(new() { Namespace = "no-such-namespace" }));
        Assert.Equal(RpcException.StatusCode.NotFound, missing.Code);
    }

    [Fact]
    public async Task MalformedRequestsGetTheRealServersStatusAndAClearMessage()
    {
        var noId = await Assert.ThrowsAsync<RpcException>(() => Service.StartWorkflowExecutionAsync(new()
        {
            Namespace = "default",
            WorkflowType = new() { Name = "X" },
            TaskQueue = new() { Name = "q" },
        }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, noId.Code);
        Assert.Contains("WorkflowId", noId.Message, StringComparison.Ordinal);

        var unknownNamespace = await Assert.ThrowsAsync<RpcException>(() => Service.StartWorkflowExecutionAsync(new()
        {
            Namespace = "nowhere",
            WorkflowId = "a",
            WorkflowType = new() { Name = "X" },
            TaskQueue = new() { Name = "q" },
        }));
        Assert.Equal(RpcException.StatusCode.NotFound, unknownNamespace.Code);

        var unknownWorkflow = await Assert.ThrowsAsync<RpcException>(() => Client.GetWorkflowHandle("never-started").SignalAsync("x", []));
        Assert.Equal(RpcException.StatusCode.NotFound, unknownWorkflow.Code);

        var badToken = await Assert.ThrowsAsync<RpcException>(() => Service.RespondActivityTaskCompletedAsync(new()
        {
            Namespace = "default",
            TaskToken = Google.Protobuf.ByteString.CopyFromUtf8("not a token"),
        }));
        Assert.Equal(RpcException.StatusCode.InvalidArgument, badToken.Code);
    }

    [Fact]
    public async Task AnUnsupportedRpcAnswersUnimplementedNamingIt()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Service.CreateScheduleAsync(new() { Namespace = "default", ScheduleId = "s" }));
        Assert.Equal(RpcException.StatusCode.Unimplemented, error.Code);
        Assert.Contains("CreateSchedule", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GarbageBytesDoNotTakeTheServerDown()
    {
        var raw = Marshallers.Create<byte[]>(b => b, b => b);
        var method = new Method<byte[], byte[]>(MethodType.Unary, "temporal.api.workflowservice.v1.WorkflowService", "StartWorkflowExecution", raw, raw);
        using var channel = GrpcChannel.ForAddress($"http://{Client.Connection.Options.TargetHost}");
        var invoker = channel.CreateCallInvoker();
        foreach (var garbage in new[] { new byte[] { 0xff, 0xff, 0xff }, "{\"json\": true}"u8.ToArray(), new byte[100_000] })
        {
            var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () =>
                await invoker.AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)), garbage));
            Assert.NotEqual(StatusCode.OK, error.StatusCode);
        }
        Assert.NotNull(await Service.GetSystemInfoAsync(new GetSystemInfoRequest()));
    }

    [Fact]
    public async Task RunsAsAProcessWithTheDevServerFlags()
    {
        var port = FreePort();
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet",
            ["run", "--project", "TemporalFlow.Emulator", "--no-build", "-c", RepositoryPaths.Configuration, "--no-launch-profile", "--",
             "--ip", "127.0.0.1", "--port", $"{port}", "--namespace", "orders", "--log-level", "warn"])
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Contains("in-memory Temporal development server (not for production)", line, StringComparison.Ordinal);
            Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);

            var client = await TemporalClient.ConnectAsync(new($"127.0.0.1:{port}") { Namespace = "orders" });
            var described = await client.WorkflowService.DescribeNamespaceAsync(new() { Namespace = "orders" });
            Assert.Equal("orders", described.NamespaceInfo.Name);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
