// Bob's phone: an outside party played through the simulator's control API,
// so one person can play both sides of a call. He can call any line.
import { callOf, control, describe, talkTime, watch } from './phones.js';

const params = new URLSearchParams(location.search);
const BOB = params.get('number') ?? '33699009902';

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
  callee: $('callee'),
};

let names = new Map();
let current = null; // { call, role: 'ringing' | 'calling' | 'talking' | 'parked' }
let serverOffset = 0; // server time minus browser time, in seconds

const nameOf = (number) => (names.get(number) ? `${names.get(number)} (${number})` : number);

function render() {
  const role = current?.role;
  const text = describe(current, BOB, nameOf);
  if (view.status.textContent !== text) view.status.textContent = text;
  document.body.dataset.state = role ?? 'idle';
  view.answer.hidden = role !== 'ringing';
  view.reject.hidden = role !== 'ringing';
  view.hangup.hidden = role !== 'talking' && role !== 'calling' && role !== 'parked';
  view.call.hidden = role !== undefined;
  view.callee.parentElement.hidden = role !== undefined;
  view.call.textContent = `Call ${names.get(view.callee.value) ?? view.callee.value}`;
  view.timer.textContent = talkTime(current, serverOffset);
}

/** Every line of the directory, Alice's first (or the one `?calls=` names). */
function listLines(state) {
  if (view.callee.options.length) return;
  const wanted = params.get('calls') ?? '33172587701';
  const lines = state.phones.filter((phone) => phone.name && phone.number !== BOB);
  for (const phone of lines) view.callee.append(new Option(`${phone.name} (${phone.number})`, phone.number, false, phone.number === wanted));
}

const poll = watch(
  (state, known, offset) => {
    names = known;
    serverOffset = offset;
    current = callOf(state, BOB);
    listLines(state);
    view.number.textContent = nameOf(BOB);
    view.error.textContent = '';
    render();
  },
  (error) => {
    view.error.textContent = `The simulator does not answer: ${error.message}`;
  },
);

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
act(view.call, () => control('POST', '/sim/calls', { from: BOB, to: view.callee.value }));
view.callee.addEventListener('change', render);
setInterval(() => (view.timer.textContent = talkTime(current, serverOffset)), 1000);
