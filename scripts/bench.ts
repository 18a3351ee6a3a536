// npm run bench: how the calls store scales (Node), then the page in
// Debian's Chromium (scripts/bench-browser.ts), then tabs sharing one
// connection (scripts/bench-tabs.ts). Compare the ratios within one run
// (shared machines are noisy): look-up by call ref stays flat as the
// history grows, and the history stays bounded however many calls end.
// `npm run bench -- --node` runs the Node part alone; `-- --tabs` the tabs
// part alone.
import { performance } from 'node:perf_hooks';
import { CallsStore } from '../src/sdk/calls-store.js';
import { browserBench, browserRows, type BrowserBench } from './bench-browser.js';
import { tabsBench, tabsRows, type TabsBench } from './bench-tabs.js';

const nodeOnly = process.argv.includes('--node');
const tabsOnly = process.argv.includes('--tabs');
if (nodeOnly && tabsOnly) throw new Error('--node and --tabs each run one part alone: give one of them');

const session = { command: () => Promise.resolve(1), serverNow: () => 0 };
const call = (n: number, state: string) => ({ callref: `c${n}`, caller: '33699009902', callee: '33172587701', state, setup_date: n });

function timePerOp(ops: number, run: (i: number) => void): number {
  const start = performance.now();
  for (let i = 0; i < ops; i++) run(i);
  return ((performance.now() - start) * 1e6) / ops; // ns per op
}

function nodeBench() {
  const rows: string[][] = [['calls kept', 'apply ns/notification', 'get ns/lookup', 'size after']];
  const store: Record<string, { applyNs: number; getNs: number; size: number }> = {};
  for (const kept of [1_000, 10_000, 100_000]) {
    const calls = new CallsStore(session, kept);
    // Each call rings, is answered and ends: three notifications.
    const apply = timePerOp(kept * 3, (i) => calls.apply(call(Math.floor(i / 3), ['SETUP', 'CONNECT', 'RELEASE'][i % 3]!)));
    const get = timePerOp(1_000_000, (i) => calls.get(`c${i % kept}`));
    rows.push([String(kept), apply.toFixed(0), get.toFixed(1), String(calls.all().length)]);
    store[kept] = { applyNs: apply, getNs: get, size: calls.all().length };
  }

  const bounded = new CallsStore(session, 500);
  const ended = timePerOp(300_000, (i) => bounded.apply(call(i, 'MISSED')));
  for (const row of rows) console.log(row.map((cell) => cell.padStart(22)).join(''));
  console.log(`history limit 500, 300000 missed calls: ${bounded.all().length} kept, ${ended.toFixed(0)} ns per notification`);
  return { store, historyLimit500: { kept: bounded.all().length, nsPerNotification: ended } };
}

const node = tabsOnly ? undefined : nodeBench();

if (!nodeOnly) {
  let browser: BrowserBench | undefined;
  if (!tabsOnly) {
    console.log('\nIn Chromium (dist/ from npm run build):');
    browser = await browserBench((line) => console.log(`  ${line}`));
  }
  console.log('\nTabs sharing one connection, in Chromium against the simulator:');
  const tabs: TabsBench = await tabsBench((line) => console.log(line && `  ${line}`));
  const table = [['measure', 'figure', 'goal'], ...(browser ? browserRows(browser) : []), ...tabsRows(tabs)];
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((row) => row[column]!.length)));
  console.log();
  for (const row of table) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
  console.log('\n' + JSON.stringify({ ...(node ? { node } : {}), ...(browser ? { browser } : {}), tabs }));
}
