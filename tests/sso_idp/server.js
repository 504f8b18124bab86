// A real OpenID Connect provider (the npm oidc-provider package) for the sign-in tests.
//
// Started by tests/sso_idp/idp.py as `node server.js`, configured by the environment:
//   IDP_CLIENT_ID, IDP_CLIENT_SECRET  the one registered client (our site)
//   IDP_REDIRECT_URIS                 its callback URLs, comma separated
//   IDP_ACCOUNTS_FILE                 a JSON file {"login": {"email", "email_verified", "name"}},
//                                     read at every sign-in, so tests can add people while it runs
// It listens on a free loopback port and prints one JSON line {"issuer": "http://127.0.0.1:PORT"}.
// People sign in on oidc-provider's development login form (any password is accepted), and
// consent is taken as given, so the only page between our button and our callback is that form.
import { readFileSync } from "node:fs";
import http from "node:http";

import Provider from "oidc-provider";

const required = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(2);
  }
  return value;
};

const clientId = required("IDP_CLIENT_ID");
const clientSecret = required("IDP_CLIENT_SECRET");
const redirectUris = required("IDP_REDIRECT_URIS").split(",").filter(Boolean);
const accountsFile = required("IDP_ACCOUNTS_FILE");

const people = () => JSON.parse(readFileSync(accountsFile, "utf8"));

const server = http.createServer();
server.listen(0, "127.0.0.1", () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: redirectUris,
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
    },
    async findAccount(ctx, id) {
      const person = people()[id];
      if (!person) return undefined;
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email: person.email,
            email_verified: Boolean(person.email_verified),
            name: person.name,
          };
        },
      };
    },
    // Our site is the organisation's own client: no consent screen.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["test-only-cookie-key"] },
    // Our site sends PKCE (OAUTH_PKCE_ENABLED); the provider insists on it.
    pkce: { required: () => true },
  });
  provider.proxy = false;
  server.on("request", provider.callback());
  console.log(JSON.stringify({ issuer }));
});

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
