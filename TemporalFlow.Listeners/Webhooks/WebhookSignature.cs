using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TemporalFlow.Listeners.Webhooks;

/// <summary>The signature forms a listener accepts (<c>WEBHOOK_SIGNATURE_SCHEMES</c>: <c>timestamped</c>, <c>hub</c>, or both).</summary>
[Flags]
public enum SignatureSchemes
{
    None = 0,
    Timestamped = 1,
    Hub = 2,
    Both = Timestamped | Hub,
}

/// <summary>
/// HMAC-SHA256 request signatures, compared in constant time. Two forms:
/// <c>X-TemporalFlow-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC of "t.body"&gt;</c> (timestamped: refused outside the
/// tolerance, and a replay inside it is recognised by its <see cref="SignatureCheck.ReplayKey"/>) and GitHub's
/// <c>X-Hub-Signature-256: sha256=&lt;hex HMAC of body&gt;</c>. Anything malformed is refused, never an error.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-TemporalFlow-Signature";
    public const string HubHeader = "X-Hub-Signature-256";
    public const string SchemesSetting = "WEBHOOK_SIGNATURE_SCHEMES";

    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body) =>
        $"t={timestamp.ToString(CultureInfo.InvariantCulture)},v1={Convert.ToHexStringLower(Mac(secret, Signed(timestamp, body)))}";

    /// <summary>The schemes a setting names (comma-separated <c>timestamped</c> and <c>hub</c>; empty: both), or null when it names something else.</summary>
    public static SignatureSchemes? ParseSchemes(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return SignatureSchemes.Both;
        }
        var schemes = SignatureSchemes.None;
        foreach (var name in setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            schemes |= name.ToLowerInvariant() switch
            {
                "timestamped" => SignatureSchemes.Timestamped,
                "hub" => SignatureSchemes.Hub,
                _ => (SignatureSchemes)(-1),
            };
        }
        return schemes is SignatureSchemes.None or < 0 ? null : schemes;
    }

    /// <summary>Whether the request is authentic (the problem says why not, without revealing anything secret).</summary>
    public static SignatureCheck Verify(string secret, string? signature, string? hubSignature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance,
        SignatureSchemes schemes = SignatureSchemes.Both)
    {
        if (!string.IsNullOrEmpty(signature) && schemes.HasFlag(SignatureSchemes.Timestamped))
        {
            if (ParseTimestamped(signature) is not var (timestamp, v1))
            {
                return SignatureCheck.Refused($"the {Header} header must be exactly t=<unix seconds>,v1=<hex>");
            }
            if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
            {
                return SignatureCheck.Refused($"the signature's timestamp is more than {tolerance.TotalMinutes:F0} minutes from the server's clock");
            }
            return Matches(v1, Mac(secret, Signed(timestamp, body)))
                ? new SignatureCheck(null, v1.ToLowerInvariant(), DateTimeOffset.FromUnixTimeSeconds(timestamp) + tolerance)
                : SignatureCheck.Refused("the signature does not match the body");
        }
        if (!string.IsNullOrEmpty(hubSignature) && schemes.HasFlag(SignatureSchemes.Hub))
        {
            return hubSignature.StartsWith("sha256=", StringComparison.Ordinal) && Matches(hubSignature["sha256=".Length..], Mac(secret, body.ToArray()))
                ? new SignatureCheck(null, null, null)
                : SignatureCheck.Refused("the signature does not match the body");
        }
        return SignatureCheck.Refused(schemes == SignatureSchemes.Timestamped
            ? $"a timestamped signature is required ({Header}; {SchemesSetting} accepts no other form)"
            : $"a signature is required ({Header} or {HubHeader})");
    }

    /// <summary><c>t=..,v1=..</c>, each once, nothing else, the timestamp a number; null for anything else.</summary>
    private static (long Timestamp, string V1)? ParseTimestamped(string header)
    {
        string? t = null, v1 = null;
        foreach (var part in header.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2)
            {
                return null;
            }
            switch (pair[0].Trim())
            {
                case "t" when t is null:
                    t = pair[1].Trim();
                    break;
                case "v1" when v1 is null:
                    v1 = pair[1].Trim();
                    break;
                default:
                    return null; // a repeated or unknown key
            }
        }
        return t is not null && v1 is { Length: > 0 } && long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            ? (timestamp, v1)
            : null;
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

/// <summary>
/// A signature's verdict: the problem when refused; for an authentic timestamped signature, the key that recognises a replay of
/// the same request (its MAC) and until when a replay could still pass the timestamp check.
/// </summary>
public sealed record SignatureCheck(string? Problem, string? ReplayKey, DateTimeOffset? ReplayableUntil)
{
    public static SignatureCheck Refused(string problem) => new(problem, null, null);
}
