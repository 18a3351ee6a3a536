// The command line a newcomer runs: npm run simulator -- [options] [directory.json]
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const CLI = new URL('../../src/simulator/bin.ts', import.meta.url).pathname;

/** Starts the CLI and resolves with what it printed once it is ready (or exited). */
function run(args: string[]): Promise<{ output: string; code: number | null; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, PORT: '' } });
  let output = '';
  return new Promise((resolve) => {
    const done = (code: number | null) => resolve({ output, code, stop: () => child.kill() });
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (/Token for .*\n\s+\S+\n/.test(output)) done(null);
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => done(code));
  });
}

describe('simulator command line', () => {
  it('prints the endpoint, the lines and a token that opens a session', async () => {
    const { output, stop } = await run(['--port', '0']);
    try {
      const url = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)![1]!;
      assert.match(output, new RegExp(`CTI endpoint\\s+${url}/cti`));
      assert.match(output, /33172587701\s+local 7701\s+Alice/);
      assert.match(output, /33699009902\s+Bob/);
      const token = /Token for Alice \(33172587701\).*\n\s+(\S+)/.exec(output)![1]!;
      const { WireClient } = await import('./wire-client.js');
      const client = await WireClient.connect(`${url}/cti`);
      assert.equal((await client.result('create_session', { token, protocol_version: 1 })).number, '33172587701');
      client.close();
    } finally {
      stop();
    }
  });

  it('lists every option in --help, with the OAuth2 client credentials it accepts', async () => {
    const { output, code } = await run(['--help']);
    assert.equal(code, 0);
    const options = [...output.matchAll(/^\s+(?:-h, )?(--[a-z-]+)/gm)].map((match) => match[1]);
    assert.deepEqual(options, [
      '--port',
      '--host',
      '--virtual-clock',
      '--directory',
      '--ring-timeout',
      '--token-lifetime',
      '--client-id',
      '--client-secret',
      '--access-token-lifetime',
      '--open-manager',
      '--help',
    ]);
    assert.match(output, /client_id=keyyo-demo and\nclient_secret=keyyo-demo-secret/);
  });

  it('prints the credentials its Manager API asks for, or none with --open-manager', async () => {
    const custom = await run(['--port', '0', '--client-id', 'crm-app', '--client-secret', 's3cret']);
    custom.stop();
    assert.match(custom.output, /Credentials\s+client_id=crm-app client_secret=s3cret \(account Keyyo demo\)/);
    const open = await run(['--port', '0', '--open-manager']);
    open.stop();
    assert.match(open.output, /Credentials\s+none: the Manager API is open \(--open-manager\)/);
    const bad = await run(['--client-id', 'has space']);
    assert.equal(bad.code, 2);
    assert.match(bad.output, /--client-id must be 1 to 200 printable characters without spaces/);
  });

  it('takes a directory file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keyyo-')), 'directory.json');
    writeFileSync(file, JSON.stringify({ organisations: [{ name: 'Shop', lines: [{ number: '33140000010', local: '10', name: 'Desk' }] }] }));
    const { output, stop } = await run(['--port', '0', file]);
    stop();
    assert.match(output, /33140000010\s+local 10\s+Desk \(Shop\)/);
    assert.match(output, /Token for Desk/);
  });

  it('refuses bad arguments with a clear message', async () => {
    const bad = await run(['--port', 'http']);
    assert.equal(bad.code, 2);
    assert.match(bad.output, /--port must be a non-negative integer, not "http"/);
    const long = await run(['--port', '0', '--ring-timeout', '3000000000']);
    assert.equal(long.code, 2);
    assert.match(long.output, /--ring-timeout must be from 1 to 86400000, not 3000000000/);
    const file = join(mkdtempSync(join(tmpdir(), 'keyyo-')), 'directory.json');
    writeFileSync(file, JSON.stringify({ organisations: [{ name: 'Shop', lines: [{ number: '0140000010', local: '10', name: 'Desk' }] }] }));
    const directory = await run(['--port', '0', file]);
    assert.equal(directory.code, 2);
    assert.match(directory.output, /"0140000010" is not an international number/);
    const missing = await run(['--directory', '/nonexistent.json']);
    assert.match(missing.output, /cannot read the directory \/nonexistent.json/);
  });
});
