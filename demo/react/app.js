// The Keyyo elements inside a React application, through the package's
// React components (keyyo-cti-elements/react): React sets their properties
// and hears their events through props.
import { createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { KeyyoCallActions, KeyyoCallList, KeyyoCtiProvider, KeyyoDialer } from '../../src/react.ts';

const fetchToken = () =>
  fetch('/api/cti-token')
    .then((response) => response.json())
    .then((body) => body.token);

function Softphone() {
  const [status, setStatus] = useState('idle');
  const [log, setLog] = useState([]);
  const [filter, setFilter] = useState('all');
  const onCall = (event) => setLog((lines) => [`${event.type.replace('keyyo-call-', '')}: ${event.detail.call.other}`, ...lines].slice(0, 8));

  return h(
    KeyyoCtiProvider,
    {
      endpoint: '/cti',
      noCookie: true,
      tokenProvider: fetchToken,
      onKeyyoStatusChange: (event) => setStatus(event.detail.status),
      onKeyyoCallSetup: onCall,
      onKeyyoCallConnect: onCall,
      onKeyyoCallRelease: onCall,
      onKeyyoCallMissed: onCall,
    },
    h('header', { className: 'crm-header' }, h('h1', null, 'React softphone'), h('p', null, `Status: ${status}`)),
    h(
      'main',
      { className: 'crm-grid' },
      h('section', { className: 'crm-column' }, h(KeyyoDialer), h(KeyyoCallActions)),
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
        h(KeyyoCallList, { filter }),
        h(
          'ol',
          { className: 'react-log', 'aria-label': 'Call events heard by React' },
          log.map((line, index) => h('li', { key: `${index}-${line}` }, line)),
        ),
      ),
    ),
  );
}

createRoot(document.getElementById('root')).render(h(Softphone));
