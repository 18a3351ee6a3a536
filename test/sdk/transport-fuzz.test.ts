// Property-based fuzzing of what reaches the SDK from the wire: malformed
// SockJS frames, broken JSON, wrong types, unknown notifications, states
// out of order. No exception may escape, and each call ref's states only
// move forward. The SDK runs in Node on a scripted WebSocket.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CTI, type Call } from '../../src/sdk/index.js';

const RANK: Record<string, number> = { SETUP: 0, CONNECT: 1, RELEASE: 2, MISSED: 2 };

/** A WebSocket whose server is the test: it answers create_session, then
 * plays the frames it is given. */
class ScriptedSocket {
  static frames: string[] = [];
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  constructor() {
    setTimeout(() => this.onmessage?.({ data: 'o' }));
  }
  send(data: string): void {
    const { id } = JSON.parse(JSON.parse(data)[0]);
    const reply = JSON.stringify({ id, result: { number: '33172587701', now: 1, session_id: 's' } });
    setTimeout(() => {
      this.onmessage?.({ data: `a${JSON.stringify([reply])}` });
      for (const frame of ScriptedSocket.frames) this.onmessage?.({ data: frame });
    });
  }
  close(): void {}
}

const state = fc.constantFrom('SETUP', 'CONNECT', 'RELEASE', 'MISSED', 'RINGING', '', 42 as unknown as string);
const call = fc.record(
  {
    callref: fc.oneof(fc.constantFrom('a', 'b', 'c'), fc.anything()),
    caller: fc.oneof(fc.constant('33699009902'), fc.anything()),
    callee: fc.constant('33172587701'),
    state,
    setup_date: fc.oneof(fc.nat(), fc.string()),
  },
  { requiredKeys: [] },
);
const message = fc.oneof(
  { weight: 5, arbitrary: call.map((c) => JSON.stringify({ notify: 'call', call: c })) },
  { weight: 1, arbitrary: fc.record({ notify: fc.string(), call: fc.anything() }).map((m) => JSON.stringify(m)) },
  { weight: 1, arbitrary: fc.record({ id: fc.anything(), result: fc.anything(), error: fc.anything() }, { requiredKeys: [] }).map((m) => JSON.stringify(m)) },
  { weight: 1, arbitrary: fc.string() },
);
const frame = fc.oneof(
  { weight: 5, arbitrary: fc.array(message, { maxLength: 4 }).map((messages) => `a${JSON.stringify(messages)}`) },
  { weight: 1, arbitrary: message.map((m) => `m${JSON.stringify(m)}`) },
  { weight: 1, arbitrary: fc.string().map((text) => `a${text}`) },
  { weight: 1, arbitrary: fc.constantFrom('h', 'o', 'c', 'c[', 'a', 'm', '', 'a[1,2]', 'c[3000,"Go away!"]') },
  { weight: 1, arbitrary: fc.string() },
);

describe('SDK wire fuzzing', () => {
  it('survives any frames, and moves each call ref forward only', async () => {
    (globalThis as any).WebSocket = ScriptedSocket;
    const escaped: unknown[] = [];
    const onError = (error: unknown) => escaped.push(error);
    process.on('uncaughtException', onError);
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(frame, { maxLength: 25 }), async (frames) => {
          ScriptedSocket.frames = frames;
          const cti = new CTI({ endpoint: 'http://127.0.0.1:1/cti', cookie_auto: false, ping_auto: false, reconnect: false });
          const heard = new Map<string, number[]>();
          cti.on('setup, connect, release, missed', (c: Call) => heard.set(c.callref, [...(heard.get(c.callref) ?? []), RANK[c.state]!]));
          await cti.create_session('token');
          await new Promise((resolve) => setTimeout(resolve, 1));
          for (const ranks of heard.values()) for (let i = 1; i < ranks.length; i++) assert.ok(ranks[i]! > ranks[i - 1]!, `states went back: ${ranks}`);
          for (const c of cti.get_calls()) assert.ok(typeof c.callref === 'string' && c.state in RANK);
        }),
        { numRuns: 300, seed: 20261125 },
      );
    } finally {
      process.off('uncaughtException', onError);
      delete (globalThis as any).WebSocket;
    }
    assert.deepEqual(escaped, []);
  });
});
