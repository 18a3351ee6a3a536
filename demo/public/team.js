// Alice's colleagues' phones: each line of her organisation but hers,
// played through the simulator's control API, so one person can watch
// Alice's line board change as they ring, talk and call each other.
import { callOf, control, describe, talkTime, watch } from './phones.js';

const grid = document.getElementById('phones');
const error = document.getElementById('team-error');
let names = new Map();
let serverOffset = 0;

function element(name, properties = {}, ...children) {
  const node = Object.assign(document.createElement(name), properties);
  node.append(...children);
  return node;
}

/** One colleague's phone: who, what it does, its buttons, and a call to anyone. */
function phone(line) {
  const status = element('p', { className: 'phone-status' });
  const timer = element('p', { className: 'phone-timer', ariaHidden: 'true' });
  const button = (label, className, action) => {
    const node = element('button', { type: 'button', className, textContent: label, hidden: true });
    node.addEventListener('click', () => act(node, action));
    return node;
  };
  const callee = element('select', { id: `callee-${line.number}` });
  const buttons = {
    answer: button('Answer', 'answer', () => control('POST', `/sim/phones/${line.number}/answer`)),
    reject: button('Reject', 'reject', () => control('POST', `/sim/phones/${line.number}/reject`)),
    hangup: button('Hang up', 'reject', () => control('POST', `/sim/phones/${line.number}/hangup`)),
    call: button('Call', 'answer', () => control('POST', '/sim/calls', { from: line.number, to: callee.value })),
  };
  const dial = element('p', { className: 'phone-callee' }, element('label', { htmlFor: callee.id, textContent: 'Line ' }), callee, ' ', buttons.call);
  const card = element(
    'article',
    { className: 'phone team-phone' },
    element('h2', { textContent: line.name }),
    element('p', { className: 'phone-number', textContent: `${line.local} · +${line.number}` }),
    status,
    timer,
    element('div', { className: 'phone-buttons' }, buttons.answer, buttons.reject, buttons.hangup),
    dial,
  );
  grid.append(card);
  let current = null;
  return {
    show(state) {
      current = callOf(state, line.number);
      const role = current?.role;
      status.textContent = describe(current, line.number, (number) => names.get(number) ?? number);
      card.dataset.state = role ?? 'idle';
      buttons.answer.hidden = buttons.reject.hidden = role !== 'ringing';
      buttons.hangup.hidden = role !== 'talking' && role !== 'calling' && role !== 'parked';
      dial.hidden = role !== undefined;
      buttons.call.hidden = false;
      if (!callee.options.length) {
        for (const other of state.phones) if (other.name && other.number !== line.number) callee.append(new Option(other.name, other.number));
      }
      timer.textContent = talkTime(current, serverOffset);
    },
    tick: () => (timer.textContent = talkTime(current, serverOffset)),
  };
}

let poll = async () => {};
async function act(button, action) {
  button.disabled = true;
  try {
    await action();
    await poll();
  } catch (failure) {
    error.textContent = failure.message;
  } finally {
    button.disabled = false;
  }
}

const team = await control('GET', '/api/team');
const phones = team.slice(1).map(phone); // the first line is Alice's: her CRM page plays it
poll = watch(
  (state, known, offset) => {
    names = known;
    serverOffset = offset;
    error.textContent = '';
    for (const each of phones) each.show(state);
  },
  (failure) => (error.textContent = `The simulator does not answer: ${failure.message}`),
);
setInterval(() => phones.forEach((each) => each.tick()), 1000);
