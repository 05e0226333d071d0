// Seeds the vault through the real API for the resolve benchmark: a management key made with
// can_decrypt, a workspace, N OpenAI BYOK keys (51..200 bytes, allowlisted for one model, the last
// a fallback) and an AI system mapping them all. Writes shell assignments (the decrypting key, the
// AI system's id, the model) to a file the benchmark sources and deletes afterwards.
// Usage: node seed_vault.mjs <baseUrl> <bootstrapManagementKey> <keyCount> <envFile>
import { writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";

const [base, bootstrap, countText, envFile] = process.argv.slice(2);
const count = Number(countText);
const model = "gpt-4o";

async function call(key, method, path, body, expected) {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (r.status !== expected) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

// an OpenAI-format key: sk- followed by [A-Za-z0-9_-], `length` bytes in all
function providerKey(length) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
  const random = randomBytes(length);
  let key = "sk-";
  for (let i = key.length; i < length; i++) key += alphabet[random[i] % alphabet.length];
  return key;
}

const gateway = await call(bootstrap, "POST", "/api/admin/v1/management_keys",
  { name: "bench gateway", can_decrypt: true }, 201);
const workspace = (await call(gateway.key, "POST", "/api/v1/workspaces", { name: "bench workspace" }, 201)).data;
const lengths = [51, 108, 164, 200];
const authIds = [];
for (let i = 0; i < count; i++) {
  const created = await call(gateway.key, "POST", "/api/v1/byok", {
    provider: "openai",
    key: providerKey(lengths[i % lengths.length]),
    name: `bench key ${i}`,
    workspace_id: workspace.id,
    allowed_models: [model],
    sort_order: i,
    is_fallback: count > 1 && i === count - 1,
  }, 201);
  authIds.push(created.data.auth_id);
}
const system = (await call(gateway.key, "POST", "/api/v1/ai_systems", {
  name: "bench system",
  provider: "openai",
  model,
  auth_data_ids: authIds,
  primary_auth_data_id: authIds[0],
  workspace_id: workspace.id,
}, 201)).data;
writeFileSync(envFile,
  `decrypt_key='${gateway.key}'\nsystem_id='${system.id}'\nmodel='${model}'\n`, { mode: 0o600 });
console.log(`workspace ${workspace.id}: ${count} keys, AI system ${system.id}`);
