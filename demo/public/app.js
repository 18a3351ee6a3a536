// Alice's CRM page (or a colleague's, once signed in as them): the Keyyo
// elements do the telephony and find who calls
// (the provider's contact-url); this page only listens to their DOM events
// to open the contact's card.
const provider = document.querySelector('keyyo-cti-provider');
const card = document.getElementById('contact');
const timeline = document.getElementById('timeline');
const status = document.getElementById('status');

// /?floating shows the phone as a launcher in the corner of the page.
if (new URLSearchParams(location.search).has('floating')) {
  document.querySelector('keyyo-softphone')?.setAttribute('floating', '');
  document.body.classList.add('floating-phone');
}

const STATES = { SETUP: 'Ringing', CONNECT: 'In conversation', RELEASE: 'Call ended', MISSED: 'Missed call' };
let shown = { callref: undefined, contact: undefined, number: undefined };

function paragraph(content) {
  const element = document.createElement('p');
  element.append(content);
  return element;
}

function show(call, contact) {
  if (call.callref !== shown.callref) {
    shown = { callref: call.callref, contact: undefined, number: call.other };
    void showActivity();
  }
  shown.contact = contact ?? shown.contact;
  const heading = document.createElement('h2');
  heading.textContent = shown.contact ? shown.contact.name : 'Unknown caller';
  const lines = [
    `${call.direction === 'inbound' ? 'Calling you' : 'You call'} · ${STATES[call.state]}`,
    // A phone link: with the provider's click-to-call, a click calls back.
    Object.assign(document.createElement('a'), { href: `tel:+${call.other}`, textContent: `+${call.other}` }),
    shown.contact ? (shown.contact.company ?? '') : 'Not in your contacts',
  ];
  card.replaceChildren(heading, ...lines.map((line) => paragraph(line)));
  card.dataset.state = call.state.toLowerCase();
}

// A call ringing in opens its card on the screen pop, once the provider
// knows who calls; every other change updates the card.
provider.addEventListener('keyyo-screen-pop', (event) => show(event.detail.call, event.detail.contact));
for (const type of ['keyyo-call-setup', 'keyyo-call-connect', 'keyyo-call-release', 'keyyo-call-missed']) {
  provider.addEventListener(type, (event) => {
    const { call, contact } = event.detail;
    if (call.direction === 'inbound' && call.state === 'SETUP') return;
    if (call.direction !== 'other') show(call, contact);
  });
}
provider.addEventListener('keyyo-status-change', (event) => {
  status.textContent = event.detail.status;
  status.dataset.status = event.detail.status;
});

// The demo's sign-in: who is signed in decides the line (the token endpoint
// reads the same cookie); a colleague is chosen in the header's form. The
// board shows the others.
const [me, team] = await Promise.all(['/api/me', '/api/team'].map((path) => fetch(path).then((response) => response.json())));
document.getElementById('user-name').textContent = me.name;
document.getElementById('user-line').textContent = me.local;
const choice = document.getElementById('user');
choice.replaceChildren(...team.map((line) => new Option(`${line.name} (${line.local})`, line.local, false, line.local === me.local)));
document.querySelector('keyyo-line-board')?.setAttribute(
  'numbers',
  team
    .filter((line) => line.local !== me.local)
    .map((line) => line.local)
    .join(', '),
);

// The activity timeline: the calls the CRM logged with the party shown on the
// card (the provider POSTs each record to /api/call-log, with its wrap-up).
const OUTCOMES = {
  answered: 'Call',
  missed: 'Missed call',
  not_answered: 'No answer',
  transferred: 'Transferred',
  parked: 'Parked',
  merged: 'Merged',
};

async function showActivity() {
  if (!timeline || !shown.number) return; // the separate elements' page has no timeline
  const response = await fetch(`/api/call-log?number=${encodeURIComponent(shown.number)}`);
  if (!response.ok) return;
  const records = (await response.json()).sort((a, b) => b.endedAt - a.endedAt);
  timeline.replaceChildren(
    ...records.map((record) => {
      const item = document.createElement('li');
      const when = new Date(record.endedAt).toLocaleString();
      const talk = record.talkSeconds ? ` · ${Math.floor(record.talkSeconds / 60)}:${String(record.talkSeconds % 60).padStart(2, '0')}` : '';
      item.append(paragraph(`${OUTCOMES[record.outcome] ?? record.outcome} · ${record.direction} · ${when}${talk}`));
      const { notes, disposition } = record.wrapUp ?? {};
      if (disposition || notes) item.append(paragraph([disposition, notes].filter(Boolean).join(': ')));
      return item;
    }),
  );
}

provider.addEventListener('keyyo-call-logged', () => setTimeout(showActivity, 500));
