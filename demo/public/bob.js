// Bob's phone: an outside party played through the simulator's control API,
// so one person can play both sides of a call. It polls the simulator's
// state: a local demo needs nothing faster.
const params = new URLSearchParams(location.search);
const BOB = params.get('number') ?? '33699009902';
const ALICE = params.get('calls') ?? '33172587701';
const POLL_MS = 400;

const $ = (id) => document.getElementById(id);
const view = {
  number: $('phone-number'),
  status: $('phone-status'),
  timer: $('phone-timer'),
  error: $('phone-error'),
  answer: $('answer'),
  reject: $('reject'),
  hangup: $('hangup'),
  call: $('call'),
};

let names = new Map();
let current = null; // { call, role: 'ringing' | 'calling' | 'talking' }
let serverOffset = 0; // server time minus browser time, in seconds

async function control(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const payload = await response.json();
  if (!response.ok) throw new Error(payload.error ?? `${response.status}`);
  return payload;
}

const nameOf = (number) => (names.get(number) ? `${names.get(number)} (${number})` : number);

/** Bob's call that matters now: ringing on his phone, placed by him, or in conversation. */
function currentCall(state) {
  const active = state.calls.filter((call) => call.state === 'SETUP' || call.state === 'CONNECT');
  const mine = active.filter((call) => call.caller === BOB || call.callee === BOB).reverse();
  const talking = mine.find((call) => call.state === 'CONNECT');
  if (talking) return { call: talking, role: 'talking' };
  const ringing = mine.find((call) => call.callee === BOB);
  if (ringing) return { call: ringing, role: 'ringing' };
  const calling = mine.find((call) => call.caller === BOB);
  return calling ? { call: calling, role: 'calling' } : null;
}

function render() {
  const role = current?.role;
  const other = current && nameOf(current.call.caller === BOB ? current.call.callee : current.call.caller);
  const text =
    {
      ringing: `Ringing: ${other} is calling`,
      calling: `Calling ${other}…`,
      talking: `In conversation with ${other}`,
    }[role] ?? 'Idle';
  if (view.status.textContent !== text) view.status.textContent = text;
  document.body.dataset.state = role ?? 'idle';
  view.answer.hidden = role !== 'ringing';
  view.reject.hidden = role !== 'ringing';
  view.hangup.hidden = role !== 'talking' && role !== 'calling';
  view.call.hidden = role !== undefined;
  renderTimer();
}

function renderTimer() {
  if (current?.role !== 'talking') {
    view.timer.textContent = '';
    return;
  }
  const seconds = Math.max(0, Math.floor(Date.now() / 1000 + serverOffset - current.call.connect_date));
  view.timer.textContent = `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

async function poll() {
  try {
    const state = await control('GET', '/sim/state');
    serverOffset = state.now - Date.now() / 1000;
    names = new Map(state.phones.filter((phone) => phone.name).map((phone) => [phone.number, phone.name]));
    current = currentCall(state);
    view.number.textContent = nameOf(BOB);
    view.call.textContent = `Call ${names.get(ALICE) ?? ALICE}`;
    view.error.textContent = '';
  } catch (error) {
    view.error.textContent = `The simulator does not answer: ${error.message}`;
  }
  render();
}

function act(button, action) {
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await action();
      await poll();
    } catch (error) {
      view.error.textContent = error.message;
    } finally {
      button.disabled = false;
    }
  });
}

act(view.answer, () => control('POST', `/sim/phones/${BOB}/answer`));
act(view.reject, () => control('POST', `/sim/phones/${BOB}/reject`));
act(view.hangup, () => control('POST', `/sim/phones/${BOB}/hangup`));
act(view.call, () => control('POST', '/sim/calls', { from: BOB, to: ALICE }));

poll();
setInterval(poll, POLL_MS);
setInterval(renderTimer, 1000);
