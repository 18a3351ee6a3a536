// Property-based fuzzing of the drop-in layer, `window.Keyyo`, used the way
// 1.1 pages use it: methods called with a callback or with none, and the
// returned promise never looked at. Any value of any type in any argument
// ends in a result or a CtiError; refused input sends nothing; nothing
// becomes an unhandled rejection or an uncaught error but what the page's
// own callbacks throw. The service is scripted (test/helpers/fake-service.ts).
import { expect, waitUntil } from '@open-wc/testing';
import fc from 'fast-check';
import '../../../src/compat/keyyo-cti.js';
import { CtiError, type Call, type CTI } from '../../../src/sdk/index.js';
import { FakeService } from '../../helpers/fake-service.js';

const Keyyo = () => (window as unknown as { Keyyo: { CTI: new (options?: unknown) => CTI; Call: typeof Call } }).Keyyo;
const CALLBACK = Symbol('a callback that records');
const THROWING = Symbol('a callback that throws');
const THROWN = new Error('thrown by the page');

const value = fc.oneof(
  fc.anything({ withBigInt: true, withDate: true, withMap: true, withNullPrototype: true, withBoxedValues: true }),
  fc.constantFrom<unknown>(
    Symbol('s'),
    {
      toString() {
        throw 1;
      },
    },
    '__proto__',
    'constructor',
    'x'.repeat(5000),
    NaN,
    -1,
    0,
    null,
    undefined,
    10n,
  ),
  fc.constantFrom<unknown>('33699009902', 'callpark', 'caller', 'callee', true, false, 'token', 5, 'hello'),
);
const argument = fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: fc.constantFrom<unknown>(CALLBACK, THROWING) });
const METHODS: [string, string, number][] = [
  ['cti', 'create_session', 3],
  ['cti', 'restore_session', 3],
  ['cti', 'subscribe', 2],
  ['cti', 'unsubscribe', 2],
  ['cti', 'get_subscriptions', 1],
  ['cti', 'set_auto_answer', 2],
  ['cti', 'get_auto_answer', 1],
  ['cti', 'dial', 2],
  ['cti', 'send_message', 3],
  ['cti', 'get_call', 1],
  ['cti', 'on', 2],
  ['call', 'answer', 1],
  ['call', 'hang_up', 1],
  ['call', 'transfer', 3],
  ['call', 'supervised_transfer', 4],
  ['call', 'merge', 4],
  ['call', 'park', 3],
  ['call', 'unpark', 1],
];
const step = fc.constantFrom(...METHODS).chain(([target, method, arity]) => fc.array(argument, { maxLength: arity + 1 }).map((list) => ({ target, method, list })));
const later = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('window.Keyyo fuzzing', () => {
  const NativeWebSocket = window.WebSocket;
  let service: FakeService;
  const unhandled: unknown[] = [];
  const uncaught: unknown[] = [];
  const onUnhandled = (event: PromiseRejectionEvent) => {
    unhandled.push(event.reason);
    event.preventDefault();
  };
  const nativeReportError = window.reportError;
  const onError = (event: ErrorEvent) => uncaught.push(event.error);

  beforeEach(() => {
    unhandled.length = 0;
    uncaught.length = 0;
    window.addEventListener('unhandledrejection', onUnhandled);
    // What the page's own callbacks throw is reported as an uncaught error
    // (reportError); kept here, out of the test log. Other uncaught errors
    // would fail the test.
    window.reportError = (error) => uncaught.push(error);
    window.addEventListener('error', onError);
  });

  afterEach(() => {
    window.removeEventListener('unhandledrejection', onUnhandled);
    window.removeEventListener('error', onError);
    window.reportError = nativeReportError;
    window.WebSocket = NativeWebSocket;
    document.cookie = '__ksid=; max-age=0; path=/';
  });

  function fresh() {
    service = new FakeService();
    window.WebSocket = service.WebSocket as unknown as typeof WebSocket;
  }

  it('new Keyyo.CTI(options): constructed, or a CtiError thrown', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          value,
          fc.dictionary(fc.constantFrom('endpoint', 'timeout', 'ping_interval', 'cookie_name', 'cookie_expires', 'history_limit', 'cookie_auto', '__proto__'), value),
        ),
        (options) => {
          try {
            new (Keyyo().CTI)(options).disconnect();
          } catch (error) {
            expect(error).to.be.instanceOf(CtiError);
            expect((error as CtiError).error_code).to.equal('invalid_params');
          }
        },
      ),
      { numRuns: 300, seed: 20261129 },
    );
  });

  it('methods with any arguments, awaited by nobody: results or CtiErrors, no unhandled rejection', async function () {
    this.timeout(60_000);
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 5 }), async (steps) => {
        fresh();
        const cti = new (Keyyo().CTI)({ ping_auto: false, reconnect: false });
        cti.create_session('token', () => {});
        await waitUntil(() => cti.get_call('c1'), 'the session opens', { timeout: 2000 });
        const call = cti.get_call('c1')!;
        expect(call).to.be.instanceOf(Keyyo().Call);
        for (const { target, method, list } of steps) {
          const errors: unknown[] = [];
          const given = list.map((arg) =>
            arg === CALLBACK
              ? (error: unknown) => void (error instanceof Error && errors.push(error))
              : arg === THROWING
                ? () => {
                    throw THROWN;
                  }
                : arg,
          );
          const before = service.sent.length;
          try {
            (target === 'cti' ? (cti as any) : (call as any))[method](...given); // as a 1.1 page: the result is ignored
          } catch (error) {
            errors.push(error);
          }
          await later(2);
          for (const error of errors) expect(error, `${method}: ${String(error)}`).to.be.instanceOf(CtiError);
          if (errors.some((error) => ['invalid_params', 'missing_parameter'].includes((error as CtiError).error_code))) {
            expect(service.sent.length, `${method} refused its input but sent something`).to.equal(before);
          }
        }
        expect(cti.get_call('c1')).to.equal(call);
        cti.disconnect();
        await later(1);
      }),
      { numRuns: 100, seed: 20261130 },
    );
    expect(unhandled).to.deep.equal([]);
    for (const error of uncaught) expect(error).to.equal(THROWN);
  });
});
