// npm run bench: how the calls store scales (Node), the token endpoint
// against the simulator's Manager API (scripts/bench-server.ts), then the
// page in Debian's Chromium (scripts/bench-browser.ts), then tabs sharing
// one connection (scripts/bench-tabs.ts). Compare the ratios within one run
// (shared machines are noisy): look-up by call ref stays flat as the
// history grows, and the history stays bounded however many calls end.
// `npm run bench -- --node` runs the calls store alone; `-- --server` the
// token endpoint alone; `-- --tabs` the tabs part alone; `-- --calllog` the
// call log at its bounds alone; `-- --connect` navigation to connected alone.
import { performance } from 'node:perf_hooks';
import { CallsStore } from '../src/sdk/calls-store.js';
import { browserBench, browserRows, callLogBench, callLogRows, connectBench, connectRows, type BrowserBench } from './bench-browser.js';
import { serverBench, serverRows, type ServerBench } from './bench-server.js';
import { tabsBench, tabsRows, type TabsBench } from './bench-tabs.js';

const nodeOnly = process.argv.includes('--node');
const tabsOnly = process.argv.includes('--tabs');
const serverOnly = process.argv.includes('--server');
const callLogOnly = process.argv.includes('--calllog');
const connectOnly = process.argv.includes('--connect');
if ([nodeOnly, tabsOnly, serverOnly, callLogOnly, connectOnly].filter(Boolean).length > 1) {
  throw new Error('--node, --server, --tabs, --calllog and --connect each run one part alone: give one of them');
}

const session = { command: () => Promise.resolve(1), serverNow: () => 0 };
const call = (n: number, state: string) => ({ callref: `c${n}`, caller: '33699009902', callee: '33172587701', state, setup_date: n });

/** Rows of what, figure and goal, as one table under its header. */
function printTable(rows: string[][]): void {
  const table = [['measure', 'figure', 'goal'], ...rows];
  const widths = [0, 1, 2].map((column) => Math.max(...table.map((row) => row[column]!.length)));
  console.log();
  for (const row of table) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
}

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

const node = tabsOnly || serverOnly || callLogOnly || connectOnly ? undefined : nodeBench();

let server: ServerBench | undefined;
if (!nodeOnly && !tabsOnly && !callLogOnly && !connectOnly) {
  console.log('\nThe token endpoint against the simulator:');
  server = await serverBench((line) => console.log(`  ${line}`));
}

if (connectOnly) {
  console.log('Navigation to connected, in Chromium against the simulator (dist/ from npm run build):');
  const connect = await connectBench();
  printTable(connectRows(connect));
  console.log('\n' + JSON.stringify({ connect }));
} else if (callLogOnly) {
  console.log('The call log at its bounds, in Chromium (dist/ from npm run build):');
  const callLog = await callLogBench((line) => console.log(`  ${line}`));
  printTable(callLogRows(callLog));
  console.log('\n' + JSON.stringify({ callLog }));
} else if (serverOnly) {
  console.log('\n' + JSON.stringify({ server }));
} else if (!nodeOnly) {
  let browser: BrowserBench | undefined;
  if (!tabsOnly) {
    console.log('\nIn Chromium (dist/ from npm run build):');
    browser = await browserBench((line) => console.log(`  ${line}`));
  }
  console.log('\nTabs sharing one connection, in Chromium against the simulator:');
  const tabs: TabsBench = await tabsBench((line) => console.log(line && `  ${line}`));
  printTable([...(server ? serverRows(server) : []), ...(browser ? browserRows(browser) : []), ...tabsRows(tabs)]);
  console.log('\n' + JSON.stringify({ ...(node ? { node } : {}), ...(server ? { server } : {}), ...(browser ? { browser } : {}), tabs }));
}
