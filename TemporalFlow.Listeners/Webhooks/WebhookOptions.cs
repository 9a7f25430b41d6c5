namespace TemporalFlow.Listeners.Webhooks;

/// <summary>Webhook listener settings; the environment variable names are the product description's.</summary>
public sealed class WebhookOptions
{
    /// <summary><c>WEBHOOK_SECRET</c>: the HMAC key. Without it requests are accepted unsigned (with a warning at start).</summary>
    public string? Secret { get; set; }

    /// <summary><c>WEBHOOK_SIGNATURE_SCHEMES</c>: the signature forms accepted (<c>timestamped</c>, <c>hub</c>; default both).</summary>
    public SignatureSchemes SignatureSchemes { get; set; } = SignatureSchemes.Both;

    /// <summary>How far a signature's timestamp may be from now.</summary>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Bodies over this are refused with 413.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary><c>SHAREPOINT_CLIENT_STATE</c>: the secret SharePoint echoes in every notification of our subscriptions.</summary>
    public string? SharePointClientState { get; set; }

    /// <summary>
    /// <c>EVENTGRID_KEY</c>: when set, Event Grid deliveries (and handshakes) must carry it in the header
    /// <c>X-TemporalFlow-Key</c>, which the subscription sets as a secret delivery property; compared in constant time.
    /// (A header rather than Event Grid's older <c>?code=</c>: query strings end up in request logs.)
    /// </summary>
    public string? EventGridKey { get; set; }

    /// <summary>Seconds a caller is told to wait (Retry-After) when Temporal is unavailable.</summary>
    public int RetryAfterSeconds { get; set; } = 5;
}
