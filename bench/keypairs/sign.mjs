// Pre-signs N distinct Backend.AI requests (HMAC-SHA256, docs/api.md "Signed requests") and writes
// each as the JSON body of POST /api/v1/keypairs/verify, one per line, dealt round robin into
// <prefix>.0 .. <prefix>.<threads-1> (one file per wrk thread, so no two threads send the same).
// Every request has its own path (?n=<tag>-<i>) and its own microsecond in the date, so every
// signature is distinct and none is refused as `replayed`. The date is "now": the files must be
// used within the ±15-minute window. Usage:
//   node sign.mjs <accessKey> <secretKey> <count> <prefix> <threads> <tag>
import { createHmac, createHash } from "node:crypto";
import { openSync, writeSync, closeSync } from "node:fs";

const [accessKey, secretKey, countText, prefix, threadsText, tag] = process.argv.slice(2);
const count = Number(countText);
const threads = Number(threadsText);
const host = "api.bench.example:8090";
const contentType = "application/json";
const version = "v8.20240915"; // from v4.20181215 on, the body hash is that of the empty body
const emptyBodyHash = createHash("sha256").update("").digest("hex");

const hmac = (key, data) => createHmac("sha256", key).update(data).digest();
const pad = (n, w) => String(n).padStart(w, "0");
const base = new Date();
const day = `${base.getUTCFullYear()}${pad(base.getUTCMonth() + 1, 2)}${pad(base.getUTCDate(), 2)}`;
// the derived key depends on the day and host only: one derivation for the whole run (a date that
// crosses midnight UTC below would be signed with the wrong day, so the dates stay within a second)
const signKey = hmac(hmac(Buffer.from(secretKey, "utf8"), day), host);
const seconds = `${base.getUTCFullYear()}-${pad(base.getUTCMonth() + 1, 2)}-${pad(base.getUTCDate(), 2)}T${pad(base.getUTCHours(), 2)}:${pad(base.getUTCMinutes(), 2)}:${pad(base.getUTCSeconds(), 2)}`;

const fds = Array.from({ length: threads }, (_, t) => openSync(`${prefix}.${t}`, "w", 0o600));
const buffers = Array.from({ length: threads }, () => []);
const flush = (t) => {
  if (buffers[t].length) writeSync(fds[t], buffers[t].join(""));
  buffers[t] = [];
};
const started = Date.now();
for (let i = 0; i < count; i++) {
  const method = "GET";
  const path = `/func/session?n=${tag}-${i}`;
  // microseconds as Python's isoformat() writes them; i % 1e6 keeps the date within its second
  const date = `${seconds}.${pad(i % 1000000, 6)}+00:00`;
  const toSign = [method, path, date, `host:${host}`, `content-type:${contentType}`,
    `x-backendai-version:${version}`, emptyBodyHash].join("\n");
  const signature = createHmac("sha256", signKey).update(toSign).digest("hex");
  const body = JSON.stringify({
    method,
    path,
    headers: {
      Date: date,
      Host: host,
      "Content-Type": contentType,
      "X-BackendAI-Version": version,
      Authorization: `BackendAI signMethod=HMAC-SHA256, credential=${accessKey}:${signature}`,
    },
  });
  const t = i % threads;
  buffers[t].push(body + "\n");
  if (buffers[t].length >= 10000) flush(t);
}
for (let t = 0; t < threads; t++) { flush(t); closeSync(fds[t]); }
console.log(`signed ${count} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
