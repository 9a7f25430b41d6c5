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
        StartAsync(port => ["fauxqs-server.mjs", $"{port}"]);

    /// <summary>Azurite's Blob service, in memory; the development account <c>devstoreaccount1</c> (<see cref="AzuriteConnectionString"/>).</summary>
    public static Task<LocalNodeServer> StartAzuriteBlobAsync() =>
        StartAsync(port => ["node_modules/azurite/dist/src/blob/main.js", "--blobHost", "127.0.0.1", "--blobPort", $"{port}",
            "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--silent"]);

    /// <summary>
    /// A real OpenID Connect provider (oidc-provider) with one confidential client and the given users (name → roles), whose
    /// development login page accepts any password for them. Its issuer is <see cref="Url"/>.
    /// </summary>
    public static Task<LocalNodeServer> StartOidcProviderAsync(string clientId, string clientSecret, string redirectUri, IReadOnlyDictionary<string, string[]> users) =>
        StartAsync(port => ["oidc-server.mjs", $"{port}"], new()
        {
            ["OIDC_CLIENT_ID"] = clientId,
            ["OIDC_CLIENT_SECRET"] = clientSecret,
            ["OIDC_REDIRECT_URIS"] = redirectUri,
            ["OIDC_USERS"] = string.Join(';', users.Select(u => $"{u.Key}={string.Join('+', u.Value)}")),
        });

    /// <summary>Azurite's published development account and key (not a secret).</summary>
    public string AzuriteConnectionString => AzuriteConnectionStringFor($"http://127.0.0.1:{Port}");

    /// <summary>The development account on an Azurite Blob endpoint (use an IP host: the Blob SDK reads the account from the path only then).</summary>
    public static string AzuriteConnectionStringFor(string blobEndpoint) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        $"BlobEndpoint={blobEndpoint}/devstoreaccount1;";

    private static async Task<LocalNodeServer> StartAsync(Func<int, string[]> arguments, Dictionary<string, string>? environment = null)
    {
        var folder = Path.Combine(RepositoryPaths.Root, "eng", "local-servers");
        if (!Directory.Exists(Path.Combine(folder, "node_modules")))
        {
            throw new InvalidOperationException($"The local servers are not installed: run ./eng/test.sh (or npm ci --prefix {folder}).");
        }
        var port = FreePort();
        var start = new ProcessStartInfo("node", arguments(port)) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start)!;
        var server = new LocalNodeServer(process, port);
        _ = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        // Ready when the port accepts connections.
        for (var i = 0; i < 600 && !process.HasExited; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        await server.DisposeAsync();
        throw new InvalidOperationException($"node {string.Join(' ', arguments(port))} did not start: {(errors.IsCompleted ? await errors : "no answer in 60 s")}");
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

    /// <summary>
    /// A loopback port free right now, for a server that must be named before it starts. Chosen below Linux's ephemeral range
    /// (32768 and up), so that the servers and clients other tests open meanwhile on port 0 cannot take it before it is bound.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(21000, 32000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // taken: try another
            }
        }
        throw new InvalidOperationException("No free loopback port between 21000 and 32000: something holds hundreds of them.");
    }
}
