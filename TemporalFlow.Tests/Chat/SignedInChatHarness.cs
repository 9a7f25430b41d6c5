using TemporalFlow.Testing;

namespace TemporalFlow.Tests.Chat;

/// <summary>
/// The chat as deployed: Production, sign-in through a real OpenID Connect provider run locally (oidc-provider) with an
/// operator (<see cref="Operator"/>) and a viewer (<see cref="Viewer"/>); the rest as <see cref="ChatHarness"/>.
/// </summary>
public sealed class SignedInChatHarness : ChatHarness
{
    public const string Operator = "alice";
    public const string Viewer = "bob";
    private const string ClientId = "temporalflow-chat";
    private const string ClientSecret = Support.TestSecrets.OidcClientSecret;
    private readonly int port = LocalNodeServer.FreePort();
    private LocalNodeServer? provider;

    /// <summary>The provider's issuer.</summary>
    public string ProviderUrl => provider?.Url ?? throw new InvalidOperationException("Not started.");

    protected override Dictionary<string, string> Settings => new()
    {
        ["environment"] = "Production",
        ["urls"] = $"http://127.0.0.1:{port}",
        ["Chat:Auth:Authority"] = provider!.Url,
        ["Chat:Auth:ClientId"] = ClientId,
        ["Chat:Auth:ClientSecret"] = ClientSecret,
    };

    protected override async Task StartDependenciesAsync() =>
        provider = await LocalNodeServer.StartOidcProviderAsync(ClientId, ClientSecret, $"http://127.0.0.1:{port}/signin-oidc",
            new Dictionary<string, string[]> { [Operator] = ["operator"], [Viewer] = ["viewer"] });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (provider is not null)
        {
            await provider.DisposeAsync();
        }
    }
}
