// The simulator's command line: `npx keyyo-simulator [options]` (bin.ts),
// `npm run simulator -- [options]`, and `npm start`, which adds the demo.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { DirectoryConfig } from './directory.js';
import { RANGES, type Range } from './limits.js';
import { DEMO_CLIENT, MANAGER_ROOT, OAUTH2_AUTHORIZE, OAUTH2_TOKEN } from './manager.js';
import { startSimulator, type SimulatorOptions } from './server.js';

const USAGE = `Usage: keyyo-simulator [options] [directory.json]
  (npx keyyo-simulator, or npm run simulator -- in this repository)
  --port <n>                     port to listen on (default 8787, or $PORT; 0 picks a free one)
  --host <address>               address to listen on (default 127.0.0.1)
  --virtual-clock                time moves only through POST /sim/clock/advance
  --directory <file>             JSON directory of lines and outside numbers (see the simulator's README)
  --ring-timeout <ms>            a ringing phone gives up after this long (default 30000)
  --token-lifetime <ms>          CSI tokens expire after this long (default 3600000)
  --client-id <id>               the OAuth2 client id accepted (default ${DEMO_CLIENT.id})
  --client-secret <secret>       its secret (default ${DEMO_CLIENT.secret})
  --access-token-lifetime <ms>   OAuth2 access tokens expire after this long (default 3600000)
  --open-manager                 the Manager API gives CSI tokens without an access token
  -h, --help                     this help

The Manager API (${MANAGER_ROOT}/services/<csi>/csi_token) asks for an OAuth2 access token
from ${OAUTH2_TOKEN}: with the defaults, client_id=${DEMO_CLIENT.id} and
client_secret=${DEMO_CLIENT.secret} (grant_type client_credentials, authorization_code
after ${OAUTH2_AUTHORIZE}, or refresh_token).`;

function fail(message: string): never {
  console.error(`simulator: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function count(value: string | undefined, name: string, range: Range = { min: 0, max: Number.MAX_SAFE_INTEGER }): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) fail(`${name} must be a non-negative integer, not "${value}"`);
  const number = Number(value);
  if (number < range.min || number > range.max) fail(`${name} must be from ${range.min} to ${range.max}, not ${value}`);
  return number;
}

function parseOptions(argv: string[]): SimulatorOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'virtual-clock': { type: 'boolean' },
        directory: { type: 'string' },
        'ring-timeout': { type: 'string' },
        'token-lifetime': { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        'access-token-lifetime': { type: 'string' },
        'open-manager': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length > 1) fail(`unexpected arguments: ${positionals.slice(1).join(' ')}`);
  const directoryFile = values.directory ?? positionals[0];
  let directory: DirectoryConfig | undefined;
  if (directoryFile) {
    try {
      directory = JSON.parse(readFileSync(directoryFile, 'utf8'));
    } catch (error) {
      fail(`cannot read the directory ${directoryFile}: ${(error as Error).message}`);
    }
  }
  const port = count(values.port ?? (process.env.PORT || undefined), '--port', { min: 0, max: 65535 }) ?? 8787;
  for (const name of ['client-id', 'client-secret'] as const) {
    if (values[name] !== undefined && !/^[\x21-\x7e]{1,200}$/.test(values[name])) fail(`--${name} must be 1 to 200 printable characters without spaces`);
  }
  return {
    port,
    host: values.host,
    virtualClock: values['virtual-clock'] ?? false,
    directory,
    ringTimeoutMs: count(values['ring-timeout'], '--ring-timeout', RANGES.ringTimeoutMs),
    tokenLifetimeMs: count(values['token-lifetime'], '--token-lifetime', RANGES.tokenLifetimeMs),
    accessTokenLifetimeMs: count(values['access-token-lifetime'], '--access-token-lifetime', RANGES.accessTokenLifetimeMs),
    oauth2Clients: [{ id: values['client-id'] ?? DEMO_CLIENT.id, secret: values['client-secret'] ?? DEMO_CLIENT.secret }],
    openManager: values['open-manager'] ?? false,
  };
}

/** Starts a simulator from command-line arguments and prints how to use it;
 * `extra` adds to the options (the demo server adds its pages), `intro`
 * leads the printout. */
export async function runSimulatorCli(argv: string[], extra: Partial<SimulatorOptions> = {}, intro?: (url: string) => string) {
  const options = { ...parseOptions(argv), ...extra };
  let simulator;
  try {
    simulator = await startSimulator(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${options.port} is in use: pick another with --port or PORT`);
    fail((error as Error).message);
  }
  const { url, model, manager } = simulator;
  const first = model.directory.lines[0]!;
  const token = model.issueToken(first.number)!;
  const [client] = manager.clients;
  if (intro) console.log(intro(url));
  console.log(`Keyyo CTI simulator on ${url}${options.virtualClock ? ' (virtual clock)' : ''}
  CTI endpoint   ${url}/cti
  Manager API    ${url}${MANAGER_ROOT} (POST /services/<csi>/csi_token with domain_masks[])
  ${
    manager.open
      ? 'Credentials    none: the Manager API is open (--open-manager)'
      : `OAuth2         ${url}${OAUTH2_TOKEN}, ${url}${OAUTH2_AUTHORIZE}
  Credentials    client_id=${client!.id} client_secret=${client!.secret} (account ${client!.account})`
  }
  Contacts       ${url}/sim/contacts?number=<number>
  Control API    ${url}/sim/state, /sim/calls, /sim/phones/<number>/answer|hangup|reject (see the simulator's README)
Lines:
${model.directory.lines.map((line) => `  ${line.number}  local ${line.local.padEnd(6)} ${line.name} (${line.organisation})`).join('\n')}
Outside numbers:
${model.directory.outside.map((contact) => `  ${contact.number}  ${contact.name}`).join('\n')}
Token for ${first.name} (${first.number}), valid until ${new Date(model.clock.now() + token.expires_in * 1000).toISOString()}:
  ${token.token}`);

  const stop = () => void simulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return simulator;
}
