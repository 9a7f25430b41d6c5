using TemporalFlow.Core.Events;

namespace TemporalFlow.Core.Tests;

/// <summary>What the text of a <c>documentUri</c> or <c>datasetUri</c> alone decides: the rules every listener applies at the door.</summary>
public sealed class ResourceUrisTests
{
    [Theory]
    [InlineData("s3://my-documents/uploads/report.pdf")]
    [InlineData("s3://my-documents/uploads/my%20report%282026%29.pdf")]
    [InlineData("s3://a.b-c/key")]
    [InlineData("https://account.blob.core.windows.net/docs/report.txt")]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/documents/a/page.html")]
    [InlineData("file:///srv/documents/report.txt")]
    [InlineData("file://localhost/srv/documents/report.txt")]
    [InlineData("file:///srv/documents/..report.txt")]
    public void OrdinaryUrisPass(string uri) => Assert.Null(ResourceUris.Problem(uri));

    [Theory]
    [InlineData("ftp://files.example/report.txt", "is not a resource URI")]
    [InlineData("relative/path.txt", "is not a resource URI")]
    [InlineData("s3://bucket", "is not a resource URI")] // no key
    [InlineData("file:///srv/documents/../../etc/passwd", "'.' or '..' path segments")]
    [InlineData("file:///srv/documents/%2e%2e/secret", "'.' or '..' path segments")]
    [InlineData("file:///srv/documents/%252e%252e/secret", "'.' or '..' path segments")]
    [InlineData("file:///srv/documents/%25252e%25252e/secret", "'.' or '..' path segments")]
    [InlineData("file:///srv/documents/%2525252525252e/secret", "more than three times over")]
    [InlineData("file:///srv/./documents/a.txt", "'.' or '..' path segments")]
    [InlineData("https://account.blob.core.windows.net/docs/../other/a.txt", "'.' or '..' path segments")]
    [InlineData("file:///srv/documents/a.txt%00.pdf", "control characters or backslashes")]
    [InlineData("file:///srv/documents/..%5csecret", "control characters or backslashes")]
    [InlineData("s3://user:secret@bucket/key", "credentials")]
    [InlineData("https://user:secret@account.blob.core.windows.net/docs/a.txt", "credentials")]
    [InlineData("file://fileserver/share/a.txt", "must not name a host")]
    [InlineData("file:///srv/documents/a.txt?x=1", "plain path")]
    [InlineData("file:///srv/documents%2fa.txt", "plain path")]
    [InlineData("s3://Documents/key", "not a valid S3 bucket name")]
    [InlineData("s3://ab/key", "not a valid S3 bucket name")]
    [InlineData("s3://10.0.0.1/key", "not a valid S3 bucket name")]
    [InlineData("s3://-bucket/key", "not a valid S3 bucket name")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "cloud metadata service")]
    [InlineData("http://2852039166/latest/meta-data/", "cloud metadata service")]
    [InlineData("http://0xa9fea9fe/latest/meta-data/", "cloud metadata service")]
    [InlineData("http://[::ffff:169.254.169.254]/", "cloud metadata service")]
    [InlineData("http://[fd00:ec2::254]/", "cloud metadata service")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", "cloud metadata service")]
    [InlineData("http://100.100.100.200/latest/meta-data/", "cloud metadata service")]
    [InlineData("http://169.254.170.2/v2/credentials", "link-local")]
    [InlineData("http://[fe80::1]/a", "link-local")]
    [InlineData("http://0.0.0.0/a", "link-local, unspecified")]
    [InlineData("http://224.0.0.1/a", "multicast")]
    public void HostileUrisAreRefusedWithTheReason(string uri, string reason) =>
        Assert.Contains(reason, ResourceUris.Problem(uri) ?? "passed", StringComparison.Ordinal);

    [Fact]
    public void ThePatchedParserRefusesBothFieldsInAnyEventAndTheOldOneOnlyParsesADocumentEventsUri()
    {
        var json = System.Text.Json.JsonSerializer.SerializeToElement(new { eventType = "data-processing", datasetUri = "file:///a/../b", documentUri = "s3://x/../y" });

        var now = EventParser.Parse(json, DateTimeOffset.UnixEpoch);
        var before = EventParser.Parse(json, DateTimeOffset.UnixEpoch, EventLimits.WithoutResourceUriRules);

        Assert.Equal(["datasetUri", "documentUri"], now.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.True(before.IsValid); // orchestrator runs recorded before the rules replay as they ran
    }
}
