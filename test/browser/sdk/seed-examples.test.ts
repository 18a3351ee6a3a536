// The code samples of the official 1.1 documentation, as written, on
// dist/keyyo-cti.min.js loaded by a script tag. Only the placeholders
// ("<Your CSI token>", "<Call Ref Id>", "your_session_id") are filled in.
import { expect } from '@open-wc/testing';
import { startSimulator, type SimulatorHandle } from '../../helpers/simulator.js';

const ALICE = '33172587948'; // the documentation's own numbers, as lines of the organisation
const COLLEAGUE = '33172587949';
const BOB = '33699009902';

const DIRECTORY = {
  organisations: [
    {
      name: 'Documentation',
      lines: [
        { number: ALICE, local: '7948', name: 'Alice' },
        { number: COLLEAGUE, local: '7949', name: 'Colleague' },
      ],
    },
  ],
  outside: [{ number: BOB, name: 'Bob' }],
};

/** What the script tag defined. */
const Keyyo = () => (window as unknown as { Keyyo: any }).Keyyo;

function loadDropIn(endpoint: string): Promise<void> {
  document.querySelector('script[data-keyyo]')?.remove();
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/dist/keyyo-cti.min.js';
    script.dataset.keyyo = '';
    script.dataset.endpoint = endpoint;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error('cannot load dist/keyyo-cti.min.js: run npm run build'));
    document.head.append(script);
  });
}

/** Runs a sample with `console.log` captured; returns what it logged once
 * `count` lines are there. */
async function run(sample: string, scope: Record<string, unknown>, count = 1): Promise<unknown[][]> {
  const logged: unknown[][] = [];
  const console = { log: (...args: unknown[]) => logged.push(args) };
  const names = Object.keys(scope);
  new Function('console', 'Keyyo', ...names, sample)(console, Keyyo(), ...names.map((name) => scope[name]));
  const end = Date.now() + 5000;
  while (logged.length < count) {
    if (Date.now() > end) throw new Error(`the sample logged ${JSON.stringify(logged)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return logged;
}

const fill = (sample: string, values: Record<string, string>) => Object.entries(values).reduce((code, [placeholder, value]) => code.replaceAll(placeholder, value), sample);

describe('the 1.1 documentation samples on keyyo-cti.min.js', () => {
  let sim: SimulatorHandle;

  beforeEach(async () => {
    sim = await startSimulator({ virtualClock: true, directory: DIRECTORY });
    await loadDropIn(sim.endpoint);
    document.cookie = '__ksid=; max-age=0; path=/';
    document.cookie = 'my_session_name=; max-age=0; path=/';
  });

  afterEach(() => sim.stop());

  /** A session made by the first sample, for those that follow. */
  async function connected(): Promise<any> {
    const scope: Record<string, unknown> = {};
    const sample = fill(
      `// Initialize Keyyo CTI
var cti = new Keyyo.CTI();
cti.create_session("<Your CSI token>", function(err, res) {
if (err) {
console.log(err);
return;
}
console.log("connected");
});
this.cti = cti;`,
      { '<Your CSI token>': await sim.token(ALICE) },
    );
    const logged: unknown[][] = [];
    new Function('console', 'Keyyo', sample).call(scope, { log: (...args: unknown[]) => logged.push(args) }, Keyyo());
    while (logged.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logged).to.deep.equal([['connected']]);
    return scope.cti;
  }

  it('Installation: initialise and create a session', async () => {
    const cti = await connected();
    expect(cti.connected).to.be.true;
  });

  it('each CTI keeps a socket of its own: share_connection is checked, then does nothing', async () => {
    let joined = 0;
    const cti = new (Keyyo().CTI)({ share_connection: { join: () => (joined++, undefined) } });
    expect(() => new (Keyyo().CTI)({ share_connection: {} })).to.throw(/share_connection/);
    await cti.create_session(await sim.token(ALICE));
    expect([cti.connected, cti.sharing, cti.leading, joined]).to.deep.equal([true, false, true, 0]);
    cti.disconnect();
  });

  it('Constructor options', async () => {
    const logged = await run(
      `var options = {
cookie_name : "my_session_name",
cookie_expires: 365
}
var cti = new Keyyo.CTI(options);
cti.create_session(token, function(err, res) { console.log(err, res.number); });`,
      { token: await sim.token(ALICE) },
    );
    expect(logged).to.deep.equal([[null, ALICE]]);
    expect(document.cookie).to.match(/my_session_name=/);
  });

  it('Restore session, both forms, and Errors', async () => {
    const cti = await connected();
    const csi_token = await sim.token(ALICE);
    const basic = await run(
      `// Basic usage
// The session is recreated if cookie_auto is not set to false
cti.restore_session(csi_token, function(err, res) {
if (err) {
// Invalid CSI token (expires or not exists)
if (err.status_code == 400) {
// Refresh your CSI token
}
return;
}
console.log(res);
});`,
      { cti: new (Keyyo().CTI)(), csi_token },
    );
    expect((basic[0]![0] as { number: string }).number).to.equal(ALICE);

    const handled = await run(
      `// Or if you handle the session yourself, because cookie_auto is set to false
cti.restore_session(csi_token, "your_session_id", function(err, res) {
if (err) {
// Invalid CSI token (expires or not exists)
if (err.status_code == 400 && err.error_code == "invalid_csi_token") {
console.log("Refresh your CSI token");
} else if (err.status_code == 400 && err.error_code == "missing_parameter") {
console.log("Your session id is missing as parameter");
} else if (err.status_code == 401) {
console.log("Your session is invalid");
}
return;
}
console.log(res);
});`.replace('"your_session_id"', 'session_id'),
      { cti: new (Keyyo().CTI)({ cookie_auto: false }), csi_token: 'expired', session_id: cti.session_id },
    );
    expect(handled).to.deep.equal([['Refresh your CSI token']]);
    const invalid = await run(
      `cti.restore_session(csi_token, "your_session_id", function(err, res) {
if (err) { if (err.status_code == 401) { console.log("Your session is invalid"); } return; }
console.log(res);
});`,
      { cti: new (Keyyo().CTI)({ cookie_auto: false }), csi_token },
    );
    expect(invalid).to.deep.equal([['Your session is invalid']]);

    const errors = await run(
      `cti.create_session("Your CSI token", function(err, res) {
// Handle error if err is set
if (err) {
console.log(err.status_code, err.message);
return;
}
});`,
      { cti: new (Keyyo().CTI)() },
    );
    expect(errors[0]![0]).to.equal(400);
    expect(errors[0]![1]).to.match(/^Invalid token/);
  });

  it('Subscribe, Unsubscribe, Get subscriptions, auto-answer, Send message, Destroy session', async () => {
    const cti = await connected();
    const sample = (code: string, count = 1) => run(code, { cti }, count);
    expect(
      await sample(`cti.subscribe("33172587948", function(err, res) {
if (err) {
console.log(err);
return;
}
console.log(res);
});`),
    ).to.deep.equal([[1]]);
    expect(
      await sample(`cti.get_subscriptions(function(err, res) {
if (err) {
console.log(err);
return;
}
res.numbers.forEach(function(number) {
console.log(number);
});
});`),
    ).to.deep.equal([[ALICE]]);
    expect(
      await sample(`cti.unsubscribe("33172587948", function(err, res) {
if (err) {
console.log(err);
return;
}
console.log(res);
});`),
    ).to.deep.equal([[1]]);
    expect(
      await sample(`cti.set_auto_answer(true, function(err, res) {
if (err) {
console.log(err);
return;
}
console.log(res);
});`),
    ).to.deep.equal([[1]]);
    expect(
      await sample(`cti.get_auto_answer(function(err, res) {
if (err) {
console.log(err);
return;
}
console.log(res.auto_answer);
});`),
    ).to.deep.equal([[true]]);
    expect(
      await sample(`cti.send_message("33172587948", "The message...", function(err, res) {
if (err) {
console.log(err);
return;
}
console.log(res);
});`),
    ).to.deep.equal([[1]]);
    expect(
      await sample(`cti.destroy_session(function(err, res) {
if (err) {
console.log(err);
return;
}
console.log("logout");
});`),
    ).to.deep.equal([['logout']]);
  });

  it('Dial number, Get calls, Get call, Handle call events, call events and durations', async () => {
    const cti = await connected();
    const events = await run(
      `cti.onNewCall = function(call) {
call.onSetup = function() { console.log("setup", call.state); };
call.onConnect = function() { console.log("connect", call.state); };
call.onRelease = function() { console.log("release", call.state); };
};
cti.dial("33172587949", function(err, res) {
if (err) {
console.log(err);
return;
}
console.log(res)
});`,
      { cti },
      2,
    );
    // The service announces the call before it answers the command.
    expect(events).to.deep.equal([['setup', 'SETUP'], [1]]);
    const calls = await run(
      `var calls = cti.get_calls();
calls.forEach(function(call){
// Display active calls
if (call.type != "RELEASE") {
console.log(call);
}
})`,
      { cti },
    );
    const call = calls[0]![0] as any;
    expect(call.callee).to.equal(COLLEAGUE);
    const found = await run(fill(`var call = cti.get_call("<Call Ref Id>"); console.log(call);`, { '<Call Ref Id>': call.callref }), { cti });
    expect(found[0]![0]).to.equal(call);

    await sim.advance(3000);
    await sim.phone(COLLEAGUE, 'answer');
    await sim.advance(7000);
    // The simulator's clock is virtual: durations are read once the call ended.
    await sim.phone(COLLEAGUE, 'hangup');
    while (cti.get_call(call.callref).state !== 'RELEASE') await new Promise((resolve) => setTimeout(resolve, 10));
    const durations = await run(
      fill(
        `var timer = null;
var call = cti.get_call("<Call Ref Id>")
clearInterval(timer);
timer = setInterval(function() {
console.log(call.get_ringing_duration());
}, 1000);
setTimeout(function() { clearInterval(timer); }, 1100);`,
        { '<Call Ref Id>': call.callref },
      ),
      { cti },
    );
    expect(durations).to.deep.equal([[3]]);
    const talk = await run(
      fill(
        `var timer = null;
var call = cti.get_call("<Call Ref Id>")
clearInterval(timer);
timer = setInterval(function() {
console.log(call.get_duration());
}, 1000);
setTimeout(function() { clearInterval(timer); }, 1100);`,
        { '<Call Ref Id>': call.callref },
      ),
      { cti },
    );
    expect(talk).to.deep.equal([[7]]);
  });

  it('Answer, Reject, Hang up, Transfer, Supervised transfer, Merge, Pause, Park, Unpark', async () => {
    const cti = await connected();
    await cti.subscribe(COLLEAGUE);
    /** The call the SDK knows, once its notification came: the simulator's
     * HTTP answer to Bob's phone may come before the socket's message. */
    const known = async (matches: (call: any) => boolean) => {
      let call;
      while (!(call = cti.get_calls().find(matches))) await new Promise((resolve) => setTimeout(resolve, 10));
      return call;
    };
    const incoming = async () => {
      const callref = await sim.call(BOB, ALICE);
      return known((call) => call.callref === callref);
    };
    const callSample = (action: string) => `call.${action}function(err, res) {
if (err) {
console.log(err);
return;
}
console.log(res);
});`;

    let call = await incoming();
    expect(await run(callSample('reject('), { call })).to.deep.equal([[1]]);
    call = await incoming();
    expect(await run(callSample('answer('), { call })).to.deep.equal([[1]]);
    expect(await run(callSample('pause('), { call })).to.deep.equal([[1]]);
    const paused = cti.get_calls().find((c: any) => c.callpark_slot === ALICE && c.state === 'CONNECT');
    expect(await run(callSample('unpark('), { call: paused })).to.deep.equal([[1]]);
    call = cti.get_calls().find((c: any) => c.state === 'CONNECT' && !c.callpark_slot && c.caller === BOB);
    expect(await run(callSample('park("callee", '), { call })).to.deep.equal([[1]]);
    // The documentation parks the callee: Alice waits in the park; Bob hung up on.
    const parked = cti.get_calls().find((c: any) => c.callpark_slot === '1' && c.state === 'CONNECT');
    expect(parked.caller).to.equal(ALICE);
    await sim.phone(ALICE, 'hangup');

    call = await incoming();
    await call.answer();
    expect(await run(callSample('supervised_transfer("caller", "33172587949", 30, '), { call })).to.deep.equal([[1]]);
    await sim.phone(COLLEAGUE, 'answer');
    const joined = await known((c) => c.caller === BOB && c.callee === COLLEAGUE && c.state === 'CONNECT');
    expect(await run(callSample('transfer("caller", "33172587949", '), { call: joined })).to.deep.equal([[1]]);
    const transferred = cti.get_calls().find((c: any) => c.caller === BOB && c.callee === COLLEAGUE && c.state === 'SETUP');
    await sim.phone(COLLEAGUE, 'answer');

    // The documentation's merge joins a call with itself: the service refuses it.
    const merge = await run(
      `// Merge the callee of the first call, and merge it with the caller of another call
call.merge("callee", call, "caller", function(err, res) {
if (err) {
console.log(err);
return;
}
console.log(res);
});`,
      { call: transferred },
    );
    expect(merge[0]![0]).to.include({ status_code: 400, error_code: 'invalid_params' });
    expect(await run(callSample('hang_up('), { call: transferred })).to.deep.equal([[1]]);
    expect(transferred.state).to.equal('RELEASE');
  });
});
