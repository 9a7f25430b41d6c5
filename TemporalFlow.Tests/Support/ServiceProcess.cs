using System.Collections.Concurrent;
using System.Diagnostics;
using TemporalFlow.Testing;

namespace TemporalFlow.Tests.Support;

/// <summary>A service as it is deployed: its built program (<c>PROJECT/bin/CONFIGURATION/net10.0/PROJECT.dll</c>) as a process of its own.</summary>
internal static class ServiceProcess
{
    /// <summary>
    /// Starts the project's program on a free loopback port with <paramref name="environment"/>; its output lines go to
    /// <paramref name="output"/> when given (they are read either way, so the process never blocks on a full pipe).
    /// </summary>
    public static Process Start(string project, IReadOnlyDictionary<string, string> environment, ConcurrentQueue<string>? output = null)
    {
        var dll = Path.Combine(RepositoryPaths.Root, project, "bin", RepositoryPaths.Configuration, "net10.0", $"{project}.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{project} did not start.");
        process.OutputDataReceived += (_, e) => output?.Enqueue(e.Data ?? "");
        process.ErrorDataReceived += (_, e) => output?.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
