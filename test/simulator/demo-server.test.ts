// The demo server's Content Security Policy comes from its own
// configuration, never from the request's Host header.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { hostname } from 'node:os';
import { describe, it } from 'node:test';
import { contentSecurityPolicy, startDemo } from '../../demo/server.js';

/** GET with a Host header of our choosing (fetch would not send it). */
function get(port: number, path: string, host: string): Promise<{ status: number; csp: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ port, host: '127.0.0.1', path, headers: { host } }, (response) => {
      response.resume();
      resolve({ status: response.statusCode!, csp: response.headers['content-security-policy'] as string | undefined });
    });
    request.on('error', reject);
    request.end();
  });
}

describe("the demo server's Content Security Policy", () => {
  it("names the server's own WebSocket origins, whatever Host the request claims", async () => {
    const demo = await startDemo({ port: 0 });
    try {
      const expected = `default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws://localhost:${demo.port} ws://127.0.0.1:${demo.port}`;
      for (const host of [`127.0.0.1:${demo.port}`, 'evil.example', "evil.example'; script-src * 'unsafe-inline'", 'x:1 ws://evil.example', '']) {
        assert.deepEqual(await get(demo.port, '/', host), { status: 200, csp: expected }, host);
      }
    } finally {
      await demo.close();
    }
  });

  it('lists every name the server answers to for a wildcard address, and only its own address otherwise', () => {
    const wildcard = contentSecurityPolicy({ host: '0.0.0.0', port: 8787 });
    for (const name of ['localhost', '127.0.0.1', hostname()]) assert.ok(wildcard.includes(` ws://${name}:8787`), name);
    // Every source is one a browser accepts (it ignores, with an error, an IPv6 literal).
    for (const source of wildcard.split('connect-src ')[1]!.split(' ').slice(1)) assert.match(source, /^ws:\/\/[A-Za-z0-9.-]+:8787$/);
    assert.equal(contentSecurityPolicy({ host: '192.0.2.7', port: 80 }), "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws://192.0.2.7:80");
    // CSP cannot name an IPv6 address, nor anything but a host name.
    for (const host of ['2001:db8::1', '::1', 'bad host;']) assert.doesNotMatch(contentSecurityPolicy({ host, port: 80 }), /\[|::|bad/, host);
    assert.match(contentSecurityPolicy({ host: '::1', port: 80 }), /connect-src 'self' ws:\/\/localhost:80 ws:\/\/127\.0\.0\.1:80$/);
  });
});
