using System.Net;
using System.Text;
using TemporalFlow.Tests.Listeners;
using TemporalFlow.Tests.Support;

namespace TemporalFlow.Tests.Security;

/// <summary>
/// Every inbound route is authenticated outside Development: the listener refuses to start without each route's secret,
/// naming the settings; Development keeps the product description's warning and says which routes are open.
/// </summary>
public sealed class InboundSecretsTests
{
    private const string Unreachable = "127.0.0.1:1";
    private const string Production = "environment=Production";

    [Fact]
    public async Task OutsideDevelopmentTheListenerDoesNotStartWithAnOpenRoute()
    {
        var none = await Assert.ThrowsAsync<InvalidOperationException>(() => WebhookListenerHost.StartAsync(Unreachable, settings: Production));
        var someGiven = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            WebhookListenerHost.StartAsync(Unreachable, TestSecrets.WebhookSecret, settings: [Production, $"EVENTGRID_KEY={TestSecrets.EventGridKey}"]));

        foreach (var (route, setting) in new[] { ("/webhook has", "WEBHOOK_SECRET"), ("/webhook/sharepoint", "SHAREPOINT_CLIENT_STATE"), ("/webhook/azure-eventgrid", "EVENTGRID_KEY") })
        {
            Assert.Contains(route, none.Message, StringComparison.Ordinal);
            Assert.Contains(setting, none.Message, StringComparison.Ordinal);
        }
        Assert.Contains("set SHAREPOINT_CLIENT_STATE (AppHost parameter sharepoint-client-state)", someGiven.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("WEBHOOK_SECRET", someGiven.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSecrets.WebhookSecret, someGiven.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestSecrets.EventGridKey, someGiven.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutsideDevelopmentWithEverySecretTheListenerStartsAndRefusesUnsignedEvents()
    {
        await using var listener = await WebhookListenerHost.StartAsync(Unreachable, TestSecrets.WebhookSecret, TestSecrets.SharePointClientState,
            settings: [Production, $"EVENTGRID_KEY={TestSecrets.EventGridKey}"]);

        using var unsigned = await listener.Http.PostAsync(new Uri("/webhook", UriKind.Relative),
            new StringContent("""{"eventType":"incident","message":"unsigned"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.DoesNotContain(listener.Logs.Lines, l => l.Contains("accept events from anyone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task InDevelopmentItStartsOpenWithTheProductDescriptionsWarningAndNamesEveryOpenRoute()
    {
        await using var listener = await WebhookListenerHost.StartAsync(Unreachable);

        Assert.Contains(listener.Logs.Lines, l => l.Contains("TemporalFlow.Listeners.Webhook: WEBHOOK_SECRET environment variable is not set", StringComparison.Ordinal));
        Assert.Contains(listener.Logs.Lines, l => l.Contains("TemporalFlow.Listeners.Webhook: Webhook listener will start without signature verification", StringComparison.Ordinal));
        Assert.Contains(listener.Logs.Lines, l => l.Contains("TemporalFlow.Listeners.Webhook: For production, set WEBHOOK_SECRET environment variable", StringComparison.Ordinal));
        var open = Assert.Single(listener.Logs.Lines, l => l.Contains("accept events from anyone", StringComparison.Ordinal));
        Assert.Contains("/webhook (WEBHOOK_SECRET), /webhook/sharepoint (SHAREPOINT_CLIENT_STATE), /webhook/azure-eventgrid (EVENTGRID_KEY)", open,
            StringComparison.Ordinal);
    }
}
