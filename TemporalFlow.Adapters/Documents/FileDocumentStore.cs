using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.StaticFiles;
using TemporalFlow.Core.Ports;

namespace TemporalFlow.Adapters.Documents;

/// <summary><c>file://</c> documents: the default store, which works with nothing installed.</summary>
public sealed class FileDocumentStore : IDocumentStore
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public bool CanHandle(Uri uri) => uri.IsFile;

    public Task<StoredDocument> GetAsync(Uri uri, CancellationToken cancellationToken)
    {
        var path = uri.LocalPath;
        if (!File.Exists(path))
        {
            throw new DocumentNotFoundException(uri);
        }
        var info = new FileInfo(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return Task.FromResult(new StoredDocument(uri, stream, info.Length, ContentTypeOf(path),
            new Dictionary<string, string> { ["lastModified"] = info.LastWriteTimeUtc.ToString("O") }));
    }

    public async IAsyncEnumerable<Uri> ListAsync(Uri prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = prefix.LocalPath;
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(path) ?? path;
        if (!Directory.Exists(folder))
        {
            yield break;
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => f.StartsWith(path, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new Uri(file);
        }
        await Task.CompletedTask;
    }

    internal static string ContentTypeOf(string name) =>
        ContentTypes.TryGetContentType(name, out var type) ? type : name.EndsWith(".md", StringComparison.OrdinalIgnoreCase) ? "text/markdown" : "application/octet-stream";
}
