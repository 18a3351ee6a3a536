// A fresh simulator per test, started by the test runner (see
// web-test-runner.config.mjs) and driven over HTTP like a person at Bob's
// phone would drive it.
import { executeServerCommand } from '@web/test-runner-commands';

export interface SimulatorStartOptions {
  /** The port to listen on; default any free one. */
  port?: number;
  /** Time moves only through `advance()`. */
  virtualClock?: boolean;
  ringTimeoutMs?: number;
  tokenLifetimeMs?: number;
  /** A directory of lines and outside numbers, as in a directory file. */
  directory?: object;
}

/** For a wait that asks the simulator over HTTP on each look: a round trip
 * to the service and one to the simulator, on a machine that may run three
 * browsers at once, can take longer than a waitUntil's default second. */
export const SERVICE_WAIT = { timeout: 5000 };

export class SimulatorHandle {
  constructor(readonly url: string) {}

  /** The CTI endpoint to give the SDK. */
  get endpoint(): string {
    return `${this.url}/cti`;
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(this.url + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(payload)}`);
    return payload as T;
  }

  /** A CSI token for a line (through the open control API: the Manager
   * API wants the account's credentials, which never reach a page). */
  async token(csi: string): Promise<string> {
    const { token } = await this.request<{ token: string }>('POST', '/sim/tokens', { csi });
    return token;
  }

  /** Another party places a call, e.g. Bob calls Alice. */
  async call(from: string, to: string): Promise<string> {
    const { callref } = await this.request<{ callref: string }>('POST', '/sim/calls', { from, to });
    return callref;
  }

  phone(number: string, action: 'answer' | 'hangup' | 'reject'): Promise<unknown> {
    return this.request('POST', `/sim/phones/${number}/${action}`);
  }

  policy(number: string, policy: { answer_after_ms?: number | null; busy?: boolean }): Promise<unknown> {
    return this.request('PUT', `/sim/phones/${number}/policy`, policy);
  }

  state<T = any>(): Promise<T> {
    return this.request<T>('GET', '/sim/state');
  }

  advance(ms: number): Promise<unknown> {
    return this.request('POST', '/sim/clock/advance', { ms });
  }

  /** Stops the whole service and starts it again on the same port, empty. */
  restart(): Promise<unknown> {
    return executeServerCommand('simulator-restart', { url: this.url });
  }

  stop(): Promise<unknown> {
    return executeServerCommand('simulator-stop', { url: this.url });
  }
}

export async function startSimulator(options: SimulatorStartOptions = {}): Promise<SimulatorHandle> {
  const result = await executeServerCommand<{ url: string }, SimulatorStartOptions>('simulator-start', options);
  if (!result) throw new Error('the test runner did not start a simulator');
  return new SimulatorHandle(result.url);
}

/** Gives each test of the suite it is called in a fresh simulator (through
 * `use`), and after each test destroys every provider on the page, then
 * stops that simulator. */
export function simulatorPerTest(options: SimulatorStartOptions, use: (sim: SimulatorHandle) => void): void {
  let sim: SimulatorHandle;
  beforeEach(async () => use((sim = await startSimulator(options))));
  afterEach(async () => {
    for (const provider of document.querySelectorAll('keyyo-cti-provider')) await provider.destroy();
    await sim.stop();
  });
}
