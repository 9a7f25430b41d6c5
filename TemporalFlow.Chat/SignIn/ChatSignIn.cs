using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace TemporalFlow.Chat.SignIn;

/// <summary>
/// Sign-in for the chat (section <c>Chat:Auth</c>): OpenID Connect against Entra ID or any provider (authority, client id and
/// secret). A viewer may ask; an operator may also confirm actions. Outside Development the chat does not start without it;
/// in Development without it, the chat runs without sign-in, listens on loopback only, and the page says so.
/// </summary>
public sealed class ChatAuthSettings
{
    public const string SectionName = "Chat:Auth";

    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The claim that carries roles (Entra ID app roles: <c>roles</c>).</summary>
    public string RoleClaim { get; set; } = "roles";

    public string ViewerRole { get; set; } = "viewer";

    public string OperatorRole { get; set; } = "operator";

    public bool Configured => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

/// <summary>Who is asking: the signed-in user (or, in Development without sign-in, this machine's user), and whether they may act.</summary>
public sealed record ChatUser(string Id, string Name, bool CanAct);

public static class ChatSignIn
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";

    public static void AddChatSignIn(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(ChatAuthSettings.SectionName).Get<ChatAuthSettings>() ?? new ChatAuthSettings();
        builder.Services.AddSingleton(settings);
        if (!settings.Configured)
        {
            if (!builder.Environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"The chat runs in the {builder.Environment.EnvironmentName} environment, where it requires sign-in: set {ChatAuthSettings.SectionName}:Authority, " +
                    $"{ChatAuthSettings.SectionName}:ClientId and {ChatAuthSettings.SectionName}:ClientSecret (AppHost parameters chat-oidc-authority, " +
                    "chat-oidc-client-id, chat-oidc-client-secret). Only Development runs the chat without sign-in, on loopback.");
            }
            builder.WebHost.UseUrls([.. LoopbackUrls(builder.Configuration)]);
            builder.Services.AddAuthorizationBuilder().AddPolicy(Viewer, p => p.RequireAssertion(_ => true)).AddPolicy(Operator, p => p.RequireAssertion(_ => true));
            return;
        }
        builder.Services.AddAuthentication(o =>
            {
                o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                o.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = "temporalflow-chat-auth";
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.Events.OnRedirectToAccessDenied = context => RefuseAsync(context.Response, StatusCodes.Status403Forbidden,
                    "Only operators can confirm actions: you are signed in with the viewer role.");
            })
            .AddOpenIdConnect(o =>
            {
                o.Authority = settings.Authority;
                o.ClientId = settings.ClientId;
                o.ClientSecret = settings.ClientSecret;
                o.ResponseType = "code";
                o.UsePkce = true;
                o.RequireHttpsMetadata = !IsLoopback(settings.Authority!); // a provider on this machine (tests, a local IdP) may use http
                o.Scope.Add("profile");
                o.Scope.Add("roles");
                o.GetClaimsFromUserInfoEndpoint = true;
                o.MapInboundClaims = false;
                o.ClaimActions.MapJsonKey(settings.RoleClaim, settings.RoleClaim);
                o.TokenValidationParameters.NameClaimType = "name";
                o.TokenValidationParameters.RoleClaimType = settings.RoleClaim;
                // The API answers 401 instead of sending a script's request to the provider's login page.
                o.Events.OnRedirectToIdentityProvider = context =>
                    context.Request.Path.StartsWithSegments("/api")
                        ? HandledAsync(context, RefuseAsync(context.Response, StatusCodes.Status401Unauthorized, "Sign in first: open the chat page."))
                        : Task.CompletedTask;
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Viewer, p => p.RequireAuthenticatedUser().RequireRole(settings.ViewerRole, settings.OperatorRole))
            .AddPolicy(Operator, p => p.RequireAuthenticatedUser().RequireRole(settings.OperatorRole));
    }

    /// <summary>With sign-in: the page itself needs a signed-in user (anonymous visitors go to the provider). Without: loopback callers only.</summary>
    public static WebApplication UseChatSignIn(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<ChatAuthSettings>();
        if (!settings.Configured)
        {
            app.Use((context, next) => context.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
                ? next(context)
                : RefuseAsync(context.Response, StatusCodes.Status403Forbidden, "Without sign-in configured the chat answers this machine only."));
            app.UseAuthorization();
            return app;
        }
        app.UseAuthentication();
        app.UseAuthorization();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path is { Value: "/" or "/index.html" } && context.User.Identity?.IsAuthenticated != true)
            {
                await context.ChallengeAsync();
                return;
            }
            await next(context);
        });
        return app;
    }

    /// <summary>Who acts in Development without sign-in: this machine's user, named as such.</summary>
    public static string LocalUserName => $"{Environment.UserName} (Development, no sign-in)";

    /// <summary>The user behind a request.</summary>
    public static ChatUser UserOf(HttpContext http)
    {
        var settings = http.RequestServices.GetRequiredService<ChatAuthSettings>();
        if (!settings.Configured)
        {
            return new ChatUser("local", LocalUserName, CanAct: true);
        }
        var user = http.User;
        var id = user.FindFirstValue("sub") ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("A signed-in user without a subject.");
        return new ChatUser(id, user.Identity?.Name ?? user.FindFirstValue("preferred_username") ?? id, user.IsInRole(settings.OperatorRole));
    }

    private static IEnumerable<string> LoopbackUrls(ConfigurationManager configuration)
    {
        var urls = (configuration[WebHostDefaults.ServerUrlsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat((configuration["HTTP_PORTS"] ?? "").Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}"))
            .ToList();
        if (urls.Count == 0)
        {
            urls.Add("http://*:5000");
        }
        return urls.Select(url =>
        {
            var cut = url.IndexOf("://", StringComparison.Ordinal) + 3;
            var port = url.LastIndexOf(':');
            var host = url[cut..(port > cut ? port : url.Length)];
            return host is "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))
                ? url
                : $"{url[..cut]}127.0.0.1{(port > cut ? url[port..] : "")}";
        });
    }

    private static bool IsLoopback(string authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && (uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip)));

    private static Task RefuseAsync(HttpResponse response, int status, string title)
    {
        response.StatusCode = status;
        return response.WriteAsJsonAsync(new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title }, options: null, "application/problem+json");
    }

    private static Task HandledAsync(RedirectContext context, Task refused)
    {
        context.HandleResponse();
        return refused;
    }
}
