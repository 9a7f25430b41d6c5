using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TemporalFlow.Testing;

/// <summary>
/// A Node.js stand-in for a cloud service, from <c>eng/local-servers</c> (installed by the test command), on a free
/// loopback port; stopped on dispose. fauxqs serves S3 and SQS on one port.
/// </summary>
public sealed class LocalNodeServer : IAsyncDisposable
{
    private readonly Process process;

    private LocalNodeServer(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public static Task<LocalNodeServer> StartFauxqsAsync() =>
        StartAsync(port => ["fauxqs-server.mjs", $"{port}"], "fauxqs listening");

    private static async Task<LocalNodeServer> StartAsync(Func<int, string[]> arguments, string readyLine)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "eng", "local-servers");
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            throw new InvalidOperationException($"The local servers are not installed: run ./eng/test.sh (or npm ci --prefix {folder}).");
        }
        var port = FreePort();
        var process = Process.Start(new ProcessStartInfo("node", arguments(port))
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true,
        })!;
        var server = new LocalNodeServer(process, port);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.Contains(readyLine, StringComparison.Ordinal))
                {
                    _ = process.StandardOutput.ReadToEndAsync();
                    _ = process.StandardError.ReadToEndAsync();
                    return server;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        await server.DisposeAsync();
        throw new InvalidOperationException($"node {string.Join(' ', arguments(port))} did not start: {await process.StandardError.ReadToEndAsync()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
