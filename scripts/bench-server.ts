// The token endpoint (keyyo-cti-elements/server) against the simulator's
// Manager API: how many token requests a second it serves from its cache
// (in process, and over HTTP through Node's http server), and how much
// latency it adds to a Manager API call when its cache misses. Run alone
// with `npm run bench -- --server`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createTokenHandler, oauth2Credentials, toNodeHandler, type TokenHandlerOptions } from '../src/server/index.js';
import { DEMO_CLIENT } from '../src/simulator/manager.js';
import { startSimulator } from '../src/simulator/server.js';

const ALICE = '33172587701';
const CACHED_REQUESTS = 20_000;
const HTTP_REQUESTS = 5_000;
const HTTP_CONCURRENCY = 16;
const MISSES = 300;

export interface ServerBench {
  /** `plainHttp`: a Node server answering a fixed JSON, for scale. */
  cachedPerSecond: { inProcess: number; http: number; plainHttp: number };
  /** ms, p50 / p95. */
  direct: { p50: number; p95: number };
  miss: { p50: number; p95: number };
  hit: { p50: number; p95: number };
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;
const summary = (values: number[]) => ({ p50: percentile(values, 50), p95: percentile(values, 95) });

export async function serverBench(log: (line: string) => void): Promise<ServerBench> {
  const sim = await startSimulator({ port: 0 });
  try {
    const credentials = oauth2Credentials({ clientId: DEMO_CLIENT.id, clientSecret: DEMO_CLIENT.secret, tokenUrl: `${sim.url}/oauth2/token.php` });
    const options: TokenHandlerOptions = {
      accessToken: credentials,
      lineFor: () => ALICE,
      domainMasks: ['localhost'],
      managerUrl: `${sim.url}/manager/1.0`,
      rateLimit: false,
    };
    const request = () => new Request('http://localhost/api/cti-token');
    const tokens = createTokenHandler(options);
    await (await tokens(request())).json();

    // From the cache, in process: the handler's own cost.
    let start = performance.now();
    for (let i = 0; i < CACHED_REQUESTS; i++) await (await tokens(request())).json();
    const inProcess = (CACHED_REQUESTS / (performance.now() - start)) * 1000;
    log(`from the cache, in process: ${inProcess.toFixed(0)} requests/s`);

    // From the cache, over HTTP: what a browser's request meets; beside a
    // server that answers a fixed JSON, which is as fast as HTTP goes here.
    const http = await perSecondOverHttp(toNodeHandler(tokens));
    const plainHttp = await perSecondOverHttp((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"token":"0123456789abcdef0123456789abcdef0123456789abcdef","expires_in":3599}');
    });
    log(`from the cache, over HTTP (${HTTP_CONCURRENCY} at a time): ${http.toFixed(0)} requests/s (a fixed JSON: ${plainHttp.toFixed(0)})`);

    // A Manager API call alone, then through the handler with an empty cache
    // (a new handler each time; the access token is kept by the credentials).
    const bearer = await credentials({ refresh: false });
    const direct: number[] = [];
    const miss: number[] = [];
    const hit: number[] = [];
    for (let i = 0; i < MISSES; i++) {
      start = performance.now();
      const response = await fetch(`${sim.url}/manager/1.0/services/${ALICE}/csi_token`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}` },
        body: new URLSearchParams({ 'domain_masks[]': 'localhost' }),
      });
      await response.json();
      direct.push(performance.now() - start);
      const fresh = createTokenHandler(options);
      start = performance.now();
      await (await fresh(request())).json();
      miss.push(performance.now() - start);
      start = performance.now();
      await (await fresh(request())).json();
      hit.push(performance.now() - start);
    }
    const result = { cachedPerSecond: { inProcess, http, plainHttp }, direct: summary(direct), miss: summary(miss), hit: summary(hit) };
    log(`a Manager API call: ${ms(result.direct)}; through the handler, cache missed: ${ms(result.miss)}; cache hit: ${ms(result.hit)} (p50 / p95)`);
    return result;
  } finally {
    await sim.close();
  }
}

/** Requests a second a Node server with this listener answers, over fetch. */
async function perSecondOverHttp(listener: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/cti-token`;
  let sent = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: HTTP_CONCURRENCY }, async () => {
      while (sent++ < HTTP_REQUESTS) await (await fetch(url)).json();
    }),
  );
  const perSecond = (HTTP_REQUESTS / (performance.now() - start)) * 1000;
  server.close();
  return perSecond;
}

const ms = ({ p50, p95 }: { p50: number; p95: number }) => `${p50.toFixed(2)} / ${p95.toFixed(2)} ms`;

export function serverRows(bench: ServerBench): string[][] {
  return [
    ['token requests/s from the cache, in process', bench.cachedPerSecond.inProcess.toFixed(0), ''],
    [
      `token requests/s from the cache, over HTTP (${HTTP_CONCURRENCY} at a time)`,
      bench.cachedPerSecond.http.toFixed(0),
      `a fixed JSON: ${bench.cachedPerSecond.plainHttp.toFixed(0)}`,
    ],
    ['a Manager API call (p50 / p95)', ms(bench.direct), ''],
    ['the same through the token handler, cache missed', ms(bench.miss), ''],
    ['latency the handler adds to a Manager API call (p50)', `${(bench.miss.p50 - bench.direct.p50).toFixed(2)} ms`, ''],
    ['a token request served from the cache, in process', ms(bench.hit), ''],
  ];
}
