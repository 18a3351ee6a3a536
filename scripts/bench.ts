// npm run bench: how the calls store scales. Compare the ratios within one
// run (shared machines are noisy): look-up by call ref stays flat as the
// history grows, and the history stays bounded however many calls end.
import { performance } from 'node:perf_hooks';
import { CallsStore } from '../src/sdk/calls-store.js';

const session = { command: () => Promise.resolve(1), serverNow: () => 0 };
const call = (n: number, state: string) => ({ callref: `c${n}`, caller: '33699009902', callee: '33172587701', state, setup_date: n });

function timePerOp(ops: number, run: (i: number) => void): number {
  const start = performance.now();
  for (let i = 0; i < ops; i++) run(i);
  return ((performance.now() - start) * 1e6) / ops; // ns per op
}

const rows: string[][] = [['calls kept', 'apply ns/notification', 'get ns/lookup', 'size after']];
for (const kept of [1_000, 10_000, 100_000]) {
  const store = new CallsStore(session, kept);
  // Each call rings, is answered and ends: three notifications.
  const apply = timePerOp(kept * 3, (i) => store.apply(call(Math.floor(i / 3), ['SETUP', 'CONNECT', 'RELEASE'][i % 3]!)));
  const get = timePerOp(1_000_000, (i) => store.get(`c${i % kept}`));
  rows.push([String(kept), apply.toFixed(0), get.toFixed(1), String(store.all().length)]);
}

const bounded = new CallsStore(session, 500);
const ended = timePerOp(300_000, (i) => bounded.apply(call(i, 'MISSED')));
for (const row of rows) console.log(row.map((cell) => cell.padStart(22)).join(''));
console.log(`history limit 500, 300000 missed calls: ${bounded.all().length} kept, ${ended.toFixed(0)} ns per notification`);
