// Drives a few requests through the frontend, as a user would: `node dist/client.js`.
// Env: FRONTEND_URL (default http://localhost:8080).
const FRONTEND_URL = process.env.FRONTEND_URL ?? 'http://localhost:8080';

const REQUESTS = [
  '/hello/Ada', // HTTP -> manual span -> gRPC -> PostgreSQL, then follow-up spans
  '/hello/Grace/languages', // server-streaming gRPC
  '/hello/Linus?fail=1', // the greeter fails: ERROR statuses and exception events
  '/health', // answered, but no span
];

async function main(): Promise<void> {
  for (const path of REQUESTS) {
    const res = await fetch(FRONTEND_URL + path);
    console.log(`GET ${path} -> ${res.status} ${await res.text()}`);
  }
}

main().catch((err) => {
  console.error('client failed:', err);
  process.exitCode = 1;
});
