"use strict";
// Preload for `node -r ./redirect.cjs test.cjs`.
//
// @propelauth/node 2.1.33 and later send every backend call to the hard-coded
// https://propelauth-api.com, whatever authUrl says (reference §0). The library looks up the
// global fetch on every call, so wrapping it here points the unchanged client at the Latchkey
// server under test on http://127.0.0.1:$LATCHKEY_PORT. Any other destination is refused, so
// the suite can never reach the real PropelAuth or anything else on the network.
//
// Every exchange is recorded (method, path with query, request headers and body, response
// status and body) so that test.cjs can check what actually went over the wire.

const PROPELAUTH = "https://propelauth-api.com";

const port = process.env.LATCHKEY_PORT;
if (!port || !/^[0-9]+$/.test(port)) {
  console.error("redirect.cjs: set LATCHKEY_PORT to the port of the Latchkey server under test");
  process.exit(2);
}
const target = "http://127.0.0.1:" + port;

const exchanges = [];
const originalFetch = globalThis.fetch;
if (typeof originalFetch !== "function") {
  console.error("redirect.cjs: this Node has no global fetch; Node 18 or later is required");
  process.exit(2);
}

function headersToObject(headers) {
  const out = {};
  if (!headers) {
    return out;
  }
  if (typeof headers.forEach === "function" && !Array.isArray(headers)) {
    headers.forEach((value, name) => {
      out[name.toLowerCase()] = value;
    });
    return out;
  }
  const entries = Array.isArray(headers) ? headers : Object.entries(headers);
  for (const [name, value] of entries) {
    out[String(name).toLowerCase()] = String(value);
  }
  return out;
}

function isLoopback(url) {
  return url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
}

globalThis.fetch = async function latchkeyRedirectingFetch(input, init) {
  const original = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
  let rewritten = original;
  if (original === PROPELAUTH || original.startsWith(PROPELAUTH + "/")) {
    rewritten = target + original.slice(PROPELAUTH.length);
  } else if (!isLoopback(new URL(original))) {
    throw new Error("redirect.cjs: refusing a request to " + original + " (only " + PROPELAUTH + " is redirected)");
  }
  const url = new URL(rewritten);
  const exchange = {
    method: ((init && init.method) || (typeof input === "object" && input.method) || "GET").toUpperCase(),
    url: original,
    path: url.pathname,
    rawQuery: url.search.startsWith("?") ? url.search.slice(1) : url.search,
    pathAndQuery: rewritten.slice(target.length),
    headers: headersToObject(init && init.headers),
    body: init && typeof init.body === "string" ? init.body : init && init.body != null ? "<non-string body>" : undefined,
    status: undefined,
    response: undefined,
    error: undefined,
  };
  exchanges.push(exchange);
  let response;
  try {
    response = await originalFetch(rewritten, init);
  } catch (e) {
    exchange.error = e;
    throw e;
  }
  exchange.status = response.status;
  exchange.response = response
    .clone()
    .text()
    .catch((e) => "<unreadable body: " + e + ">");
  return response;
};

module.exports = {
  target,
  exchanges,
  /** The index to pass to {@link since} to get the exchanges made after this point. */
  mark() {
    return exchanges.length;
  },
  since(mark) {
    return exchanges.slice(mark);
  },
};
