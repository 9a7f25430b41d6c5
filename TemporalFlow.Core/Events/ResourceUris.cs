using System.Net;
using System.Net.Sockets;

namespace TemporalFlow.Core.Events;

/// <summary>
/// The rules a URI that names a resource (<c>documentUri</c>, <c>datasetUri</c>) must meet before anything looks at it,
/// decided from the text alone: a known scheme, no traversal (plain or percent-encoded), no credentials, no control
/// characters, no link-local or cloud metadata address, a valid bucket name. Where the resource may then be read from
/// (the file roots, buckets and containers) is the document stores' allow-list. Pure, so workflows may call it.
/// </summary>
public static class ResourceUris
{
    /// <summary>The fields that name a resource.</summary>
    public static readonly string[] Fields = [EventFields.DocumentUri, EventFields.DatasetUri];

    // Instance metadata services (AWS, Azure, GCP, Alibaba, Oracle) and their well-known names.
    private static readonly string[] MetadataHosts = ["metadata.google.internal", "metadata", "instance-data", "metadata.azure.internal"];
    private static readonly IPAddress[] MetadataAddresses =
        [IPAddress.Parse("169.254.169.254"), IPAddress.Parse("fd00:ec2::254"), IPAddress.Parse("100.100.100.200"), IPAddress.Parse("192.0.0.192")];

    /// <summary>Null when the text is an acceptable resource URI, else why not (for a 400 or a dead letter).</summary>
    public static string? Problem(string? text)
    {
        if (!DocumentUris.TryParse(text, out var uri))
        {
            return "is not a resource URI (s3://bucket/key, https://account.blob.core.windows.net/container/blob, file:///path)";
        }
        if (PathProblem(text!) is { } pathProblem)
        {
            return pathProblem;
        }
        if (uri.UserInfo.Length > 0)
        {
            return "must not carry credentials (user:password@)";
        }
        return uri.Scheme switch
        {
            "file" => FileProblem(uri, text!),
            "s3" => BucketProblem(Authority(text!)),
            _ => HostProblem(uri),
        };
    }

    private static string? FileProblem(Uri uri, string text)
    {
        if (uri.Host.Length > 0 && !uri.IsLoopback)
        {
            return "a file:// URI must not name a host (file:///path)";
        }
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || text.Contains("%2f", StringComparison.OrdinalIgnoreCase))
        {
            return "a file:// URI must be a plain path (no query, fragment or encoded '/')";
        }
        return null;
    }

    /// <summary>S3's bucket naming rules: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, not an IP address.</summary>
    private static string? BucketProblem(string bucket)
    {
        var valid = bucket.Length is >= 3 and <= 63
            && bucket.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-')
            && char.IsAsciiLetterOrDigit(bucket[0]) && char.IsAsciiLetterOrDigit(bucket[^1])
            && !bucket.Contains("..", StringComparison.Ordinal)
            && !IPAddress.TryParse(bucket, out _);
        return valid ? null : $"'{bucket}' is not a valid S3 bucket name";
    }

    private static string? HostProblem(Uri uri)
    {
        if (MetadataHosts.Contains(uri.IdnHost.TrimEnd('.'), StringComparer.OrdinalIgnoreCase))
        {
            return "must not point at a cloud metadata service";
        }
        if (uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6) || !IPAddress.TryParse(uri.IdnHost, out var address))
        {
            return null;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (MetadataAddresses.Contains(address))
        {
            return "must not point at a cloud metadata service";
        }
        return IsLinkLocal(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || IsMulticastOrBroadcast(address)
            ? "must not point at a link-local, unspecified, multicast or broadcast address"
            : null;
    }

    private static bool IsLinkLocal(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork
        ? address.GetAddressBytes() is [169, 254, ..]
        : address.IsIPv6LinkLocal || address.IsIPv6SiteLocal;

    private static bool IsMulticastOrBroadcast(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork
        ? address.GetAddressBytes()[0] >= 224
        : address.IsIPv6Multicast;

    /// <summary>
    /// A '.' or '..' segment, a backslash or a control character, in the text as given or after up to three rounds of
    /// percent-decoding (what a server or file system may decode again).
    /// </summary>
    private static string? PathProblem(string text)
    {
        var rest = text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..];
        for (var round = 0; round < 4; round++)
        {
            if (rest.Any(c => char.IsControl(c) || c == '\\'))
            {
                return "must not contain control characters or backslashes (plain or percent-encoded)";
            }
            var cut = rest.IndexOfAny(['?', '#']);
            if ((cut >= 0 ? rest[..cut] : rest).Split('/').Any(s => s is "." or ".."))
            {
                return "must not contain '.' or '..' path segments (plain or percent-encoded)";
            }
            var decoded = Uri.UnescapeDataString(rest);
            if (decoded == rest)
            {
                return null;
            }
            rest = decoded;
        }
        return "is percent-encoded more than three times over";
    }

    /// <summary>The authority as written (System.Uri lowercases hosts; an S3 bucket's name must already be lowercase).</summary>
    private static string Authority(string text)
    {
        var rest = text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        return end >= 0 ? rest[..end] : rest;
    }
}
