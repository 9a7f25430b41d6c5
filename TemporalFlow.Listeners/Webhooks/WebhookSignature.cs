using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TemporalFlow.Listeners.Webhooks;

/// <summary>
/// HMAC-SHA256 request signatures, compared in constant time. Two forms:
/// <c>X-TemporalFlow-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC of "t.body"&gt;</c> (timestamped: replays outside the
/// tolerance are refused) and GitHub's <c>X-Hub-Signature-256: sha256=&lt;hex HMAC of body&gt;</c>.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-TemporalFlow-Signature";
    public const string HubHeader = "X-Hub-Signature-256";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(Mac(secret, Signed(timestamp, body)))}";

    /// <summary>Null when the request is authentic, else why not (without revealing anything secret).</summary>
    public static string? Verify(string secret, string? signature, string? hubSignature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!string.IsNullOrEmpty(signature))
        {
            var parts = signature.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
            if (!parts.TryGetValue("t", out var t) || !long.TryParse(t, CultureInfo.InvariantCulture, out var timestamp) || !parts.TryGetValue("v1", out var v1))
            {
                return $"the {Header} header must be t=<unix seconds>,v1=<hex>";
            }
            if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
            {
                return $"the signature's timestamp is more than {tolerance.TotalMinutes:F0} minutes from the server's clock";
            }
            return Matches(v1, Mac(secret, Signed(timestamp, body))) ? null : "the signature does not match the body";
        }
        if (!string.IsNullOrEmpty(hubSignature))
        {
            return hubSignature.StartsWith("sha256=", StringComparison.Ordinal) && Matches(hubSignature["sha256=".Length..], Mac(secret, body.ToArray()))
                ? null
                : "the signature does not match the body";
        }
        return $"a signature is required ({Header} or {HubHeader})";
    }

    private static byte[] Signed(long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(prefix.Length));
        return data;
    }

    private static byte[] Mac(string secret, byte[] data) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data);

    private static bool Matches(string hex, byte[] expected)
    {
        byte[] given;
        try
        {
            given = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
