// Alice's CRM page: the Keyyo elements do the telephony and find who calls
// (the provider's contact-url); this page only listens to their DOM events
// to open the contact's card.
const provider = document.querySelector('keyyo-cti-provider');
const card = document.getElementById('contact');
const status = document.getElementById('status');

// /?floating shows the phone as a launcher in the corner of the page.
if (new URLSearchParams(location.search).has('floating')) {
  document.querySelector('keyyo-softphone')?.setAttribute('floating', '');
  document.body.classList.add('floating-phone');
}

const STATES = { SETUP: 'Ringing', CONNECT: 'In conversation', RELEASE: 'Call ended', MISSED: 'Missed call' };
let shown = { callref: undefined, contact: undefined };

function paragraph(content) {
  const element = document.createElement('p');
  element.append(content);
  return element;
}

function show(call, contact) {
  if (call.callref !== shown.callref) shown = { callref: call.callref, contact: undefined };
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
