using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.StaticFiles;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Adapters.Documents;

/// <summary>
/// <c>file://</c> documents, only under the configured roots (<c>DocumentStores:File:Roots</c>; none by default). A path is
/// canonicalised with every symbolic link resolved and must then lie under a root; only regular files are served (no devices,
/// FIFOs, sockets, nor anything under /proc, /sys or /dev). The opened handle is checked to be the file that was allowed.
/// </summary>
public sealed class FileDocumentStore(IEnumerable<string> roots) : IDocumentStore
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private static readonly string[] PseudoFileSystems = ["/proc", "/sys", "/dev"];
    private readonly string[] roots = [.. roots];

    public bool CanHandle(Uri uri) => uri.IsFile;

    public string? Refusal(Uri uri) => Resolve(uri).Refusal;

    public Task<StoredDocument> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        var (path, refusal) = Resolve(uri);
        if (refusal is not null)
        {
            throw new DocumentRefusedException(uri, refusal);
        }
        if (path is null)
        {
            throw new DocumentNotFoundException(uri);
        }
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        if (LinuxFiles.PathOf(stream.SafeFileHandle) != path)
        {
            stream.Dispose(); // the path was swapped between the check and the open
            throw new DocumentRefusedException(uri, "the file changed while it was being opened");
        }
        var info = new FileInfo(path);
        return Task.FromResult(new StoredDocument(uri, stream, info.Length, ContentTypeOf(path),
            new Dictionary<string, string> { ["lastModified"] = info.LastWriteTimeUtc.ToString("O") }));
    }

    public async IAsyncEnumerable<Uri> ListAsync(Uri prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = prefix.LocalPath;
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(path) ?? path;
        if (!OperatingSystem.IsLinux() || !Directory.Exists(folder) || LinuxFiles.RealPath(folder) is not { } canonical
            || !CanonicalRoots().Any(root => Under(canonical, root)))
        {
            yield break;
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => f.StartsWith(path, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var uri = new Uri(file);
            if (Refusal(uri) is null)
            {
                yield return uri;
            }
        }
        await Task.CompletedTask;
    }

    internal static string ContentTypeOf(string name) =>
        ContentTypes.TryGetContentType(name, out var type) ? type : name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? "text/markdown" : "application/octet-stream";

    /// <summary>The canonical path when it may be served (null when it does not exist), or the refusal.</summary>
    private (string? Path, string? Refusal) Resolve(Uri uri)
    {
        if (!OperatingSystem.IsLinux())
        {
            return (null, "file:// documents are served on Linux only");
        }
        if (roots.Length == 0)
        {
            return (null, $"no file roots are configured ({DocumentStoreOptions.FileRootsKey}): file:// documents are refused");
        }
        var canonicalRoots = CanonicalRoots();
        var given = Path.GetFullPath(uri.LocalPath);
        if (!roots.Any(r => Under(given, Path.GetFullPath(r))) && !canonicalRoots.Any(r => Under(given, r)))
        {
            return (null, $"the path is outside the configured file roots ({DocumentStoreOptions.FileRootsKey})");
        }
        if (LinuxFiles.RealPath(given) is not { } path)
        {
            return (null, null);
        }
        if (!canonicalRoots.Any(r => Under(path, r)))
        {
            return (null, $"the path resolves (through a symbolic link) outside the configured file roots ({DocumentStoreOptions.FileRootsKey})");
        }
        if (PseudoFileSystems.Any(p => Under(path, p)))
        {
            return (null, "files under /proc, /sys and /dev are never served");
        }
        return LinuxFiles.KindOf(path) switch
        {
            LinuxFiles.Kind.Regular => (path, null),
            LinuxFiles.Kind.Missing => (null, null),
            _ => (null, "not a regular file (a directory, device, FIFO or socket)"),
        };
    }

    /// <summary>The roots as they are now, links resolved (a root may be created, or re-pointed, after start); missing ones left out.</summary>
    private List<string> CanonicalRoots() => [.. roots.Select(LinuxFiles.RealPath).OfType<string>()];

    private static bool Under(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);
}
