using System.Globalization;

namespace TemporalFlow.Benchmarks.Load;

/// <summary>
/// Memory and CPU of each resource's processes (a script's server, the app <c>dotnet run</c> starts; not the launchers), sampled from
/// <c>/proc</c>. Memory is the sum of proportional set sizes (PSS), so what processes share (PostgreSQL's buffers) counts once.
/// </summary>
internal sealed class ProcessUsage(IReadOnlyDictionary<string, int> processes)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private readonly Dictionary<string, Usage> usage = processes.Keys.ToDictionary(k => k, _ => new Usage());

    public void Sample()
    {
        // One pass over /proc per sample: each process's parent and CPU time.
        var stats = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? (Pid: pid, Stat: Stat(pid)) : (Pid: 0, Stat: null))
            .Where(p => p.Stat is not null)
            .ToDictionary(p => p.Pid, p => p.Stat!.Value);
        var children = stats.ToLookup(p => p.Value.Parent, p => p.Key);
        foreach (var (name, pid) in processes)
        {
            var tree = Tree(pid, children).Where(p => !IsLauncher(p)).ToList();
            var bytes = tree.Sum(PssBytes);
            var ticks = tree.Sum(p => stats.TryGetValue(p, out var stat) ? stat.CpuTicks : 0);
            var entry = usage[name];
            entry.PeakBytes = Math.Max(entry.PeakBytes, bytes);
            entry.LastBytes = bytes;
            entry.FirstTicks ??= ticks;
            entry.LastTicks = ticks;
        }
    }

    /// <summary>Each resource: peak and last memory, and the CPU seconds it used between the first and the last sample.</summary>
    public IEnumerable<(string Name, long PeakBytes, long LastBytes, double CpuSeconds)> Report() =>
        usage.Select(u => (u.Key, u.Value.PeakBytes, u.Value.LastBytes, (u.Value.LastTicks - (u.Value.FirstTicks ?? 0)) / TicksPerSecond))
            .OrderByDescending(u => u.PeakBytes);

    /// <summary>What a process runs, shortened for a report line.</summary>
    public static string CommandLine(int pid)
    {
        var line = File.Exists($"/proc/{pid}/cmdline") ? File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim() : "(gone)";
        return line.Length > 100 ? $"{line[..97]}..." : line;
    }

    /// <summary><c>dotnet run</c> and a script's shell only start the process that does the work; they are not counted.</summary>
    private static bool IsLauncher(int pid)
    {
        var line = CommandLine(pid);
        return line.StartsWith("dotnet run ", StringComparison.Ordinal) || line.StartsWith("bash ", StringComparison.Ordinal);
    }

    private static IEnumerable<int> Tree(int pid, ILookup<int, int> children) =>
        children[pid].SelectMany(child => Tree(child, children)).Prepend(pid);

    private static (int Parent, long CpuTicks)? Stat(int pid)
    {
        try
        {
            // "pid (comm) state ppid ... utime stime ...": comm may hold spaces, so fields are counted after the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1], CultureInfo.InvariantCulture),
                long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // gone meanwhile
        }
    }

    private static long PssBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/smaps_rollup").FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private sealed class Usage
    {
        public long PeakBytes { get; set; }

        public long LastBytes { get; set; }

        public long? FirstTicks { get; set; }

        public long LastTicks { get; set; }
    }
}
