// Creates N generic API keys through the real API and writes their tokens, one per line, to a
// file the benchmark deletes afterwards. Usage: node seed_keys.mjs <baseUrl> <managementKey> <count> <tokensFile>
import { writeFileSync } from "node:fs";

const [base, key, countText, file] = process.argv.slice(2);
const count = Number(countText);
const tokens = new Array(count);
let next = 0;

async function worker() {
  while (true) {
    const i = next++;
    if (i >= count) return;
    const r = await fetch(`${base}/api/backend/v1/end_user_api_keys`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ metadata: { customer: i }, display_name: `bench ${i}` }),
    });
    if (r.status !== 200) throw new Error(`key ${i}: ${r.status} ${await r.text()}`);
    tokens[i] = (await r.json()).api_key_token;
  }
}

const started = Date.now();
await Promise.all(Array.from({ length: 16 }, worker));
writeFileSync(file, tokens.join("\n") + "\n", { mode: 0o600 });
console.log(`created ${count} keys in ${((Date.now() - started) / 1000).toFixed(1)} s`);
