// Property-based fuzzing of what reaches the SDK from the page: every
// option of the CTI constructor and every method of CTI and Call, with
// values of every JavaScript type (and some chosen to hurt: a Symbol, an
// object whose toString throws, `__proto__`, 100 000 characters). Whatever
// comes in, the outcome is a result or a CtiError (thrown at construction,
// a rejection, or the callback's error), never a raw TypeError, never an
// unhandled rejection; refused input sends nothing; the calls store stays
// right even when the page's callbacks throw. Also: replies of the wrong
// shape are protocol errors. The SDK runs in Node on a scripted service.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { CTI, CtiError, type Call } from '../../src/sdk/index.js';
import { FakeService, documentedResult } from '../helpers/fake-service.js';

const CALLBACK = Symbol('a callback that records');
const THROWING = Symbol('a callback that throws');
const OTHER_CALL = Symbol('the other call');
const THROWN = new Error('thrown by the page');

const throwingToString = {
  toString() {
    throw 1;
  },
  valueOf() {
    throw 1;
  },
};

/** Values of every type, the awkward ones, and valid ones so that checks
 * are passed and commands do go out. */
const value = fc.oneof(
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true }),
  fc.constantFrom<unknown>(
    Symbol('s'),
    throwingToString,
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'x'.repeat(5000),
    'y'.repeat(100_000),
    NaN,
    Infinity,
    -1,
    0,
    1.5,
    2 ** 53,
    '',
    ' ',
    null,
    undefined,
    10n,
    () => {},
    class {},
    new Proxy({}, {}),
  ),
  fc.constantFrom<unknown>('33699009902', '+33 6 99 00 99 02', '33172587702', 'callpark', 'caller', 'callee', true, false, 'token', 'session-1', 5, 30, 'Call me back', '7702'),
);
const argument = fc.oneof({ weight: 6, arbitrary: value }, { weight: 1, arbitrary: fc.constantFrom<unknown>(CALLBACK, THROWING, OTHER_CALL) });
const args = (arity: number) => fc.array(argument, { maxLength: arity + 1 });

const CTI_METHODS: [string, number][] = [
  ['create_session', 3],
  ['restore_session', 3],
  ['destroy_session', 1],
  ['subscribe', 2],
  ['unsubscribe', 2],
  ['get_subscriptions', 1],
  ['set_auto_answer', 2],
  ['get_auto_answer', 1],
  ['dial', 2],
  ['send_message', 3],
  ['int_to_local', 2],
  ['local_to_int', 2],
  ['ping', 1],
  ['disconnect', 0],
  ['get_calls', 0],
  ['get_call', 1],
  ['server_now', 0],
  ['on', 2],
  ['addEventListener', 2],
  ['removeEventListener', 2],
];
const CALL_METHODS: [string, number][] = [
  ['answer', 1],
  ['hang_up', 1],
  ['reject', 1],
  ['transfer', 3],
  ['supervised_transfer', 4],
  ['merge', 4],
  ['pause', 1],
  ['park', 3],
  ['unpark', 1],
  ['get_ringing_duration', 0],
  ['get_duration', 0],
  ['toJSON', 0],
  ['notify', 1],
  ['on', 2],
  ['addEventListener', 2],
  ['removeEventListener', 2],
];
const step = fc.oneof(
  fc.constantFrom(...CTI_METHODS).chain(([method, arity]) => args(arity).map((list) => ({ target: 'cti' as const, method, list }))),
  fc.constantFrom(...CALL_METHODS).chain(([method, arity]) => args(arity).map((list) => ({ target: 'call' as const, method, list }))),
);

const OPTION_KEYS = [
  'cookie_auto',
  'cookie_name',
  'cookie_expires',
  'endpoint',
  'ping_auto',
  'ping_interval',
  'timeout',
  'history_limit',
  'SockJS',
  'reconnect',
  'reconnect_min_delay',
  'reconnect_max_delay',
  'token_provider',
];
const optionValue = fc.oneof(
  value,
  fc.constantFrom<unknown>(0, 50, 100, 5000, 600_000, 1e9, 'https://x.test/cti', 'ws://x.test', 'ftp://x.test', 'javascript:alert(1)', '/cti', 'a;b', 'crm_session'),
);
const options = fc.oneof(value, fc.dictionary(fc.constantFrom(...OPTION_KEYS, '__proto__', 'constructor', 'toString'), optionValue, { maxKeys: 6 }));

const later = () => new Promise((resolve) => setTimeout(resolve, 0));
async function quiet(rounds = 4) {
  for (let i = 0; i < rounds; i++) await later();
}

const isCtiError = (error: unknown) => error instanceof CtiError && typeof error.error_code === 'string' && typeof error.status_code === 'number';
const refused = (error: unknown) => error instanceof CtiError && (error.error_code === 'invalid_params' || error.error_code === 'missing_parameter');

describe('SDK API fuzzing', () => {
  let service: FakeService;
  const escaped: unknown[] = [];
  const reported: unknown[] = [];
  const consoleError = console.error;
  const onEscape = (error: unknown) => escaped.push(error);

  beforeEach(() => {
    escaped.length = 0;
    reported.length = 0;
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);
    console.error = (error: unknown) => reported.push(error);
  });

  afterEach(() => {
    process.off('unhandledRejection', onEscape);
    process.off('uncaughtException', onEscape);
    console.error = consoleError;
    delete (globalThis as any).WebSocket;
  });

  function freshService(): FakeService {
    service = new FakeService();
    (globalThis as any).WebSocket = service.WebSocket;
    return service;
  }

  it('the constructor refuses wrong options with a CtiError, and keeps what it accepts in range', async () => {
    await fc.assert(
      fc.asyncProperty(options, async (given) => {
        freshService();
        let cti: CTI;
        try {
          cti = new CTI(given as any);
        } catch (error) {
          assert.ok(isCtiError(error), `not a CtiError: ${String(error)}`);
          assert.equal((error as CtiError).error_code, 'invalid_params');
          assert.equal(service.sent.length, 0);
          return;
        }
        const o = cti.options;
        for (const key of ['cookie_auto', 'ping_auto', 'reconnect'] as const) assert.equal(typeof o[key], 'boolean');
        for (const key of ['ping_interval', 'timeout', 'history_limit', 'cookie_expires', 'reconnect_min_delay', 'reconnect_max_delay'] as const)
          assert.ok(Number.isInteger(o[key]), key);
        assert.ok(o.ping_interval >= 100 && o.ping_interval <= 3_600_000);
        assert.ok(o.timeout >= 100 && o.timeout <= 600_000);
        assert.ok(o.history_limit >= 0 && o.history_limit <= 100_000);
        assert.ok(o.cookie_expires >= 1 && o.cookie_expires <= 3650);
        assert.ok(o.reconnect_min_delay >= 10 && o.reconnect_max_delay >= 10);
        assert.ok(typeof o.cookie_name === 'string' && o.cookie_name !== '');
        assert.match(o.endpoint, /^(http|ws)s?:\/\//);
        assert.ok(o.SockJS === undefined || typeof o.SockJS === 'function');
        assert.ok(o.token_provider === undefined || typeof o.token_provider === 'function');
        if (o.SockJS === undefined) {
          // What was accepted works: a session opens on it.
          await cti.create_session('token').catch((error) => assert.ok(isCtiError(error), String(error)));
        }
        cti.disconnect();
      }),
      { numRuns: 400, seed: 20261126 },
    );
    assert.deepEqual(escaped, []);
  });

  it('every CTI and Call method: a result or a CtiError, nothing sent when refused, the store intact', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
        freshService();
        const cti = new CTI({ endpoint: 'http://127.0.0.1:1/cti', cookie_auto: false, ping_auto: false, reconnect: false, timeout: 1000 });
        await cti.create_session('token');
        await quiet();
        const [ringing, talking] = [cti.get_call('c1')!, cti.get_call('c2')!];
        assert.ok(ringing && talking);
        for (const { target, method, list } of steps) {
          const errors: unknown[] = [];
          const callbacks = list.map((arg) =>
            arg === CALLBACK
              ? (error: unknown) => void (error instanceof Error && errors.push(error))
              : arg === THROWING
                ? () => {
                    throw THROWN;
                  }
                : arg === OTHER_CALL
                  ? talking
                  : arg,
          );
          const before = service.sent.length;
          const subject: any = target === 'cti' ? cti : ringing;
          try {
            const returned = subject[method](...callbacks);
            if (returned instanceof Promise) await returned.catch((error) => errors.push(error));
          } catch (error) {
            errors.push(error);
          }
          await quiet();
          for (const error of errors) assert.ok(isCtiError(error), `${target}.${method}: not a CtiError: ${String(error)}`);
          if (errors.some(refused))
            assert.equal(service.sent.length, before, `${target}.${method} refused its input but sent ${JSON.stringify(service.sent.slice(before)).slice(0, 200)}`);
        }
        // Whatever the page did and threw, the store still holds the same calls in their states.
        assert.equal(cti.get_call('c1'), ringing);
        assert.equal(cti.get_call('c2'), talking);
        assert.deepEqual(
          cti.get_calls().map((call: Call) => `${call.callref}:${call.state}`),
          ['c1:SETUP', 'c2:CONNECT'],
        );
        cti.disconnect();
        await quiet();
      }),
      { numRuns: 300, seed: 20261127 },
    );
    assert.deepEqual(escaped, []);
    // What the page's callbacks threw was reported, nothing else (a class
    // given as a callback throws when called).
    for (const error of reported) assert.ok(error === THROWN || /Class constructor/.test(String(error)), String(error));
  });

  it('a throwing callback or listener is reported, and the other listeners and the store go on', async () => {
    freshService();
    const cti = new CTI({ endpoint: 'http://127.0.0.1:1/cti', cookie_auto: false, ping_auto: false, reconnect: false });
    const heard: string[] = [];
    cti.onNewCall = () => {
      throw THROWN;
    };
    cti.on('newCall', () => {
      throw THROWN;
    });
    cti.on('newCall', (call: Call) => heard.push(call.callref));
    cti.create_session('token', () => {
      throw THROWN;
    });
    await quiet();
    assert.deepEqual(heard, ['c1', 'c2']);
    assert.equal(cti.get_calls().length, 2);
    assert.equal(reported.length, 5); // the callback, and onNewCall and one listener per call
    assert.deepEqual(escaped, []);
    cti.disconnect();
  });

  it('a callback that is not a function is refused before anything is sent, without an unhandled rejection', async () => {
    freshService();
    const cti = new CTI({ endpoint: 'http://127.0.0.1:1/cti', cookie_auto: false, ping_auto: false, reconnect: false });
    await cti.create_session('token');
    const before = service.sent.length;
    const ignored = (cti.dial as any)('33699009902', 'not a function');
    await quiet();
    assert.equal(service.sent.length, before);
    const error = await ignored.catch((e: unknown) => e);
    assert.equal(error.error_code, 'invalid_params');
    assert.deepEqual(escaped, []);
    cti.disconnect();
  });

  it('tokens and session ids over 4096 characters are refused', async () => {
    freshService();
    const cti = new CTI({ endpoint: 'http://127.0.0.1:1/cti', cookie_auto: false, ping_auto: false, reconnect: false });
    const long = 'x'.repeat(4097);
    assert.equal((await cti.create_session(long).catch((e) => e)).error_code, 'invalid_params');
    assert.equal((await cti.restore_session('token', long).catch((e) => e)).error_code, 'invalid_params');
    assert.equal(service.sent.length, 0);
    await cti.create_session('x'.repeat(4096));
    cti.disconnect();
  });

  it('call refs, states and event names such as __proto__ or constructor are strings like any other', async () => {
    freshService();
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];
    service.calls = [
      ...names.map((callref) => ({ callref, caller: '33699009902', callee: '33172587701', state: 'SETUP' })),
      ...names.map((state) => ({ callref: `s-${state}`, caller: '33699009902', callee: '33172587701', state })),
    ];
    const cti = new CTI({ endpoint: 'http://127.0.0.1:1/cti', cookie_auto: false, ping_auto: false, reconnect: false });
    const heard: string[] = [];
    for (const name of names) cti.on(name, () => heard.push(name));
    for (const name of names) assert.equal(cti.get_call(name), undefined);
    cti.on('setup', (call: Call) => heard.push(`setup:${call.callref}`));
    await cti.create_session('token');
    await quiet();
    assert.deepEqual(
      cti.get_calls().map((call) => call.callref),
      names,
    );
    for (const name of names) assert.equal(cti.get_call(name)!.callref, name);
    assert.deepEqual(
      heard,
      names.map((name) => `setup:${name}`),
    );
    assert.equal(({} as any).callref, undefined); // nothing leaked into Object.prototype
    cti.disconnect();
  });

  describe('replies of the wrong shape', () => {
    const wrong = fc.oneof(
      fc.anything(),
      fc.constantFrom<unknown>(
        null,
        undefined,
        {},
        { numbers: 'x' },
        { numbers: [1] },
        { numbers: null },
        { auto_answer: 'yes' },
        { now: 1 },
        { number: 5, session_id: 's' },
        { number: 'x', session_id: {} },
        [],
      ),
    );
    const methods: [string, string, (cti: CTI) => Promise<unknown>][] = [
      ['create_session', 'create_session', (cti) => cti.create_session('token')],
      ['restore_session', 'restore_session', (cti) => cti.restore_session('token', 'session-1')],
      ['get_subscriptions', 'get_subscriptions', (cti) => cti.get_subscriptions()],
      ['get_auto_answer', 'get_auto_answer', (cti) => cti.get_auto_answer()],
      ['int_to_local', 'get_int_to_local_numbers', (cti) => cti.int_to_local('33172587702')],
      ['local_to_int', 'get_local_to_int_number', (cti) => cti.local_to_int('7702')],
      ['dial', 'call', (cti) => cti.dial('33699009902')],
    ];

    it('are protocol errors (502), never a TypeError in the page', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...methods), wrong, fc.boolean(), async ([name, action, start], result, asError) => {
          freshService();
          const cti = new CTI({ endpoint: 'http://127.0.0.1:1/cti', cookie_auto: false, ping_auto: false, reconnect: false });
          if (name !== 'create_session') await cti.create_session('token');
          service.reply = (message) =>
            message.action !== action ? { id: message.id, result: documentedResult(message.action) } : asError ? { id: message.id, error: result } : { id: message.id, result };
          const outcome = await start(cti).then(
            (value) => ({ value }),
            (error) => ({ error }),
          );
          if ('error' in outcome) {
            assert.ok(isCtiError(outcome.error), `${name}: ${String(outcome.error)}`);
            if (!asError) assert.deepEqual((outcome.error as CtiError).toJSON(), { status_code: 502, error_code: 'protocol_error', message: `Unexpected reply to ${action}` });
          } else {
            const value = outcome.value as any;
            // What resolves has the documented shape, so the page may use it as documented.
            if (name === 'get_subscriptions') value.numbers.forEach((number: string) => number.toLowerCase());
            if (name === 'get_auto_answer') assert.equal(typeof value.auto_answer, 'boolean');
            if (name === 'int_to_local' || name === 'local_to_int') assert.equal(typeof value, 'string');
            if (name.endsWith('_session')) assert.equal(typeof value.number, 'string');
          }
          cti.disconnect();
          await quiet(1);
        }),
        { numRuns: 300, seed: 20261128 },
      );
      assert.deepEqual(escaped, []);
    });
  });
});
