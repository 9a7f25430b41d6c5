namespace TemporalFlow.Listeners;

/// <summary>
/// A listener setting and the AppHost parameter it comes from. <paramref name="RequiredWhenPublished"/>: azd asks for it
/// (the listener refuses to start outside Development without it); otherwise passed only when the parameter is given.
/// </summary>
public sealed record ListenerSetting(string Variable, string Parameter, bool Secret = false, bool RequiredWhenPublished = false);

/// <summary>
/// One kind of listener, everything about it in one place. <see cref="Name"/> is what <c>--listener</c> takes, the AppHost
/// resource <c>NAME-listener</c> and its launch profile (its own port). Without <see cref="EnabledBy"/> (when set) it logs
/// <see cref="Unconfigured"/> (the first line as a warning) and exits 0; the AppHost adds it only when that setting has a
/// value. <see cref="Register"/> adds its services to a host that already has the service defaults, the Temporal client and
/// the delivery port; <see cref="Map"/> its endpoints.
/// </summary>
public sealed record ListenerDefinition(
    string Name,
    string? EnabledBy,
    IReadOnlyList<string> Unconfigured,
    IReadOnlyList<ListenerSetting> Settings,
    Action<WebApplicationBuilder> Register,
    Action<WebApplication>? Map = null)
{
    /// <summary>The AppHost resource that runs it.</summary>
    public string ResourceName => $"{Name}-listener";
}
