using System.ComponentModel;
using System.Diagnostics;

namespace TemporalFlow.AppHost;

/// <summary>Answers what this machine can run: a container engine, or a program on PATH.</summary>
internal static class HostProbe
{
    private static readonly Lazy<bool> DockerEngine = new(ProbeDockerEngine);

    /// <summary>True only when a Docker engine answers; a <c>docker</c> client on PATH alone proves nothing.</summary>
    public static bool HasDockerEngine => DockerEngine.Value;

    public static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    private static bool ProbeDockerEngine()
    {
        try
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (docker is null)
            {
                return false;
            }
            if (!docker.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                docker.Kill(entireProcessTree: true);
                return false;
            }
            // A version string or nothing: it has exited, so the pipe holds all of it and reading cannot wait.
            return docker.ExitCode == 0 && !string.IsNullOrWhiteSpace(docker.StandardOutput.ReadToEnd());
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
