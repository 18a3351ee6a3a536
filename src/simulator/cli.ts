// npm run simulator -- [--port 8787] [--host 127.0.0.1] [--virtual-clock]
//   [--directory directory.json] [--ring-timeout ms] [--token-lifetime ms]
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { DirectoryConfig } from './directory.js';
import { RANGES, type Range } from './limits.js';
import { startSimulator, type SimulatorOptions } from './server.js';

const USAGE = `Usage: npm run simulator -- [options] [directory.json]
  --port <n>             port to listen on (default 8787, or $PORT; 0 picks a free one)
  --host <address>       address to listen on (default 127.0.0.1)
  --virtual-clock        time moves only through POST /sim/clock/advance
  --directory <file>     JSON directory of lines and outside numbers (see src/simulator/README.md)
  --ring-timeout <ms>    a ringing phone gives up after this long (default 30000)
  --token-lifetime <ms>  CSI tokens expire after this long (default 3600000)`;

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
  return {
    port,
    host: values.host,
    virtualClock: values['virtual-clock'] ?? false,
    directory,
    ringTimeoutMs: count(values['ring-timeout'], '--ring-timeout', RANGES.ringTimeoutMs),
    tokenLifetimeMs: count(values['token-lifetime'], '--token-lifetime', RANGES.tokenLifetimeMs),
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
  const { url, model } = simulator;
  const first = model.directory.lines[0]!;
  const token = model.issueToken(first.number)!;
  if (intro) console.log(intro(url));
  console.log(`Keyyo CTI simulator on ${url}${options.virtualClock ? ' (virtual clock)' : ''}
  CTI endpoint   ${url}/cti
  CSI tokens     POST ${url}/manager/1.0/services/<csi>/csi_token
  Control API    ${url}/sim/state, /sim/calls, /sim/phones/<number>/answer|hangup|reject (see src/simulator/README.md)
Lines:
${model.directory.lines.map((line) => `  ${line.number}  local ${line.local.padEnd(6)} ${line.name} (${line.organisation})`).join('\n')}
Outside numbers:
${model.directory.outside.map((contact) => `  ${contact.number}  ${contact.name}`).join('\n')}
Token for ${first.name} (${first.number}), valid until ${new Date(token.expires_at * 1000).toISOString()}:
  ${token.token}`);

  const stop = () => void simulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return simulator;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runSimulatorCli(process.argv.slice(2));
}
