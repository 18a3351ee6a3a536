// The provider's parts that need no browser, on a fake clock: the
// subscription registry over a real CTI and a scripted service (alone, and
// loaded when first needed, as the provider has it), and the contact
// directory.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { ContactDirectory } from '../../src/elements/provider/contacts.js';
import * as registryChunk from '../../src/elements/provider/subscriptions.js';
import { SubscriptionRegistry, type SubscriptionsHost } from '../../src/elements/provider/subscriptions.js';
import { LazySubscriptions } from '../../src/elements/provider/subscriptions-lazy.js';
import { connectSession, CTI } from '../../src/sdk/index.js';
import { ALICE, documentedResult, FakeService } from '../helpers/fake-service.js';

const CAROL = '33172587702';
const DAVE = '33172587703';

const settle = () => new Promise((resolve) => setImmediate(resolve));
async function wait(ms: number): Promise<void> {
  for (let passed = 0; passed < ms; passed += 10) {
    mock.timers.tick(10);
    await settle();
  }
}

type Registry = SubscriptionRegistry | LazySubscriptions;

/** A session connected to a scripted service whose session follows
 * `followed` (kept up to date by its commands), the session's
 * subscriptions kept by `registry`. */
async function connectedTo(followed: Set<string>, registry: Registry): Promise<{ service: FakeService; cti: CTI }> {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  const service = new FakeService();
  service.reply = (message) => {
    const number = message.number as string;
    if (message.action === 'subscribe') followed.add(number);
    if (message.action === 'unsubscribe') followed.delete(number);
    const result = message.action === 'get_subscriptions' ? { numbers: [...followed] } : documentedResult(message.action);
    return { id: message.id, result };
  };
  (globalThis as any).WebSocket = service.WebSocket;
  const cti = new CTI({
    endpoint: 'http://cti.test/cti',
    cookie_auto: false,
    ping_auto: false,
    timeout: 1000,
    reconnect_min_delay: 100,
    reconnect_max_delay: 100,
    token_provider: async () => 'token',
    keep_subscribed: (number) => registry.needs(number),
  });
  registry.attach(cti);
  void connectSession(cti).catch(() => {});
  await wait(50);
  return { service, cti };
}

function stop(cti: CTI): void {
  cti.disconnect();
  mock.timers.reset();
  delete (globalThis as any).WebSocket;
}

/** The numbers of the commands `action` the service got. */
const sentTo = (service: FakeService, action: string) => service.sent.filter((message) => message.action === action).map((message) => message.number);

for (const [name, make] of [
  ['the subscription registry', (host: SubscriptionsHost) => new SubscriptionRegistry(host)],
  ['the subscription registry loaded at the first need', (host: SubscriptionsHost) => new LazySubscriptions(host, async () => registryChunk)],
] as const)
  describe(name, () => {
    let service: FakeService;
    let cti: CTI;
    let registry: Registry;
    /** What the service's session follows. */
    let followed: Set<string>;

    beforeEach(async () => {
      followed = new Set([ALICE]);
      registry = make({ changed: () => {}, noticed: () => {} });
      ({ service, cti } = await connectedTo(followed, registry));
    });

    afterEach(() => stop(cti));

    const sent = (action: string) => sentTo(service, action);

    it('subscribes a number when the first needs it, unsubscribes it when the last lets it go', async () => {
      const first = registry.need(CAROL);
      const second = registry.need(CAROL);
      await wait(20);
      assert.deepEqual(sent('subscribe'), [CAROL]);
      assert.equal(registry.following.get(CAROL)?.status, 'followed');
      first();
      await wait(20);
      assert.deepEqual(sent('unsubscribe'), []);
      second();
      await wait(20);
      assert.deepEqual(sent('unsubscribe'), [CAROL]);
      assert.equal(registry.following.has(CAROL), false);
    });

    it("the page's unsubscribe of a number an element needs leaves it subscribed; its own subscribe outlives the element's need", async () => {
      const release = registry.need(CAROL);
      await wait(20);
      assert.equal(await cti.unsubscribe(CAROL), 1);
      assert.deepEqual(sent('unsubscribe'), []);
      assert.equal(await cti.unsubscribe(ALICE), 1, "the session's own line stays");
      assert.deepEqual(sent('unsubscribe'), []);
      const subscribing = cti.subscribe(DAVE);
      await wait(20);
      await subscribing;
      const board = registry.need(DAVE);
      release();
      board();
      await wait(20);
      assert.deepEqual(sent('unsubscribe'), [CAROL], 'Dave stays: the page subscribed him');
    });

    it('a published picture never changes under its reader', async () => {
      const before = registry.following;
      const subscribedBefore = registry.subscribed();
      registry.need(CAROL);
      await wait(20);
      assert.equal(before.has(CAROL), false);
      assert.notEqual(registry.following, before);
      assert.ok(!subscribedBefore.includes(CAROL) && registry.subscribed().includes(CAROL));
    });

    it('a reconnection whose reading of the subscriptions fails is tried again, and what is needed is then subscribed', async () => {
      let failOnce = true;
      const answer = service.reply;
      service.reply = (message) => {
        if (message.action === 'get_subscriptions' && failOnce) {
          failOnce = false;
          return { id: message.id, error: { status_code: 503, message: 'Busy' } };
        }
        return answer(message);
      };
      service.close(1006);
      await wait(10);
      registry.need(CAROL); // needed while the connection is away
      await wait(500);
      assert.equal(cti.state.status, 'connected');
      assert.deepEqual(sent('subscribe'), [CAROL]);
      assert.equal(registry.following.get(CAROL)?.status, 'followed');
    });
  });

describe('the subscription registry, before it loads', () => {
  let service: FakeService;
  let cti: CTI;
  let subscriptions: LazySubscriptions;
  let changes = 0;

  beforeEach(async () => {
    changes = 0;
    subscriptions = new LazySubscriptions({ changed: () => changes++, noticed: () => {} }, async () => registryChunk);
    ({ service, cti } = await connectedTo(new Set([ALICE, CAROL]), subscriptions));
  });

  afterEach(() => stop(cti));

  const sent = (action: string) => sentTo(service, action);

  it("says the service's list with nobody needing a number, and sends nothing", () => {
    assert.deepEqual([...subscriptions.subscribed()].sort(), [ALICE, CAROL].sort());
    assert.ok(changes > 0, 'the list was published');
    assert.equal(subscriptions.following.size, 0);
    assert.ok(subscriptions.needs(ALICE) && !subscriptions.needs(CAROL));
    assert.deepEqual([...sent('subscribe'), ...sent('unsubscribe')], []);
  });

  it("hands the page's own subscribe to the registry it loads: an element needing and letting go of that number leaves it subscribed", async () => {
    const subscribing = cti.subscribe(DAVE);
    await wait(20);
    await subscribing;
    assert.ok(subscriptions.subscribed().includes(DAVE));
    const release = subscriptions.need(DAVE);
    await wait(20);
    assert.equal(subscriptions.following.get(DAVE)?.status, 'followed');
    release();
    await wait(20);
    assert.deepEqual(sent('subscribe'), [DAVE], 'subscribed once, by the page');
    assert.deepEqual(sent('unsubscribe'), [], 'the page subscribed him');
  });

  it('a registry chunk that cannot load keeps the needs: the next connection loads it, and the number is followed', async () => {
    stop(cti);
    let loads = 0;
    // The failed chunk is an unhandled rejection, which names it in the
    // console: heard here instead of failing the test.
    const failed: unknown[] = [];
    const runners = process.listeners('unhandledRejection');
    process.removeAllListeners('unhandledRejection');
    process.on('unhandledRejection', (reason) => failed.push(reason));
    try {
      // The chunk cannot come at first (the network is away, say).
      subscriptions = new LazySubscriptions({ changed: () => {}, noticed: () => {} }, async () => {
        if (loads++ === 0) throw new Error('chunk failed');
        return registryChunk;
      });
      ({ service, cti } = await connectedTo(new Set([ALICE]), subscriptions));
      subscriptions.need(DAVE);
      await wait(20);
      assert.equal(loads, 1);
      assert.deepEqual(sent('subscribe'), []);
      assert.equal(failed.length, 1, 'the failed chunk is said, as an unhandled rejection');
      service.close(1011, 'Server restarting');
      await wait(500);
      assert.equal(cti.state.status, 'connected');
      assert.equal(loads, 2, 'asked for again once connected');
      assert.deepEqual(sent('subscribe'), [DAVE]);
      assert.equal(subscriptions.following.get(DAVE)?.status, 'followed');
    } finally {
      process.removeAllListeners('unhandledRejection');
      for (const listener of runners) process.on('unhandledRejection', listener);
    }
  });

  it('a number needed and let go before the registry came is never subscribed', async () => {
    subscriptions.need(DAVE)();
    await wait(20);
    assert.deepEqual(sent('subscribe'), []);
    assert.equal(subscriptions.following.size, 0);
  });
});

describe('the contact directory', () => {
  it('an answer whose getter throws is a failed look-up: no unhandled rejection, the screen pop still comes', async () => {
    const directory = new ContactDirectory(() => {});
    directory.resolver = async () => ({
      get name(): string {
        throw new Error('a page bug');
      },
    });
    assert.equal(await directory.lookUp(ALICE), undefined);
  });

  it('clear() drops the look-ups of the old resolver: their answers do not refill what is known', async () => {
    const directory = new ContactDirectory(() => {});
    let answer!: (contact: { name: string }) => void;
    directory.resolver = () => new Promise((resolve) => (answer = resolve));
    const pending = directory.lookUp(ALICE);
    await settle(); // the look-up reached the resolver
    directory.resolver = async () => undefined;
    directory.clear();
    answer({ name: 'Old' });
    await pending;
    assert.equal(directory.known.has(ALICE), false);
  });
});
