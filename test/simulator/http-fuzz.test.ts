// The whole HTTP surface of the simulator and of the demo server under
// random requests (fixed seeds; `npm run soak` runs a larger one): every
// answer is below 500, nothing is reported as an internal error, and the
// server still serves a normal session afterwards.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startDemo } from '../../demo/server.js';
import { startSimulator } from '../../src/simulator/server.js';
import { fuzzHttp, serialize, stillServes, summary } from './http-fuzz.js';

for (const [name, start, runs, seed] of [
  ['simulator', startSimulator, 1500, 20261126],
  ['demo server', startDemo, 500, 20261127],
] as const) {
  describe(`the ${name} under random HTTP requests`, () => {
    it(`answers ${runs} of them below 500 and serves a session afterwards`, async () => {
      const errors: unknown[] = [];
      const sim = await start({ port: 0, logError: (error) => errors.push(error) });
      try {
        const result = await fuzzHttp({ port: sim.port, runs, seed, concurrency: 8 });
        const failures = result.failures.slice(0, 5).map(({ request, outcome }) => `${JSON.stringify(outcome)} ${JSON.stringify(serialize(request).slice(0, 300))}`);
        assert.deepEqual(failures, [], summary(result));
        assert.deepEqual(errors, [], 'internal errors were reported');
        await stillServes(sim);
      } finally {
        await sim.close();
      }
    });
  });
}
