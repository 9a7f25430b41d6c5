namespace TemporalFlow.Tests.Support;

/// <summary>Every secret the tests configure, in one place, so one test can look for all of them in everything the suite logged.</summary>
public static class TestSecrets
{
    public const string WebhookSecret = "test-secret-value";
    public const string SecurityWebhookSecret = "whsec-3b9f0c7e5d1a";
    public const string SharePointClientState = "spcs-77aa10c4e2";
    public const string EventGridKey = "egk-5c2e9b81f0d3";
    public const string ChatApiKey = "sk-loopback-secret-7f3a9c";
    public const string OidcClientSecret = "oidc-client-secret-7d1e";
    public const string DatabaseRolePassword = "pw-role-secret-41c9e2";
    public const string TemporalApiKey = "tmprl-api-key-5e8d20c1";
    public const string WrongTemporalApiKey = "tmprl-wrong-key-a94f17";

    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(WebhookSecret)] = WebhookSecret,
        [nameof(SecurityWebhookSecret)] = SecurityWebhookSecret,
        [nameof(SharePointClientState)] = SharePointClientState,
        [nameof(EventGridKey)] = EventGridKey,
        [nameof(ChatApiKey)] = ChatApiKey,
        [nameof(OidcClientSecret)] = OidcClientSecret,
        [nameof(DatabaseRolePassword)] = DatabaseRolePassword,
        [nameof(TemporalApiKey)] = TemporalApiKey,
        [nameof(WrongTemporalApiKey)] = WrongTemporalApiKey,
    };
}
