// The code samples of the official 1.1 documentation, as written; each runs
// with a `console` that also prints to the page. Samples that need a call
// use the newest call of the session: place one from Bob's phone first.
const token = fetch('/api/cti-token')
  .then((response) => response.json())
  .then((body) => body.token);
let cti; // the session the first sample creates, shared by the others

/* eslint-disable no-var */
const samples = {
  'Create session': function (console, Keyyo, csi_token) {
    // Initialize Keyyo CTI
    var cti = new Keyyo.CTI();
    cti.create_session(csi_token, function (err, res) {
      if (err) {
        console.log(err);
        return;
      }
      console.log('connected');
    });
    return cti;
  },
  'Get subscriptions': function (console, cti) {
    cti.get_subscriptions(function (err, res) {
      if (err) {
        console.log(err);
        return;
      }
      res.numbers.forEach(function (number) {
        console.log(number);
      });
    });
  },
  Subscribe: function (console, cti) {
    cti.subscribe('33172587702', function (err, res) {
      if (err) {
        console.log(err);
        return;
      }
      console.log(res);
    });
  },
  "Set auto-answer's state": function (console, cti) {
    cti.set_auto_answer(true, function (err, res) {
      if (err) {
        console.log(err);
        return;
      }
      console.log(res);
    });
  },
  "Get auto-answer's state": function (console, cti) {
    cti.get_auto_answer(function (err, res) {
      if (err) {
        console.log(err);
        return;
      }
      console.log(res.auto_answer);
    });
  },
  'Dial number': function (console, cti) {
    cti.dial('33699009902', function (err, res) {
      if (err) {
        console.log(err);
        return;
      }
      console.log(res);
    });
  },
  'Get calls': function (console, cti) {
    var calls = cti.get_calls();
    calls.forEach(function (call) {
      // Display active calls
      if (call.type != 'RELEASE') {
        console.log(call);
      }
    });
  },
  'Hang up': function (console, cti) {
    var call = cti
      .get_calls()
      .filter(function (c) {
        return c.active;
      })
      .pop();
    call.hang_up(function (err, res) {
      if (err) {
        console.log(err);
        return;
      }
      console.log(res);
    });
  },
  'Send message': function (console, cti) {
    cti.send_message('33699009902', 'The message...', function (err, res) {
      if (err) {
        console.log(err);
        return;
      }
      console.log(res);
    });
  },
  'Destroy session': function (console, cti) {
    cti.destroy_session(function (err, res) {
      if (err) {
        console.log(err);
        return;
      }
      console.log('logout');
    });
  },
};

/** A console that writes to the page and to the real console. */
function pageConsole(output) {
  return {
    log(...values) {
      const line = values.map((value) => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value))).join(' ');
      output.textContent += line + '\n';
      window.console.log(...values);
    },
  };
}

const list = document.getElementById('samples');
for (const [title, sample] of Object.entries(samples)) {
  const section = document.createElement('section');
  section.className = 'sample';
  const heading = Object.assign(document.createElement('h2'), { textContent: title });
  const code = Object.assign(document.createElement('pre'), { textContent: sample.toString() });
  const run = Object.assign(document.createElement('button'), { type: 'button', textContent: `Run "${title}"` });
  const output = Object.assign(document.createElement('pre'), { className: 'output' });
  output.setAttribute('aria-live', 'polite');
  run.addEventListener('click', async () => {
    output.textContent = '';
    const log = pageConsole(output);
    try {
      if (title === 'Create session') cti = sample(log, window.Keyyo, await token);
      else if (!cti) log.log('Run "Create session" first.');
      else sample(log, cti);
    } catch (error) {
      log.log(String(error));
    }
  });
  section.append(heading, code, run, output);
  list.append(section);
}
