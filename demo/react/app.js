// The Keyyo elements inside a React application: React sets their
// properties and handles their DOM events like any other element's.
import { createElement as h, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../../src/define.ts';

const fetchToken = () => fetch('/api/cti-token').then((response) => response.json()).then((body) => body.token);

function Softphone() {
  const provider = useRef(null);
  const [status, setStatus] = useState('idle');
  const [log, setLog] = useState([]);
  const [filter, setFilter] = useState('all');

  useEffect(() => {
    const element = provider.current;
    const onStatus = (event) => setStatus(event.detail.status);
    const onCall = (event) => setLog((lines) => [`${event.type.replace('keyyo-call-', '')}: ${event.detail.call.other}`, ...lines].slice(0, 8));
    const types = ['keyyo-call-setup', 'keyyo-call-connect', 'keyyo-call-release', 'keyyo-call-missed'];
    element.addEventListener('keyyo-status-change', onStatus);
    for (const type of types) element.addEventListener(type, onCall);
    return () => {
      element.removeEventListener('keyyo-status-change', onStatus);
      for (const type of types) element.removeEventListener(type, onCall);
    };
  }, []);

  return h(
    'keyyo-cti-provider',
    // React 19 sets properties on custom elements: tokenProvider is a function.
    { ref: provider, endpoint: '/cti', 'no-cookie': '', tokenProvider: fetchToken },
    h('header', { className: 'crm-header' }, h('h1', null, 'React softphone'), h('p', null, `Status: ${status}`)),
    h(
      'main',
      { className: 'crm-grid' },
      h('section', { className: 'crm-column' }, h('keyyo-dialer'), h('keyyo-call-actions')),
      h(
        'section',
        { className: 'crm-column' },
        h(
          'label',
          { className: 'react-filter' },
          'Show ',
          h(
            'select',
            { value: filter, onChange: (event) => setFilter(event.target.value) },
            h('option', { value: 'all' }, 'all calls'),
            h('option', { value: 'active' }, 'active calls'),
            h('option', { value: 'missed' }, 'missed calls'),
          ),
        ),
        h('keyyo-call-list', { filter }),
        h('ol', { className: 'react-log', 'aria-label': 'Call events heard by React' }, log.map((line, index) => h('li', { key: `${index}-${line}` }, line))),
      ),
    ),
  );
}

createRoot(document.getElementById('root')).render(h(Softphone));
