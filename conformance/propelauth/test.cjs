"use strict";
// Drives the real, unchanged @propelauth/node client and @propelauth/express middleware (pinned
// in package.json) against a running Latchkey server, and checks every user, org, token and
// end-user API-key function the server implements against
// /work/shared/reference/propelauth-backend-api.md (cited below as "ref §n").
//
//   LATCHKEY_PORT=18555 LATCHKEY_API_KEY=<management key> node -r ./redirect.cjs test.cjs
//
// The server's public URL must be http://127.0.0.1:$LATCHKEY_PORT: the client expects that
// origin as the issuer of access tokens (ref §2). With LATCHKEY_SERVER_CLOCK_LAG_SECONDS set
// (at least 120), the server's clock is taken to stand that far behind the real time, so that
// a one-minute token is already expired for the client; without it, that check is skipped.
// The server's clock must run (an API key given an expiry 3 s ahead is waited out); the
// suite reads it from the iat of fresh tokens, never from its own clock. It expects the
// default API-key prefix "lk".
//
// Prints one line per passed check and stops with exit code 1 at the first failure, showing
// the exchanges that check made. Every name it creates carries a random suffix, so it can run
// against a database that other tests share. It assumes the default role hierarchy
// Owner > Admin > Member.

const assert = require("node:assert/strict");
const crypto = require("node:crypto");
const wire = require("./redirect.cjs"); // the instance the -r preload installed
let propelauth;
try {
  propelauth = require("@propelauth/node");
} catch (e) {
  console.error(`test.cjs: cannot load @propelauth/node (${e.message.split("\n")[0]}); run \`npm ci\` in ${__dirname} first`);
  process.exit(2);
}
let propelauthExpress;
try {
  propelauthExpress = require("@propelauth/express");
} catch (e) {
  console.error(`test.cjs: cannot load @propelauth/express (${e.message.split("\n")[0]}); run \`npm ci\` in ${__dirname} first`);
  process.exit(2);
}
const {
  initBaseAuth,
  handleError,
  OrgMemberInfo,
  UserClass,
  ForbiddenException,
  UnauthorizedException,
  UserNotFoundException,
  AccessTokenCreationException,
  CreateUserException,
  CreateOrgException,
  AddUserToOrgException,
  ChangeUserRoleInOrgException,
  BadRequestException,
  UpdateOrgException,
  UpdateUserEmailException,
  UpdateUserMetadataException,
  UpdateUserPasswordException,
  MigrateUserException,
  MigrateUserPasswordException,
  RateLimitedException,
  ApiKeyCreateException,
  ApiKeyFetchException,
  ApiKeyUpdateException,
  ApiKeyValidateException,
  ApiKeyValidateRateLimitedException,
  ApiKeyImportException,
} = propelauth;

const CLIENT_VERSION = require("@propelauth/node/package.json").version;
const EXPRESS_VERSION = require("@propelauth/express/package.json").version;
const port = process.env.LATCHKEY_PORT;
const apiKey = process.env.LATCHKEY_API_KEY;
if (!port || !apiKey) {
  console.error("test.cjs: set LATCHKEY_PORT and LATCHKEY_API_KEY (a management key of the server under test)");
  process.exit(2);
}
const clockLagText = process.env.LATCHKEY_SERVER_CLOCK_LAG_SECONDS;
if (clockLagText !== undefined && !(/^[0-9]+$/.test(clockLagText) && Number(clockLagText) >= 120)) {
  console.error("test.cjs: LATCHKEY_SERVER_CLOCK_LAG_SECONDS must be a whole number of seconds, at least 120");
  process.exit(2);
}
const clockLag = clockLagText === undefined ? undefined : Number(clockLagText);
const authUrl = "http://127.0.0.1:" + port;
const PROPELAUTH = "https://propelauth-api.com";
const API = "/api/backend/v1";
const METADATA_PATH = "/api/v1/token_verification_metadata";
const KEYS = `${API}/end_user_api_keys`;
// What the suite itself asks the server directly (not through a client): it cannot learn these
// otherwise, and no client can create a key with Latchkey's rate limits.
const DIRECT_PATHS = ["/.well-known/jwks.json", "/api/admin/v1/roles", KEYS];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Issued API keys (docs/api.md): ids are 32 lowercase hex; tokens are lk_<27 base62 random><6 base62 CRC32>.
const API_KEY_ID = /^[0-9a-f]{32}$/;
const API_KEY_TOKEN = /^lk_[0-9A-Za-z]{33}$/;
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ROLES = ["Owner", "Admin", "Member"];
// "correct horse battery staple", hashed by bcryptjs (also in the server's PasswordsTest).
const BCRYPT_HASH = "$2b$10$81kokott5AcOXO3z7bsYEOL3qOQH52/STpmTbv4p1zsWO0/wG5etG";

// ---------------------------------------------------------------------------------------------
// Harness

let passed = 0;
let current = null;

function describeExchange(x) {
  return `    ${x.method} ${x.pathAndQuery}${x.body !== undefined ? " body " + x.body : ""}\n` +
    `      -> ${x.error ? "network error " + x.error.message : x.status + " " + x.responseText}`;
}

async function fail(name, error, fromMark) {
  const made = fromMark === undefined ? [] : wire.since(fromMark);
  for (const x of made) {
    x.responseText = x.response ? await x.response : "";
  }
  console.error(`\nFAIL ${name}`);
  console.error(`  ${error && error.stack ? error.stack : error}`);
  if (made.length > 0) {
    console.error(`  exchanges made by this check (newest last):`);
    for (const x of made.slice(-8)) {
      console.error(describeExchange(x));
    }
  } else if (fromMark !== undefined) {
    console.error("  (this check made no request)");
  }
  console.error(`\n${passed} checks passed before this failure (@propelauth/node ${CLIENT_VERSION}, server ${authUrl}).`);
  process.exit(1);
}

/** Runs one named check; the first failure ends the run. */
async function check(name, fn) {
  const mark = wire.mark();
  current = { name, mark };
  try {
    await fn();
  } catch (e) {
    await fail(name, e, mark);
  }
  passed++;
  console.log(`ok ${passed} - ${name}`);
}

let skipped = 0;

/** A check that cannot run against this server: reported as a TAP skip, with the reason. */
function skip(name, reason) {
  passed++;
  skipped++;
  console.log(`ok ${passed} - ${name} # SKIP ${reason}`);
}

process.on("unhandledRejection", (e) => fail(current ? current.name + " (unhandled rejection)" : "unhandled rejection", e, current && current.mark));

/** The exchanges made since `mark`, with their response bodies read. */
async function exchangesSince(mark) {
  const made = wire.since(mark);
  for (const x of made) {
    x.responseText = x.response ? await x.response : undefined;
  }
  return made;
}

/** Runs `fn` and returns its result plus the one request it must have made. */
async function withOneRequest(fn) {
  const mark = wire.mark();
  const result = await fn();
  const made = await exchangesSince(mark);
  assert.equal(made.length, 1, `expected exactly one request, got ${made.length}: ${made.map((x) => x.method + " " + x.pathAndQuery).join(", ")}`);
  return { result, x: made[0] };
}

/** Runs `fn` and checks that the client answered without sending anything. */
async function withoutRequest(fn) {
  const mark = wire.mark();
  const result = await fn();
  const made = wire.since(mark);
  assert.equal(made.length, 0, `expected no request, got ${made.map((x) => x.method + " " + x.pathAndQuery).join(", ")}`);
  return result;
}

/** Awaits a promise that must reject with `type`; with `field`, fieldToErrors must name it. */
async function rejects(promise, type, field) {
  let error;
  try {
    const value = await promise;
    assert.fail(`expected ${type.name} but the call resolved to ${JSON.stringify(value)}`);
  } catch (e) {
    if (e instanceof assert.AssertionError) {
      throw e;
    }
    error = e;
  }
  assert.ok(
    error instanceof type,
    `expected ${type.name}, got ${error && error.constructor && error.constructor.name}: ${error && error.message}`
  );
  if (field !== undefined) {
    assert.equal(typeof error.fieldToErrors, "object", "fieldToErrors must be an object");
    const messages = error.fieldToErrors[field];
    assert.ok(
      Array.isArray(messages) && messages.length > 0 && messages.every((m) => typeof m === "string" && m.length > 0),
      `fieldToErrors must name "${field}" with a list of messages, got ${JSON.stringify(error.fieldToErrors)}`
    );
  }
  return error;
}

/** Awaits a token validation that must fail with UnauthorizedException (401), its message matching `pattern`. */
async function unauthorized(promise, pattern) {
  const e = await rejects(promise, UnauthorizedException);
  assert.equal(e.status, 401, "UnauthorizedException.status");
  if (pattern !== undefined) {
    assert.match(e.message, pattern);
  }
  assert.deepEqual(handleError(e), { status: 401, message: "Unauthorized" }, "handleError of an UnauthorizedException");
  return e;
}

/** Awaits a token validation that must fail an org requirement with ForbiddenException (403). */
async function forbidden(promise) {
  const e = await rejects(promise, ForbiddenException);
  assert.equal(e.status, 403, "ForbiddenException.status");
  assert.deepEqual(handleError(e), { status: 403, message: "Forbidden" }, "handleError of a ForbiddenException");
  return e;
}

/** Awaits a promise that must reject with a plain Error whose message starts with `prefix`. */
async function rejectsWithMessage(promise, prefix) {
  const e = await rejects(promise, Error);
  assert.ok(e.message.startsWith(prefix), `expected an Error starting with "${prefix}", got ${e.constructor.name}: "${e.message}"`);
  return e;
}

/** A GET the suite sends to the server itself (not through a client), answered with JSON. */
async function direct(path, key) {
  const response = await fetch(authUrl + path, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) };
}

function bearer(token) {
  return "Bearer " + token;
}

/** The parts of a compact JWT, decoded but not verified. */
function decodeJwt(token) {
  const parts = token.split(".");
  assert.equal(parts.length, 3, `a compact JWS has three parts, got ${JSON.stringify(token)}`);
  const [h, p, s] = parts;
  return {
    header: JSON.parse(Buffer.from(h, "base64url").toString("utf8")),
    payload: JSON.parse(Buffer.from(p, "base64url").toString("utf8")),
    signingInput: `${h}.${p}`,
    signature: s,
  };
}

function encodeJson(value) {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/** A POST, PATCH or DELETE the suite sends to the server itself, as a client would (Bearer key, JSON). */
async function directJson(method, path, body) {
  const response = await fetch(authUrl + path, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) };
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The UTC day (yyyy-mm-dd) of a unix time in seconds. */
function utcDay(seconds) {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

const CRC32_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) {
    c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return c >>> 0;
});

/** The token checksum: CRC32 of everything before it, as six base62 digits, most significant first. */
function checksum62(head) {
  let crc = 0xffffffff;
  for (const b of Buffer.from(head, "ascii")) {
    crc = CRC32_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  }
  let value = (crc ^ 0xffffffff) >>> 0;
  let out = "";
  for (let i = 0; i < 6; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

function assertApiKeyId(id) {
  assert.equal(typeof id, "string", `an API key id must be a string, got ${JSON.stringify(id)}`);
  assert.match(id, API_KEY_ID, "an API key id is 32 lowercase hex characters (ref §1)");
}

function assertApiKeyToken(token) {
  assert.equal(typeof token, "string", `an API key token must be a string, got ${JSON.stringify(token)}`);
  assert.match(token, API_KEY_TOKEN, "a token is lk_ and 33 base62 characters");
  assert.equal(token.slice(-6), checksum62(token.slice(0, -6)), "the last six characters are the CRC32 of the rest");
}

/** The ApiKeyFull fields of ref §4, camelCased. */
function assertApiKeyFull(k) {
  assertApiKeyId(k.apiKeyId);
  assert.ok(Number.isInteger(k.createdAt) && k.createdAt > 1e9 && k.createdAt < 1e11, `createdAt must be unix seconds, got ${k.createdAt}`);
  assert.ok("expiresAtSeconds" in k, "expires_at_seconds must be sent (null without expiry)");
  assert.ok(k.expiresAtSeconds === null || (Number.isInteger(k.expiresAtSeconds) && k.expiresAtSeconds > k.createdAt), `expiresAtSeconds ${k.expiresAtSeconds}`);
  assert.ok("metadata" in k, "metadata must be sent");
  assert.ok(k.metadata === null || (typeof k.metadata === "object" && !Array.isArray(k.metadata)), `metadata ${JSON.stringify(k.metadata)}`);
  for (const f of ["userId", "orgId"]) {
    assert.ok(f in k, `${f} must be sent (null when the key has none)`);
    if (k[f] !== null) {
      assertUuid(k[f], f);
    }
  }
  assert.ok(k.displayName == null || typeof k.displayName === "string", `displayName ${JSON.stringify(k.displayName)}`);
}

/** The org of a validation answer (ref §7): org_name and name, metadata untouched. */
function assertValidatedOrg(org, expected) {
  assert.ok(org && typeof org === "object", `expected an org, got ${JSON.stringify(org)}`);
  assert.equal(org.orgId, expected.id, "orgId");
  assert.equal(org.orgName, expected.name, "orgName (org_name, what propelauth-py and Rust read)");
  assert.equal(org.name, expected.name, "name (Node's Org.name)");
  assert.equal(typeof org.canSetupSaml, "boolean", "canSetupSaml");
  assert.equal(typeof org.isSamlConfigured, "boolean", "isSamlConfigured");
  assert.ok(org.maxUsers === null || Number.isInteger(org.maxUsers), `maxUsers ${org.maxUsers}`);
  assert.deepEqual(org.metadata, {}, "metadata");
}

/** A compact JWT with `header` and `payload`, signed by `sign(signingInput)` (base64url). */
function buildJwt(header, payload, sign) {
  const input = `${encodeJson(header)}.${encodeJson(payload)}`;
  return `${input}.${sign(input)}`;
}

/** Runs an Express middleware on fake req/res objects; resolves once it has answered or called next(). */
async function runMiddleware(middleware, { authorization, params = {} } = {}) {
  const req = { headers: authorization === undefined ? {} : { authorization }, params };
  const res = {
    statusCode: undefined,
    body: undefined,
    sent: false,
    status(code) {
      this.statusCode = code;
      return this;
    },
    send(body) {
      assert.equal(this.sent, false, "the middleware answered twice");
      this.sent = true;
      this.body = body;
      return this;
    },
  };
  let nextCalls = 0;
  let nextArgs;
  await middleware(req, res, (...args) => {
    nextCalls++;
    nextArgs = args;
  });
  return { req, res, nextCalls, nextArgs };
}

/** The middleware let the request through: next() once without an error, no answer of its own. */
function assertPassed(run, what) {
  assert.equal(run.res.sent, false, `${what}: the middleware answered ${run.res.statusCode} instead of calling next()`);
  assert.equal(run.nextCalls, 1, `${what}: next() calls`);
  assert.deepEqual(run.nextArgs, [], `${what}: next() must get no error`);
}

/** The middleware answered `status` with an empty body (no debugMode) and did not call next(). */
function assertRefused(run, status, what) {
  assert.equal(run.nextCalls, 0, `${what}: next() must not be called`);
  assert.equal(run.res.statusCode, status, `${what}: status`);
  assert.equal(run.res.sent, true, `${what}: the middleware must answer`);
  assert.equal(run.res.body, undefined, `${what}: the body is empty without debugMode (ref §3)`);
}

function base32(bytes) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) {
    out += alphabet[(value << (5 - bits)) & 31];
  }
  return out;
}

function assertUuid(value, what) {
  assert.equal(typeof value, "string", `${what} must be a string, got ${JSON.stringify(value)}`);
  assert.match(value, UUID, `${what} must be a lowercase UUID`);
}

function assertPage(page, { currentPage, pageSize, itemsKey, totalKey }) {
  assert.ok(Array.isArray(page[itemsKey]), `${itemsKey} must be an array, got ${JSON.stringify(page)}`);
  assert.equal(typeof page[totalKey], "number", `${totalKey} must be a number`);
  assert.equal(page.currentPage, currentPage, "currentPage");
  assert.equal(page.pageSize, pageSize, "pageSize");
  assert.equal(typeof page.hasMoreResults, "boolean", "hasMoreResults must be a boolean");
}

/** The UserMetadata fields of ref §4, with the types the client hands to applications. */
function assertUserShape(u) {
  assertUuid(u.userId, "userId");
  for (const f of ["email"]) {
    assert.equal(typeof u[f], "string", `${f} must be a string`);
  }
  for (const f of ["emailConfirmed", "hasPassword", "locked", "enabled", "mfaEnabled", "canCreateOrgs", "updatePasswordRequired"]) {
    assert.equal(typeof u[f], "boolean", `${f} must be a boolean, got ${JSON.stringify(u[f])}`);
  }
  for (const f of ["createdAt", "lastActiveAt"]) {
    assert.ok(Number.isInteger(u[f]) && u[f] > 1e9 && u[f] < 1e11, `${f} must be unix seconds, got ${u[f]}`);
  }
}

/** An org-member entry (ref §2, §3): an OrgMemberInfo instance whose role helpers work. */
function assertMemberInfo(info, { orgId, orgName, role }) {
  assert.ok(info, `no entry for org ${orgId}`);
  assert.ok(info instanceof OrgMemberInfo, `the entry must become an OrgMemberInfo, got ${JSON.stringify(info)}`);
  assert.equal(info.orgId, orgId, "orgId");
  assert.equal(info.orgName, orgName, "orgName");
  assert.equal(info.urlSafeOrgName, orgName.toLowerCase().replace(/ /g, "-"), "urlSafeOrgName");
  assert.equal(typeof info.orgMetadata, "object", "orgMetadata must be an object");
  assert.equal(info.userAssignedRole, role, "userAssignedRole");
  assert.equal(info.orgRoleStructure, "single_role_in_hierarchy", "orgRoleStructure");
  assert.deepEqual(info.userAssignedAdditionalRoles, [], "userAssignedAdditionalRoles");
  const below = ROLES.slice(ROLES.indexOf(role));
  assert.deepEqual(info.userInheritedRolesPlusCurrentRole, below, "userInheritedRolesPlusCurrentRole");
  assert.ok(Array.isArray(info.userPermissions), "userPermissions must be an array");
  for (const r of ROLES) {
    assert.equal(info.isAtLeastRole(r), below.includes(r), `isAtLeastRole(${r}) for a ${role}`);
    assert.equal(info.isRole(r), r === role, `isRole(${r}) for a ${role}`);
  }
  for (const p of info.userPermissions) {
    assert.ok(info.hasPermission(p), `hasPermission(${p})`);
  }
  assert.equal(info.hasPermission("latchkey-conformance::no_such_permission"), false, "hasPermission(unknown)");
  assert.ok(info.hasAllPermissions(info.userPermissions), "hasAllPermissions(own permissions)");
}

// ---------------------------------------------------------------------------------------------
// The run

async function main() {
  // The server is up, so the eager metadata fetch inside initBaseAuth can succeed (ref §2, plan 4).
  const initMark = wire.mark();
  const auth = initBaseAuth({ authUrl, apiKey });
  // How many auth instances fetch the metadata themselves (the others get it by hand).
  let metadataFetches = 1;

  const sfx = crypto.randomBytes(5).toString("hex");
  const domain = `lk-${sfx}.example.com`;
  const unknownId = () => crypto.randomUUID();
  const a = { email: `ada+tag@${domain}`, username: `ada_${sfx}` };
  const b = { email: `bob@${domain}`, username: `bob_${sfx}` };
  const c = { email: `cy@${domain}` };
  const m = { email: `mig@${domain}`, username: `mig_${sfx}`, legacy: `legacy-user-${sfx}` };
  const acme = { name: `Acme ${sfx}` };
  const globex = { name: `Globex ${sfx}`, domain: `${sfx}.example.org`, legacy: `legacy-org-${sfx}` };
  console.log(`# @propelauth/node ${CLIENT_VERSION}, @propelauth/express ${EXPRESS_VERSION} against ${authUrl} (suffix ${sfx})`);

  // ---- token verification metadata (ref §2)

  const signing = {};

  await check("initBaseAuth fetches GET /api/v1/token_verification_metadata once, eagerly, with the Bearer key", async () => {
    // Validation waits for the metadata; had the fetch failed, this would be UnexpectedException (503).
    await unauthorized(auth.validateAccessTokenAndGetUser(undefined), /^No authorization header found\.$/);
    const made = await exchangesSince(initMark);
    assert.equal(made.length, 1, `expected only the metadata fetch, got ${made.map((x) => x.method + " " + x.pathAndQuery).join(", ")}`);
    const x = made[0];
    assert.equal(x.method, "GET");
    assert.equal(x.url, PROPELAUTH + METADATA_PATH, "the client must target propelauth-api.com (redirected)");
    assert.equal(x.headers.authorization, `Bearer ${apiKey}`, "Authorization header");
    assert.equal(x.headers["content-type"], "application/json", "Content-Type header");
    assert.equal(x.status, 200, x.responseText);
    const body = JSON.parse(x.responseText);
    assert.equal(typeof body.verifier_key_pem, "string", "verifier_key_pem");
    assert.match(body.verifier_key_pem, /^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PUBLIC KEY-----\n?$/, "an SPKI PEM");
    const key = crypto.createPublicKey(body.verifier_key_pem);
    assert.equal(key.asymmetricKeyType, "rsa");
    assert.ok(key.asymmetricKeyDetails.modulusLength >= 2048, `an RSA key of at least 2048 bits, got ${key.asymmetricKeyDetails.modulusLength}`);
    assert.equal(body.issuer, authUrl, "the server's issuer must be the origin the client derives from authUrl");
    assert.equal(body.algorithm, "RS256");
    assert.equal(typeof body.kid, "string");
    Object.assign(signing, { pem: body.verifier_key_pem, key, kid: body.kid });
  });

  await check("GET /.well-known/jwks.json (no credential) publishes the same RS256 key under the same kid", async () => {
    const { status, body } = await direct("/.well-known/jwks.json");
    assert.equal(status, 200);
    assert.ok(Array.isArray(body.keys), `{keys: [...]}, got ${JSON.stringify(body)}`);
    const jwk = body.keys.find((k) => k.kid === signing.kid);
    assert.ok(jwk, `no key with kid ${signing.kid} in ${JSON.stringify(body)}`);
    assert.equal(jwk.kty, "RSA");
    assert.equal(jwk.alg, "RS256");
    assert.equal(jwk.use, "sig");
    for (const f of ["d", "p", "q", "dp", "dq", "qi"]) {
      assert.ok(!(f in jwk), `the private member ${f} must not be published`);
    }
    const spki = (k) => k.export({ type: "spki", format: "pem" });
    assert.equal(spki(crypto.createPublicKey({ key: jwk, format: "jwk" })), spki(signing.key));
  });

  // ---- create users (ref §5)

  await check("createUser sends POST /user/ with the Bearer key and JSON headers, answers a lowercase UUID", async () => {
    const { result, x } = await withOneRequest(() =>
      auth.createUser({
        email: a.email,
        emailConfirmed: true,
        password: "correct horse battery staple",
        username: a.username,
        firstName: "Ada",
        lastName: "Lovelace",
        properties: { fav_color: "blue" },
      })
    );
    assert.equal(x.method, "POST");
    assert.equal(x.path, `${API}/user/`);
    assert.equal(x.url, `https://propelauth-api.com${API}/user/`, "the client must target propelauth-api.com (redirected)");
    assert.equal(x.headers.authorization, `Bearer ${apiKey}`, "Authorization header");
    assert.equal(x.headers["content-type"], "application/json", "Content-Type header");
    assert.equal(x.headers["x-propelauth-url"], "127.0.0.1", "X-Propelauth-url header (the authUrl hostname)");
    assert.ok(x.status < 400, `status ${x.status}`);
    assertUuid(result.userId, "userId");
    a.id = result.userId;
  });

  await check("createUser without a password and with emailConfirmed false", async () => {
    b.id = (await auth.createUser({ email: b.email, emailConfirmed: true, username: b.username })).userId;
    c.id = (await auth.createUser({ email: c.email, emailConfirmed: false, sendEmailToConfirmEmailAddress: false })).userId;
    assertUuid(b.id, "userId");
    assertUuid(c.id, "userId");
    assert.notEqual(b.id, c.id);
  });

  await check("createUser with an invalid email gives CreateUserException naming email", async () => {
    await rejects(auth.createUser({ email: "not-an-email" }), CreateUserException, "email");
  });

  await check("createUser with a taken email gives CreateUserException naming email", async () => {
    await rejects(auth.createUser({ email: b.email }), CreateUserException, "email");
  });

  await check("createUser with a too short password gives CreateUserException naming password", async () => {
    await rejects(auth.createUser({ email: `short@${domain}`, password: "abc" }), CreateUserException, "password");
  });

  await check("createUser with a taken username gives CreateUserException naming username", async () => {
    await rejects(auth.createUser({ email: `dup@${domain}`, username: a.username }), CreateUserException, "username");
  });

  // ---- fetch one user

  await check("fetchUserMetadataByUserId sends include_orgs=false and returns every UserMetadata field", async () => {
    const { result: u, x } = await withOneRequest(() => auth.fetchUserMetadataByUserId(a.id));
    assert.equal(x.method, "GET");
    assert.equal(x.pathAndQuery, `${API}/user/${a.id}?include_orgs=false`);
    assertUserShape(u);
    assert.equal(u.userId, a.id);
    assert.equal(u.email, a.email);
    assert.equal(u.emailConfirmed, true);
    assert.equal(u.hasPassword, true);
    assert.equal(u.username, a.username);
    assert.equal(u.firstName, "Ada");
    assert.equal(u.lastName, "Lovelace");
    assert.equal(u.locked, false);
    assert.equal(u.enabled, true);
    assert.equal(u.mfaEnabled, false);
    assert.equal(u.canCreateOrgs, false);
    assert.equal(u.updatePasswordRequired, false);
    assert.deepEqual(u.properties, { favColor: "blue" }, "keys inside properties are camelCased by the client (ref §1)");
    assert.equal(u.orgIdToOrgInfo, undefined, "org_id_to_org_info only with include_orgs=true");
  });

  await check("fetchUserMetadataByUserId: a user without password, an unconfirmed user", async () => {
    const ub = await auth.fetchUserMetadataByUserId(b.id);
    assertUserShape(ub);
    assert.equal(ub.hasPassword, false);
    const uc = await auth.fetchUserMetadataByUserId(c.id);
    assert.equal(uc.emailConfirmed, false);
    assert.equal(uc.username ?? null, null, "a user created without username has none");
  });

  await check("fetchUserMetadataByUserId accepts an upper-case UUID (the client's check is case-insensitive)", async () => {
    const u = await auth.fetchUserMetadataByUserId(a.id.toUpperCase());
    assert.ok(u, "expected the user, got null");
    assert.equal(u.userId, a.id);
  });

  await check("fetchUserMetadataByUserId with an unknown UUID gives null", async () => {
    const { result, x } = await withOneRequest(() => auth.fetchUserMetadataByUserId(unknownId()));
    assert.equal(result, null);
    assert.equal(x.status, 404);
  });

  await check("fetchUserMetadataByUserId with a non-UUID gives null without a request", async () => {
    assert.equal(await withoutRequest(() => auth.fetchUserMetadataByUserId("not-a-uuid")), null);
  });

  await check("fetchUserMetadataByEmail decodes %2B as a plus and %40 as @", async () => {
    const { result: u, x } = await withOneRequest(() => auth.fetchUserMetadataByEmail(a.email));
    assert.equal(x.pathAndQuery, `${API}/user/email?email=${encodeURIComponent(a.email)}&include_orgs=false`);
    assert.ok(x.rawQuery.includes("ada%2Btag%40"), `query ${x.rawQuery}`);
    assert.ok(u, "expected the user, got null");
    assert.equal(u.userId, a.id);
    assert.equal(u.orgIdToOrgInfo, undefined);
  });

  await check("fetchUserMetadataByEmail with an unknown email gives null", async () => {
    assert.equal(await auth.fetchUserMetadataByEmail(`nobody@${domain}`), null);
  });

  await check("fetchUserMetadataByUsername finds the user; an unknown username gives null", async () => {
    const { result: u, x } = await withOneRequest(() => auth.fetchUserMetadataByUsername(b.username));
    assert.equal(x.pathAndQuery, `${API}/user/username?username=${b.username}&include_orgs=false`);
    assert.equal(u.userId, b.id);
    assert.equal(await auth.fetchUserMetadataByUsername(`nobody_${sfx}`), null);
  });

  // ---- orgs and membership (ref §6)

  await check("createOrg sends POST /org/ with both domain flags and answers {orgId, name}", async () => {
    const { result, x } = await withOneRequest(() => auth.createOrg({ name: acme.name }));
    assert.equal(x.method, "POST");
    assert.equal(x.path, `${API}/org/`);
    assert.deepEqual(JSON.parse(x.body), {
      name: acme.name,
      enable_auto_joining_by_domain: false,
      members_must_have_matching_domain: false,
    });
    assertUuid(result.orgId, "orgId");
    assert.equal(result.name, acme.name);
    acme.id = result.orgId;
  });

  await check("createOrg with domain, maxUsers and legacyOrgId", async () => {
    const result = await auth.createOrg({ name: globex.name, domain: globex.domain, maxUsers: 5, legacyOrgId: globex.legacy });
    assertUuid(result.orgId, "orgId");
    globex.id = result.orgId;
  });

  await check("createOrg with a taken name gives CreateOrgException naming name", async () => {
    await rejects(auth.createOrg({ name: acme.name }), CreateOrgException, "name");
  });

  await check("createOrg with auto-join but no domain gives CreateOrgException naming domain", async () => {
    await rejects(auth.createOrg({ name: `Initech ${sfx}`, enableAutoJoiningByDomain: true }), CreateOrgException, "domain");
  });

  await check("fetchOrg returns every Organization field", async () => {
    const { result: o, x } = await withOneRequest(() => auth.fetchOrg(globex.id));
    assert.equal(x.pathAndQuery, `${API}/org/${globex.id}`);
    assert.equal(o.orgId, globex.id);
    assert.equal(o.name, globex.name);
    assert.equal(o.urlSafeOrgSlug, globex.name.toLowerCase().replace(/ /g, "-"));
    assert.equal(o.canSetupSaml, false);
    assert.equal(o.isSamlConfigured, false);
    assert.equal(o.isSamlInTestMode, false);
    assert.equal(o.maxUsers, 5);
    assert.deepEqual(o.metadata, {});
    assert.equal(o.domain, globex.domain);
    assert.deepEqual(o.extraDomains, []);
    assert.equal(o.domainAutojoin, false);
    assert.equal(o.domainRestrict, false);
    assert.equal(o.legacyOrgId, globex.legacy);
    assert.equal(o.passwordRotationEnabled, false);
    assert.ok("passwordRotationHistorySize" in o, "password_rotation_history_size must be sent");
    assert.ok("passwordRotationPeriod" in o, "password_rotation_period must be sent");
  });

  await check("fetchOrg with an unknown UUID gives null; a non-UUID gives null without a request", async () => {
    assert.equal(await auth.fetchOrg(unknownId()), null);
    assert.equal(await withoutRequest(() => auth.fetchOrg("nope")), null);
  });

  await check("addUserToOrg sends additional_roles [] and resolves true", async () => {
    const { result, x } = await withOneRequest(() => auth.addUserToOrg({ userId: a.id, orgId: acme.id, role: "Owner" }));
    assert.equal(x.pathAndQuery, `${API}/org/add_user`);
    assert.deepEqual(JSON.parse(x.body), { user_id: a.id, org_id: acme.id, role: "Owner", additional_roles: [] });
    assert.equal(result, true);
    assert.equal(await auth.addUserToOrg({ userId: b.id, orgId: acme.id, role: "Member" }), true);
    assert.equal(await auth.addUserToOrg({ userId: a.id, orgId: globex.id, role: "Admin" }), true);
  });

  await check("addUserToOrg with an unknown org or user gives false", async () => {
    assert.equal(await auth.addUserToOrg({ userId: c.id, orgId: unknownId(), role: "Member" }), false);
    assert.equal(await auth.addUserToOrg({ userId: unknownId(), orgId: acme.id, role: "Member" }), false);
  });

  await check("addUserToOrg with an unknown role gives AddUserToOrgException naming role", async () => {
    await rejects(auth.addUserToOrg({ userId: c.id, orgId: acme.id, role: "Emperor" }), AddUserToOrgException, "role");
  });

  await check("addUserToOrg of a member gives AddUserToOrgException", async () => {
    await rejects(auth.addUserToOrg({ userId: b.id, orgId: acme.id, role: "Member" }), AddUserToOrgException, "user_id");
  });

  await check("addUserToOrg with a malformed user id (the client does not check it) gives AddUserToOrgException", async () => {
    await rejects(auth.addUserToOrg({ userId: "not-a-uuid", orgId: acme.id, role: "Member" }), AddUserToOrgException, "user_id");
  });

  await check("fetchUserMetadataByUserId with includeOrgs gives OrgMemberInfo entries with working role helpers", async () => {
    const { result: u, x } = await withOneRequest(() => auth.fetchUserMetadataByUserId(a.id, true));
    assert.equal(x.pathAndQuery, `${API}/user/${a.id}?include_orgs=true`);
    assert.deepEqual(Object.keys(u.orgIdToOrgInfo).sort(), [acme.id, globex.id].sort());
    assertMemberInfo(u.orgIdToOrgInfo[acme.id], { orgId: acme.id, orgName: acme.name, role: "Owner" });
    assertMemberInfo(u.orgIdToOrgInfo[globex.id], { orgId: globex.id, orgName: globex.name, role: "Admin" });
  });

  await check("permissions grow with the role: Member's within Admin's within Owner's", async () => {
    const ua = await auth.fetchUserMetadataByUserId(a.id, true);
    const ub = await auth.fetchUserMetadataByUserId(b.id, true);
    const owner = ua.orgIdToOrgInfo[acme.id].userPermissions;
    const admin = ua.orgIdToOrgInfo[globex.id].userPermissions;
    const member = ub.orgIdToOrgInfo[acme.id].userPermissions;
    assertMemberInfo(ub.orgIdToOrgInfo[acme.id], { orgId: acme.id, orgName: acme.name, role: "Member" });
    assert.ok(member.every((p) => admin.includes(p)), `Member ${member} within Admin ${admin}`);
    assert.ok(admin.every((p) => owner.includes(p)), `Admin ${admin} within Owner ${owner}`);
    assert.ok(owner.length > member.length, "an Owner must have more permissions than a Member");
  });

  await check("fetchUserMetadataByEmail and ByUsername with includeOrgs", async () => {
    const byEmail = await auth.fetchUserMetadataByEmail(b.email, true);
    assertMemberInfo(byEmail.orgIdToOrgInfo[acme.id], { orgId: acme.id, orgName: acme.name, role: "Member" });
    const { result: byName, x } = await withOneRequest(() => auth.fetchUserMetadataByUsername(a.username, true));
    assert.equal(x.pathAndQuery, `${API}/user/username?username=${a.username}&include_orgs=true`);
    assertMemberInfo(byName.orgIdToOrgInfo[acme.id], { orgId: acme.id, orgName: acme.name, role: "Owner" });
  });

  await check("changeUserRoleInOrg resolves true and the new role shows", async () => {
    const { result, x } = await withOneRequest(() => auth.changeUserRoleInOrg({ userId: b.id, orgId: acme.id, role: "Admin" }));
    assert.equal(x.pathAndQuery, `${API}/org/change_role`);
    assert.equal(result, true);
    const u = await auth.fetchUserMetadataByUserId(b.id, true);
    assertMemberInfo(u.orgIdToOrgInfo[acme.id], { orgId: acme.id, orgName: acme.name, role: "Admin" });
  });

  await check("changeUserRoleInOrg for a non-member gives false", async () => {
    assert.equal(await auth.changeUserRoleInOrg({ userId: c.id, orgId: acme.id, role: "Admin" }), false);
    assert.equal(await auth.changeUserRoleInOrg({ userId: b.id, orgId: unknownId(), role: "Admin" }), false);
  });

  await check("changeUserRoleInOrg with an unknown role gives ChangeUserRoleInOrgException naming role", async () => {
    await rejects(auth.changeUserRoleInOrg({ userId: b.id, orgId: acme.id, role: "Emperor" }), ChangeUserRoleInOrgException, "role");
  });

  // ---- batch fetches

  await check("fetchBatchUserMetadataByUserIds: keyed by userId, unknown ids ignored, duplicates once", async () => {
    const { result, x } = await withOneRequest(() => auth.fetchBatchUserMetadataByUserIds([a.id, unknownId(), b.id, a.id]));
    assert.equal(x.method, "POST");
    assert.equal(x.path, `${API}/user/user_ids`);
    assert.equal(x.rawQuery, "", "include_orgs is only sent when true");
    assert.deepEqual(JSON.parse(x.body).user_ids.length, 4);
    const sent = JSON.parse(x.responseText);
    assert.ok(Array.isArray(sent), "the server must answer a JSON array (ref §5)");
    assert.equal(sent.length, 2, "each user once");
    assert.deepEqual(Object.keys(result).sort(), [a.id, b.id].sort());
    assertUserShape(result[a.id]);
    assert.equal(result[b.id].email, b.email);
    assert.equal(result[a.id].orgIdToOrgInfo, undefined);
  });

  await check("fetchBatchUserMetadataByUserIds with includeOrgs", async () => {
    const { result, x } = await withOneRequest(() => auth.fetchBatchUserMetadataByUserIds([a.id], true));
    assert.equal(x.pathAndQuery, `${API}/user/user_ids?include_orgs=true`);
    assertMemberInfo(result[a.id].orgIdToOrgInfo[acme.id], { orgId: acme.id, orgName: acme.name, role: "Owner" });
  });

  await check("fetchBatchUserMetadataByUserIds with only unknown ids gives {}", async () => {
    assert.deepEqual(await auth.fetchBatchUserMetadataByUserIds([unknownId()]), {});
  });

  await check("fetchBatchUserMetadataByEmails: keyed by email, unknown ignored, duplicates once", async () => {
    const { result, x } = await withOneRequest(() =>
      auth.fetchBatchUserMetadataByEmails([a.email, `nobody@${domain}`, c.email, c.email], true)
    );
    assert.equal(x.pathAndQuery, `${API}/user/emails?include_orgs=true`);
    assert.equal(JSON.parse(x.responseText).length, 2, "each user once");
    assert.deepEqual(Object.keys(result).sort(), [a.email, c.email].sort());
    assert.equal(result[c.email].userId, c.id);
    assert.deepEqual(result[c.email].orgIdToOrgInfo, {}, "a user in no org has an empty map with include_orgs");
    assert.ok(result[a.email].orgIdToOrgInfo[acme.id] instanceof OrgMemberInfo);
  });

  await check("fetchBatchUserMetadataByUsernames: keyed by username, unknown ignored, duplicates once", async () => {
    const { result, x } = await withOneRequest(() =>
      auth.fetchBatchUserMetadataByUsernames([b.username, `nobody_${sfx}`, a.username, b.username])
    );
    assert.equal(x.path, `${API}/user/usernames`);
    assert.equal(JSON.parse(x.responseText).length, 2, "each user once");
    assert.deepEqual(Object.keys(result).sort(), [a.username, b.username].sort());
    assert.equal(result[b.username].userId, b.id);
  });

  await check("a malformed batch gives Error 'Bad request …'", async () => {
    await rejectsWithMessage(auth.fetchBatchUserMetadataByEmails([42]), "Bad request ");
  });

  // ---- queries

  const ours = () => [a, b, c].map((u) => u.id).sort();

  await check("fetchUsersByQuery with emailOrUsername matches part of the email", async () => {
    const { result: page, x } = await withOneRequest(() => auth.fetchUsersByQuery({ emailOrUsername: sfx, pageSize: 100 }));
    assert.equal(x.pathAndQuery, `${API}/user/query?page_size=100&email_or_username=${sfx}`);
    assertPage(page, { currentPage: 0, pageSize: 100, itemsKey: "users", totalKey: "totalUsers" });
    assert.deepEqual(page.users.map((u) => u.userId).sort(), ours());
    assert.equal(page.totalUsers, 3);
    assert.equal(page.hasMoreResults, false);
    page.users.forEach(assertUserShape);
  });

  await check("fetchUsersByQuery decodes '+' as a space and '%2B' as a plus", async () => {
    const plus = await withOneRequest(() => auth.fetchUsersByQuery({ emailOrUsername: `ada+tag@lk-${sfx}` }));
    assert.ok(plus.x.rawQuery.includes("email_or_username=ada%2Btag%40"), plus.x.rawQuery);
    assert.deepEqual(plus.result.users.map((u) => u.userId), [a.id], "'%2B' must decode to '+'");
    const space = await withOneRequest(() => auth.fetchUsersByQuery({ emailOrUsername: `ada tag@lk-${sfx}` }));
    assert.ok(space.x.rawQuery.includes("email_or_username=ada+tag%40"), space.x.rawQuery);
    assert.equal(space.result.totalUsers, 0, "'+' must decode to a space, which no email contains");
  });

  await check("fetchUsersByQuery matches part of a username, case-insensitively", async () => {
    const page = await auth.fetchUsersByQuery({ emailOrUsername: `OB_${sfx}`.toUpperCase() });
    assert.deepEqual(page.users.map((u) => u.userId), [b.id]);
  });

  await check("fetchUsersByQuery pages with pageSize and pageNumber", async () => {
    const first = await auth.fetchUsersByQuery({ emailOrUsername: sfx, pageSize: 2, pageNumber: 0, orderBy: "EMAIL" });
    assertPage(first, { currentPage: 0, pageSize: 2, itemsKey: "users", totalKey: "totalUsers" });
    assert.equal(first.users.length, 2);
    assert.equal(first.totalUsers, 3);
    assert.equal(first.hasMoreResults, true);
    const { result: second, x } = await withOneRequest(() =>
      auth.fetchUsersByQuery({ emailOrUsername: sfx, pageSize: 2, pageNumber: 1, orderBy: "EMAIL" })
    );
    assert.equal(x.pathAndQuery, `${API}/user/query?page_size=2&page_number=1&order_by=EMAIL&email_or_username=${sfx}`);
    assertPage(second, { currentPage: 1, pageSize: 2, itemsKey: "users", totalKey: "totalUsers" });
    assert.equal(second.users.length, 1);
    assert.equal(second.hasMoreResults, false);
    assert.deepEqual([...first.users, ...second.users].map((u) => u.userId).sort(), ours());
  });

  await check("fetchUsersByQuery orders by EMAIL, USERNAME, CREATED_AT_ASC/DESC and LAST_ACTIVE_AT_ASC/DESC", async () => {
    const emails = (await auth.fetchUsersByQuery({ emailOrUsername: sfx, orderBy: "EMAIL" })).users.map((u) => u.email);
    assert.deepEqual(emails, [a.email, b.email, c.email].sort());
    const names = (await auth.fetchUsersByQuery({ emailOrUsername: sfx, orderBy: "USERNAME" })).users
      .map((u) => u.username)
      .filter((n) => n);
    assert.deepEqual(names, [a.username, b.username].sort());
    for (const [orderBy, field, direction] of [
      ["CREATED_AT_ASC", "createdAt", 1],
      ["CREATED_AT_DESC", "createdAt", -1],
      ["LAST_ACTIVE_AT_ASC", "lastActiveAt", 1],
      ["LAST_ACTIVE_AT_DESC", "lastActiveAt", -1],
    ]) {
      const users = (await auth.fetchUsersByQuery({ emailOrUsername: sfx, orderBy })).users;
      assert.equal(users.length, 3, orderBy);
      for (let i = 1; i < users.length; i++) {
        assert.ok((users[i][field] - users[i - 1][field]) * direction >= 0, `${orderBy}: ${users.map((u) => u[field])}`);
      }
    }
  });

  await check("fetchUsersByQuery with includeOrgs", async () => {
    const { result: page, x } = await withOneRequest(() => auth.fetchUsersByQuery({ emailOrUsername: a.username, includeOrgs: true }));
    assert.equal(x.pathAndQuery, `${API}/user/query?email_or_username=${a.username}&include_orgs=true`);
    assert.equal(page.users.length, 1);
    assertMemberInfo(page.users[0].orgIdToOrgInfo[acme.id], { orgId: acme.id, orgName: acme.name, role: "Owner" });
  });

  await check("fetchUsersByQuery with an unknown orderBy gives Error 'Invalid query …'", async () => {
    await rejectsWithMessage(auth.fetchUsersByQuery({ orderBy: "SIDEWAYS" }), "Invalid query ");
  });

  await check("fetchUsersInOrg lists members with roleInOrg and additionalRolesInOrg", async () => {
    const { result: page, x } = await withOneRequest(() => auth.fetchUsersInOrg({ orgId: acme.id }));
    assert.equal(x.pathAndQuery, `${API}/user/org/${acme.id}?`);
    assertPage(page, { currentPage: 0, pageSize: 10, itemsKey: "users", totalKey: "totalUsers" });
    assert.equal(page.totalUsers, 2);
    const byId = Object.fromEntries(page.users.map((u) => [u.userId, u]));
    assert.deepEqual(Object.keys(byId).sort(), [a.id, b.id].sort());
    assert.equal(byId[a.id].roleInOrg, "Owner");
    assert.equal(byId[b.id].roleInOrg, "Admin");
    assert.deepEqual(byId[a.id].additionalRolesInOrg, []);
    assertUserShape(byId[a.id]);
  });

  await check("fetchUsersInOrg filters by role, pages, and includes orgs", async () => {
    const { result: owners, x } = await withOneRequest(() =>
      auth.fetchUsersInOrg({ orgId: acme.id, role: "Owner", pageSize: 5, pageNumber: 0, includeOrgs: true })
    );
    assert.equal(x.pathAndQuery, `${API}/user/org/${acme.id}?page_size=5&page_number=0&include_orgs=true&role=Owner`);
    assert.deepEqual(owners.users.map((u) => u.userId), [a.id]);
    assert.equal(owners.totalUsers, 1);
    assertMemberInfo(owners.users[0].orgIdToOrgInfo[acme.id], { orgId: acme.id, orgName: acme.name, role: "Owner" });
    const page1 = await auth.fetchUsersInOrg({ orgId: acme.id, pageSize: 1, pageNumber: 1 });
    assertPage(page1, { currentPage: 1, pageSize: 1, itemsKey: "users", totalKey: "totalUsers" });
    assert.equal(page1.users.length, 1);
    assert.equal(page1.hasMoreResults, false);
  });

  await check("fetchUsersInOrg with a non-UUID org gives an empty page without a request", async () => {
    const page = await withoutRequest(() => auth.fetchUsersInOrg({ orgId: "nope", pageSize: 7 }));
    assert.deepEqual(page, { users: [], totalUsers: 0, currentPage: 0, pageSize: 7, hasMoreResults: false });
  });

  await check("fetchUsersInOrg with an unknown org gives the generic Error (a 404)", async () => {
    await rejectsWithMessage(auth.fetchUsersInOrg({ orgId: unknownId() }), "Unknown error when fetching users in org");
  });

  await check("fetchUsersInOrg with a negative pageNumber gives Error 'Invalid query …'", async () => {
    await rejectsWithMessage(auth.fetchUsersInOrg({ orgId: acme.id, pageNumber: -1 }), "Invalid query ");
  });

  await check("fetchOrgByQuery sends a JSON body and keeps the other keys snake_case", async () => {
    const { result: page, x } = await withOneRequest(() => auth.fetchOrgByQuery({ name: sfx, orderBy: "NAME" }));
    assert.equal(x.method, "POST");
    assert.equal(x.pathAndQuery, `${API}/org/query`);
    assert.deepEqual(JSON.parse(x.body), { name: sfx, order_by: "NAME" });
    assertPage(page, { currentPage: 0, pageSize: 10, itemsKey: "orgs", totalKey: "totalOrgs" });
    assert.equal(page.totalOrgs, 2);
    assert.deepEqual(page.orgs.map((o) => o.orgId), [acme.id, globex.id], "ordered by name");
    const g = page.orgs[1];
    assert.equal(g.name, globex.name);
    assert.equal(g.maxUsers, 5);
    assert.equal(g.legacyOrgId, globex.legacy);
    assert.equal(g.is_saml_configured, false, "is_saml_configured stays snake_case (ref §6)");
    assert.deepEqual(g.metadata, {});
  });

  await check("fetchOrgByQuery pages, and filters by legacyOrgId and domain", async () => {
    const first = await auth.fetchOrgByQuery({ name: sfx, orderBy: "NAME", pageSize: 1, pageNumber: 0 });
    assertPage(first, { currentPage: 0, pageSize: 1, itemsKey: "orgs", totalKey: "totalOrgs" });
    assert.deepEqual(first.orgs.map((o) => o.orgId), [acme.id]);
    assert.equal(first.hasMoreResults, true);
    const second = await auth.fetchOrgByQuery({ name: sfx, orderBy: "NAME", pageSize: 1, pageNumber: 1 });
    assert.deepEqual(second.orgs.map((o) => o.orgId), [globex.id]);
    assert.equal(second.hasMoreResults, false);
    const byLegacy = await auth.fetchOrgByQuery({ legacyOrgId: globex.legacy });
    assert.deepEqual(byLegacy.orgs.map((o) => o.orgId), [globex.id]);
    const byDomain = await auth.fetchOrgByQuery({ domain: globex.domain });
    assert.deepEqual(byDomain.orgs.map((o) => o.orgId), [globex.id]);
  });

  await check("fetchOrgByQuery with an unknown orderBy gives Error 'Invalid query …'", async () => {
    await rejectsWithMessage(auth.fetchOrgByQuery({ orderBy: "SIDEWAYS" }), "Invalid query ");
  });

  // ---- invitations

  const invitee = `invitee@${domain}`;

  await check("inviteUserToOrg sends POST /invite_user and resolves true", async () => {
    const { result, x } = await withOneRequest(() => auth.inviteUserToOrg({ orgId: acme.id, email: invitee, role: "Member" }));
    assert.equal(x.pathAndQuery, `${API}/invite_user`);
    assert.deepEqual(JSON.parse(x.body), { org_id: acme.id, email: invitee, role: "Member", additional_roles: [] });
    assert.equal(result, true);
  });

  await check("inviteUserToOrg to an unknown org gives false", async () => {
    assert.equal(await auth.inviteUserToOrg({ orgId: unknownId(), email: invitee, role: "Member" }), false);
  });

  await check("inviteUserToOrg with an unknown role gives BadRequestException naming role", async () => {
    await rejects(auth.inviteUserToOrg({ orgId: acme.id, email: `x@${domain}`, role: "Emperor" }), BadRequestException, "role");
  });

  await check("inviteUserToOrg with an invalid email gives BadRequestException naming email", async () => {
    await rejects(auth.inviteUserToOrg({ orgId: acme.id, email: "not-an-email", role: "Member" }), BadRequestException, "email");
  });

  await check("inviteUserToOrg of a member gives BadRequestException", async () => {
    await rejects(auth.inviteUserToOrg({ orgId: acme.id, email: a.email, role: "Member" }), BadRequestException);
  });

  await check("inviteUserToOrgByUserId resolves true; an unknown user gives false", async () => {
    const { result, x } = await withOneRequest(() => auth.inviteUserToOrgByUserId({ orgId: acme.id, userId: c.id, role: "Admin" }));
    assert.equal(x.pathAndQuery, `${API}/invite_user_by_id`);
    assert.deepEqual(JSON.parse(x.body), { org_id: acme.id, user_id: c.id, role: "Admin", additional_roles: [] });
    assert.equal(result, true);
    assert.equal(await auth.inviteUserToOrgByUserId({ orgId: acme.id, userId: unknownId(), role: "Admin" }), false);
    assert.equal(await auth.inviteUserToOrgByUserId({ orgId: unknownId(), userId: c.id, role: "Admin" }), false);
  });

  await check("fetchPendingInvites lists both invitations of the org", async () => {
    const { result: page, x } = await withOneRequest(() => auth.fetchPendingInvites({ orgId: acme.id, pageSize: 50 }));
    assert.equal(x.pathAndQuery, `${API}/pending_org_invites?org_id=${acme.id}&page_size=50`);
    assertPage(page, { currentPage: 0, pageSize: 50, itemsKey: "invites", totalKey: "totalInvites" });
    assert.equal(page.totalInvites, 2);
    const byEmail = Object.fromEntries(page.invites.map((i) => [i.inviteeEmail, i]));
    assert.deepEqual(Object.keys(byEmail).sort(), [c.email, invitee].sort());
    const i = byEmail[invitee];
    assert.equal(i.orgId, acme.id);
    assert.equal(i.orgName, acme.name);
    assert.equal(i.roleInOrg, "Member");
    assert.deepEqual(i.additionalRolesInOrg, []);
    assert.ok(Number.isInteger(i.createdAt) && Number.isInteger(i.expiresAt) && i.expiresAt > i.createdAt, JSON.stringify(i));
    assert.equal(byEmail[c.email].roleInOrg, "Admin");
  });

  await check("fetchPendingInvites without an org lists invitations of every org", async () => {
    const { result: page, x } = await withOneRequest(() => auth.fetchPendingInvites({ pageSize: 100 }));
    assert.equal(x.pathAndQuery, `${API}/pending_org_invites?page_size=100`);
    assertPage(page, { currentPage: 0, pageSize: 100, itemsKey: "invites", totalKey: "totalInvites" });
    assert.ok(page.totalInvites >= 2, `totalInvites ${page.totalInvites}`);
  });

  await check("fetchPendingInvites pages with pageNumber", async () => {
    const page = await auth.fetchPendingInvites({ orgId: acme.id, pageSize: 1, pageNumber: 1 });
    assertPage(page, { currentPage: 1, pageSize: 1, itemsKey: "invites", totalKey: "totalInvites" });
    assert.equal(page.invites.length, 1);
    assert.equal(page.hasMoreResults, false);
  });

  await check("revokePendingOrgInvite sends DELETE with a JSON body, then gives false", async () => {
    const { result, x } = await withOneRequest(() => auth.revokePendingOrgInvite({ orgId: acme.id, inviteeEmail: invitee }));
    assert.equal(x.method, "DELETE");
    assert.equal(x.pathAndQuery, `${API}/pending_org_invites`);
    assert.deepEqual(JSON.parse(x.body), { invitee_email: invitee, org_id: acme.id });
    assert.equal(result, true);
    assert.equal(await auth.revokePendingOrgInvite({ orgId: acme.id, inviteeEmail: invitee }), false);
    const page = await auth.fetchPendingInvites({ orgId: acme.id });
    assert.deepEqual(page.invites.map((i) => i.inviteeEmail), [c.email]);
  });

  await check("revokePendingOrgInvite with an invalid email gives RevokePendingOrgInviteException", async () => {
    await rejects(
      auth.revokePendingOrgInvite({ orgId: acme.id, inviteeEmail: "not-an-email" }),
      propelauth.RevokePendingOrgInviteException,
      "invitee_email"
    );
  });

  await check("inviteUserToOrgByUserId with an unknown role gives BadRequestException naming role", async () => {
    await rejects(auth.inviteUserToOrgByUserId({ orgId: acme.id, userId: b.id, role: "Emperor" }), BadRequestException, "role");
  });

  // ---- org changes

  await check("updateOrg changes metadata and more; fetchOrg shows it, metadata keys untouched", async () => {
    const metadata = { billing_tier: "gold", nested_value: { seat_count: 3 } };
    acme.name = `Acme Renamed ${sfx}`;
    const extra = [`${sfx}.example.net`];
    const { result, x } = await withOneRequest(() =>
      auth.updateOrg({
        orgId: acme.id,
        name: acme.name,
        metadata,
        maxUsers: 50,
        canSetupSaml: true,
        domain: `${sfx}.example.com`,
        canJoinOnEmailDomainMatch: false,
        membersMustHaveEmailDomainMatch: false,
        legacyOrgId: `legacy-acme-${sfx}`,
        extraDomains: extra,
        passwordRotationEnabled: true,
        passwordRotationHistorySize: 5,
        passwordRotationPeriod: 90,
      })
    );
    assert.equal(x.method, "PUT");
    assert.equal(x.pathAndQuery, `${API}/org/${acme.id}`);
    assert.equal(result, true);
    const o = await auth.fetchOrg(acme.id);
    assert.equal(o.name, acme.name);
    assert.equal(o.urlSafeOrgSlug, acme.name.toLowerCase().replace(/ /g, "-"));
    assert.deepEqual(o.metadata, metadata, "keys under metadata are not camelCased");
    assert.equal(o.maxUsers, 50);
    assert.equal(o.canSetupSaml, true);
    assert.equal(o.domain, `${sfx}.example.com`);
    assert.deepEqual(o.extraDomains, extra);
    assert.equal(o.legacyOrgId, `legacy-acme-${sfx}`);
    assert.equal(o.passwordRotationEnabled, true);
    assert.equal(o.passwordRotationHistorySize, 5);
    assert.equal(o.passwordRotationPeriod, 90);
  });

  await check("updateOrg maps canJoinOnEmailDomainMatch and membersMustHaveEmailDomainMatch to the domain flags", async () => {
    const { result, x } = await withOneRequest(() =>
      auth.updateOrg({ orgId: globex.id, canJoinOnEmailDomainMatch: true, membersMustHaveEmailDomainMatch: true })
    );
    assert.deepEqual(JSON.parse(x.body), { autojoin_by_domain: true, restrict_to_domain: true });
    assert.equal(result, true);
    let o = await auth.fetchOrg(globex.id);
    assert.equal(o.domainAutojoin, true);
    assert.equal(o.domainRestrict, true);
    assert.equal(await auth.updateOrg({ orgId: globex.id, canJoinOnEmailDomainMatch: false, membersMustHaveEmailDomainMatch: false }), true);
    o = await auth.fetchOrg(globex.id);
    assert.equal(o.domainAutojoin, false);
    assert.equal(o.domainRestrict, false);
  });

  await check("org members see the new org name and metadata (org_metadata untouched)", async () => {
    const u = await auth.fetchUserMetadataByUserId(a.id, true);
    const info = u.orgIdToOrgInfo[acme.id];
    assertMemberInfo(info, { orgId: acme.id, orgName: acme.name, role: "Owner" });
    assert.deepEqual(info.orgMetadata, { billing_tier: "gold", nested_value: { seat_count: 3 } });
  });

  await check("updateOrg with an invalid maxUsers gives UpdateOrgException naming max_users", async () => {
    await rejects(auth.updateOrg({ orgId: acme.id, maxUsers: -1 }), UpdateOrgException, "max_users");
  });

  await check("updateOrg with an unknown UUID gives false; a non-UUID gives false without a request", async () => {
    assert.equal(await auth.updateOrg({ orgId: unknownId(), metadata: { a: 1 } }), false);
    assert.equal(await withoutRequest(() => auth.updateOrg({ orgId: "nope", metadata: { a: 1 } })), false);
  });

  await check("subscribeOrgToRoleMapping sends PUT /org/{id} with custom_role_mapping_name", async () => {
    const { result, x } = await withOneRequest(() => auth.subscribeOrgToRoleMapping(acme.id, "Conformance mapping"));
    assert.equal(x.method, "PUT");
    assert.equal(x.pathAndQuery, `${API}/org/${acme.id}`);
    assert.deepEqual(JSON.parse(x.body), { custom_role_mapping_name: "Conformance mapping" });
    assert.equal(result, true);
    assert.equal((await auth.fetchOrg(acme.id)).customRoleMappingName, "Conformance mapping");
    assert.equal(await auth.subscribeOrgToRoleMapping(unknownId(), "Conformance mapping"), false);
    assert.equal(await withoutRequest(() => auth.subscribeOrgToRoleMapping("nope", "Conformance mapping")), false);
  });

  await check("disallowOrgToSetupSamlConnection / allow… (no body) resolve true and show in fetchOrg", async () => {
    const { result, x } = await withOneRequest(() => auth.disallowOrgToSetupSamlConnection(acme.id));
    assert.equal(x.method, "POST");
    assert.equal(x.pathAndQuery, `${API}/org/${acme.id}/disallow_saml`);
    assert.equal(x.body, undefined);
    assert.equal(result, true);
    assert.equal((await auth.fetchOrg(acme.id)).canSetupSaml, false);
    const allowed = await withOneRequest(() => auth.allowOrgToSetupSamlConnection(acme.id));
    assert.equal(allowed.x.pathAndQuery, `${API}/org/${acme.id}/allow_saml`);
    assert.equal(allowed.result, true);
    assert.equal((await auth.fetchOrg(acme.id)).canSetupSaml, true);
  });

  await check("allow/disallowOrgToSetupSamlConnection with an unknown UUID give false, a non-UUID without a request", async () => {
    assert.equal(await auth.allowOrgToSetupSamlConnection(unknownId()), false);
    assert.equal(await auth.disallowOrgToSetupSamlConnection(unknownId()), false);
    assert.equal(await withoutRequest(() => auth.allowOrgToSetupSamlConnection("nope")), false);
    assert.equal(await withoutRequest(() => auth.disallowOrgToSetupSamlConnection("nope")), false);
  });

  await check("removeUserFromOrg resolves true, then false; the member is gone", async () => {
    const { result, x } = await withOneRequest(() => auth.removeUserFromOrg({ userId: b.id, orgId: acme.id }));
    assert.equal(x.pathAndQuery, `${API}/org/remove_user`);
    assert.deepEqual(JSON.parse(x.body), { user_id: b.id, org_id: acme.id });
    assert.equal(result, true);
    assert.equal(await auth.removeUserFromOrg({ userId: b.id, orgId: acme.id }), false);
    const page = await auth.fetchUsersInOrg({ orgId: acme.id });
    assert.deepEqual(page.users.map((u) => u.userId), [a.id]);
    assert.deepEqual((await auth.fetchUserMetadataByUserId(b.id, true)).orgIdToOrgInfo, {});
  });

  await check("removeUserFromOrg with a malformed user id gives RemoveUserFromOrgException", async () => {
    await rejects(auth.removeUserFromOrg({ userId: "not-a-uuid", orgId: acme.id }), propelauth.RemoveUserFromOrgException, "user_id");
  });

  // ---- user changes

  await check("createUser with askUserToUpdatePasswordOnLogin sets updatePasswordRequired", async () => {
    const { userId } = await auth.createUser({
      email: `eve@${domain}`,
      emailConfirmed: true,
      password: "correct horse battery staple",
      askUserToUpdatePasswordOnLogin: true,
    });
    const u = await auth.fetchUserMetadataByUserId(userId);
    assert.equal(u.hasPassword, true);
    assert.equal(u.updatePasswordRequired, true);
    assert.equal(await auth.deleteUser(userId), true);
  });

  await check("updateUserMetadata changes the profile; metadata keys untouched, properties camelCased", async () => {
    const { result, x } = await withOneRequest(() =>
      auth.updateUserMetadata(a.id, {
        firstName: "Augusta",
        lastName: "King",
        pictureUrl: "https://example.com/ada.png",
        metadata: { plan_tier: "pro", seat_info: { max_seats: 3 } },
        properties: { fav_color: "green" },
        updatePasswordRequired: true,
        legacyUserId: `legacy-ada-${sfx}`,
        username: `ada2_${sfx}`,
      })
    );
    assert.equal(x.method, "PUT");
    assert.equal(x.pathAndQuery, `${API}/user/${a.id}`);
    assert.equal(result, true);
    a.username = `ada2_${sfx}`;
    const u = await auth.fetchUserMetadataByUserId(a.id);
    assert.equal(u.firstName, "Augusta");
    assert.equal(u.lastName, "King");
    assert.equal(u.pictureUrl, "https://example.com/ada.png");
    assert.equal(u.username, a.username);
    assert.deepEqual(u.metadata, { plan_tier: "pro", seat_info: { max_seats: 3 } });
    assert.deepEqual(u.properties, { favColor: "green" });
    assert.equal(u.updatePasswordRequired, true);
    assert.equal(u.legacyUserId, `legacy-ada-${sfx}`);
  });

  await check("updateUserMetadata with an invalid username gives UpdateUserMetadataException naming username", async () => {
    await rejects(auth.updateUserMetadata(a.id, { username: "has a space" }), UpdateUserMetadataException, "username");
  });

  await check("updateUserMetadata with an unknown UUID gives false; a non-UUID without a request", async () => {
    assert.equal(await auth.updateUserMetadata(unknownId(), { firstName: "X" }), false);
    assert.equal(await withoutRequest(() => auth.updateUserMetadata("nope", { firstName: "X" })), false);
  });

  await check("updateUserEmail without confirmation changes the email at once", async () => {
    b.email = `bob.new@${domain}`;
    const { result, x } = await withOneRequest(() => auth.updateUserEmail(b.id, { newEmail: b.email, requireEmailConfirmation: false }));
    assert.equal(x.pathAndQuery, `${API}/user/${b.id}/email`);
    assert.deepEqual(JSON.parse(x.body), { new_email: b.email, require_email_confirmation: false });
    assert.equal(result, true);
    const u = await auth.fetchUserMetadataByUserId(b.id);
    assert.equal(u.email, b.email);
    assert.equal(u.emailConfirmed, true);
  });

  await check("updateUserEmail with confirmation required resolves true", async () => {
    assert.equal(await auth.updateUserEmail(b.id, { newEmail: `bob.pending@${domain}`, requireEmailConfirmation: true }), true);
  });

  await check("updateUserEmail with an invalid or taken email gives UpdateUserEmailException naming new_email", async () => {
    await rejects(auth.updateUserEmail(b.id, { newEmail: "nope", requireEmailConfirmation: false }), UpdateUserEmailException, "new_email");
    await rejects(auth.updateUserEmail(b.id, { newEmail: a.email, requireEmailConfirmation: false }), UpdateUserEmailException, "new_email");
  });

  await check("updateUserEmail with an unknown UUID gives false; a non-UUID without a request", async () => {
    assert.equal(await auth.updateUserEmail(unknownId(), { newEmail: `x@${domain}`, requireEmailConfirmation: false }), false);
    assert.equal(await withoutRequest(() => auth.updateUserEmail("nope", { newEmail: `x@${domain}`, requireEmailConfirmation: false })), false);
  });

  await check("updateUserPassword sets a password and the update-required flag", async () => {
    const { result, x } = await withOneRequest(() =>
      auth.updateUserPassword(b.id, { password: "another good password", askUserToUpdatePasswordOnLogin: false })
    );
    assert.equal(x.pathAndQuery, `${API}/user/${b.id}/password`);
    assert.equal(result, true);
    let u = await auth.fetchUserMetadataByUserId(b.id);
    assert.equal(u.hasPassword, true);
    assert.equal(u.updatePasswordRequired, false);
    assert.equal(await auth.updateUserPassword(b.id, { password: "yet another password", askUserToUpdatePasswordOnLogin: true }), true);
    u = await auth.fetchUserMetadataByUserId(b.id);
    assert.equal(u.updatePasswordRequired, true);
  });

  await check("updateUserPassword with a too short password gives UpdateUserPasswordException naming password", async () => {
    await rejects(auth.updateUserPassword(b.id, { password: "abc" }), UpdateUserPasswordException, "password");
  });

  await check("updateUserPassword with an unknown UUID gives false; a non-UUID without a request", async () => {
    assert.equal(await auth.updateUserPassword(unknownId(), { password: "another good password" }), false);
    assert.equal(await withoutRequest(() => auth.updateUserPassword("nope", { password: "another good password" })), false);
  });

  await check("clearUserPassword (PUT, no body) resolves true and removes the password", async () => {
    const { result, x } = await withOneRequest(() => auth.clearUserPassword(b.id));
    assert.equal(x.method, "PUT");
    assert.equal(x.pathAndQuery, `${API}/user/${b.id}/clear_password`);
    assert.equal(x.body, undefined);
    assert.equal(result, true);
    assert.equal((await auth.fetchUserMetadataByUserId(b.id)).hasPassword, false);
  });

  await check("clearUserPassword with an unknown UUID gives Error (there is no false); a non-UUID gives false", async () => {
    await rejectsWithMessage(auth.clearUserPassword(unknownId()), "Unknown error when clearing password");
    assert.equal(await withoutRequest(() => auth.clearUserPassword("nope")), false);
  });

  await check("disableUser / enableUser (POST, no body) resolve true and show in enabled", async () => {
    const { result, x } = await withOneRequest(() => auth.disableUser(b.id));
    assert.equal(x.method, "POST");
    assert.equal(x.pathAndQuery, `${API}/user/${b.id}/disable`);
    assert.equal(result, true);
    assert.equal((await auth.fetchUserMetadataByUserId(b.id)).enabled, false);
    const enabled = await withOneRequest(() => auth.enableUser(b.id));
    assert.equal(enabled.x.pathAndQuery, `${API}/user/${b.id}/enable`);
    assert.equal(enabled.result, true);
    assert.equal((await auth.fetchUserMetadataByUserId(b.id)).enabled, true);
  });

  await check("disableUser / enableUser with an unknown UUID give false, a non-UUID without a request", async () => {
    assert.equal(await auth.disableUser(unknownId()), false);
    assert.equal(await auth.enableUser(unknownId()), false);
    assert.equal(await withoutRequest(() => auth.disableUser("nope")), false);
    assert.equal(await withoutRequest(() => auth.enableUser("nope")), false);
  });

  await check("enableUserCanCreateOrgs / disable… (PUT, no body) resolve true and show in canCreateOrgs", async () => {
    const { result, x } = await withOneRequest(() => auth.enableUserCanCreateOrgs(b.id));
    assert.equal(x.method, "PUT");
    assert.equal(x.pathAndQuery, `${API}/user/${b.id}/can_create_orgs/enable`);
    assert.equal(result, true);
    assert.equal((await auth.fetchUserMetadataByUserId(b.id)).canCreateOrgs, true);
    const disabled = await withOneRequest(() => auth.disableUserCanCreateOrgs(b.id));
    assert.equal(disabled.x.pathAndQuery, `${API}/user/${b.id}/can_create_orgs/disable`);
    assert.equal(disabled.result, true);
    assert.equal((await auth.fetchUserMetadataByUserId(b.id)).canCreateOrgs, false);
  });

  await check("enableUserCanCreateOrgs / disable… with an unknown UUID give false", async () => {
    assert.equal(await auth.enableUserCanCreateOrgs(unknownId()), false);
    assert.equal(await auth.disableUserCanCreateOrgs(unknownId()), false);
    assert.equal(await withoutRequest(() => auth.enableUserCanCreateOrgs("nope")), false);
  });

  await check("logoutAllUserSessions resolves true; an unknown UUID gives false", async () => {
    const { result, x } = await withOneRequest(() => auth.logoutAllUserSessions(b.id));
    assert.equal(x.method, "POST");
    assert.equal(x.pathAndQuery, `${API}/user/${b.id}/logout_all_sessions`);
    assert.equal(result, true);
    assert.equal(await auth.logoutAllUserSessions(unknownId()), false);
    assert.equal(await withoutRequest(() => auth.logoutAllUserSessions("nope")), false);
  });

  await check("resendEmailConfirmation resolves true for an unconfirmed user", async () => {
    const { result, x } = await withOneRequest(() => auth.resendEmailConfirmation(c.id));
    assert.equal(x.pathAndQuery, `${API}/resend_email_confirmation`);
    assert.deepEqual(JSON.parse(x.body), { user_id: c.id });
    assert.equal(result, true);
  });

  await check("resendEmailConfirmation right again gives RateLimitedException with the user-facing message", async () => {
    const e = await rejects(auth.resendEmailConfirmation(c.id), RateLimitedException);
    assert.ok(e.message.length > 0 && !e.message.startsWith("{"), `the message must be user_facing_error, got "${e.message}"`);
  });

  await check("resendEmailConfirmation for a confirmed user gives BadRequestException; unknown gives false", async () => {
    await rejects(auth.resendEmailConfirmation(a.id), BadRequestException, "user_id");
    assert.equal(await auth.resendEmailConfirmation(unknownId()), false);
    assert.equal(await withoutRequest(() => auth.resendEmailConfirmation("nope")), false);
  });

  // ---- migration

  const mfaSecret = base32(crypto.randomBytes(20));

  await check("migrateUserFromExternalSource sends POST /migrate_user/ with a bcrypt hash and an MFA secret", async () => {
    const { result, x } = await withOneRequest(() =>
      auth.migrateUserFromExternalSource({
        email: m.email,
        emailConfirmed: true,
        existingUserId: m.legacy,
        existingPasswordHash: BCRYPT_HASH,
        existingMfaBase32EncodedSecret: mfaSecret,
        askUserToUpdatePasswordOnLogin: false,
        enabled: true,
        firstName: "Grace",
        lastName: "Hopper",
        username: m.username,
        pictureUrl: "https://example.com/grace.png",
        properties: { team_name: "navy" },
      })
    );
    assert.equal(x.method, "POST");
    assert.equal(x.path, `${API}/migrate_user/`);
    assert.equal(JSON.parse(x.body).update_password_required, false);
    assertUuid(result.userId, "userId");
    m.id = result.userId;
  });

  await check("a migrated user has a password, MFA and the legacy id", async () => {
    const u = await auth.fetchUserMetadataByUserId(m.id);
    assertUserShape(u);
    assert.equal(u.email, m.email);
    assert.equal(u.emailConfirmed, true);
    assert.equal(u.hasPassword, true);
    assert.equal(u.mfaEnabled, true);
    assert.equal(u.legacyUserId, m.legacy);
    assert.equal(u.enabled, true);
    assert.equal(u.updatePasswordRequired, false);
    assert.equal(u.firstName, "Grace");
    assert.equal(u.username, m.username);
    assert.equal(u.pictureUrl, "https://example.com/grace.png");
    assert.deepEqual(u.properties, { teamName: "navy" });
    assert.ok(!JSON.stringify(u).includes(BCRYPT_HASH), "the password hash must never be returned");
    assert.ok(!JSON.stringify(u).includes(mfaSecret), "the MFA secret must never be returned");
  });

  await check("fetchUsersByQuery with legacyUserId finds the migrated user", async () => {
    const { result: page, x } = await withOneRequest(() => auth.fetchUsersByQuery({ legacyUserId: m.legacy }));
    assert.equal(x.pathAndQuery, `${API}/user/query?legacy_user_id=${m.legacy}`);
    assert.deepEqual(page.users.map((u) => u.userId), [m.id]);
  });

  await check("disableUser2fa resolves true and turns MFA off; an unknown UUID gives false", async () => {
    const { result, x } = await withOneRequest(() => auth.disableUser2fa(m.id));
    assert.equal(x.method, "POST");
    assert.equal(x.pathAndQuery, `${API}/user/${m.id}/disable_2fa`);
    assert.equal(result, true);
    assert.equal((await auth.fetchUserMetadataByUserId(m.id)).mfaEnabled, false);
    assert.equal(await auth.disableUser2fa(unknownId()), false);
    assert.equal(await withoutRequest(() => auth.disableUser2fa("nope")), false);
  });

  await check("migrateUserFromExternalSource with enabled false and askUserToUpdatePasswordOnLogin", async () => {
    const { result, x } = await withOneRequest(() =>
      auth.migrateUserFromExternalSource({
        email: `mig4@${domain}`,
        emailConfirmed: false,
        existingPasswordHash: BCRYPT_HASH,
        askUserToUpdatePasswordOnLogin: true,
        enabled: false,
      })
    );
    assert.equal(JSON.parse(x.body).update_password_required, true);
    const u = await auth.fetchUserMetadataByUserId(result.userId);
    assert.equal(u.enabled, false);
    assert.equal(u.emailConfirmed, false);
    assert.equal(u.updatePasswordRequired, true);
    assert.equal(u.hasPassword, true);
    assert.equal(u.mfaEnabled, false);
    assert.equal(u.legacyUserId ?? null, null);
    assert.equal(await auth.deleteUser(result.userId), true);
  });

  await check("migrateUserFromExternalSource with a plain-text password hash gives MigrateUserException", async () => {
    await rejects(
      auth.migrateUserFromExternalSource({ email: `mig2@${domain}`, emailConfirmed: true, existingPasswordHash: "hunter2" }),
      MigrateUserException,
      "existing_password_hash"
    );
  });

  await check("migrateUserFromExternalSource with a bad MFA secret gives MigrateUserException", async () => {
    await rejects(
      auth.migrateUserFromExternalSource({ email: `mig3@${domain}`, emailConfirmed: true, existingMfaBase32EncodedSecret: "not base32!" }),
      MigrateUserException,
      "existing_mfa_base32_encoded_secret"
    );
  });

  await check("migrateUserFromExternalSource with a taken email gives MigrateUserException naming email", async () => {
    await rejects(auth.migrateUserFromExternalSource({ email: m.email, emailConfirmed: true }), MigrateUserException, "email");
  });

  await check("migrateUserPassword sets a bcrypt hash; the JSON answer is returned", async () => {
    const { result, x } = await withOneRequest(() => auth.migrateUserPassword({ userId: c.id, passwordHash: BCRYPT_HASH }));
    assert.equal(x.pathAndQuery, `${API}/migrate_user/password`);
    assert.deepEqual(JSON.parse(x.body), { user_id: c.id, password_hash: BCRYPT_HASH });
    assert.ok(x.status < 400, `status ${x.status}`);
    assert.equal(typeof result, "object", `the parsed JSON answer, got ${JSON.stringify(result)}`);
    assert.equal((await auth.fetchUserMetadataByUserId(c.id)).hasPassword, true);
  });

  await check("migrateUserPassword with a bad hash gives MigrateUserPasswordException; a non-UUID gives false", async () => {
    await rejects(auth.migrateUserPassword({ userId: c.id, passwordHash: "hunter2" }), MigrateUserPasswordException, "password_hash");
    assert.equal(await withoutRequest(() => auth.migrateUserPassword({ userId: "nope", passwordHash: BCRYPT_HASH })), false);
  });

  // ---- access tokens (ref §2, §3, §5 createAccessToken)

  const tk = {
    org: { name: `Tokens ${sfx}` },
    other: { name: `Other ${sfx}` },
    Owner: { email: `tok.owner@${domain}`, username: `tok_owner_${sfx}`, firstName: "Olive", lastName: "Owens" },
    Admin: { email: `tok.admin@${domain}` },
    Member: { email: `tok.member@${domain}` },
    outsider: { email: `tok.outsider@${domain}` },
  };
  const roleInfo = {};
  const tokens = {};
  const allPermissions = () => roleInfo.Owner.permissions;
  /** The server's time in unix seconds: the iat of a fresh one-minute token. */
  const serverSeconds = async () =>
    decodeJwt((await auth.createAccessToken({ userId: tk.outsider.id, durationInMinutes: 1 })).access_token).payload.iat;

  await check("GET /api/admin/v1/roles lists Owner > Admin > Member, each with the roles below it and growing permissions", async () => {
    const { status, body } = await direct("/api/admin/v1/roles", apiKey);
    assert.equal(status, 200, JSON.stringify(body));
    assert.equal(body.org_role_structure, "single_role_in_hierarchy");
    assert.deepEqual(body.roles.map((r) => r.name), ROLES, "the default hierarchy, highest first");
    for (const r of body.roles) {
      roleInfo[r.name] = { inherited: r.inherited_roles, permissions: r.permissions };
      assert.deepEqual(r.inherited_roles, ROLES.slice(ROLES.indexOf(r.name)), `roles at or below ${r.name}`);
      assert.ok(Array.isArray(r.permissions) && r.permissions.every((p) => typeof p === "string"), `${r.name} permissions`);
    }
    const { Owner, Admin, Member } = roleInfo;
    assert.ok(Member.permissions.length > 0, "a Member must have some permission");
    assert.ok(Member.permissions.every((p) => Admin.permissions.includes(p)), "Member's within Admin's");
    assert.ok(Admin.permissions.every((p) => Owner.permissions.includes(p)), "Admin's within Owner's");
    assert.ok(Admin.permissions.length > Member.permissions.length && Owner.permissions.length > Admin.permissions.length, "each role adds permissions");
  });

  await check("set up: a token org with an Owner, an Admin and a Member, a second org, and a user in no org", async () => {
    tk.org.id = (await auth.createOrg({ name: tk.org.name })).orgId;
    tk.other.id = (await auth.createOrg({ name: tk.other.name })).orgId;
    for (const role of ROLES) {
      const u = tk[role];
      u.id = (await auth.createUser({ ...u, emailConfirmed: true, properties: { fav_color: "teal" } })).userId;
      assert.equal(await auth.addUserToOrg({ userId: u.id, orgId: tk.org.id, role }), true);
    }
    assert.equal(await auth.addUserToOrg({ userId: tk.Owner.id, orgId: tk.other.id, role: "Member" }), true);
    tk.outsider.id = (await auth.createUser({ email: tk.outsider.email, emailConfirmed: true })).userId;
  });

  await check("createAccessToken sends POST /access_token and answers {access_token}, an RS256 JWT with the claims of ref §2", async () => {
    const { result, x } = await withOneRequest(() => auth.createAccessToken({ userId: tk.Owner.id, durationInMinutes: 60 }));
    assert.equal(x.method, "POST");
    assert.equal(x.pathAndQuery, `${API}/access_token`);
    assert.deepEqual(JSON.parse(x.body), { user_id: tk.Owner.id, duration_in_minutes: 60 }, "active_org_id is left out when undefined");
    assert.ok(x.status < 400, `status ${x.status}`);
    assert.deepEqual(Object.keys(result), ["access_token"], "the answer is returned as-is, not camelCased");
    const { header, payload } = decodeJwt(result.access_token);
    assert.equal(header.alg, "RS256");
    assert.equal(header.kid, signing.kid, "signed by the key the metadata publishes");
    assert.equal(payload.iss, authUrl, "iss is the origin the client derives from authUrl");
    assert.equal(payload.user_id, tk.Owner.id);
    assert.equal(payload.email, tk.Owner.email);
    assert.equal(payload.first_name, "Olive");
    assert.equal(payload.last_name, "Owens");
    assert.equal(payload.username, tk.Owner.username);
    assert.deepEqual(payload.login_method, { login_method: "generated_from_backend_api" });
    for (const f of ["iat", "exp"]) {
      assert.ok(Number.isInteger(payload[f]), `${f} must be whole unix seconds, got ${payload[f]}`);
    }
    assert.equal(payload.exp - payload.iat, 60 * 60, "exp = iat + duration_in_minutes");
    const now = Math.floor(Date.now() / 1000);
    if (clockLag !== undefined) {
      assert.ok(Math.abs(payload.iat - (now - clockLag)) <= 60, `iat ${payload.iat} should be ${clockLag}s behind now ${now}`);
    }
    assert.ok(payload.exp > now, `a 60-minute token must not be expired yet (exp ${payload.exp}, now ${now})`);
    assert.equal(payload.org_member_info, undefined, "org_member_info only with an active org");
    assert.deepEqual(Object.keys(payload.org_id_to_org_member_info).sort(), [tk.org.id, tk.other.id].sort());
    const entry = payload.org_id_to_org_member_info[tk.org.id];
    assert.equal(entry.org_id, tk.org.id);
    assert.equal(entry.org_name, tk.org.name);
    assert.equal(entry.url_safe_org_name, tk.org.name.toLowerCase().replace(/ /g, "-"));
    assert.equal(entry.user_role, "Owner");
    assert.deepEqual(entry.inherited_user_roles_plus_current_role, roleInfo.Owner.inherited, "ref §3: both arrays always sent");
    assert.deepEqual([...entry.user_permissions].sort(), [...roleInfo.Owner.permissions].sort());
    assert.equal(entry.org_role_structure, "single_role_in_hierarchy");
    assert.deepEqual(entry.additional_roles, []);
    tokens.Owner = result.access_token;
  });

  await check("createAccessToken for the Admin, the Member and the user in no org", async () => {
    for (const who of ["Admin", "Member", "outsider"]) {
      tokens[who] = (await auth.createAccessToken({ userId: tk[who].id, durationInMinutes: 60 })).access_token;
      assert.equal(decodeJwt(tokens[who]).payload.user_id, tk[who].id);
    }
    assert.deepEqual(decodeJwt(tokens.outsider).payload.org_id_to_org_member_info, {}, "a user in no org has an empty map");
  });

  await check("validateAccessTokenAndGetUser accepts the token without a request: ids, names, OrgMemberInfo entries, login method", async () => {
    const u = await withoutRequest(() => auth.validateAccessTokenAndGetUser(bearer(tokens.Owner)));
    assert.equal(u.userId, tk.Owner.id);
    assert.equal(u.email, tk.Owner.email);
    assert.equal(u.firstName, "Olive");
    assert.equal(u.lastName, "Owens");
    assert.equal(u.username, tk.Owner.username);
    assert.deepEqual(u.properties, { fav_color: "teal" }, "token properties are passed through as they are");
    assert.deepEqual(u.loginMethod, { loginMethod: "generated_from_backend_api" });
    assert.equal(u.activeOrgId, undefined);
    assert.equal(u.impersonatorUserId, undefined);
    assert.deepEqual(Object.keys(u.orgIdToOrgMemberInfo).sort(), [tk.org.id, tk.other.id].sort());
    assertMemberInfo(u.orgIdToOrgMemberInfo[tk.org.id], { orgId: tk.org.id, orgName: tk.org.name, role: "Owner" });
    assertMemberInfo(u.orgIdToOrgMemberInfo[tk.other.id], { orgId: tk.other.id, orgName: tk.other.name, role: "Member" });
    assert.deepEqual([...u.orgIdToOrgMemberInfo[tk.other.id].userPermissions].sort(), [...roleInfo.Member.permissions].sort());
    const outsider = await auth.validateAccessTokenAndGetUser(bearer(tokens.outsider));
    assert.equal(outsider.userId, tk.outsider.id);
    assert.deepEqual(outsider.orgIdToOrgMemberInfo, {});
  });

  await check("every role's token carries that role's inherited roles and permissions (the client computes nothing, ref §3)", async () => {
    for (const role of ROLES) {
      const u = await auth.validateAccessTokenAndGetUser(bearer(tokens[role]));
      const info = u.orgIdToOrgMemberInfo[tk.org.id];
      assertMemberInfo(info, { orgId: tk.org.id, orgName: tk.org.name, role });
      assert.deepEqual(info.userInheritedRolesPlusCurrentRole, roleInfo[role].inherited, `${role}: inherited roles`);
      assert.deepEqual([...info.userPermissions].sort(), [...roleInfo[role].permissions].sort(), `${role}: permissions`);
      assert.ok(info.hasAllPermissions(roleInfo[role].permissions), `${role}: hasAllPermissions(own)`);
      assert.equal(info.hasAllPermissions(allPermissions()), role === "Owner", `${role}: hasAllPermissions(Owner's)`);
    }
  });

  await check("the Bearer scheme is matched case-insensitively", async () => {
    for (const scheme of ["bearer", "BEARER", "bEaReR"]) {
      assert.equal((await auth.validateAccessTokenAndGetUser(`${scheme} ${tokens.Member}`)).userId, tk.Member.id, scheme);
    }
  });

  await check("validateAccessTokenAndGetUserWithOrgInfo finds the org by id, by name or url-safe name; others are ForbiddenException", async () => {
    const h = bearer(tokens.Member);
    const byId = await withoutRequest(() => auth.validateAccessTokenAndGetUserWithOrgInfo(h, { orgId: tk.org.id }));
    assert.equal(byId.user.userId, tk.Member.id);
    assertMemberInfo(byId.orgMemberInfo, { orgId: tk.org.id, orgName: tk.org.name, role: "Member" });
    const urlSafe = tk.org.name.toLowerCase().replace(/ /g, "-");
    for (const required of [{ orgName: tk.org.name }, { orgName: urlSafe }, { orgId: tk.org.id, orgName: tk.org.name }]) {
      const r = await auth.validateAccessTokenAndGetUserWithOrgInfo(h, required);
      assert.equal(r.orgMemberInfo.orgId, tk.org.id, JSON.stringify(required));
    }
    await forbidden(auth.validateAccessTokenAndGetUserWithOrgInfo(h, { orgId: tk.other.id }));
    await forbidden(auth.validateAccessTokenAndGetUserWithOrgInfo(h, { orgId: unknownId() }));
    await forbidden(auth.validateAccessTokenAndGetUserWithOrgInfo(h, { orgId: tk.org.id, orgName: tk.other.name }));
    await forbidden(auth.validateAccessTokenAndGetUserWithOrgInfo(h, { orgName: tk.other.name }));
    await forbidden(auth.validateAccessTokenAndGetUserWithOrgInfo(h, {}));
    await forbidden(auth.validateAccessTokenAndGetUserWithOrgInfo(bearer(tokens.outsider), { orgId: tk.org.id }));
    await unauthorized(auth.validateAccessTokenAndGetUserWithOrgInfo(undefined, { orgId: tk.org.id }));
  });

  await check("…WithMinimumRole passes exactly for the roles at or below the user's; otherwise ForbiddenException", async () => {
    for (const holder of ROLES) {
      for (const required of ROLES) {
        const call = auth.validateAccessTokenAndGetUserWithOrgInfoWithMinimumRole(bearer(tokens[holder]), { orgId: tk.org.id }, required);
        if (roleInfo[holder].inherited.includes(required)) {
          const r = await call;
          assert.equal(r.user.userId, tk[holder].id);
          assert.equal(r.orgMemberInfo.userAssignedRole, holder, `${holder} at least ${required}`);
        } else {
          await forbidden(call);
        }
      }
      await forbidden(auth.validateAccessTokenAndGetUserWithOrgInfoWithMinimumRole(bearer(tokens[holder]), { orgId: tk.org.id }, "Emperor"));
    }
    // The hierarchy itself, spelled out: an Owner passes everything, a Member only Member.
    await auth.validateAccessTokenAndGetUserWithOrgInfoWithMinimumRole(bearer(tokens.Owner), { orgId: tk.org.id }, "Member");
    await forbidden(auth.validateAccessTokenAndGetUserWithOrgInfoWithMinimumRole(bearer(tokens.Member), { orgId: tk.org.id }, "Admin"));
    await forbidden(auth.validateAccessTokenAndGetUserWithOrgInfoWithMinimumRole(bearer(tokens.Owner), { orgId: tk.other.id }, "Admin"));
    await forbidden(auth.validateAccessTokenAndGetUserWithOrgInfoWithMinimumRole(bearer(tokens.outsider), { orgId: tk.org.id }, "Member"));
  });

  await check("…WithExactRole passes only for the user's own role", async () => {
    for (const holder of ROLES) {
      for (const required of ROLES) {
        const call = auth.validateAccessTokenAndGetUserWithOrgInfoWithExactRole(bearer(tokens[holder]), { orgId: tk.org.id }, required);
        if (holder === required) {
          assert.equal((await call).orgMemberInfo.userAssignedRole, holder);
        } else {
          await forbidden(call);
        }
      }
    }
    const r = await auth.validateAccessTokenAndGetUserWithOrgInfoWithExactRole(bearer(tokens.Owner), { orgId: tk.other.id }, "Member");
    assert.equal(r.orgMemberInfo.orgId, tk.other.id);
  });

  await check("…WithPermission passes exactly for the permissions of the user's role; unknown ones are ForbiddenException", async () => {
    for (const holder of ROLES) {
      for (const permission of allPermissions()) {
        const call = auth.validateAccessTokenAndGetUserWithOrgInfoWithPermission(bearer(tokens[holder]), { orgId: tk.org.id }, permission);
        if (roleInfo[holder].permissions.includes(permission)) {
          assert.equal((await call).user.userId, tk[holder].id, `${holder} has ${permission}`);
        } else {
          await forbidden(call);
        }
      }
      await forbidden(
        auth.validateAccessTokenAndGetUserWithOrgInfoWithPermission(bearer(tokens[holder]), { orgId: tk.org.id }, "latchkey-conformance::no_such_permission")
      );
    }
  });

  await check("…WithAllPermissions: own permissions and [] pass, a higher role's set is ForbiddenException", async () => {
    for (const holder of ROLES) {
      const h = bearer(tokens[holder]);
      assert.equal((await auth.validateAccessTokenAndGetUserWithOrgInfoWithAllPermissions(h, { orgId: tk.org.id }, roleInfo[holder].permissions)).user.userId, tk[holder].id);
      assert.equal((await auth.validateAccessTokenAndGetUserWithOrgInfoWithAllPermissions(h, { orgId: tk.org.id }, [])).user.userId, tk[holder].id);
      const call = auth.validateAccessTokenAndGetUserWithOrgInfoWithAllPermissions(h, { orgId: tk.org.id }, allPermissions());
      if (holder === "Owner") {
        await call;
      } else {
        await forbidden(call);
      }
    }
    await forbidden(auth.validateAccessTokenAndGetUserWithOrgInfoWithAllPermissions(bearer(tokens.outsider), { orgId: tk.org.id }, []));
  });

  await check("validateAccessTokenAndGetUserClass gives a UserClass: isRole, isAtLeastRole, hasPermission, getOrgByName…", async () => {
    const uc = await withoutRequest(() => auth.validateAccessTokenAndGetUserClass(bearer(tokens.Owner)));
    assert.ok(uc instanceof UserClass, `a UserClass, got ${uc && uc.constructor && uc.constructor.name}`);
    assert.equal(uc.userId, tk.Owner.id);
    assert.equal(uc.email, tk.Owner.email);
    assert.deepEqual(uc.loginMethod, { loginMethod: "generated_from_backend_api" });
    assert.equal(uc.getActiveOrgId(), undefined);
    assert.equal(uc.getActiveOrg(), undefined);
    assert.equal(uc.isImpersonating(), false);
    assert.equal(uc.getUserProperty("fav_color"), "teal");
    assert.deepEqual(uc.getOrgs().map((o) => o.orgId).sort(), [tk.org.id, tk.other.id].sort());
    for (const r of ROLES) {
      assert.equal(uc.isAtLeastRole(tk.org.id, r), true, `Owner isAtLeastRole ${r}`);
      assert.equal(uc.isRole(tk.org.id, r), r === "Owner", `Owner isRole ${r}`);
      assert.equal(uc.isAtLeastRole(tk.other.id, r), r === "Member", `Member of the other org isAtLeastRole ${r}`);
      assert.equal(uc.isAtLeastRole(unknownId(), r), false, "no org, no role");
    }
    for (const p of allPermissions()) {
      assert.equal(uc.hasPermission(tk.org.id, p), true, `Owner hasPermission ${p}`);
      assert.equal(uc.hasPermission(tk.other.id, p), roleInfo.Member.permissions.includes(p), `Member hasPermission ${p}`);
    }
    assert.equal(uc.hasAllPermissions(tk.org.id, allPermissions()), true);
    assert.equal(uc.hasAllPermissions(tk.other.id, allPermissions()), false);
    assert.equal(uc.getOrg(tk.org.id).orgName, tk.org.name);
    assert.equal(uc.getOrgByName(tk.org.name).orgId, tk.org.id, "getOrgByName(name)");
    assert.equal(uc.getOrgByName(tk.org.name.toUpperCase()).orgId, tk.org.id, "getOrgByName lowercases");
    assert.equal(uc.getOrgByName(tk.other.name.toLowerCase().replace(/ /g, "-")).orgId, tk.other.id, "getOrgByName(url-safe name)");
    assert.equal(uc.getOrgByName(`Nope ${sfx}`), undefined);
    const member = await auth.validateAccessTokenAndGetUserClass(bearer(tokens.Member));
    assert.equal(member.isAtLeastRole(tk.org.id, "Admin"), false);
    assert.equal(member.isAtLeastRole(tk.org.id, "Member"), true);
  });

  await check("validateAccessTokenAndGetUserClass alone also takes a bare token; validateAccessTokenAndGetUser does not", async () => {
    assert.equal((await auth.validateAccessTokenAndGetUserClass(tokens.Admin)).userId, tk.Admin.id);
    await unauthorized(auth.validateAccessTokenAndGetUser(tokens.Admin), /^Invalid authorization header/);
  });

  await check("createAccessToken with activeOrgId: the org_member_info claim, activeOrgId set, only that org", async () => {
    const { result, x } = await withOneRequest(() =>
      auth.createAccessToken({ userId: tk.Owner.id, durationInMinutes: 60, activeOrgId: tk.other.id })
    );
    assert.deepEqual(JSON.parse(x.body), { user_id: tk.Owner.id, duration_in_minutes: 60, active_org_id: tk.other.id });
    const { payload } = decodeJwt(result.access_token);
    assert.equal(payload.org_member_info && payload.org_member_info.org_id, tk.other.id, "ref §5: an active org goes in org_member_info");
    const u = await auth.validateAccessTokenAndGetUser(bearer(result.access_token));
    assert.equal(u.activeOrgId, tk.other.id);
    assert.deepEqual(Object.keys(u.orgIdToOrgMemberInfo), [tk.other.id], "org_member_info wins over org_id_to_org_member_info");
    assertMemberInfo(u.orgIdToOrgMemberInfo[tk.other.id], { orgId: tk.other.id, orgName: tk.other.name, role: "Member" });
    const uc = await auth.validateAccessTokenAndGetUserClass(bearer(result.access_token));
    assert.equal(uc.getActiveOrgId(), tk.other.id);
    assert.equal(uc.getActiveOrg().orgName, tk.other.name);
    const r = await auth.validateAccessTokenAndGetUserWithOrgInfoWithExactRole(bearer(result.access_token), { orgId: tk.other.id }, "Member");
    assert.equal(r.user.activeOrgId, tk.other.id);
    await forbidden(auth.validateAccessTokenAndGetUserWithOrgInfo(bearer(result.access_token), { orgId: tk.org.id }));
    tokens.activeOther = result.access_token;
  });

  await check("createAccessToken with an activeOrgId the user is not in (or not a UUID) gives AccessTokenCreationException", async () => {
    await rejects(auth.createAccessToken({ userId: tk.outsider.id, durationInMinutes: 60, activeOrgId: tk.org.id }), AccessTokenCreationException, "active_org_id");
    await rejects(auth.createAccessToken({ userId: tk.Admin.id, durationInMinutes: 60, activeOrgId: unknownId() }), AccessTokenCreationException, "active_org_id");
    await rejects(auth.createAccessToken({ userId: tk.Admin.id, durationInMinutes: 60, activeOrgId: "not-a-uuid" }), AccessTokenCreationException, "active_org_id");
  });

  await check("createAccessToken for an unknown UUID gives UserNotFoundException (the server answers 403)", async () => {
    const mark = wire.mark();
    await rejects(auth.createAccessToken({ userId: unknownId(), durationInMinutes: 60 }), UserNotFoundException);
    const made = await exchangesSince(mark);
    assert.equal(made.length, 1);
    assert.equal(made[0].status, 403);
  });

  await check("createAccessToken with a non-UUID user id throws UserNotFoundException synchronously, without a request", async () => {
    await withoutRequest(() => assert.throws(() => auth.createAccessToken({ userId: "not-a-uuid", durationInMinutes: 60 }), UserNotFoundException));
  });

  await check("createAccessToken with a bad duration gives AccessTokenCreationException naming duration_in_minutes", async () => {
    for (const durationInMinutes of [0, -5, 100000000, undefined, "sixty", 1.5]) {
      await rejects(
        auth.createAccessToken({ userId: tk.Admin.id, durationInMinutes }),
        AccessTokenCreationException,
        "duration_in_minutes"
      ).catch((e) => {
        throw new assert.AssertionError({ message: `durationInMinutes ${JSON.stringify(durationInMinutes)}: ${e.message}` });
      });
    }
  });

  await check("createAccessToken for a disabled user gives AccessTokenCreationException naming user_id; enabled again, it works", async () => {
    assert.equal(await auth.disableUser(tk.Admin.id), true);
    await rejects(auth.createAccessToken({ userId: tk.Admin.id, durationInMinutes: 60 }), AccessTokenCreationException, "user_id");
    assert.equal(await auth.enableUser(tk.Admin.id), true);
    const { access_token } = await auth.createAccessToken({ userId: tk.Admin.id, durationInMinutes: 60 });
    assert.equal((await auth.validateAccessTokenAndGetUser(bearer(access_token))).userId, tk.Admin.id);
  });

  // ---- tokens the client must refuse (ref §2: every failure is UnauthorizedException)

  await check("a token whose payload was changed (Member raised to Owner) gives UnauthorizedException", async () => {
    const { header, payload, signature } = decodeJwt(tokens.Member);
    const info = payload.org_id_to_org_member_info[tk.org.id];
    Object.assign(info, { user_role: "Owner", inherited_user_roles_plus_current_role: roleInfo.Owner.inherited, user_permissions: allPermissions() });
    const forged = `${encodeJson(header)}.${encodeJson(payload)}.${signature}`;
    await unauthorized(auth.validateAccessTokenAndGetUser(bearer(forged)), /signature/);
    await unauthorized(auth.validateAccessTokenAndGetUserWithOrgInfoWithMinimumRole(bearer(forged), { orgId: tk.org.id }, "Owner"));
  });

  await check("a token whose signature was changed, or taken from another token, gives UnauthorizedException", async () => {
    const { signingInput, signature } = decodeJwt(tokens.Member);
    const bytes = Buffer.from(signature, "base64url");
    bytes[bytes.length >> 1] ^= 0x01;
    await unauthorized(auth.validateAccessTokenAndGetUser(bearer(`${signingInput}.${bytes.toString("base64url")}`)), /signature/);
    await unauthorized(auth.validateAccessTokenAndGetUser(bearer(`${signingInput}.${decodeJwt(tokens.Admin).signature}`)), /signature/);
    await unauthorized(auth.validateAccessTokenAndGetUser(bearer(`${signingInput}.`)));
  });

  await check("a well-formed RS256 token signed by another key gives UnauthorizedException", async () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const { header, payload } = decodeJwt(tokens.Member);
    const forged = buildJwt(header, payload, (input) => crypto.sign("sha256", Buffer.from(input), privateKey).toString("base64url"));
    // The forgery itself is sound: a client given that key by hand accepts it (and makes no request).
    const verifierKey = publicKey.export({ type: "spki", format: "pem" });
    const trusting = initBaseAuth({ authUrl, apiKey, manualTokenVerificationMetadata: { verifierKey, issuer: authUrl } });
    assert.equal((await withoutRequest(() => trusting.validateAccessTokenAndGetUser(bearer(forged)))).userId, tk.Member.id);
    await unauthorized(auth.validateAccessTokenAndGetUser(bearer(forged)), /signature/);
  });

  await check("an HS256 token forged with the public PEM as the HMAC secret gives UnauthorizedException", async () => {
    const { payload } = decodeJwt(tokens.Member);
    for (const secret of [signing.pem, signing.pem.trim()]) {
      const forged = buildJwt({ alg: "HS256", typ: "JWT" }, payload, (input) => crypto.createHmac("sha256", secret).update(input).digest("base64url"));
      await unauthorized(auth.validateAccessTokenAndGetUser(bearer(forged)), /alg/i);
    }
  });

  await check("an unsigned token (alg none) gives UnauthorizedException", async () => {
    const { payload } = decodeJwt(tokens.Member);
    for (const alg of ["none", "None", "NONE"]) {
      await unauthorized(auth.validateAccessTokenAndGetUser(bearer(buildJwt({ alg, typ: "JWT" }, payload, () => ""))));
    }
  });

  if (clockLag === undefined) {
    skip("an expired token gives UnauthorizedException", "LATCHKEY_SERVER_CLOCK_LAG_SECONDS is not set, so no token of this server is expired yet");
  } else {
    await check(`an expired token gives UnauthorizedException (the server's clock stands ${clockLag}s behind)`, async () => {
      const { access_token } = await auth.createAccessToken({ userId: tk.Member.id, durationInMinutes: 1 });
      const { payload } = decodeJwt(access_token);
      assert.equal(payload.exp - payload.iat, 60);
      assert.ok(payload.exp < Date.now() / 1000, `exp ${payload.exp} must already be past`);
      await unauthorized(auth.validateAccessTokenAndGetUser(bearer(access_token)), /"exp"/);
      await unauthorized(auth.validateAccessTokenAndGetUserClass(bearer(access_token)), /"exp"/);
    });
  }

  await check("a client whose authUrl has another origin (http://localhost:port) refuses the server's tokens: wrong issuer", async () => {
    const mark = wire.mark();
    const elsewhere = initBaseAuth({ authUrl: `http://localhost:${port}`, apiKey });
    metadataFetches++;
    await unauthorized(elsewhere.validateAccessTokenAndGetUser(bearer(tokens.Member)), /"iss"/);
    await unauthorized(elsewhere.validateAccessTokenAndGetUserClass(bearer(tokens.Owner)), /"iss"/);
    const made = await exchangesSince(mark);
    assert.deepEqual(made.map((x) => x.path), [METADATA_PATH], "only its own metadata fetch");
    assert.equal(made[0].headers["x-propelauth-url"], "localhost");
    assert.equal(JSON.parse(made[0].responseText).verifier_key_pem, signing.pem, "it got the very key that signed the tokens");
  });

  await check("an authUrl with a path and a trailing slash still gives the issuer http://127.0.0.1:port (the origin)", async () => {
    const withPath = initBaseAuth({ authUrl: `${authUrl}/some/path/`, apiKey });
    metadataFetches++;
    assert.equal((await withPath.validateAccessTokenAndGetUser(bearer(tokens.Member))).userId, tk.Member.id);
  });

  await check("malformed Authorization headers give UnauthorizedException", async () => {
    await unauthorized(auth.validateAccessTokenAndGetUser(undefined), /^No authorization header found\.$/);
    await unauthorized(auth.validateAccessTokenAndGetUser(""), /^No authorization header found\.$/);
    for (const h of [`Token ${tokens.Member}`, "Token x", "Bearer", `Bearer ${tokens.Member} extra`, `Bearer  ${tokens.Member}`, `Basic ${tokens.Member}`]) {
      await unauthorized(auth.validateAccessTokenAndGetUser(h), /^Invalid authorization header/);
    }
    for (const t of ["x", "not.a.jwt", "a.b.c.d", `${decodeJwt(tokens.Member).signingInput}`]) {
      await unauthorized(auth.validateAccessTokenAndGetUser(bearer(t)));
    }
  });

  // ---- @propelauth/express middleware (ref §3), with its own bundled (older) client

  const expressMark = wire.mark();
  const ex = propelauthExpress.initAuth({ authUrl, apiKey });
  metadataFetches++;

  await check("@propelauth/express initAuth fetches the metadata itself (via propelauth-api.com); requireUser answers 401 without a token", async () => {
    const run = await runMiddleware(ex.requireUser);
    assertRefused(run, 401, "no Authorization header");
    assert.equal(run.req.user, undefined);
    const made = await exchangesSince(expressMark);
    assert.deepEqual(made.map((x) => x.url), [PROPELAUTH + METADATA_PATH]);
    assert.equal(made[0].headers.authorization, `Bearer ${apiKey}`);
    assert.equal(made[0].status, 200);
  });

  await check("express requireUser: 401 for a bad token or header, next() with req.user and req.userClass for a good one", async () => {
    const tampered = decodeJwt(tokens.Member).signingInput + "." + decodeJwt(tokens.Admin).signature;
    for (const authorization of [bearer(tampered), `Token ${tokens.Member}`, bearer("x"), tokens.Member]) {
      assertRefused(await runMiddleware(ex.requireUser, { authorization }), 401, authorization.slice(0, 20));
    }
    const run = await withoutRequest(() => runMiddleware(ex.requireUser, { authorization: bearer(tokens.Admin) }));
    assertPassed(run, "a good token");
    assert.equal(run.req.user.userId, tk.Admin.id);
    assert.equal(run.req.user.email, tk.Admin.email);
    assert.equal(run.req.user.orgIdToOrgMemberInfo[tk.org.id].userAssignedRole, "Admin");
    assert.equal(run.req.userClass.userId, tk.Admin.id);
    assert.equal(run.req.userClass.isAtLeastRole(tk.org.id, "Member"), true);
    assert.equal(run.req.userClass.isAtLeastRole(tk.org.id, "Owner"), false);
    const active = await runMiddleware(ex.requireUser, { authorization: bearer(tokens.activeOther) });
    assertPassed(active, "an active-org token");
    assert.equal(active.req.user.activeOrgId, tk.other.id);
  });

  await check("express optionalUser: next() without a user for no or a bad token, with req.user for a good one", async () => {
    for (const authorization of [undefined, bearer("x")]) {
      const run = await runMiddleware(ex.optionalUser, { authorization });
      assertPassed(run, String(authorization));
      assert.equal(run.req.user, undefined);
    }
    const run = await runMiddleware(ex.optionalUser, { authorization: bearer(tokens.Member) });
    assertPassed(run, "a good token");
    assert.equal(run.req.user.userId, tk.Member.id);
  });

  await check("express requireOrgMember() takes req.params.orgId: next() with req.org for a member, 403 otherwise, 401 without a token", async () => {
    const mw = ex.requireOrgMember();
    for (const role of ROLES) {
      const run = await runMiddleware(mw, { authorization: bearer(tokens[role]), params: { orgId: tk.org.id } });
      assertPassed(run, role);
      assert.equal(run.req.user.userId, tk[role].id);
      assert.equal(run.req.org.orgId, tk.org.id);
      assert.equal(run.req.org.userAssignedRole, role);
      assert.equal(run.req.org.isAtLeastRole("Member"), true);
      assert.equal(run.req.userClass.userId, tk[role].id);
    }
    assertRefused(await runMiddleware(mw, { authorization: bearer(tokens.outsider), params: { orgId: tk.org.id } }), 403, "a user in no org");
    assertRefused(await runMiddleware(mw, { authorization: bearer(tokens.Member), params: { orgId: tk.other.id } }), 403, "a member of another org");
    assertRefused(await runMiddleware(mw, { authorization: bearer(tokens.Owner), params: { orgId: unknownId() } }), 403, "an unknown org");
    assertRefused(await runMiddleware(mw, { authorization: bearer(tokens.Owner), params: {} }), 403, "no org in the request");
    assertRefused(await runMiddleware(mw, { params: { orgId: tk.org.id } }), 401, "no token");
    assertRefused(await runMiddleware(mw, { authorization: bearer("x"), params: { orgId: tk.org.id } }), 401, "a bad token");
    const byName = ex.requireOrgMember({ orgNameExtractor: (req) => req.params.orgName });
    const run = await runMiddleware(byName, { authorization: bearer(tokens.Owner), params: { orgName: tk.other.name } });
    assertPassed(run, "by org name");
    assert.equal(run.req.org.orgId, tk.other.id);
  });

  await check("express requireOrgMemberWithMinimumRole / WithExactRole follow Owner > Admin > Member", async () => {
    const atLeastAdmin = ex.requireOrgMemberWithMinimumRole({ minimumRequiredRole: "Admin" });
    const exactlyAdmin = ex.requireOrgMemberWithExactRole({ role: "Admin" });
    for (const role of ROLES) {
      const req = { authorization: bearer(tokens[role]), params: { orgId: tk.org.id } };
      const min = await runMiddleware(atLeastAdmin, req);
      if (roleInfo[role].inherited.includes("Admin")) {
        assertPassed(min, `${role} at least Admin`);
        assert.equal(min.req.org.userAssignedRole, role);
      } else {
        assertRefused(min, 403, `${role} at least Admin`);
      }
      const exact = await runMiddleware(exactlyAdmin, req);
      if (role === "Admin") {
        assertPassed(exact, `${role} exactly Admin`);
      } else {
        assertRefused(exact, 403, `${role} exactly Admin`);
      }
    }
    assertRefused(await runMiddleware(atLeastAdmin, { params: { orgId: tk.org.id } }), 401, "no token");
  });

  await check("express requireOrgMemberWithPermission / WithAllPermissions follow the roles' permissions", async () => {
    const adminOnly = roleInfo.Admin.permissions.find((p) => !roleInfo.Member.permissions.includes(p));
    const withPermission = ex.requireOrgMemberWithPermission({ permission: adminOnly });
    const withAll = ex.requireOrgMemberWithAllPermissions({ permissions: allPermissions() });
    for (const role of ROLES) {
      const req = { authorization: bearer(tokens[role]), params: { orgId: tk.org.id } };
      const one = await runMiddleware(withPermission, req);
      if (roleInfo[role].permissions.includes(adminOnly)) {
        assertPassed(one, `${role} with ${adminOnly}`);
      } else {
        assertRefused(one, 403, `${role} with ${adminOnly}`);
      }
      const all = await runMiddleware(withAll, req);
      if (role === "Owner") {
        assertPassed(all, `${role} with all permissions`);
      } else {
        assertRefused(all, 403, `${role} with all permissions`);
      }
    }
  });

  // ---- end-user API keys (ref §7, §8, §9; issue 5 §4)

  const keysMark = wire.mark();
  const ak = {};
  // Successful validations per key id, as far as the server is concerned (for the usage counts).
  const apiKeyMetadata = { plan_tier: "pro", nested_value: { seat_count: 2 } };

  await check("createApiKey (personal: userId) sends POST /end_user_api_keys and answers {apiKeyId: 32 hex, apiKeyToken: lk_<33 base62>}", async () => {
    const { result, x } = await withOneRequest(() =>
      auth.createApiKey({ userId: tk.Member.id, metadata: apiKeyMetadata, displayName: "Member's CLI key" })
    );
    assert.equal(x.method, "POST");
    assert.equal(x.pathAndQuery, KEYS);
    assert.deepEqual(JSON.parse(x.body), { user_id: tk.Member.id, metadata: apiKeyMetadata, display_name: "Member's CLI key" }, "undefined fields are left out");
    assert.ok(x.status < 400, `status ${x.status}`);
    assert.deepEqual(Object.keys(result).sort(), ["apiKeyId", "apiKeyToken"]);
    assertApiKeyId(result.apiKeyId);
    assertApiKeyToken(result.apiKeyToken);
    ak.personal = { id: result.apiKeyId, token: result.apiKeyToken };
  });

  await check("createApiKey for an org (orgId), for an org and a member (orgId + userId), and a generic key (neither)", async () => {
    const org = await withOneRequest(() => auth.createApiKey({ orgId: tk.org.id, metadata: { scope_name: "org" } }));
    assert.deepEqual(JSON.parse(org.x.body), { org_id: tk.org.id, metadata: { scope_name: "org" } });
    ak.org = { id: org.result.apiKeyId, token: org.result.apiKeyToken };
    const member = await auth.createApiKey({ orgId: tk.org.id, userId: tk.Admin.id, displayName: "Admin in Tokens" });
    ak.orgUser = { id: member.apiKeyId, token: member.apiKeyToken };
    const generic = await withOneRequest(() => auth.createApiKey({}));
    assert.deepEqual(JSON.parse(generic.x.body), {}, "a generic key is created with an empty body");
    ak.generic = { id: generic.result.apiKeyId, token: generic.result.apiKeyToken };
    for (const k of [ak.org, ak.orgUser, ak.generic]) {
      assertApiKeyId(k.id);
      assertApiKeyToken(k.token);
    }
    const all = [ak.personal, ak.org, ak.orgUser, ak.generic];
    assert.equal(new Set(all.map((k) => k.id)).size, 4, "every key has its own id");
    assert.equal(new Set(all.map((k) => k.token)).size, 4, "every key has its own token");
  });

  await check("createApiKey with expiresAtSeconds (an hour after the server's time) keeps it", async () => {
    const now = await serverSeconds();
    const { apiKeyId, apiKeyToken } = await auth.createApiKey({ userId: tk.Member.id, expiresAtSeconds: now + 3600 });
    ak.expiring = { id: apiKeyId, token: apiKeyToken, expiresAt: now + 3600 };
    assert.equal((await auth.fetchApiKey(apiKeyId)).expiresAtSeconds, now + 3600);
  });

  await check("fetchApiKey sends GET /end_user_api_keys/{id} and returns every ApiKeyFull field (metadata keys untouched)", async () => {
    const { result: k, x } = await withOneRequest(() => auth.fetchApiKey(ak.personal.id));
    assert.equal(x.method, "GET");
    assert.equal(x.pathAndQuery, `${KEYS}/${ak.personal.id}`);
    assertApiKeyFull(k);
    assert.equal(k.apiKeyId, ak.personal.id);
    assert.equal(k.userId, tk.Member.id);
    assert.equal(k.orgId ?? null, null);
    assert.equal(k.expiresAtSeconds, null, "a key without expiry has expires_at_seconds null");
    assert.deepEqual(k.metadata, apiKeyMetadata);
    assert.equal(k.displayName, "Member's CLI key");
    const now = await serverSeconds();
    assert.ok(k.createdAt <= now && k.createdAt >= now - 120, `createdAt ${k.createdAt} is the server's time of creation (now ${now})`);
    assert.ok(!JSON.stringify(k).includes(ak.personal.token), "the token is never shown again");
  });

  await check("fetchApiKey of an org key, an org-and-member key and a generic key", async () => {
    const o = await auth.fetchApiKey(ak.org.id);
    assertApiKeyFull(o);
    assert.equal(o.orgId, tk.org.id);
    assert.equal(o.userId ?? null, null);
    assert.deepEqual(o.metadata, { scope_name: "org" });
    const ou = await auth.fetchApiKey(ak.orgUser.id);
    assertApiKeyFull(ou);
    assert.equal(ou.orgId, tk.org.id);
    assert.equal(ou.userId, tk.Admin.id);
    assert.equal(ou.displayName, "Admin in Tokens");
    const g = await auth.fetchApiKey(ak.generic.id);
    assertApiKeyFull(g);
    assert.equal(g.orgId ?? null, null);
    assert.equal(g.userId ?? null, null);
  });

  await check("fetchApiKey accepts an upper-case id (the client's check is case-insensitive)", async () => {
    assert.equal((await auth.fetchApiKey(ak.personal.id.toUpperCase())).apiKeyId, ak.personal.id);
  });

  await check("fetchApiKey with an unknown 32-hex id gives the generic Error (a 404, not null)", async () => {
    const mark = wire.mark();
    await rejectsWithMessage(auth.fetchApiKey(crypto.randomBytes(16).toString("hex")), "Unknown error when");
    const made = await exchangesSince(mark);
    assert.equal(made.length, 1);
    assert.equal(made[0].status, 404);
  });

  await check("fetchApiKey, updateApiKey and deleteApiKey with an id that is not 32 hex throw synchronously, without a request", async () => {
    const hex = crypto.randomBytes(16).toString("hex");
    for (const id of ["nope", hex.slice(1), hex + "0", crypto.randomUUID(), `${hex.slice(2)}zz`, ""]) {
      await withoutRequest(() => {
        // ref §7: the client's own exception constructor parses "Invalid api key" as JSON, so it is a SyntaxError.
        assert.throws(() => auth.fetchApiKey(id), SyntaxError, `fetchApiKey(${JSON.stringify(id)})`);
        assert.throws(() => auth.updateApiKey(id, { metadata: { a: 1 } }), SyntaxError, `updateApiKey(${JSON.stringify(id)})`);
        assert.throws(() => auth.deleteApiKey(id), SyntaxError, `deleteApiKey(${JSON.stringify(id)})`);
      });
    }
  });

  await check("fetchCurrentApiKeys with orgId sends GET /end_user_api_keys?org_id=… and lists that org's keys", async () => {
    const { result: page, x } = await withOneRequest(() => auth.fetchCurrentApiKeys({ orgId: tk.org.id }));
    assert.equal(x.method, "GET");
    assert.equal(x.pathAndQuery, `${KEYS}?org_id=${tk.org.id}`);
    assertPage(page, { currentPage: 0, pageSize: 10, itemsKey: "apiKeys", totalKey: "totalApiKeys" });
    assert.deepEqual(page.apiKeys.map((k) => k.apiKeyId).sort(), [ak.org.id, ak.orgUser.id].sort());
    assert.equal(page.totalApiKeys, 2);
    assert.equal(page.hasMoreResults, false);
    for (const k of page.apiKeys) {
      assertApiKeyFull(k);
      assert.equal(k.orgId, tk.org.id);
    }
  });

  await check("fetchCurrentApiKeys with userId, with userId and orgId, and with userEmail", async () => {
    const byUser = await withOneRequest(() => auth.fetchCurrentApiKeys({ userId: tk.Member.id }));
    assert.equal(byUser.x.pathAndQuery, `${KEYS}?user_id=${tk.Member.id}`);
    assert.deepEqual(byUser.result.apiKeys.map((k) => k.apiKeyId).sort(), [ak.personal.id, ak.expiring.id].sort());
    const byMember = await auth.fetchCurrentApiKeys({ userId: tk.Admin.id });
    assert.deepEqual(byMember.apiKeys.map((k) => k.apiKeyId), [ak.orgUser.id], "a user's keys include the org keys made for that user");
    const both = await withOneRequest(() => auth.fetchCurrentApiKeys({ orgId: tk.org.id, userId: tk.Admin.id }));
    assert.equal(both.x.pathAndQuery, `${KEYS}?org_id=${tk.org.id}&user_id=${tk.Admin.id}`);
    assert.deepEqual(both.result.apiKeys.map((k) => k.apiKeyId), [ak.orgUser.id]);
    const byEmail = await withOneRequest(() => auth.fetchCurrentApiKeys({ userEmail: tk.Member.email }));
    assert.equal(byEmail.x.pathAndQuery, `${KEYS}?user_email=${encodeURIComponent(tk.Member.email)}`);
    assert.deepEqual(byEmail.result.apiKeys.map((k) => k.apiKeyId).sort(), [ak.personal.id, ak.expiring.id].sort());
    assert.equal((await auth.fetchCurrentApiKeys({ userId: tk.outsider.id })).totalApiKeys, 0, "a user without keys");
    assert.equal((await auth.fetchCurrentApiKeys({ userEmail: `nobody@${domain}` })).totalApiKeys, 0, "an unknown email");
  });

  await check("fetchCurrentApiKeys with userEmail decodes %2B as a plus and %40 as @", async () => {
    ak.plus = (await auth.createApiKey({ userId: a.id })).apiKeyId;
    const { result: page, x } = await withOneRequest(() => auth.fetchCurrentApiKeys({ userEmail: a.email }));
    assert.ok(x.rawQuery.includes("ada%2Btag%40"), `query ${x.rawQuery}`);
    assert.deepEqual(page.apiKeys.map((k) => k.apiKeyId), [ak.plus]);
  });

  await check("fetchCurrentApiKeys pages with pageSize and pageNumber", async () => {
    const first = await withOneRequest(() => auth.fetchCurrentApiKeys({ orgId: tk.org.id, pageSize: 1, pageNumber: 0 }));
    assert.equal(first.x.pathAndQuery, `${KEYS}?org_id=${tk.org.id}&page_size=1&page_number=0`);
    assertPage(first.result, { currentPage: 0, pageSize: 1, itemsKey: "apiKeys", totalKey: "totalApiKeys" });
    assert.equal(first.result.apiKeys.length, 1);
    assert.equal(first.result.totalApiKeys, 2);
    assert.equal(first.result.hasMoreResults, true);
    const second = await auth.fetchCurrentApiKeys({ orgId: tk.org.id, pageSize: 1, pageNumber: 1 });
    assertPage(second, { currentPage: 1, pageSize: 1, itemsKey: "apiKeys", totalKey: "totalApiKeys" });
    assert.equal(second.apiKeys.length, 1);
    assert.equal(second.hasMoreResults, false);
    assert.deepEqual([first.result.apiKeys[0].apiKeyId, second.apiKeys[0].apiKeyId].sort(), [ak.org.id, ak.orgUser.id].sort(), "the two pages split the org's keys");
    const beyond = await auth.fetchCurrentApiKeys({ orgId: tk.org.id, pageSize: 1, pageNumber: 2 });
    assert.deepEqual(beyond.apiKeys, []);
    assert.equal(beyond.hasMoreResults, false);
  });

  await check("fetchCurrentApiKeys without filters lists every current key", async () => {
    const page = await auth.fetchCurrentApiKeys({ pageSize: 100 });
    assertPage(page, { currentPage: 0, pageSize: 100, itemsKey: "apiKeys", totalKey: "totalApiKeys" });
    const ids = page.apiKeys.map((k) => k.apiKeyId);
    for (const k of [ak.personal, ak.org, ak.orgUser, ak.generic, ak.expiring]) {
      assert.ok(ids.includes(k.id), `${k.id} is missing from ${JSON.stringify(ids)}`);
    }
  });

  await check("fetchCurrentApiKeys with a malformed orgId or a bad pageSize gives ApiKeyFetchException", async () => {
    await rejects(auth.fetchCurrentApiKeys({ orgId: "not-a-uuid" }), ApiKeyFetchException, "org_id");
    await rejects(auth.fetchCurrentApiKeys({ userId: "not-a-uuid" }), ApiKeyFetchException, "user_id");
    await rejects(auth.fetchArchivedApiKeys({ pageSize: 0 }), ApiKeyFetchException, "page_size");
  });

  await check("updateApiKey sends PATCH /end_user_api_keys/{id} and resolves true; fetchApiKey shows the metadata", async () => {
    const metadata = { plan_tier: "enterprise", seat_info: { max_seats: 9 } };
    const { result, x } = await withOneRequest(() => auth.updateApiKey(ak.personal.id, { metadata }));
    assert.equal(x.method, "PATCH");
    assert.equal(x.pathAndQuery, `${KEYS}/${ak.personal.id}`);
    assert.deepEqual(JSON.parse(x.body), { metadata });
    assert.equal(result, true);
    const k = await auth.fetchApiKey(ak.personal.id);
    assert.deepEqual(k.metadata, metadata, "keys under metadata are not camelCased");
    assert.equal(k.displayName, "Member's CLI key", "fields not sent are kept");
    assert.equal(k.expiresAtSeconds, null);
    ak.personal.metadata = metadata;
  });

  await check("updateApiKey sets expiresAtSeconds, and setToNeverExpire clears it", async () => {
    const later = (await serverSeconds()) + 7200;
    const set = await withOneRequest(() => auth.updateApiKey(ak.generic.id, { expiresAtSeconds: later }));
    assert.deepEqual(JSON.parse(set.x.body), { expires_at_seconds: later });
    assert.equal(set.result, true);
    assert.equal((await auth.fetchApiKey(ak.generic.id)).expiresAtSeconds, later);
    const never = await withOneRequest(() => auth.updateApiKey(ak.generic.id, { setToNeverExpire: true }));
    assert.deepEqual(JSON.parse(never.x.body), { set_to_never_expire: true });
    assert.equal(never.result, true);
    assert.equal((await auth.fetchApiKey(ak.generic.id)).expiresAtSeconds, null);
  });

  await check("updateApiKey with a past expiresAtSeconds gives ApiKeyUpdateException naming expires_at_seconds", async () => {
    const past = (await serverSeconds()) - 60;
    await rejects(auth.updateApiKey(ak.generic.id, { expiresAtSeconds: past }), ApiKeyUpdateException, "expires_at_seconds");
    assert.equal((await auth.fetchApiKey(ak.generic.id)).expiresAtSeconds, null, "a refused update changes nothing");
  });

  await check("updateApiKey with an unknown 32-hex id gives the generic Error (a 404)", async () => {
    await rejectsWithMessage(auth.updateApiKey(crypto.randomBytes(16).toString("hex"), { metadata: { a: 1 } }), "Unknown error when");
  });

  await check("createApiKey with an unknown, a malformed or a non-member user, an unknown org or a past expiry gives ApiKeyCreateException", async () => {
    const mark = wire.mark();
    await rejects(auth.createApiKey({ userId: unknownId() }), ApiKeyCreateException, "user_id");
    await rejects(auth.createApiKey({ userId: "not-a-uuid" }), ApiKeyCreateException, "user_id");
    await rejects(auth.createApiKey({ orgId: unknownId() }), ApiKeyCreateException, "org_id");
    await rejects(auth.createApiKey({ orgId: tk.org.id, userId: tk.outsider.id }), ApiKeyCreateException, "user_id");
    const now = await serverSeconds();
    await rejects(auth.createApiKey({ userId: tk.Member.id, expiresAtSeconds: now - 60 }), ApiKeyCreateException, "expires_at_seconds");
    await rejects(auth.createApiKey({ userId: tk.Member.id, metadata: ["not", "an", "object"] }), ApiKeyCreateException, "metadata");
    const statuses = (await exchangesSince(mark)).filter((x) => x.path === KEYS).map((x) => x.status);
    assert.deepEqual(statuses, [400, 400, 400, 400, 400, 400]);
    assert.deepEqual((await auth.fetchCurrentApiKeys({ userId: tk.outsider.id })).apiKeys, [], "nothing was created");
  });

  // ---- validation

  await check("validateApiKey sends POST /end_user_api_keys/validate; a personal key gives its user and metadata, no org", async () => {
    const { result: v, x } = await withOneRequest(() => auth.validateApiKey(ak.personal.token));
    assert.equal(x.method, "POST");
    assert.equal(x.pathAndQuery, `${KEYS}/validate`);
    assert.deepEqual(JSON.parse(x.body), { api_key_token: ak.personal.token });
    assert.deepEqual(v.metadata, ak.personal.metadata);
    assertUserShape(v.user);
    assert.equal(v.user.userId, tk.Member.id);
    assert.equal(v.user.email, tk.Member.email);
    assert.equal(v.org ?? null, null, "a personal key has no org");
    assert.equal(v.userInOrg ?? null, null);
  });

  await check("validateApiKey strips a leading 'Bearer ' (any case) before sending", async () => {
    for (const scheme of ["Bearer", "bearer", "BEARER"]) {
      const { result, x } = await withOneRequest(() => auth.validateApiKey(`${scheme} ${ak.personal.token}`));
      assert.deepEqual(JSON.parse(x.body), { api_key_token: ak.personal.token }, scheme);
      assert.equal(result.user.userId, tk.Member.id, scheme);
    }
  });

  await check("validateApiKey of an org key gives the org (org_name and name, metadata untouched), no user", async () => {
    const v = await auth.validateApiKey(ak.org.token);
    assert.deepEqual(v.metadata, { scope_name: "org" });
    assert.equal(v.user ?? null, null, "an org key without a user has no user");
    assert.equal(v.userInOrg ?? null, null);
    assertValidatedOrg(v.org, tk.org);
  });

  await check("validateOrgApiKey of an org key made for a member: org, user, and userInOrg as an OrgMemberInfo with its role", async () => {
    const { result: v, x } = await withOneRequest(() => auth.validateOrgApiKey(bearer(ak.orgUser.token)));
    assert.equal(x.pathAndQuery, `${KEYS}/validate`);
    assert.deepEqual(Object.keys(v).sort(), ["metadata", "org", "user", "userInOrg"]);
    assertValidatedOrg(v.org, tk.org);
    assertUserShape(v.user);
    assert.equal(v.user.userId, tk.Admin.id);
    assertMemberInfo(v.userInOrg, { orgId: tk.org.id, orgName: tk.org.name, role: "Admin" });
    assert.deepEqual([...v.userInOrg.userPermissions].sort(), [...roleInfo.Admin.permissions].sort());
    assert.equal(v.userInOrg.isAtLeastRole("Member"), true);
    assert.equal(v.userInOrg.isAtLeastRole("Owner"), false);
    const plain = await auth.validateOrgApiKey(ak.org.token);
    assertValidatedOrg(plain.org, tk.org);
    assert.equal(plain.user ?? null, null);
  });

  await check("validatePersonalApiKey of a personal key gives exactly {user, metadata}", async () => {
    const v = await auth.validatePersonalApiKey(ak.personal.token);
    assert.deepEqual(Object.keys(v).sort(), ["metadata", "user"]);
    assert.equal(v.user.userId, tk.Member.id);
    assert.deepEqual(v.metadata, ak.personal.metadata);
  });

  await check("validatePersonalApiKey refuses an org key (with or without a member) and a generic key: ApiKeyValidateException", async () => {
    for (const k of [ak.org, ak.orgUser, ak.generic]) {
      const e = await rejects(auth.validatePersonalApiKey(k.token), ApiKeyValidateException, "api_key_token");
      assert.deepEqual(e.fieldToErrors, { api_key_token: ["Not a personal API Key"] });
    }
  });

  await check("validateOrgApiKey refuses a personal key and a generic key: ApiKeyValidateException", async () => {
    for (const k of [ak.personal, ak.generic]) {
      const e = await rejects(auth.validateOrgApiKey(k.token), ApiKeyValidateException, "api_key_token");
      assert.deepEqual(e.fieldToErrors, { api_key_token: ["Not an org API Key"] });
    }
  });

  await check("validateApiKey of a generic key gives its metadata, no user and no org", async () => {
    const v = await auth.validateApiKey(ak.generic.token);
    assert.equal(v.user ?? null, null);
    assert.equal(v.org ?? null, null);
    assert.equal(v.userInOrg ?? null, null);
    assert.equal(typeof v.metadata, "object");
  });

  await check("validateApiKey of a garbage string, an empty string, an access token, a wrong checksum or an unknown key: ApiKeyValidateException (400)", async () => {
    const t = ak.personal.token;
    const last = t[t.length - 1];
    const wrongChecksum = t.slice(0, -1) + (last === "0" ? "1" : "0");
    const head = `lk_${crypto.randomBytes(32).toString("base64").replace(/[^0-9A-Za-z]/g, "").slice(0, 27)}`;
    const unknown = head + checksum62(head);
    assertApiKeyToken(unknown);
    const cases = {
      garbage: "not an api key",
      empty: "",
      accessToken: tokens.Member,
      wrongChecksum,
      truncated: t.slice(0, -1),
      unknown,
    };
    const mark = wire.mark();
    for (const [what, token] of Object.entries(cases)) {
      const e = await rejects(auth.validateApiKey(token), ApiKeyValidateException, "api_key_token").catch((err) => {
        throw new assert.AssertionError({ message: `${what}: ${err.message}` });
      });
      assert.deepEqual(Object.keys(e.fieldToErrors), ["api_key_token"], `${what}: ${e.message}`);
    }
    const made = await exchangesSince(mark);
    assert.deepEqual(made.map((x) => x.status), Object.keys(cases).map(() => 400));
    assert.equal((await auth.validateApiKey(t)).user.userId, tk.Member.id, "the real key still works");
  });

  await check("a personal key stops validating the moment its user is disabled, and works again once enabled", async () => {
    assert.equal(await auth.disableUser(tk.Member.id), true);
    await rejects(auth.validateApiKey(ak.personal.token), ApiKeyValidateException, "api_key_token");
    assert.equal(await auth.enableUser(tk.Member.id), true);
    assert.equal((await auth.validatePersonalApiKey(ak.personal.token)).user.userId, tk.Member.id);
  });

  // ---- delete, expiry, archived

  await check("deleteApiKey sends DELETE /end_user_api_keys/{id} and resolves true, then false; the deleted key no longer validates", async () => {
    const doomed = await auth.createApiKey({ userId: tk.Owner.id, metadata: { doomed: true } });
    ak.deleted = { id: doomed.apiKeyId, token: doomed.apiKeyToken };
    assert.equal((await auth.validateApiKey(doomed.apiKeyToken)).user.userId, tk.Owner.id, "valid before the delete");
    const { result, x } = await withOneRequest(() => auth.deleteApiKey(doomed.apiKeyId));
    assert.equal(x.method, "DELETE");
    assert.equal(x.pathAndQuery, `${KEYS}/${doomed.apiKeyId}`);
    assert.equal(x.body, undefined);
    assert.equal(result, true);
    await rejects(auth.validateApiKey(doomed.apiKeyToken), ApiKeyValidateException, "api_key_token");
    await rejects(auth.validatePersonalApiKey(doomed.apiKeyToken), ApiKeyValidateException, "api_key_token");
    const again = await withOneRequest(() => auth.deleteApiKey(doomed.apiKeyId));
    assert.equal(again.x.status, 404);
    assert.equal(again.result, false);
    assert.equal(await auth.deleteApiKey(crypto.randomBytes(16).toString("hex")), false, "an unknown id");
  });

  await check("a key created to expire 3 s after the server's time validates, then is refused once the server's clock has passed it", async () => {
    const expiresAt = (await serverSeconds()) + 3;
    const created = await auth.createApiKey({ userId: tk.Owner.id, expiresAtSeconds: expiresAt });
    ak.expired = { id: created.apiKeyId, token: created.apiKeyToken, expiresAt };
    assert.equal((await auth.validateApiKey(created.apiKeyToken)).user.userId, tk.Owner.id, "valid before its expiry");
    assert.equal((await auth.fetchApiKey(created.apiKeyId)).expiresAtSeconds, expiresAt);
    const deadline = Date.now() + 20000;
    let now;
    while ((now = await serverSeconds()) < expiresAt) {
      assert.ok(Date.now() < deadline, `the server's clock did not reach ${expiresAt} within 20 s (it says ${now}); is it standing still?`);
      await sleep(250);
    }
    const e = await rejects(auth.validateApiKey(created.apiKeyToken), ApiKeyValidateException, "api_key_token");
    assert.deepEqual(Object.keys(e.fieldToErrors), ["api_key_token"]);
    await rejects(auth.validatePersonalApiKey(created.apiKeyToken), ApiKeyValidateException, "api_key_token");
  });

  await check("fetchArchivedApiKeys sends GET /end_user_api_keys/archived and lists the deleted and the expired key, not the current ones", async () => {
    const { result: page, x } = await withOneRequest(() => auth.fetchArchivedApiKeys({ userId: tk.Owner.id }));
    assert.equal(x.method, "GET");
    assert.equal(x.pathAndQuery, `${KEYS}/archived?user_id=${tk.Owner.id}`);
    assertPage(page, { currentPage: 0, pageSize: 10, itemsKey: "apiKeys", totalKey: "totalApiKeys" });
    assert.deepEqual(page.apiKeys.map((k) => k.apiKeyId).sort(), [ak.deleted.id, ak.expired.id].sort());
    assert.equal(page.totalApiKeys, 2);
    for (const k of page.apiKeys) {
      assertApiKeyFull(k);
      assert.equal(k.userId, tk.Owner.id);
    }
    const expired = page.apiKeys.find((k) => k.apiKeyId === ak.expired.id);
    assert.equal(expired.expiresAtSeconds, ak.expired.expiresAt);
    assert.deepEqual(page.apiKeys.find((k) => k.apiKeyId === ak.deleted.id).metadata, { doomed: true });
    assert.deepEqual((await auth.fetchCurrentApiKeys({ userId: tk.Owner.id })).apiKeys, [], "neither is current");
  });

  await check("fetchArchivedApiKeys filters by userEmail and orgId and pages; a current key is not archived", async () => {
    const byEmail = await withOneRequest(() => auth.fetchArchivedApiKeys({ userEmail: tk.Owner.email, pageSize: 1, pageNumber: 1 }));
    assert.equal(byEmail.x.pathAndQuery, `${KEYS}/archived?user_email=${encodeURIComponent(tk.Owner.email)}&page_size=1&page_number=1`);
    assertPage(byEmail.result, { currentPage: 1, pageSize: 1, itemsKey: "apiKeys", totalKey: "totalApiKeys" });
    assert.equal(byEmail.result.totalApiKeys, 2);
    assert.equal(byEmail.result.apiKeys.length, 1);
    assert.equal(byEmail.result.hasMoreResults, false);
    assert.deepEqual((await auth.fetchArchivedApiKeys({ orgId: tk.org.id })).apiKeys, [], "the org's keys are all current");
    const all = await auth.fetchArchivedApiKeys({ pageSize: 100 });
    const ids = all.apiKeys.map((k) => k.apiKeyId);
    assert.ok(ids.includes(ak.deleted.id) && ids.includes(ak.expired.id), JSON.stringify(ids));
    assert.ok(!ids.includes(ak.personal.id), "a current key is not archived");
  });

  // ---- import (ref §9)

  const imported = { token: `legacy_sk_${crypto.randomBytes(20).toString("hex")}` };

  await check("importApiKey sends POST /end_user_api_keys/import and answers {apiKeyId} (32 hex); fetchApiKey shows the key", async () => {
    const { result, x } = await withOneRequest(() =>
      auth.importApiKey({ importedApiKey: imported.token, userId: c.id, metadata: { source_system: "legacy" }, displayName: "Imported" })
    );
    assert.equal(x.method, "POST");
    assert.equal(x.pathAndQuery, `${KEYS}/import`);
    assert.deepEqual(JSON.parse(x.body), { imported_api_key: imported.token, user_id: c.id, metadata: { source_system: "legacy" }, display_name: "Imported" });
    assert.deepEqual(Object.keys(result), ["apiKeyId"], "the answer {api_key_id} is camelCased");
    assertApiKeyId(result.apiKeyId);
    imported.id = result.apiKeyId;
    const k = await auth.fetchApiKey(imported.id);
    assertApiKeyFull(k);
    assert.equal(k.userId, c.id);
    assert.deepEqual(k.metadata, { source_system: "legacy" });
    assert.equal(k.displayName, "Imported");
    assert.ok(!JSON.stringify(k).includes(imported.token), "the imported token is never shown");
  });

  await check("validateImportedApiKey sends POST /end_user_api_keys/validate_imported and gives the user and metadata (also with 'Bearer ')", async () => {
    const { result: v, x } = await withOneRequest(() => auth.validateImportedApiKey(imported.token));
    assert.equal(x.method, "POST");
    assert.equal(x.pathAndQuery, `${KEYS}/validate_imported`);
    assert.deepEqual(JSON.parse(x.body), { api_key_token: imported.token });
    assertUserShape(v.user);
    assert.equal(v.user.userId, c.id);
    assert.deepEqual(v.metadata, { source_system: "legacy" });
    assert.equal(v.org ?? null, null);
    assert.equal((await auth.validateImportedApiKey(bearer(imported.token))).user.userId, c.id);
  });

  await check("validateImportedApiKey of an unknown token gives ApiKeyValidateException; the imported token is no native key", async () => {
    await rejects(auth.validateImportedApiKey(`legacy_sk_${crypto.randomBytes(20).toString("hex")}`), ApiKeyValidateException, "api_key_token");
    await rejects(auth.validateApiKey(imported.token), ApiKeyValidateException, "api_key_token");
  });

  await check("importApiKey of the same token again, or of a too short token, gives ApiKeyImportException naming imported_api_key", async () => {
    await rejects(auth.importApiKey({ importedApiKey: imported.token, userId: c.id }), ApiKeyImportException, "imported_api_key");
    await rejects(auth.importApiKey({ importedApiKey: "short", userId: c.id }), ApiKeyImportException, "imported_api_key");
    await rejects(auth.importApiKey({ importedApiKey: `legacy_sk_${crypto.randomBytes(20).toString("hex")}`, userId: unknownId() }), ApiKeyImportException, "user_id");
  });

  await check("a deleted imported key is refused by validateImportedApiKey", async () => {
    assert.equal(await auth.deleteApiKey(imported.id), true);
    await rejects(auth.validateImportedApiKey(imported.token), ApiKeyValidateException, "api_key_token");
  });

  // ---- usage (ref §9)

  await check("fetchApiKeyUsage sends GET /end_user_api_keys/usage?api_key_id&date and counts the successful validations", async () => {
    const u = await auth.createApiKey({ userId: tk.outsider.id });
    const uo = await auth.createApiKey({ orgId: tk.other.id });
    const day = utcDay(await serverSeconds());
    for (let i = 0; i < 3; i++) {
      await auth.validateApiKey(u.apiKeyToken);
    }
    for (let i = 0; i < 2; i++) {
      await auth.validateOrgApiKey(uo.apiKeyToken);
    }
    await rejects(auth.validateApiKey(u.apiKeyToken.slice(0, -1)), ApiKeyValidateException, "api_key_token");
    // Counts are per UTC day of the server's clock; should that day have changed meanwhile, both days are added up.
    const days = [...new Set([day, utcDay(await serverSeconds())])];
    const usage = async (query) => {
      let count = 0;
      for (const date of days) {
        count += (await auth.fetchApiKeyUsage({ ...query, date })).count;
      }
      return { count };
    };
    const { result, x } = await withOneRequest(() => auth.fetchApiKeyUsage({ date: day, api_key_id: u.apiKeyId }));
    assert.equal(x.method, "GET");
    assert.equal(x.pathAndQuery, `${KEYS}/usage?api_key_id=${u.apiKeyId}&date=${day}`);
    assert.deepEqual(Object.keys(result), ["count"]);
    assert.ok(Number.isInteger(result.count), `count ${result.count}`);
    assert.deepEqual(await usage({ api_key_id: u.apiKeyId }), { count: 3 }, "three successful validations; a refused token counts for nothing");
    assert.deepEqual(await usage({ userId: tk.outsider.id }), { count: 3 });
    assert.deepEqual(await usage({ orgId: tk.other.id }), { count: 2 });
    assert.deepEqual(await auth.fetchApiKeyUsage({ date: "2001-02-03", api_key_id: u.apiKeyId }), { count: 0 }, "another day");
    ak.usage = { id: u.apiKeyId };
  });

  await check("fetchApiKeyUsage with a malformed date gives ApiKeyFetchException naming date", async () => {
    await rejects(auth.fetchApiKeyUsage({ date: "yesterday", api_key_id: ak.usage.id }), ApiKeyFetchException, "date");
  });

  // ---- rate limits (ref §7, §8: 429 with wait_seconds, user_facing_error, error_code)

  await check("a key made with a Latchkey rate limit (2 per minute, raw POST) validates twice, then ApiKeyValidateRateLimitedException", async () => {
    const created = await directJson("POST", KEYS, {
      user_id: tk.outsider.id,
      metadata: { limited: true },
      ratelimits: [{ name: "burst", limit: 2, duration_ms: 60000 }],
    });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assertApiKeyId(created.body.api_key_id);
    assertApiKeyToken(created.body.api_key_token);
    const token = created.body.api_key_token;
    for (let i = 1; i <= 2; i++) {
      assert.equal((await auth.validatePersonalApiKey(token)).user.userId, tk.outsider.id, `validation ${i} of 2`);
    }
    const mark = wire.mark();
    const e = await rejects(auth.validateApiKey(token), ApiKeyValidateRateLimitedException);
    assert.equal(typeof e.waitSeconds, "number", `waitSeconds must be a number, got ${JSON.stringify(e.waitSeconds)}`);
    assert.ok(e.waitSeconds > 0 && e.waitSeconds <= 60, `waitSeconds ${e.waitSeconds} must be in (0, 60]`);
    assert.equal(typeof e.userFacingError, "string");
    assert.ok(e.userFacingError.length > 0, "userFacingError must say something");
    assert.equal(typeof e.errorCode, "string");
    assert.ok(e.errorCode.length > 0, "errorCode must be set");
    const [x] = await exchangesSince(mark);
    assert.equal(x.status, 429);
    const body = JSON.parse(x.responseText);
    assert.deepEqual(Object.keys(body).sort(), ["error_code", "user_facing_error", "wait_seconds"]);
    assert.ok(Number.isInteger(body.wait_seconds), `wait_seconds ${body.wait_seconds} must be whole seconds`);
    await rejects(auth.validatePersonalApiKey(token), ApiKeyValidateRateLimitedException);
    assert.equal((await auth.validateApiKey(ak.personal.token)).user.userId, tk.Member.id, "other keys are not limited");
  });

  await check("every API-key request: Bearer key, JSON content type, the end_user_api_keys paths, no 5xx, 400 bodies {field: [messages]}", async () => {
    const made = (await exchangesSince(keysMark)).filter((x) => x.path.startsWith(KEYS));
    assert.ok(made.length > 60, `only ${made.length} API-key requests were recorded`);
    const allowed = [
      ["POST", /^$/],
      ["GET", /^$/],
      ["GET", /^\/archived$/],
      ["GET", /^\/usage$/],
      ["POST", /^\/validate$/],
      ["POST", /^\/validate_imported$/],
      ["POST", /^\/import$/],
      ["GET", /^\/[0-9a-fA-F]{32}$/],
      ["PATCH", /^\/[0-9a-f]{32}$/],
      ["DELETE", /^\/[0-9a-f]{32}$/],
    ];
    const seen = new Set();
    for (const x of made) {
      const where = `${x.method} ${x.pathAndQuery} -> ${x.status} ${x.responseText}`;
      const rest = x.path.slice(KEYS.length);
      const route = allowed.findIndex(([m, p]) => m === x.method && p.test(rest));
      assert.ok(route >= 0, `unexpected request ${where}`);
      seen.add(route);
      assert.equal(x.headers.authorization, `Bearer ${apiKey}`, where);
      assert.equal(x.headers["content-type"], "application/json", where);
      assert.ok(x.status < 500, where);
      if (x.status < 400) {
        assert.doesNotThrow(() => JSON.parse(x.responseText), `not JSON: ${where}`);
      } else if (x.status === 400) {
        const body = JSON.parse(x.responseText);
        assert.ok(body && typeof body === "object" && !Array.isArray(body) && Object.keys(body).length > 0, where);
        for (const [field, messages] of Object.entries(body)) {
          assert.ok(Array.isArray(messages) && messages.length > 0 && messages.every((s) => typeof s === "string"), `${field}: ${where}`);
        }
      } else if (x.status === 429) {
        const body = JSON.parse(x.responseText);
        assert.ok(Number.isInteger(body.wait_seconds) && body.wait_seconds > 0, where);
      } else {
        assert.equal(x.status, 404, where);
      }
    }
    assert.equal(seen.size, allowed.length, "every API-key endpoint was called");
  });

  await check("clean up: the token users and orgs are deleted; a deleted user gets no token (UserNotFoundException)", async () => {
    for (const who of [...ROLES, "outsider"]) {
      assert.equal(await auth.deleteUser(tk[who].id), true, `deleteUser(${who})`);
    }
    assert.equal(await auth.deleteOrg(tk.org.id), true);
    assert.equal(await auth.deleteOrg(tk.other.id), true);
    await rejects(auth.createAccessToken({ userId: tk.Member.id, durationInMinutes: 60 }), UserNotFoundException);
  });

  await check("the API keys of a deleted user or a deleted org stop validating at once (ApiKeyValidateException)", async () => {
    for (const [what, k] of [["personal key of a deleted user", ak.personal], ["org key of a deleted org", ak.org], ["org key of a deleted org and user", ak.orgUser]]) {
      await rejects(auth.validateApiKey(k.token), ApiKeyValidateException, "api_key_token").catch((e) => {
        throw new assert.AssertionError({ message: `${what}: ${e.message}` });
      });
    }
    assert.equal((await auth.validateApiKey(ak.generic.token)).user ?? null, null, "a generic key belongs to no one and still works");
  });

  // ---- wrong integration key (ref §1: 401)

  await check("a wrong apiKey gives Error 'integrationApiKey is incorrect' on reads, writes and mutations", async () => {
    const wrongKey = "wrong_" + crypto.randomBytes(16).toString("hex");
    // With a wrong key the metadata fetch would fail for good (ref §2), so it is given by hand.
    const { publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const verifierKey = publicKey.export({ type: "spki", format: "pem" });
    const bad = initBaseAuth({ authUrl, apiKey: wrongKey, manualTokenVerificationMetadata: { verifierKey, issuer: authUrl } });
    const mark = wire.mark();
    for (const call of [
      () => bad.fetchUserMetadataByUserId(a.id),
      () => bad.fetchUsersByQuery({}),
      () => bad.fetchOrg(acme.id),
      () => bad.createUser({ email: `wrongkey@${domain}` }),
      () => bad.createOrg({ name: `Wrong key ${sfx}` }),
      () => bad.disableUser(a.id),
      () => bad.deleteOrg(acme.id),
      () => bad.fetchBatchUserMetadataByUserIds([a.id]),
    ]) {
      const e = await rejects(call(), Error);
      assert.equal(e.message, "integrationApiKey is incorrect");
    }
    const made = wire.since(mark);
    assert.equal(made.length, 8);
    for (const x of made) {
      assert.equal(x.headers.authorization, `Bearer ${wrongKey}`);
      assert.equal(x.status, 401, `${x.method} ${x.pathAndQuery}`);
    }
    assert.equal((await auth.fetchUserMetadataByUserId(a.id)).enabled, true, "the wrong key changed nothing");
    assert.ok(await auth.fetchOrg(acme.id), "the wrong key changed nothing");
  });

  // ---- deletion

  await check("deleteOrg resolves true, then false; the org is gone", async () => {
    const { result, x } = await withOneRequest(() => auth.deleteOrg(globex.id));
    assert.equal(x.method, "DELETE");
    assert.equal(x.pathAndQuery, `${API}/org/${globex.id}`);
    assert.equal(result, true);
    assert.equal(await auth.fetchOrg(globex.id), null);
    assert.equal(await auth.deleteOrg(globex.id), false);
    assert.equal(await withoutRequest(() => auth.deleteOrg("nope")), false);
    const u = await auth.fetchUserMetadataByUserId(a.id, true);
    assert.deepEqual(Object.keys(u.orgIdToOrgInfo), [acme.id], "memberships of a deleted org disappear");
  });

  await check("deleteUser resolves true, then false; the user is gone", async () => {
    const { result, x } = await withOneRequest(() => auth.deleteUser(b.id));
    assert.equal(x.method, "DELETE");
    assert.equal(x.pathAndQuery, `${API}/user/${b.id}`);
    assert.equal(result, true);
    assert.equal(await auth.fetchUserMetadataByUserId(b.id), null);
    assert.equal(await auth.deleteUser(b.id), false);
    assert.equal(await withoutRequest(() => auth.deleteUser("nope")), false);
  });

  await check("clean up: the remaining users and org are deleted", async () => {
    for (const u of [a, c, m]) {
      assert.equal(await auth.deleteUser(u.id), true, `deleteUser(${u.email})`);
    }
    assert.equal(await auth.deleteOrg(acme.id), true);
    assert.equal((await auth.fetchUsersByQuery({ emailOrUsername: sfx })).totalUsers, 0);
  });

  // ---- what went over the wire, all run long (ref §1)

  await check("every client request: Bearer key, JSON content type, X-Propelauth-url, backend prefix or the metadata path", async () => {
    const all = await exchangesSince(0);
    const fromClients = all.filter((x) => x.url.startsWith(PROPELAUTH + "/"));
    assert.ok(fromClients.length > 100, `only ${fromClients.length} client requests were recorded`);
    for (const x of all.filter((y) => !fromClients.includes(y))) {
      assert.ok(
        x.url.startsWith(authUrl + "/") && DIRECT_PATHS.includes(x.path),
        `${x.method} ${x.url} was sent neither by a client nor by the suite itself`
      );
    }
    for (const x of fromClients) {
      const where = `${x.method} ${x.pathAndQuery}`;
      assert.ok(x.path.startsWith(API + "/") || x.path === METADATA_PATH, `${where} is outside ${API}`);
      assert.equal(x.headers["content-type"], "application/json", where);
      // Only the wrong-issuer client (authUrl http://localhost:port) names another host, on its metadata fetch.
      const hosts = x.path === METADATA_PATH ? ["127.0.0.1", "localhost"] : ["127.0.0.1"];
      assert.ok(hosts.includes(x.headers["x-propelauth-url"]), `${where}: X-Propelauth-url ${x.headers["x-propelauth-url"]}`);
      assert.ok(/^Bearer \S+$/.test(x.headers.authorization), `${where}: ${x.headers.authorization}`);
    }
  });

  await check("the token metadata is fetched once per auth instance not given it by hand, each time answered 200", async () => {
    const fetches = (await exchangesSince(0)).filter((x) => x.path === METADATA_PATH);
    assert.equal(fetches.length, metadataFetches, `${metadataFetches} auth instances fetch the metadata themselves`);
    for (const x of fetches) {
      assert.equal(x.method, "GET");
      assert.equal(x.url, PROPELAUTH + METADATA_PATH);
      assert.equal(x.headers.authorization, `Bearer ${apiKey}`);
      assert.equal(x.status, 200, x.responseText);
      assert.equal(JSON.parse(x.responseText).verifier_key_pem, signing.pem, "the same key every time");
    }
  });

  await check("every answer: no 5xx, JSON below 400, 400 bodies are {field: [messages]}", async () => {
    const all = await exchangesSince(0);
    for (const x of all) {
      const where = `${x.method} ${x.pathAndQuery} -> ${x.status} ${x.responseText}`;
      assert.ok(x.status < 500, where);
      if (x.status < 400) {
        assert.doesNotThrow(() => JSON.parse(x.responseText), `not JSON: ${where}`);
      } else if (x.status === 400) {
        const body = JSON.parse(x.responseText);
        assert.ok(body && typeof body === "object" && !Array.isArray(body), where);
        for (const [field, messages] of Object.entries(body)) {
          assert.ok(Array.isArray(messages) && messages.every((s) => typeof s === "string"), `${field}: ${where}`);
        }
      }
    }
  });

  const skips = skipped > 0 ? `, ${skipped} skipped` : "";
  console.log(
    `\nall ${passed} checks passed${skips} (@propelauth/node ${CLIENT_VERSION}, @propelauth/express ${EXPRESS_VERSION}, ${wire.exchanges.length} requests to ${authUrl})`
  );
}

main().catch((e) => fail("test.cjs crashed outside a check", e));
