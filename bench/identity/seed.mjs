// Seeds N users through the real API (POST /api/backend/v1/user/) and writes their ids, one per
// line (and their emails, when an emails file is given). With BENCH_PASSWORD set, every user gets
// that password. Usage: node seed.mjs <baseUrl> <managementKey> <count> <idsFile> [emailsFile]
import { writeFileSync } from "node:fs";

const [base, key, countText, idsFile, emailsFile] = process.argv.slice(2);
const password = process.env.BENCH_PASSWORD;
const count = Number(countText);
const concurrency = 16;
const run = Date.now().toString(36);
const ids = new Array(count);
let next = 0;

async function worker() {
  while (true) {
    const i = next++;
    if (i >= count) return;
    const body = {
      email: `bench-${run}-${i}@example.com`,
      email_confirmed: true,
      username: `bench_${run}_${i}`,
      first_name: "Bench",
      last_name: `User ${i}`,
      properties: { plan: i % 3 === 0 ? "pro" : "free" },
      ...(password ? { password } : {}),
    };
    const r = await fetch(`${base}/api/backend/v1/user/`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (r.status !== 200) throw new Error(`seed ${i}: ${r.status} ${await r.text()}`);
    ids[i] = (await r.json()).user_id;
  }
}

const started = Date.now();
await Promise.all(Array.from({ length: concurrency }, worker));
writeFileSync(idsFile, ids.join("\n") + "\n");
if (emailsFile) {
  writeFileSync(emailsFile, ids.map((_, i) => `bench-${run}-${i}@example.com`).join("\n") + "\n");
}
console.log(`seeded ${count} users in ${((Date.now() - started) / 1000).toFixed(1)} s`);
