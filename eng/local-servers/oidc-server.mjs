// A real OpenID Connect provider (the npm package oidc-provider) for sign-in tests, on 127.0.0.1 at the port given as the
// first argument. One confidential client: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS (comma-separated).
// Users: OIDC_USERS, "name=role+role;name=role": its development login page accepts any password for them, and their ID
// token and userinfo carry "name" and "roles". Anyone else is refused. Test use only: keys are made at start, nothing persists.
import Provider from "oidc-provider";

const port = Number(process.argv[2] ?? process.env.PORT ?? 4011);
const issuer = `http://127.0.0.1:${port}`;
const users = new Map((process.env.OIDC_USERS ?? "").split(";").filter(Boolean).map((entry) => {
  const [name, roles = ""] = entry.split("=");
  return [name, roles.split("+").filter(Boolean)];
}));

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.OIDC_CLIENT_ID,
    client_secret: process.env.OIDC_CLIENT_SECRET,
    redirect_uris: (process.env.OIDC_REDIRECT_URIS ?? "").split(",").filter(Boolean),
    post_logout_redirect_uris: (process.env.OIDC_REDIRECT_URIS ?? "").split(",").filter(Boolean).map((u) => new URL("/", u).href),
    response_types: ["code"],
    grant_types: ["authorization_code"],
    token_endpoint_auth_method: "client_secret_post",
  }],
  claims: { openid: ["sub"], profile: ["name"], roles: ["roles"] },
  scopes: ["openid", "profile", "roles"],
  conformIdTokenClaims: false, // name and roles in the ID token too, as Entra ID puts app roles there
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    if (!users.has(id)) {
      return undefined;
    }
    return { accountId: id, async claims() { return { sub: id, name: id, roles: users.get(id) }; } };
  },
  async loadExistingGrant(ctx) {
    // Consent is the provider's business, not the test's: every requested scope is granted.
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope("openid profile roles");
    await grant.save();
    return grant;
  },
});
provider.proxy = false;
const server = provider.listen(port, "127.0.0.1");
console.log(`oidc-provider listening on ${issuer} (users: ${[...users.keys()].join(", ") || "none"})`);
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => { server.close(); process.exit(0); });
}
