using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace TemporalFlow.Testing;

/// <summary>
/// A real, throwaway PostgreSQL server: the same script the AppHost's executable mode runs
/// (Debian's server binaries, a temporary cluster deleted on dispose).
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private Process? process;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task StartAsync()
    {
        var port = FreePort();
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
        var script = Path.Combine(RepositoryPaths.Root, "TemporalFlow.AppHost", "scripts", "postgres-dev.sh");
        var start = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PGPORT"] = $"{port}";
        start.Environment["POSTGRES_PASSWORD"] = password;
        start.Environment["POSTGRES_DB"] = "temporalflow";
        process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginErrorReadLine();

        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Password={password};Database=temporalflow;Include Error Detail=true";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            string? line;
            try
            {
                line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"PostgreSQL did not start within 60 s: {output}");
            }
            if (line is null)
            {
                throw new InvalidOperationException($"PostgreSQL failed to start: {output}");
            }
            if (line.Contains("accepting connections", StringComparison.Ordinal))
            {
                break;
            }
        }
        _ = process.StandardOutput.ReadToEndAsync();
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>Stops the server, keeping its data (fault injection): connections are refused until <see cref="ResumeAsync"/>.</summary>
    public async Task StopServerAsync()
    {
        Signal("USR1");
        for (var i = 0; i < 100 && await AcceptsAsync(); i++)
        {
            await Task.Delay(100);
        }
    }

    /// <summary>Starts the stopped server again and waits until it answers.</summary>
    public async Task ResumeAsync()
    {
        Signal("USR2");
        for (var i = 0; i < 300 && !await AcceptsAsync(); i++)
        {
            await Task.Delay(100);
        }
    }

    private void Signal(string signal) => Process.Start("kill", [$"-{signal}", $"{process!.Id}"])!.WaitForExit();

    private async Task<bool> AcceptsAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false;Timeout=2");
            await connection.OpenAsync();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return false;
        }
    }

    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (DataSource is not null)
        {
            await DataSource.DisposeAsync();
        }
        if (process is { HasExited: false })
        {
            // SIGTERM lets the script stop PostgreSQL and delete the cluster.
            Process.Start("kill", ["-TERM", $"{process.Id}"])?.WaitForExit();
            if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
