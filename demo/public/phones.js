// What the pages playing phones share (Bob's phone, the team's phones):
// the simulator's control API, and each phone's call as its owner sees it.
// They poll the simulator's state: a local demo needs nothing faster.
const POLL_MS = 400;

export async function control(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const payload = await response.json();
  if (!response.ok) throw new Error(payload.error ?? `${response.status}`);
  return payload;
}

/** The call of `number` that matters now, with the role its owner plays
 * in it: in conversation, ringing on its phone, placed by it, or waiting
 * in the call park. Whoever parks a call is off it. */
export function callOf(state, number) {
  const active = state.calls.filter((call) => (call.state === 'SETUP' || call.state === 'CONNECT') && (call.caller === number || call.callee === number)).reverse();
  const open = active.filter((call) => call.callpark_slot === undefined);
  const found =
    [
      ['talking', open.find((call) => call.state === 'CONNECT')],
      ['ringing', open.find((call) => call.callee === number)],
      ['calling', open.find((call) => call.caller === number)],
      ['parked', active.find((call) => call.callpark_slot !== undefined && call.caller === number)],
    ].find(([, call]) => call) ?? [];
  return found[1] ? { call: found[1], role: found[0] } : null;
}

/** "Ringing: Alice is calling", "In conversation with Bob", or "Idle". */
export function describe(current, number, nameOf) {
  if (!current) return 'Idle';
  const other = nameOf(current.call.caller === number ? current.call.callee : current.call.caller);
  return {
    ringing: `Ringing: ${other} is calling`,
    calling: `Calling ${other}…`,
    talking: `In conversation with ${other}`,
    parked: `Waiting in the call park, slot ${current.call.callpark_slot}`,
  }[current.role];
}

/** "01:05" of conversation, on the simulator's clock. */
export function talkTime(current, serverOffset) {
  if (current?.role !== 'talking') return '';
  const seconds = Math.max(0, Math.floor(Date.now() / 1000 + serverOffset - current.call.connect_date));
  return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Reads the simulator's state now and every POLL_MS: `show(state, names,
 * serverOffset)` on each answer, `fail(error)` when it does not answer. */
export function watch(show, fail) {
  const poll = async () => {
    try {
      const state = await control('GET', '/sim/state');
      const names = new Map(state.phones.filter((phone) => phone.name).map((phone) => [phone.number, phone.name]));
      show(state, names, state.now - Date.now() / 1000);
    } catch (error) {
      fail(error);
    }
  };
  poll();
  setInterval(poll, POLL_MS);
  return poll;
}
