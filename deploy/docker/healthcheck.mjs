// The image's HEALTHCHECK. With no arguments it asks the receiver (`serve`, `start`) on
// http://127.0.0.1:$PORT/healthz and, when nothing listens there, the worker (`work`) on its
// metrics listener http://127.0.0.1:$METRICS_PORT/healthz. With arguments it asks those URLs
// instead (the simulator in docker-compose.yml). Exit 0 healthy, 1 not: Docker's contract.
// Plain Node (global fetch), no dependencies: slim images have no curl.

const TIMEOUT_MS = 3000;

/** 'ok', 'bad' (it answered, but not 2xx) or 'down' (nothing answered). */
async function probe(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    await response.body?.cancel();
    return response.ok ? 'ok' : 'bad';
  } catch {
    return 'down';
  }
}

const local = (port) => `http://127.0.0.1:${port}/healthz`;
const urls = process.argv.length > 2
  ? process.argv.slice(2)
  : [local(process.env.PORT || 3000), local(process.env.METRICS_PORT || 9464)];

let verdict = 'down';
for (const url of urls) {
  verdict = await probe(url);
  // A server that answers decides: a receiver saying 503 (shutting down) is not healthy.
  if (verdict === 'bad') console.error(`unhealthy: ${url} answered without a 2xx status`);
  if (verdict !== 'down') break;
}
if (verdict === 'down') console.error(`unhealthy: nothing answered at ${urls.join(' or ')}`);
process.exit(verdict === 'ok' ? 0 : 1);
