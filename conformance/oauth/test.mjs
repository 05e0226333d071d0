// Drives the real, unchanged openid-client and jose libraries (pinned in package.json) against a
// running Latchkey server's OAuth 2.0 client-credentials endpoints (docs/api.md "OAuth
// client-credentials applications"):
//
//   LATCHKEY_URL=http://127.0.0.1:8080 LATCHKEY_API_KEY=<management key> node test.mjs
//
// The server's public URL must be LATCHKEY_URL (the issuer discovery compares). It creates its
// own app with the management key, then: discovery (OpenID and RFC 8414), the client-credentials
// grant with HTTP Basic and with client_secret_post, jose's jwtVerify against the JWKS with
// issuer, audience and type checked, introspection, revocation then introspection says inactive,
// and a wrong secret refused. The server is plain http, so openid-client gets its documented
// allowInsecureRequests option. Prints one line per check; exits 1 when any failed.

import assert from "node:assert/strict";
import crypto from "node:crypto";
import { createRequire } from "node:module";

let client;
let jose;
try {
  client = await import("openid-client");
  jose = await import("jose");
} catch (e) {
  console.error(
    `test.mjs: cannot load openid-client or jose (${String(e.message).split("\n")[0]}); run \`npm ci\` in ${new URL(".", import.meta.url).pathname} first`
  );
  process.exit(2);
}
const require = createRequire(import.meta.url);
const pinned = require("./package.json").dependencies;
for (const name of ["openid-client", "jose"]) {
  const installed = require(`${name}/package.json`).version;
  if (installed !== pinned[name]) {
    console.error(`test.mjs: node_modules holds ${name} ${installed}, package.json pins ${pinned[name]}; run \`npm ci\``);
    process.exit(2);
  }
}

const base = (process.env.LATCHKEY_URL || process.argv[2] || "").replace(/\/$/, "");
const managementKey = process.env.LATCHKEY_API_KEY || process.argv[3];
if (!base || !managementKey) {
  console.error("usage: LATCHKEY_URL=... LATCHKEY_API_KEY=... node test.mjs");
  process.exit(2);
}
const insecure = { execute: [client.allowInsecureRequests] };
const audience = "https://api.example.com";

let failures = 0;
async function check(name, fn) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAIL ${name}: ${e && e.stack ? e.stack : e}`);
  }
}

async function management(method, path, body) {
  const r = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${managementKey}`, "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) {
    throw new Error(`${method} ${path}: ${r.status} ${text}`);
  }
  return JSON.parse(text);
}

const suffix = crypto.randomBytes(4).toString("hex");
const app = await management("POST", "/api/v1/apps", {
  name: `conformance ${suffix}`,
  scopes: ["read", "write"],
});
const clientId = app.client_id;
const clientSecret = app.client_secret;

let basicConfig;
let postConfig;
let jwks;
let basicToken;

await check("discovery: openid-configuration with client_secret_basic", async () => {
  basicConfig = await client.discovery(
    new URL(base),
    clientId,
    clientSecret,
    client.ClientSecretBasic(clientSecret),
    insecure
  );
  const m = basicConfig.serverMetadata();
  assert.equal(m.issuer, base);
  assert.equal(m.token_endpoint, `${base}/oauth2/token`);
  assert.ok(m.grant_types_supported.includes("client_credentials"));
});

await check("discovery: RFC 8414 oauth-authorization-server with client_secret_post", async () => {
  postConfig = await client.discovery(
    new URL(base),
    clientId,
    clientSecret,
    client.ClientSecretPost(clientSecret),
    { ...insecure, algorithm: "oauth2" }
  );
  assert.equal(postConfig.serverMetadata().introspection_endpoint, `${base}/oauth2/introspect`);
  assert.equal(postConfig.serverMetadata().revocation_endpoint, `${base}/oauth2/revoke`);
});

await check("client credentials grant (HTTP Basic) with scope and audience", async () => {
  const tokens = await client.clientCredentialsGrant(basicConfig, { scope: "read", audience });
  assert.equal(tokens.token_type.toLowerCase(), "bearer");
  assert.equal(tokens.scope, "read");
  assert.ok(tokens.expires_in > 0);
  assert.equal(tokens.refresh_token, undefined);
  basicToken = tokens.access_token;
});

await check("jose jwtVerify against the JWKS: issuer, audience, at+jwt, RS256", async () => {
  jwks = jose.createRemoteJWKSet(new URL(basicConfig.serverMetadata().jwks_uri));
  const { payload, protectedHeader } = await jose.jwtVerify(basicToken, jwks, {
    issuer: base,
    audience,
    typ: "at+jwt",
    algorithms: ["RS256"],
  });
  assert.equal(protectedHeader.alg, "RS256");
  assert.equal(payload.sub, clientId);
  assert.equal(payload.client_id, clientId);
  assert.equal(payload.scope, "read");
  assert.equal(payload.owner.type, "project");
  assert.ok(payload.jti && payload.iat && payload.exp);
});

await check("jose jwtVerify refuses another audience", async () => {
  await assert.rejects(
    jose.jwtVerify(basicToken, jwks, { issuer: base, audience: "https://other.example.com" }),
    (e) => e.code === "ERR_JWT_CLAIM_VALIDATION_FAILED"
  );
});

let postToken;
await check("client credentials grant (client_secret_post), default scopes and audience", async () => {
  const tokens = await client.clientCredentialsGrant(postConfig);
  assert.equal(tokens.scope, "read write");
  postToken = tokens.access_token;
  const { payload } = await jose.jwtVerify(postToken, jwks, { issuer: base, audience: base });
  assert.equal(payload.client_id, clientId);
});

await check("introspection says active, with the client and scope", async () => {
  const info = await client.tokenIntrospection(basicConfig, basicToken);
  assert.equal(info.active, true);
  assert.equal(info.client_id, clientId);
  assert.equal(info.scope, "read");
  assert.equal(info.sub, clientId);
});

await check("revocation, then introspection says inactive", async () => {
  await client.tokenRevocation(postConfig, basicToken, { token_type_hint: "access_token" });
  const info = await client.tokenIntrospection(postConfig, basicToken);
  assert.equal(info.active, false);
  const other = await client.tokenIntrospection(basicConfig, postToken);
  assert.equal(other.active, true);
});

await check("a wrong secret is refused with invalid_client (401)", async () => {
  const wrong = await client.discovery(
    new URL(base),
    clientId,
    clientSecret + "x",
    client.ClientSecretPost(clientSecret + "x"),
    insecure
  );
  await assert.rejects(client.clientCredentialsGrant(wrong), (e) => {
    assert.ok(e instanceof client.ResponseBodyError, `unexpected ${e}`);
    assert.equal(e.error, "invalid_client");
    assert.equal(e.status, 401);
    return true;
  });
  const wrongBasic = await client.discovery(
    new URL(base),
    clientId,
    clientSecret + "x",
    client.ClientSecretBasic(clientSecret + "x"),
    insecure
  );
  await assert.rejects(client.clientCredentialsGrant(wrongBasic), (e) => {
    // a 401 with a Basic challenge: openid-client reports the challenge
    assert.ok(e instanceof client.WWWAuthenticateChallengeError, `unexpected ${e}`);
    assert.equal(e.status, 401);
    assert.equal(e.cause[0].scheme, "basic");
    return true;
  });
});

await check("a scope outside the app's list is invalid_scope", async () => {
  await assert.rejects(client.clientCredentialsGrant(basicConfig, { scope: "admin" }), (e) => {
    assert.ok(e instanceof client.ResponseBodyError, `unexpected ${e}`);
    assert.equal(e.error, "invalid_scope");
    return true;
  });
});

await management("DELETE", `/api/v1/apps/${clientId}`);
console.log(failures === 0 ? "all checks passed" : `${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
