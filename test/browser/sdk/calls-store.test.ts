// The calls store under a storm of notifications: duplicated, out of order,
// malformed. Property-based: fast-check generates the storms.
import { expect } from '@open-wc/testing';
import fc from 'fast-check';
import type { CallState } from '../../../src/sdk/call.js';
import { CallsStore } from '../../../src/sdk/calls-store.js';

const RANK: Record<CallState, number> = { SETUP: 0, CONNECT: 1, RELEASE: 2, MISSED: 2 };
const session = { command: () => Promise.resolve(1), serverNow: () => 0 };

const notification = fc.record({
  callref: fc.constantFrom('a', 'b', 'c', 'd'),
  caller: fc.constant('33699009902'),
  callee: fc.constant('33172587701'),
  state: fc.constantFrom<CallState>('SETUP', 'CONNECT', 'RELEASE', 'MISSED'),
  setup_date: fc.nat(),
});
const garbage = fc.oneof(fc.anything(), fc.record({ callref: fc.anything(), state: fc.anything(), caller: fc.anything(), callee: fc.anything() }));

describe('calls store', () => {
  it('moves each call ref forward only, one event per transition, whatever the storm', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 4, arbitrary: notification }, { weight: 1, arbitrary: garbage }), { maxLength: 60 }), (storm) => {
        const store = new CallsStore(session);
        const transitions = new Map<string, CallState[]>();
        for (const value of storm) {
          const applied = store.apply(value);
          if (!applied?.moved) continue;
          const seen = transitions.get(applied.call.callref) ?? [];
          seen.push(applied.call.state);
          transitions.set(applied.call.callref, seen);
        }
        for (const [callref, states] of transitions) {
          // Strictly forward: no state twice, never back, one end at most.
          for (let i = 1; i < states.length; i++) expect(RANK[states[i]!]).to.be.above(RANK[states[i - 1]!]);
          expect(store.get(callref)!.state).to.equal(states.at(-1));
        }
        // Every well-formed call ref seen is in the store, once.
        const wellFormed = (value: any) =>
          typeof value === 'object' &&
          value !== null &&
          typeof value.callref === 'string' &&
          Object.hasOwn(RANK, value.state) &&
          typeof value.caller === 'string' &&
          typeof value.callee === 'string';
        const refs = new Set(storm.filter(wellFormed).map((value) => (value as { callref: string }).callref));
        expect(
          store
            .all()
            .map((call) => call.callref)
            .sort(),
        ).to.deep.equal([...refs].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the same Call object for a call ref, updated in place', () => {
    const store = new CallsStore(session);
    const first = store.apply({ callref: 'x', caller: '1', callee: '2', state: 'SETUP', setup_date: 10 })!.call;
    const again = store.apply({ callref: 'x', caller: '1', callee: '2', state: 'CONNECT', setup_date: 10, connect_date: 12 })!.call;
    expect(again).to.equal(first);
    expect(first.toJSON()).to.include({ state: 'CONNECT', connect_date: 12 });
    expect(store.apply({ callref: 'x', caller: '1', callee: '2', state: 'SETUP', setup_date: 10 })!.moved).to.be.false;
    expect(first.state).to.equal('CONNECT');
  });

  it('keeps a bounded history of ended calls and never drops an active one', () => {
    const store = new CallsStore(session, 3);
    store.apply({ callref: 'active', caller: '1', callee: '2', state: 'CONNECT' });
    for (let i = 0; i < 10; i++) store.apply({ callref: `ended-${i}`, caller: '1', callee: '2', state: 'MISSED' });
    expect(store.all().map((call) => call.callref)).to.deep.equal(['active', 'ended-7', 'ended-8', 'ended-9']);
    expect(store.get('ended-0')).to.be.undefined;
  });
});
