import puppeteer from 'puppeteer-core';
import { readFileSync } from 'node:fs';
import { startSimulator } from '../src/simulator/server.js';

let token = '';
const probe = `<script>
window.trace = [];
const mark = (what) => trace.push([what, Math.round(performance.now()*10)/10]);
const Native = WebSocket;
window.WebSocket = class extends Native { constructor(...a){ mark('ws new'); super(...a); this.addEventListener('open', () => mark('ws open')); let first = true; this.addEventListener('message', (e) => { if (first) { mark('ws first frame ' + String(e.data).slice(0,20)); first = false;} else mark('ws frame ' + String(e.data).slice(0,40)); }); }
  send(d){ mark('ws send ' + String(d).slice(0,60)); super.send(d); } };
</script>`;
const pages: Record<string, () => string> = {
  '/provider.html': () => `<!doctype html><html><head>${probe}<script type="module" src="/dist/keyyo-cti-elements.js"></script></head><body><keyyo-cti-provider endpoint="/cti" token="${token}"></keyyo-cti-provider><script>mark('body parsed'); customElements.whenDefined('keyyo-cti-provider').then(()=>mark('defined')); document.querySelector('keyyo-cti-provider').addEventListener('keyyo-status-change', (e) => { mark('status ' + e.detail.status); });</script></body></html>`,
  '/softphone.html': () => `<!doctype html><html><head>${probe}<script type="module" src="/dist/keyyo-cti-elements.js"></script></head><body><keyyo-cti-provider endpoint="/cti" token="${token}"><keyyo-softphone></keyyo-softphone></keyyo-cti-provider><script>mark('body parsed'); customElements.whenDefined('keyyo-cti-provider').then(()=>mark('defined')); document.querySelector('keyyo-cti-provider').addEventListener('keyyo-status-change', (e) => { mark('status ' + e.detail.status); });</script></body></html>`,
  '/sockjs.html': () => `<!doctype html><html><head>${probe}<script src="/sockjs.min.js"></script><script src="/dist/keyyo-cti.min.js"></script></head><body><script>mark('scripts'); new Keyyo.CTI({ SockJS: SockJS, endpoint: location.origin + '/cti' }).create_session('${token}', function (err) { mark('callback ' + (err ? JSON.stringify(err) : 'ok')); });</script></body></html>`,
  '/dropin.html': () => `<!doctype html><html><head>${probe}<script src="/dist/keyyo-cti.min.js"></script></head><body><script>mark('scripts'); new Keyyo.CTI({ endpoint: location.origin + '/cti' }).create_session('${token}', function (err) { mark('callback ' + (err ? JSON.stringify(err) : 'ok')); });</script></body></html>`,
};
const sim = await startSimulator({
  port: 0,
  logError: () => {},
  fallback: (request: any, response: any) => {
    const path = new URL(request.url, 'http://x').pathname;
    if (pages[path]) { response.writeHead(200, { 'content-type': 'text/html' }); response.end(pages[path]!()); return true; }
    const file = path === '/sockjs.min.js' ? 'node_modules/sockjs-client/dist/sockjs.min.js' : path.startsWith('/dist/') ? path.slice(1) : '';
    if (!file) return false;
    try { const body = readFileSync(file); response.writeHead(200, { 'content-type': 'text/javascript' }); response.end(body); return true; } catch { return false; }
  },
} as any);
const browser = await puppeteer.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
for (let round = 0; round < 3; round++) {
  for (const path of Object.keys(pages)) {
    const context = await browser.createBrowserContext();
    const tab = await context.newPage();
    token = (sim as any).model.issueToken('33172587701').token;
    await tab.goto(sim.url + path);
    await tab.waitForFunction(() => (window as any).trace.some(([w]: any) => /status connected|callback/.test(w)), { timeout: 10000 });
    const nav = await tab.evaluate(() => { const n = performance.getEntriesByType('navigation')[0] as any; return { responseEnd: Math.round(n.responseEnd), dcl: Math.round(n.domContentLoadedEventEnd) }; });
    const trace = await tab.evaluate(() => (window as any).trace);
    if (round === 2) console.log(path, JSON.stringify(nav), '\n  ' + trace.map((t: any) => `${t[1]} ${t[0]}`).join('\n  '));
    await context.close();
  }
}
await browser.close();
await sim.close();
