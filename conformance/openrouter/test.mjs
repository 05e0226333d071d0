// Drives the real, unchanged @openrouter/sdk client (pinned in package.json) against a running
// Latchkey server's OpenRouter-compatible BYOK API (/api/v1/byok, docs/api.md "Provider-key
// vault") and checks what the client sends and accepts, as described in
// /work/shared/reference/openrouter-byok-api.md (cited below as "ref §n").
//
//   node test.mjs <server url> <management key>
//   LATCHKEY_URL=http://127.0.0.1:8080 LATCHKEY_API_KEY=<management key> node test.mjs
//
// Install with `npm ci --ignore-scripts` (the package's postinstall calls openrouter.ai; the
// .npmrc here turns install scripts off as well). The client is built with an explicit apiKey
// and serverURL, retries off and a timeout, and every OPENROUTER_* variable is removed from the
// environment first, so nothing on this machine can send it elsewhere (ref §4).
//
// Prints one line per check, runs every check even after a failure (a check whose input an
// earlier one failed to make is reported as skipped), shows the HTTP exchanges of each failed
// check, and exits 1 when any check failed. Every name it creates carries a random suffix and
// the keys it adds to the default workspace are deleted again, so it can run against a server
// that other tests share.

import assert from "node:assert/strict";
import crypto from "node:crypto";
import { createRequire } from "node:module";

for (const name of Object.keys(process.env)) {
  if (name.startsWith("OPENROUTER_")) {
    delete process.env[name];
  }
}

let sdkModule;
let errors;
let sdkModels;
try {
  sdkModule = await import("@openrouter/sdk");
  errors = await import("@openrouter/sdk/models/errors");
  sdkModels = await import("@openrouter/sdk/models");
} catch (e) {
  console.error(
    `test.mjs: cannot load @openrouter/sdk (${String(e.message).split("\n")[0]}); run \`npm ci --ignore-scripts\` in ${new URL(".", import.meta.url).pathname} first`
  );
  process.exit(2);
}
const { OpenRouter, HTTPClient } = sdkModule;
const {
  BadRequestResponseError,
  NotFoundResponseError,
  OpenRouterError,
  ResponseValidationError,
  SDKValidationError,
  UnauthorizedResponseError,
} = errors;
const require = createRequire(import.meta.url);
const CLIENT_VERSION = require("@openrouter/sdk/package.json").version;
const PINNED_VERSION = require("./package.json").dependencies["@openrouter/sdk"];
if (CLIENT_VERSION !== PINNED_VERSION) {
  console.error(
    `test.mjs: node_modules holds @openrouter/sdk ${CLIENT_VERSION}, package.json pins ${PINNED_VERSION}; run \`npm ci --ignore-scripts\``
  );
  process.exit(2);
}

const serverUrl = (process.argv[2] ?? process.env.LATCHKEY_URL ?? "").replace(/\/+$/, "");
const apiKey = process.argv[3] ?? process.env.LATCHKEY_API_KEY;
if (!/^https?:\/\/[^/]+$/.test(serverUrl) || !apiKey) {
  console.error(
    "usage: node test.mjs <server url, e.g. http://127.0.0.1:8080> <management key>\n" +
      "   or: LATCHKEY_URL=... LATCHKEY_API_KEY=... node test.mjs"
  );
  process.exit(2);
}
const baseURL = `${serverUrl}/api/v1`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
// The BYOKKey fields as the client returns them (ref §2.3), all of them: the server sends `name`
// too, and the client drops anything else.
const SDK_FIELDS = [
  "allowedApiKeyHashes",
  "allowedModels",
  "allowedUserIds",
  "createdAt",
  "declaredZdr",
  "disabled",
  "id",
  "isByokOnly",
  "isFallback",
  "isRequired",
  "label",
  "name",
  "provider",
  "sortOrder",
  "workspaceId",
].sort();
const WIRE_FIELDS = [
  "allowed_api_key_hashes",
  "allowed_models",
  "allowed_user_ids",
  "created_at",
  "declared_zdr",
  "disabled",
  "id",
  "is_byok_only",
  "is_fallback",
  "is_required",
  "label",
  "name",
  "provider",
  "sort_order",
  "workspace_id",
];
const suffix = crypto.randomBytes(4).toString("hex");
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Every raw provider key this run submits; no answer may ever contain one. */
const submittedKeys = new Set();

function random(n) {
  let s = "";
  for (const b of crypto.randomBytes(n)) {
    s += ALNUM[b % ALNUM.length];
  }
  return s;
}

/** A fresh key that passes the server's OpenAI format rule ("sk-" + 20..300 of [A-Za-z0-9_-]). */
function openAiKey() {
  const key = "sk-proj-" + random(40);
  submittedKeys.add(key);
  return key;
}

/** A key that passes the server's Mistral rule (32 letters and digits). */
function mistralKey() {
  const key = random(32);
  submittedKeys.add(key);
  return key;
}

function anthropicKey() {
  const key = "sk-ant-api03-" + random(40);
  submittedKeys.add(key);
  return key;
}

// ---------------------------------------------------------------------------------------------
// Wire recording: the client gets an HTTPClient whose fetcher records each exchange (it still
// calls the global fetch with the client's own Request); the suite's direct calls are recorded
// too.

const exchanges = [];

async function recordedFetch(via, request) {
  const x = {
    via,
    method: request.method,
    url: request.url,
    authorization: request.headers.get("authorization"),
    requestBody: request.body ? await request.clone().text() : undefined,
  };
  exchanges.push(x);
  try {
    const response = await fetch(request);
    x.status = response.status;
    x.contentType = response.headers.get("content-type") ?? "";
    x.responseText = await response.clone().text();
    return response;
  } catch (e) {
    x.error = e;
    throw e;
  }
}

const NO_KEY = Symbol("no key");

/** A client of the server under test; `key` is its apiKey (NO_KEY: none at all). */
function client(key = apiKey) {
  const options = {
    serverURL: baseURL,
    retryConfig: { strategy: "none" },
    timeoutMs: 10000,
    httpClient: new HTTPClient({ fetcher: (request) => recordedFetch("sdk", request) }),
  };
  if (key !== NO_KEY) {
    options.apiKey = key;
  }
  return new OpenRouter(options);
}

/** A direct request (not through the client) with the management key; answers {status, json, text}. */
async function raw(method, path, body) {
  const init = { method, headers: { authorization: `Bearer ${apiKey}`, accept: "application/json" } };
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await recordedFetch("raw", new Request(serverUrl + path, init));
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, contentType: response.headers.get("content-type") ?? "", text, json };
}

/** The path and query of a recorded URL. */
function pathOf(url) {
  const u = new URL(url);
  return u.pathname + u.search;
}

// ---------------------------------------------------------------------------------------------
// Harness

class Skip extends Error {}

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

/** Throws Skip when an earlier check could not make what this one needs. */
function needs(value, what) {
  if (value === undefined || value === null) {
    throw new Skip(`needs ${what}, which an earlier check did not make`);
  }
  return value;
}

function describeExchange(x) {
  const body = x.requestBody !== undefined && x.requestBody !== "" ? ` body ${redact(x.requestBody)}` : "";
  const answer = x.error ? `network error ${x.error.message}` : `${x.status} ${x.contentType} ${redact(x.responseText ?? "")}`;
  return `    [${x.via}] ${x.method} ${pathOf(x.url)}${body}\n      -> ${answer}`;
}

/** Raw keys are shown by their last four characters only, in case an answer carries one. */
function redact(text) {
  let out = text;
  for (const key of submittedKeys) {
    out = out.split(key).join(`<RAW KEY ...${key.slice(-4)}>`);
  }
  return out.length > 600 ? out.slice(0, 600) + "..." : out;
}

/** Runs one named check; a failure is reported with the exchanges it made and the run goes on. */
async function check(name, fn) {
  const mark = exchanges.length;
  const started = performance.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Math.round(performance.now() - started)} ms)`);
  } catch (e) {
    if (e instanceof Skip) {
      skipped++;
      console.log(`skip ${name}: ${e.message}`);
      return;
    }
    failed++;
    failures.push(name);
    console.log(`FAIL ${name}`);
    const text = e && e.stack ? e.stack : String(e);
    console.log(text.replace(/^/gm, "  "));
    const made = exchanges.slice(mark);
    if (made.length === 0) {
      console.log("  (this check made no request)");
    } else {
      console.log(`  exchanges made by this check (${made.length}, newest last, at most 8 shown):`);
      for (const x of made.slice(-8)) {
        console.log(describeExchange(x));
      }
    }
  }
}

/** Awaits `promise`, expecting it to reject with an instance of `Class`; returns the error. */
async function rejects(promise, Class, status) {
  let error;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error !== undefined, `expected ${Class.name}, but the call succeeded`);
  assert.ok(
    error instanceof Class,
    `expected ${Class.name}, got ${error?.name}: ${error?.message}` +
      (error?.statusCode ? ` (status ${error.statusCode}, body ${redact(String(error.body))})` : "")
  );
  if (status !== undefined) {
    assert.ok(error instanceof OpenRouterError, "a typed HTTP error extends OpenRouterError");
    assert.equal(error.statusCode, status, "statusCode");
    assert.equal(error.error.code, status, "error.code in the envelope equals the status");
    assert.equal(typeof error.error.message, "string");
    assert.equal(error.message, error.error.message, "the error's message is error.message");
  }
  return error;
}

/** The shape every BYOKKey the client returns must have (ref §2.3). */
function assertKeyShape(k, where) {
  assert.deepEqual(Object.keys(k).sort(), SDK_FIELDS, `${where}: the client's BYOKKey fields`);
  assert.match(k.id, UUID, `${where}: id`);
  assert.equal(typeof k.provider, "string", `${where}: provider`);
  assert.equal(typeof k.label, "string", `${where}: label`);
  assert.ok(k.name === null || typeof k.name === "string", `${where}: name`);
  for (const f of ["disabled", "isFallback", "isRequired", "isByokOnly"]) {
    assert.equal(typeof k[f], "boolean", `${where}: ${f}`);
  }
  assert.ok(k.declaredZdr === null || typeof k.declaredZdr === "boolean", `${where}: declaredZdr`);
  for (const f of ["allowedModels", "allowedApiKeyHashes", "allowedUserIds"]) {
    assert.ok(k[f] === null || (Array.isArray(k[f]) && k[f].every((s) => typeof s === "string")), `${where}: ${f}`);
  }
  assert.ok(Number.isInteger(k.sortOrder), `${where}: sortOrder is an integer`);
  assert.ok(k.workspaceId === null || typeof k.workspaceId === "string", `${where}: workspaceId`);
  assert.match(k.createdAt, RFC3339, `${where}: createdAt is RFC 3339`);
  assert.ok(!Number.isNaN(Date.parse(k.createdAt)), `${where}: createdAt parses`);
}

/** The masked label of docs/api.md: "sk-..." and the key's last four characters. */
function assertLabelMasks(k, key) {
  assert.equal(k.label, `sk-...${key.slice(-4)}`, "label masks the key (docs/api.md: sk-...AbCd)");
}

function assertNoRawKey(value, where) {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  for (const key of submittedKeys) {
    assert.ok(!text.includes(key), `${where} contains a raw key (...${key.slice(-4)})`);
  }
}

async function newWorkspace(label) {
  const r = await raw("POST", "/api/v1/workspaces", { name: `or-${label}-${suffix}` });
  assert.equal(r.status, 201, `POST /api/v1/workspaces: ${r.text}`);
  assert.match(r.json?.data?.id ?? "", UUID, "workspace id");
  return r.json.data.id;
}

/** Every id the raw API lists for `query` (all pages of 100). */
async function rawIds(query) {
  const ids = [];
  let total;
  for (let offset = 0; ; offset += 100) {
    const r = await raw("GET", `/api/v1/byok?limit=100&offset=${offset}${query ? "&" + query : ""}`);
    assert.equal(r.status, 200, r.text);
    total = r.json.total_count;
    ids.push(...r.json.data.map((k) => k.id));
    if (r.json.data.length < 100) {
      break;
    }
  }
  return { ids, total };
}

/** Iterates every page of `sdk.byok.list(request)` with for await; the pages and the requests. */
async function iterate(sdk, request) {
  const mark = exchanges.length;
  const pages = [];
  for await (const page of await (request === undefined ? sdk.byok.list() : sdk.byok.list(request))) {
    pages.push(page);
  }
  const requests = exchanges.slice(mark).filter((x) => x.via === "sdk");
  return { pages, requests, ids: pages.flatMap((p) => p.result.data.map((k) => k.id)) };
}

function assertEachOnce(ids, expected, where) {
  assert.equal(new Set(ids).size, ids.length, `${where}: an id was seen twice: ${ids.join(",")}`);
  assert.deepEqual([...ids].sort(), [...expected].sort(), `${where}: the ids seen`);
}

// ---------------------------------------------------------------------------------------------
// The checks (numbered as in ref §4.2)

async function main() {
  console.log(`# @openrouter/sdk ${CLIENT_VERSION} against ${baseURL} (suffix ${suffix})`);
  const sdk = client();
  let ws; // a fresh workspace for the single-key checks
  let made; // the key created in check 2, and its raw key
  let madeKey;

  await check("setup: a fresh workspace through POST /api/v1/workspaces", async () => {
    ws = await newWorkspace("main");
  });

  // 1
  await check("1. list with a wrong key is UnauthorizedResponseError (401 in the error envelope)", async () => {
    const bad = client("lk_mgmt_wrong_" + random(24));
    await rejects(bad.byok.list(), UnauthorizedResponseError, 401);
    await rejects(bad.byok.list({ limit: 5 }), UnauthorizedResponseError, 401);
    const x = exchanges.at(-1);
    assert.match(x.authorization, /^Bearer lk_mgmt_wrong_/, "the client sends Bearer <apiKey>");
  });

  await check("1b. without a key the client sends no Authorization; every BYOK call is UnauthorizedResponseError", async () => {
    const none = client(NO_KEY);
    await rejects(none.byok.list(), UnauthorizedResponseError, 401);
    assert.equal(exchanges.at(-1).authorization, null, "no Authorization header");
    const bad = client("not-a-key");
    const id = crypto.randomUUID();
    await rejects(bad.byok.get({ id }), UnauthorizedResponseError, 401);
    await rejects(
      bad.byok.create({ createBYOKKeyRequest: { provider: "openai", key: openAiKey() } }),
      UnauthorizedResponseError,
      401
    );
    await rejects(bad.byok.update({ id, updateBYOKKeyRequest: { name: "x" } }), UnauthorizedResponseError, 401);
    await rejects(bad.byok.delete({ id }), UnauthorizedResponseError, 401);
  });

  // 2
  await check("2. create answers 201; the BYOKKey has every field, a masked label and no raw key", async () => {
    needs(ws, "the workspace");
    const key = openAiKey();
    const name = `Prod ${suffix}`;
    const mark = exchanges.length;
    const result = await sdk.byok.create({
      createBYOKKeyRequest: { provider: "openai", key, name, workspaceId: ws, allowedModels: ["openai/gpt-4o"] },
    });
    const x = exchanges.slice(mark).find((e) => e.via === "sdk");
    assert.equal(x.method, "POST");
    assert.equal(pathOf(x.url), "/api/v1/byok");
    assert.equal(x.status, 201);
    assert.deepEqual(Object.keys(result), ["data"]);
    const k = result.data;
    assertKeyShape(k, "create");
    assert.equal(k.provider, "openai");
    assert.equal(k.name, name);
    assertLabelMasks(k, key);
    assert.equal(k.workspaceId, ws);
    assert.deepEqual(k.allowedModels, ["openai/gpt-4o"]);
    assert.equal(k.disabled, false);
    assert.equal(k.isFallback, false);
    assert.equal(k.isRequired, false);
    assert.equal(k.isByokOnly, false);
    assert.equal(k.declaredZdr, null);
    assert.equal(k.allowedApiKeyHashes, null);
    assert.equal(k.allowedUserIds, null);
    assert.ok(!JSON.stringify(result).includes(key), "JSON.stringify(result) contains the raw key");
    assertNoRawKey(x.responseText, "the raw 201 body");
    made = k;
    madeKey = key;
  });

  await check("2b. create with the optional flags set returns them", async () => {
    needs(ws, "the workspace");
    const key = openAiKey();
    const { data: k } = await sdk.byok.create({
      createBYOKKeyRequest: {
        provider: "openai",
        key,
        workspaceId: ws,
        disabled: true,
        isRequired: true,
        isByokOnly: true,
        declaredZdr: true,
        allowedModels: [],
        allowedUserIds: null,
        name: null,
      },
    });
    assertKeyShape(k, "create");
    assert.equal(k.disabled, true);
    assert.equal(k.isRequired, true);
    assert.equal(k.isByokOnly, true);
    assert.equal(k.isFallback, false);
    assert.equal(k.declaredZdr, true);
    assert.deepEqual(k.allowedModels, []);
    assert.equal(k.allowedUserIds, null);
    assert.equal(k.name, null);
    await sdk.byok.delete({ id: k.id });
  });

  // 3
  await check("3. create without key (or provider) is a client-side SDKValidationError; nothing is sent", async () => {
    const mark = exchanges.length;
    for (const body of [{ provider: "openai", workspaceId: ws ?? "x" }, { key: openAiKey(), workspaceId: ws ?? "x" }]) {
      const e = await rejects(sdk.byok.create({ createBYOKKeyRequest: body }), SDKValidationError);
      assert.equal(e.name, "SDKValidationError", `${e.name}: ${e.message}`);
      assert.ok(!(e instanceof ResponseValidationError), "not a ResponseValidationError");
    }
    assert.equal(exchanges.length, mark, "the client sent a request");
  });

  // 4
  await check("4. get returns the created key", async () => {
    const k = needs(made, "the key of check 2");
    const got = await sdk.byok.get({ id: k.id });
    assert.deepEqual(Object.keys(got), ["data"]);
    assertKeyShape(got.data, "get");
    assert.deepEqual(got.data, k);
    assert.equal(pathOf(exchanges.at(-1).url), `/api/v1/byok/${k.id}`);
  });

  await check("4b. get of an unknown UUID (and of a non-UUID id) is NotFoundResponseError", async () => {
    await rejects(sdk.byok.get({ id: crypto.randomUUID() }), NotFoundResponseError, 404);
    await rejects(sdk.byok.get({ id: "no such/key" }), NotFoundResponseError, 404);
    assert.equal(pathOf(exchanges.at(-1).url), "/api/v1/byok/no%20such%2Fkey", "the client percent-encodes the id");
  });

  // 5
  await check("5. update rotates the key, renames and clears allowedModels with null", async () => {
    const k = needs(made, "the key of check 2");
    const newKey = openAiKey();
    const name = `Renamed ${suffix}`;
    const result = await sdk.byok.update({ id: k.id, updateBYOKKeyRequest: { key: newKey, name, allowedModels: null } });
    const x = exchanges.at(-1);
    assert.equal(x.method, "PATCH");
    assert.equal(pathOf(x.url), `/api/v1/byok/${k.id}`);
    assert.equal(x.status, 200);
    assert.deepEqual(JSON.parse(x.requestBody), { allowed_models: null, key: newKey, name }, "the PATCH body");
    assert.deepEqual(Object.keys(result), ["data"]);
    const u = result.data;
    assertKeyShape(u, "update");
    assert.equal(u.id, k.id, "the id stays");
    assert.equal(u.name, name);
    assert.equal(u.allowedModels, null);
    assertLabelMasks(u, newKey);
    assert.equal(u.workspaceId, k.workspaceId);
    assert.equal(u.provider, k.provider);
    assert.equal(u.createdAt, k.createdAt);
    assertNoRawKey(result, "the update result");
    assertNoRawKey(x.responseText, "the raw update body");
    const got = (await sdk.byok.get({ id: k.id })).data;
    assert.deepEqual(got, u, "get after update");
    made = u;
    madeKey = newKey;
  });

  await check("5b. update with {} changes nothing; update of an unknown id is NotFoundResponseError", async () => {
    const k = needs(made, "the key of check 5");
    const result = await sdk.byok.update({ id: k.id, updateBYOKKeyRequest: {} });
    assert.equal(exchanges.at(-1).requestBody, "{}");
    assert.deepEqual(result.data, k);
    await rejects(
      sdk.byok.update({ id: crypto.randomUUID(), updateBYOKKeyRequest: { name: "x" } }),
      NotFoundResponseError,
      404
    );
  });

  // 6
  await check("6. for await over list({workspaceId, limit: 2}): 5 keys in 3 pages, each id once, totalCount 5", async () => {
    const pw = await newWorkspace("pages");
    const ids = [];
    for (let i = 0; i < 5; i++) {
      const { data } = await sdk.byok.create({
        createBYOKKeyRequest: { provider: "openai", key: openAiKey(), name: `page-${i}`, workspaceId: pw },
      });
      ids.push(data.id);
    }
    const run = await iterate(sdk, { workspaceId: pw, limit: 2 });
    assert.deepEqual(
      run.requests.map((x) => pathOf(x.url)),
      [0, 2, 4].map((o) => `/api/v1/byok?limit=2&offset=${o}&workspace_id=${pw}`),
      "the pages the client asked for"
    );
    assert.deepEqual(run.pages.map((p) => p.result.data.length), [2, 2, 1], "page sizes");
    for (const p of run.pages) {
      assert.equal(p.result.totalCount, 5, "totalCount on every page");
      p.result.data.forEach((k) => assertKeyShape(k, "list"));
    }
    assertEachOnce(run.ids, ids, "list");
  });

  await check("6b. provider filter: 4 anthropic keys by 2 end with an empty page; openai ones are not listed", async () => {
    const pw = await newWorkspace("provider");
    const anthropic = [];
    for (let i = 0; i < 4; i++) {
      const { data } = await sdk.byok.create({
        createBYOKKeyRequest: { provider: "anthropic", key: anthropicKey(), workspaceId: pw },
      });
      assert.equal(data.provider, "anthropic");
      anthropic.push(data.id);
    }
    await sdk.byok.create({ createBYOKKeyRequest: { provider: "openai", key: openAiKey(), workspaceId: pw } });
    const run = await iterate(sdk, { workspaceId: pw, provider: "anthropic", limit: 2 });
    assert.deepEqual(
      run.requests.map((x) => pathOf(x.url)),
      [0, 2, 4].map((o) => `/api/v1/byok?limit=2&offset=${o}&provider=anthropic&workspace_id=${pw}`)
    );
    assert.deepEqual(run.pages.map((p) => p.result.data.length), [2, 2, 0], "page sizes");
    run.pages.forEach((p) => assert.equal(p.result.totalCount, 4, "totalCount"));
    assertEachOnce(run.ids, anthropic, "provider=anthropic");
    const all = await iterate(sdk, { workspaceId: pw });
    assert.equal(all.pages[0].result.totalCount, 5);
    assert.equal(all.ids.length, 5);
  });

  await check("6c. list() with no argument: the default workspace in pages of 50 (53+ keys, 2+ requests)", async () => {
    const before = await rawIds("");
    const toMake = Math.max(3, 53 - before.total);
    const mine = [];
    try {
      for (let i = 0; i < toMake; i++) {
        const { data } = await sdk.byok.create({ createBYOKKeyRequest: { provider: "openai", key: openAiKey() } });
        assert.notEqual(data.workspaceId, null, "a key made without workspace_id lands in the default workspace");
        mine.push(data.id);
      }
      const expected = await rawIds("");
      assert.ok(expected.total >= 53, `default workspace has ${expected.total} keys`);
      assert.equal(expected.ids.length, expected.total);
      const run = await iterate(sdk);
      const pagesExpected = Math.floor(expected.total / 50) + 1;
      const paths = run.requests.map((x) => pathOf(x.url));
      assert.equal(paths[0], "/api/v1/byok", "list() sends no query string");
      assert.deepEqual(
        paths.slice(1),
        Array.from({ length: pagesExpected - 1 }, (_, i) => `/api/v1/byok?limit=50&offset=${50 * (i + 1)}`),
        "the further pages"
      );
      assert.equal(run.pages[0].result.data.length, 50, "the server's default page size is 50");
      run.pages.forEach((p) => assert.equal(p.result.totalCount, expected.total, "totalCount"));
      assertEachOnce(run.ids, expected.ids, "list()");
      for (const id of mine) {
        assert.ok(run.ids.includes(id), `created key ${id} listed`);
      }
      // list({}) is the same with limit=50&offset=0 spelled out
      const explicit = await iterate(sdk, {});
      assert.equal(pathOf(explicit.requests[0].url), "/api/v1/byok?limit=50&offset=0");
      assertEachOnce(explicit.ids, expected.ids, "list({})");
    } finally {
      for (const id of mine) {
        await sdk.byok.delete({ id });
      }
    }
  });

  // 7
  await check("7. delete answers {deleted: true}; then get and a second delete are NotFoundResponseError", async () => {
    const k = needs(made, "the key of check 5");
    const result = await sdk.byok.delete({ id: k.id });
    const x = exchanges.at(-1);
    assert.equal(x.method, "DELETE");
    assert.equal(pathOf(x.url), `/api/v1/byok/${k.id}`);
    assert.equal(x.status, 200);
    assert.deepEqual(result, { deleted: true });
    await rejects(sdk.byok.get({ id: k.id }), NotFoundResponseError, 404);
    await rejects(sdk.byok.delete({ id: k.id }), NotFoundResponseError, 404);
    await rejects(sdk.byok.update({ id: k.id, updateBYOKKeyRequest: { name: "x" } }), NotFoundResponseError, 404);
    const listed = await iterate(sdk, { workspaceId: k.workspaceId });
    assert.ok(!listed.ids.includes(k.id), "a deleted key is not listed");
  });

  // 8
  await check("8. list with limit=500 (and limit=0, offset=-1) is BadRequestResponseError", async () => {
    const e = await rejects(sdk.byok.list({ limit: 500 }), BadRequestResponseError, 400);
    assert.match(e.message, /limit/, "the message names limit");
    assert.equal(pathOf(exchanges.at(-1).url), "/api/v1/byok?limit=500&offset=0", "the client sends limit=500 unchecked");
    await rejects(sdk.byok.list({ limit: 0 }), BadRequestResponseError, 400);
    await rejects(sdk.byok.list({ offset: -1 }), BadRequestResponseError, 400);
    const max = await sdk.byok.list({ limit: 100, workspaceId: needs(ws, "the workspace") });
    assert.ok(Array.isArray(max.result.data), "limit=100 is allowed");
  });

  // 9
  await check("9. create with isFallback and isByokOnly is BadRequestResponseError; so is such an update", async () => {
    needs(ws, "the workspace");
    const e = await rejects(
      sdk.byok.create({
        createBYOKKeyRequest: { provider: "openai", key: openAiKey(), workspaceId: ws, isFallback: true, isByokOnly: true },
      }),
      BadRequestResponseError,
      400
    );
    assertNoRawKey(e.body, "the 400 body");
    const { data: k } = await sdk.byok.create({
      createBYOKKeyRequest: { provider: "openai", key: openAiKey(), workspaceId: ws, isFallback: true },
    });
    assert.equal(k.isFallback, true);
    await rejects(
      sdk.byok.update({ id: k.id, updateBYOKKeyRequest: { isByokOnly: true } }),
      BadRequestResponseError,
      400
    );
    await sdk.byok.delete({ id: k.id });
  });

  await check("9b. bad input is BadRequestResponseError: unknown workspace, malformed key, unknown provider slug", async () => {
    await rejects(
      sdk.byok.create({ createBYOKKeyRequest: { provider: "openai", key: openAiKey(), workspaceId: crypto.randomUUID() } }),
      BadRequestResponseError,
      400
    );
    const badKey = "not an openai key " + random(8);
    submittedKeys.add(badKey);
    const e = await rejects(
      sdk.byok.create({ createBYOKKeyRequest: { provider: "openai", key: badKey, workspaceId: needs(ws, "the workspace") } }),
      BadRequestResponseError,
      400
    );
    assertNoRawKey(e.body, "the 400 body");
    await rejects(sdk.byok.list({ workspaceId: crypto.randomUUID() }), BadRequestResponseError, 400);
  });

  await check("9c. list with workspaceId shows only that workspace's keys", async () => {
    const a = await newWorkspace("a");
    const b = await newWorkspace("b");
    const inA = (await sdk.byok.create({ createBYOKKeyRequest: { provider: "openai", key: openAiKey(), workspaceId: a } })).data;
    const inB = (await sdk.byok.create({ createBYOKKeyRequest: { provider: "mistral", key: mistralKey(), workspaceId: b } })).data;
    assert.equal(inA.workspaceId, a);
    assert.equal(inB.workspaceId, b);
    const listA = await sdk.byok.list({ workspaceId: a });
    assert.deepEqual(listA.result.data.map((k) => k.id), [inA.id]);
    assert.equal(listA.result.totalCount, 1);
    assert.equal(pathOf(exchanges.at(-1).url), `/api/v1/byok?limit=50&offset=0&workspace_id=${a}`);
    const listB = await sdk.byok.list({ workspaceId: b });
    assert.deepEqual(listB.result.data.map((k) => k.id), [inB.id]);
    const defaults = await rawIds("");
    assert.ok(!defaults.ids.includes(inA.id) && !defaults.ids.includes(inB.id), "not in the default workspace");
  });

  await check("9d. the list filter accepts every provider slug of the client's BYOKProviderSlug enum", async () => {
    const empty = await newWorkspace("slugs");
    const slugs = Object.values(sdkModels.BYOKProviderSlug);
    assert.ok(slugs.length >= 100 && slugs.includes("amazon-bedrock/claude-on-aws"), `${slugs.length} slugs`);
    const refused = [];
    for (const provider of slugs) {
      try {
        const page = await sdk.byok.list({ workspaceId: empty, provider, limit: 1 });
        assert.equal(page.result.totalCount, 0);
      } catch (e) {
        refused.push(`${provider} (${e.name}: ${e.message})`);
      }
    }
    assert.deepEqual(refused, [], "slugs the server refused");
  });

  // 10
  await check("10. the raw JSON of get and list has every wire field and never the raw key", async () => {
    needs(ws, "the workspace");
    const key = openAiKey();
    const { data: k } = await sdk.byok.create({ createBYOKKeyRequest: { provider: "openai", key, workspaceId: ws } });
    const got = await raw("GET", `/api/v1/byok/${k.id}`);
    assert.equal(got.status, 200, got.text);
    assert.match(got.contentType, /^application\/json/);
    for (const f of WIRE_FIELDS) {
      assert.ok(Object.hasOwn(got.json.data, f), `wire field ${f} missing from ${got.text}`);
    }
    assert.ok(Number.isInteger(got.json.data.sort_order), "sort_order is an integer on the wire");
    assertNoRawKey(got.text, "the raw GET body");
    const listed = await raw("GET", `/api/v1/byok?workspace_id=${ws}`);
    assert.equal(listed.status, 200, listed.text);
    assert.ok(Number.isInteger(listed.json.total_count), "total_count is an integer");
    assertNoRawKey(listed.text, "the raw list body");
    const deleted = await raw("DELETE", `/api/v1/byok/${k.id}`);
    assert.equal(deleted.status, 200, deleted.text);
    assert.equal(deleted.json.deleted, true);
    assertNoRawKey(deleted.text, "the raw DELETE body");
  });

  await check("10b. every answer of this run: JSON, no 5xx, errors in the envelope, no raw key anywhere", async () => {
    assert.ok(exchanges.length > 100, `${exchanges.length} exchanges`);
    for (const x of exchanges) {
      const where = `${x.via} ${x.method} ${pathOf(x.url)} -> ${x.status}`;
      assert.equal(x.error, undefined, `${where}: ${x.error?.message}`);
      assert.ok(x.status < 500, where);
      assert.match(x.contentType, /^application\/json(;|$)/, `${where}: content-type`);
      assertNoRawKey(x.responseText, where);
      if (x.status >= 400) {
        const body = JSON.parse(x.responseText);
        assert.ok(Number.isInteger(body?.error?.code), `${where}: error.code is an integer`);
        assert.equal(body.error.code, x.status, `${where}: error.code`);
        assert.equal(typeof body.error.message, "string", `${where}: error.message`);
      }
    }
  });

  const total = passed + failed + skipped;
  const counts = `${passed}/${total} checks passed` + (skipped ? `, ${skipped} skipped` : "");
  if (failed > 0) {
    console.log(`\n${failed} FAILED (${failures.join("; ")}); ${counts} (@openrouter/sdk ${CLIENT_VERSION}, ${exchanges.length} requests to ${baseURL})`);
    process.exit(1);
  }
  console.log(`\nall ${counts} (@openrouter/sdk ${CLIENT_VERSION}, ${exchanges.length} requests to ${baseURL})`);
}

main().catch((e) => {
  console.log(`test.mjs crashed outside a check: ${e && e.stack ? e.stack : e}`);
  process.exit(1);
});
