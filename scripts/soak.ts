// npm run soak: 200 forced faults of different kinds while calls are placed,
// answered and ended; prints, per kind, recoveries, lost call states,
// duplicate events, and how long the SDK took to notice and to come back.
// The SDK runs in Node against a local simulator.
//
// Kinds: the socket closed by the server, cut by the network, a stalled
// server, a dropped reply (to a ping), a session destroyed then the socket
// closed, a reconnection whose first sockets never hear the SockJS
// handshake, a session destroyed while its socket stays open, and a reply
// lost for a call command that ran (answer or hang up: it must resolve).
//
// Then random HTTP requests at another simulator (20 times the node test's
// run, a random seed printed; SOAK_FUZZ_SEED replays one, SOAK_FUZZ_RUNS
// sets how many): every answer must be below 500 and the simulator must
// still serve a session afterwards.
import { CTI, type Call } from '../src/sdk/index.js';
import { startSimulator } from '../src/simulator/server.js';
import { fuzzHttp, serialize, stillServes, summary } from '../test/simulator/http-fuzz.js';

const ALICE = '33172587701';
const BOB = '33699009902';
const ROUNDS = Number(process.env.SOAK_ROUNDS ?? 200);
const KINDS = ['close', 'drop', 'stall', 'drop-replies', 'destroy-session', 'no-handshake', 'destroy-session-open', 'lost-reply'] as const;
type Kind = (typeof KINDS)[number];

const sim = await startSimulator({ port: 0, ringTimeoutMs: 60_000 });
const control = (method: string, path: string, body?: unknown) =>
  fetch(sim.url + path, { method, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json());
const token = async () => (await control('POST', '/sim/tokens', { csi: ALICE })).token as string;

const cti = new CTI({ endpoint: `${sim.url}/cti`, cookie_auto: false, timeout: 400, ping_interval: 300, reconnect_min_delay: 20, reconnect_max_delay: 200, token_provider: token });
const heard = new Map<string, string[]>();
cti.on('setup, connect, release, missed', (call: Call) => heard.set(call.callref, [...(heard.get(call.callref) ?? []), call.state]));
let reconnections = 0;
let disconnectedAt = 0;
let reconnectedAt = 0;
cti.on('disconnected', () => (disconnectedAt ||= performance.now()));
cti.on('reconnected', () => {
  reconnections++;
  reconnectedAt = performance.now();
});
await cti.create_session(await token());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(condition: () => boolean | Promise<boolean>, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await condition()) return true;
    await sleep(10);
  }
  return false;
}

interface Tally {
  rounds: number;
  recovered: number;
  lostStates: number;
  callrefs: string[];
  detection: number[];
  recovery: number[];
  /** Call commands whose reply was lost, that ran, and still failed. */
  falseFailures: number;
}
const tally = new Map<Kind, Tally>(KINDS.map((kind) => [kind, { rounds: 0, recovered: 0, lostStates: 0, callrefs: [], detection: [], recovery: [], falseFailures: 0 }]));

const started = Date.now();
for (let round = 0; round < ROUNDS; round++) {
  const kind = KINDS[round % KINDS.length]!;
  const counts = tally.get(kind)!;
  counts.rounds++;
  // A call in some state when the fault hits: ringing, answered, or just ended.
  const callref = (await control('POST', '/sim/calls', { from: BOB, to: ALICE })).callref as string;
  counts.callrefs.push(callref);
  if (round % 3 > 0) await control('POST', `/sim/phones/${ALICE}/answer`);
  const before = reconnections;
  disconnectedAt = 0;
  const faultAt = performance.now();
  if (kind === 'close' || kind === 'drop') await control('POST', '/sim/faults/disconnect', { mode: kind });
  // Longer than the bound on noticing a silent service: ping_interval + timeout = 700 ms.
  else if (kind === 'stall') await control('POST', '/sim/faults/stall', { ms: 1000 });
  else if (kind === 'drop-replies') {
    await control('POST', '/sim/faults/drop-replies', { count: 1 });
    await cti.ping().catch(() => {});
  } else if (kind === 'destroy-session') {
    await control('DELETE', `/sim/sessions/${cti.session_id}`);
    await control('POST', '/sim/faults/disconnect', {});
  } else if (kind === 'no-handshake') {
    await control('POST', '/sim/faults/no-handshake', { count: 2 });
    await control('POST', '/sim/faults/disconnect', {});
  } else if (kind === 'destroy-session-open') {
    await control('DELETE', `/sim/sessions/${cti.session_id}`);
  } else {
    // The command runs on the service; its reply is lost.
    const aim = round % 3 > 0 ? 'CONNECT' : 'SETUP';
    await until(() => cti.get_call(callref)?.state === aim);
    const call = cti.get_call(callref);
    await control('POST', '/sim/faults/drop-replies', { count: 1 });
    const ok = await (aim === 'CONNECT' ? call?.hang_up() : call?.answer())?.then(
      () => true,
      () => false,
    );
    if (!ok) counts.falseFailures++;
  }
  // Meanwhile the call moves on without the page.
  if (round % 3 === 2) await control('POST', `/sim/phones/${BOB}/hangup`);
  const ok = await until(() => reconnections > before && cti.connected);
  if (ok) {
    counts.recovered++;
    if (disconnectedAt) counts.detection.push(disconnectedAt - faultAt);
    counts.recovery.push(reconnectedAt - faultAt);
  }
  // The page's view of this call must match the service's.
  await sleep(20);
  const served = (await control('GET', '/sim/state')).calls.find((call: { callref: string }) => call.callref === callref);
  const mine = cti.get_call(callref);
  const settled = await until(() => {
    const state = cti.get_call(callref)?.state;
    return state === served?.state || (state === 'RELEASE' && served?.state === 'RELEASE');
  }, 1000);
  if (!settled || !mine) counts.lostStates++;
  await control('POST', `/sim/phones/${ALICE}/hangup`).catch(() => {});
  await control('POST', `/sim/phones/${BOB}/hangup`).catch(() => {});
  await control('DELETE', '/sim/faults');
}

const duplicated = (callrefs: string[]) => callrefs.filter((callref) => new Set(heard.get(callref)).size !== (heard.get(callref)?.length ?? 0)).length;
const max = (values: number[]) => (values.length ? `${Math.round(Math.max(...values))} ms` : '-');
let recovered = 0;
let lostStates = 0;
let duplicates = 0;
let falseFailures = 0;
console.log(`soak: ${ROUNDS} forced faults of ${KINDS.length} kinds in ${((Date.now() - started) / 1000).toFixed(1)} s (timeout 400 ms, ping_interval 300 ms)`);
for (const [kind, counts] of tally) {
  const dup = duplicated(counts.callrefs);
  recovered += counts.recovered;
  lostStates += counts.lostStates;
  duplicates += dup;
  falseFailures += counts.falseFailures;
  const extra = kind === 'lost-reply' ? `, failed though it ran: ${counts.falseFailures}` : '';
  console.log(
    `  ${kind.padEnd(21)} recoveries ${counts.recovered}/${counts.rounds}, lost call states ${counts.lostStates}, duplicate events ${dup}, noticed within ${max(counts.detection)}, back within ${max(counts.recovery)}${extra}`,
  );
}
console.log(`recoveries: ${recovered}/${ROUNDS}`);
console.log(`lost call states: ${lostStates}`);
console.log(`duplicate events: ${duplicates}`);
cti.disconnect();
await sim.close();

const fuzzSeed = Number(process.env.SOAK_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const internalErrors: unknown[] = [];
const fuzzSim = await startSimulator({ port: 0, logError: (error) => internalErrors.push(error) });
const fuzz = await fuzzHttp({ port: fuzzSim.port, runs: Number(process.env.SOAK_FUZZ_RUNS ?? 30_000), seed: fuzzSeed, concurrency: 8, slow: true });
const serving = await stillServes(fuzzSim).then(
  () => true,
  () => false,
);
console.log(`${summary(fuzz)}; internal errors: ${internalErrors.length}; still serving: ${serving ? 'yes' : 'no'}`);
for (const { request, outcome } of fuzz.failures.slice(0, 5)) console.log(`  ${JSON.stringify(outcome)} ${JSON.stringify(serialize(request).slice(0, 300))}`);
for (const error of internalErrors.slice(0, 5)) console.log('  internal error:', error);
await fuzzSim.close();
const fuzzOk = fuzz.failures.length === 0 && internalErrors.length === 0 && serving;
process.exit(recovered === ROUNDS && lostStates === 0 && duplicates === 0 && falseFailures === 0 && fuzzOk ? 0 : 1);
