// Alice's CRM page: the Keyyo elements do the telephony; this page only
// listens to their DOM events to show who is on the line.
import { contacts } from './contacts.js';

const provider = document.querySelector('keyyo-cti-provider');
const card = document.getElementById('contact');
const status = document.getElementById('status');

const STATES = { SETUP: 'Ringing', CONNECT: 'In conversation', RELEASE: 'Call ended', MISSED: 'Missed call' };

function show(call) {
  const contact = contacts[call.other];
  const heading = document.createElement('h2');
  heading.textContent = contact ? contact.name : 'Unknown caller';
  const lines = [
    `${call.direction === 'inbound' ? 'Calling you' : 'You call'} · ${STATES[call.state]}`,
    `+${call.other}`,
    ...(contact ? [`${contact.company} · ${contact.role}`, contact.note] : ['Not in your contacts']),
  ];
  card.replaceChildren(heading, ...lines.map((line) => Object.assign(document.createElement('p'), { textContent: line })));
  card.dataset.state = call.state.toLowerCase();
}

for (const type of ['keyyo-call-setup', 'keyyo-call-connect', 'keyyo-call-release', 'keyyo-call-missed']) {
  provider.addEventListener(type, (event) => show(event.detail.call));
}
provider.addEventListener('keyyo-status-change', (event) => {
  status.textContent = event.detail.status;
  status.dataset.status = event.detail.status;
});
