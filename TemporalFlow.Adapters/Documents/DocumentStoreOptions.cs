using Microsoft.Extensions.Configuration;

namespace TemporalFlow.Adapters.Documents;

/// <summary>
/// Where documents and datasets may be read from (section <c>DocumentStores</c>). Nothing is allowed by default: a
/// <c>file://</c> URI is refused until a root is configured, an <c>s3://</c> URI until its bucket is, a blob URL until its
/// container is. Each list is an array (<c>DocumentStores__File__Roots__0</c>) or one value separated by commas or semicolons.
/// </summary>
public sealed record DocumentStoreOptions(IReadOnlyList<string> FileRoots, IReadOnlyList<string> S3Buckets, IReadOnlyList<string> BlobContainers)
{
    public const string FileRootsKey = "DocumentStores:File:Roots";
    public const string S3BucketsKey = "DocumentStores:S3:Buckets";
    public const string BlobContainersKey = "DocumentStores:Blob:Containers";

    public static DocumentStoreOptions From(IConfiguration configuration) =>
        new(List(configuration, FileRootsKey), List(configuration, S3BucketsKey), List(configuration, BlobContainersKey));

    private static string[] List(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value ?? "");
        return [.. values.SelectMany(v => v.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)];
    }
}
