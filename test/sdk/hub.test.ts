// The leading tab's hub on a fake clock and a scripted service: the routes
// of commands relayed for other tabs, and what becomes of one whose reply
// never comes.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { Hub } from '../../src/sdk/hub.js';
import type { Message } from '../../src/sdk/tab-group.js';
import { FakeService, type SentMessage } from '../helpers/fake-service.js';

const TIMEOUT = 1000;
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the shared connection hub', () => {
  let service: FakeService;
  let posted: Message[];
  let hub: Hub;
  /** Commands the service keeps unanswered until the test answers them. */
  let held: SentMessage[];

  beforeEach(async () => {
    mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
    service = new FakeService();
    held = [];
    const answer = service.reply;
    service.reply = (message) => (message.action === 'get_auto_answer' ? void held.push(message) : answer(message));
    (globalThis as any).WebSocket = service.WebSocket;
    posted = [];
    hub = new Hub(
      'leader',
      (message) => posted.push(message),
      () => {},
      () => {},
      [],
    );
    const opened = hub.open('http://cti.test/cti', TIMEOUT);
    mock.timers.tick(0);
    await opened;
  });

  afterEach(() => {
    hub.close();
    mock.timers.reset();
    delete (globalThis as any).WebSocket;
  });

  /** The service answers a held command now. */
  function answerLate(message: SentMessage): void {
    for (const socket of service.sockets) socket.frame(`a${JSON.stringify([JSON.stringify({ id: message.id, result: true })])}`);
  }
  const repliesTo = (member: string) =>
    posted.filter((message): message is Extract<Message, { type: 'frame' }> => message.type === 'frame' && message.to === member).map((message) => JSON.parse(message.text));

  it("relays a member's command under its own id and brings the reply back to that member alone", async () => {
    hub.command('tab-b', JSON.stringify({ id: 7, action: 'get_auto_answer', session_id: 's' }));
    await settle();
    assert.equal(held.length, 1);
    assert.notEqual(held[0]!.id, 7, "the hub's own id on the socket");
    mock.timers.tick(TIMEOUT - 1);
    answerLate(held[0]!);
    assert.deepEqual(repliesTo('tab-b'), [{ id: 7, result: true }]);
    assert.deepEqual(repliesTo('tab-c'), []);
  });

  it('forgets a command unanswered past the timeout (its sender gave up): a reply that comes after is dropped', async () => {
    hub.command('tab-b', JSON.stringify({ id: 7, action: 'get_auto_answer', session_id: 's' }));
    await settle();
    mock.timers.tick(TIMEOUT + 1);
    // The next command relayed sweeps the routes past their time.
    hub.command('tab-b', JSON.stringify({ id: 8, action: 'get_auto_answer', session_id: 's' }));
    await settle();
    answerLate(held[0]!);
    answerLate(held[1]!);
    assert.deepEqual(repliesTo('tab-b'), [{ id: 8, result: true }], 'only the command still waited for is answered');
  });
});
