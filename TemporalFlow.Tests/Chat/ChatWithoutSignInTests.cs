using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using TemporalFlow.Chat;

namespace TemporalFlow.Tests.Chat;

/// <summary>In Development without sign-in configured, the chat listens on loopback only, even when told to listen everywhere.</summary>
public sealed class ChatWithoutSignInTests
{
    [Theory]
    [InlineData("--urls=http://0.0.0.0:0")]
    [InlineData("--urls=http://*:0")]
    [InlineData("--HTTP_PORTS=0")]
    public async Task ItListensOnLoopbackOnly(string listen)
    {
        await using var app = ChatExtensions.BuildChatApp(["--environment=Development", listen, "--ConnectionStrings:temporalflow=Host=127.0.0.1;Port=1",
            "--TEMPORAL_ADDRESS=127.0.0.1:1"]);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        try
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            Assert.NotEmpty(addresses);
            Assert.All(addresses, a => Assert.True(IPAddress.IsLoopback(IPAddress.Parse(new Uri(a).Host.Trim('[', ']'))), a));
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
