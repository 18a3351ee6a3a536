// The package as its users get it: `npm pack` (after `npm run build`),
// installed from the tarball into a project of its own (dependencies from
// the npm cache that `npm ci` filled), then imported in Node, type-checked
// under each module resolution and in React, Preact, Solid and Vue
// templates, and bundled by Vite as applications do. The tools (TypeScript,
// vue-tsc, Vite, the frameworks' types) are this repository's.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import puppeteer from 'puppeteer-core';
import { build } from 'vite';
import { chromiumPath } from '../../scripts/browsers.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const TAGS = [
  'keyyo-auto-answer',
  'keyyo-call-actions',
  'keyyo-call-list',
  'keyyo-call-park',
  'keyyo-call-wrap-up',
  'keyyo-click-to-call',
  'keyyo-cti-provider',
  'keyyo-dialer',
  'keyyo-line-board',
  'keyyo-message',
  'keyyo-softphone',
];
/** keyyo-call-list → KeyyoCallList: the class and the React component of a tag. */
const classOf = (tag: string) => tag.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());

let work: string;
let app: string;
let files: string[];

/** Writes files under the application, creating folders. */
function write(entries: Record<string, string>): void {
  for (const [path, text] of Object.entries(entries)) {
    mkdirSync(dirname(join(app, path)), { recursive: true });
    writeFileSync(join(app, path), text);
  }
}

const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: app, encoding: 'utf8', stdio: 'pipe' });

/** Type-checks the application with a tsconfig; returns the compiler's complaints. */
function typecheck(tsconfig: object, compiler = 'typescript/bin/tsc'): string {
  writeFileSync(join(app, 'tsconfig.check.json'), JSON.stringify(tsconfig));
  try {
    run(process.execPath, [join(ROOT, 'node_modules', compiler), '-p', 'tsconfig.check.json']);
    return '';
  } catch (error) {
    return String((error as { stdout: string }).stdout);
  }
}

const strict = { strict: true, noEmit: true, skipLibCheck: true, target: 'ES2022', lib: ['ES2022', 'DOM', 'DOM.Iterable'] };

describe('the packed package', () => {
  before(() => {
    work = mkdtempSync(join(tmpdir(), 'keyyo-package-'));
    app = join(work, 'app');
    mkdirSync(app);
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }));
    files = packed.files.map((file: { path: string }) => file.path);
    // React 18 comes from the registry (or the cache): the repository's own React is 19.
    write({
      'package.json': JSON.stringify({
        name: 'app',
        private: true,
        type: 'module',
        dependencies: { 'keyyo-cti-elements': `file:${join(work, packed.filename)}`, react: '18.3.1', 'react-dom': '18.3.1' },
      }),
    });
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error']);
    // The other frameworks, linked from this repository (@types/react comes
    // with @lit/react, whose peer it is).
    for (const name of ['preact', 'solid-js', 'vue']) symlinkSync(join(ROOT, 'node_modules', name), join(app, 'node_modules', name));
  });

  after(() => rmSync(work, { recursive: true, force: true }));

  it('holds every file its exports name, and no demo, test or build leftovers', () => {
    const targets = Object.values(pkg.exports as Record<string, string | Record<string, string>>).flatMap((target) =>
      typeof target === 'string' ? [target] : Object.values(target),
    );
    for (const target of [...targets, ...pkg.sideEffects, pkg.main, pkg.types, ...Object.values(pkg.bin as Record<string, string>)]) {
      assert.ok(files.includes(target.replace(/^\.\//, '')), `${target} is in the tarball`);
    }
    assert.equal(pkg.customElements, 'custom-elements.json');
    assert.ok(files.includes('LICENSE'), 'the LICENSE is in the tarball');
    assert.match(readFileSync(join(ROOT, 'LICENSE'), 'utf8'), /^MIT License\n\nCopyright \(c\) 2026 Keyyo CTI elements contributors\n/);
    assert.deepEqual(
      files.filter((file) => !/^(dist\/|README\.md$|LICENSE$|package\.json$|custom-elements\.json$)/.test(file) || /demo|test|dist\/sdk\.js/.test(file)),
      [],
    );
    assert.deepEqual(
      files.filter((file) => /^dist\/compat\//.test(file)),
      [],
    );
    // The simulator ships for the keyyo-simulator command, with what it imports at run time.
    for (const file of ['dist/simulator/bin.js', 'dist/simulator/server.js', 'dist/simulator/manager.js', 'dist/server/index.js', 'dist/server/index.d.ts'])
      assert.ok(files.includes(file), file);
    assert.ok(pkg.dependencies.sockjs, 'sockjs is a dependency of the command');
  });

  it('imports every module entry in Node, and resolves the files for pages', () => {
    const entries = Object.entries(pkg.exports as Record<string, unknown>)
      .filter(([, target]) => typeof target === 'object' && 'default' in (target as object))
      .map(([name]) => `keyyo-cti-elements${name.slice(1)}`);
    // React for ./react: the React 18 installed beside the package.
    const script = `
      const found = {};
      for (const name of ${JSON.stringify(entries)}) found[name] = Object.keys(await import(name));
      found.defined = ${JSON.stringify(TAGS)}.filter((tag) => customElements.get(tag));
      for (const file of ['keyyo-cti.min.js', 'keyyo-cti-elements.js', 'keyyo-cti-elements.iife.js', 'custom-elements.json']) found[file] = import.meta.resolve('keyyo-cti-elements/' + file);
      console.log(JSON.stringify(found));`;
    const found = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script]));
    for (const name of ['CTI', 'KeyyoSoftphone', 'KeyyoCallSetupEvent', 'stateContext']) {
      assert.ok(found['keyyo-cti-elements'].includes(name), `keyyo-cti-elements exports ${name}`);
      assert.ok(found['keyyo-cti-elements/classes.js'].includes(name), `keyyo-cti-elements/classes.js exports ${name}`);
    }
    assert.deepEqual(found['keyyo-cti-elements/sdk'].sort(), ['CTI', 'Call', 'CtiError', 'SharedConnection', 'connectSession', 'internationalNumber']);
    assert.deepEqual(found['keyyo-cti-elements/react'].sort(), TAGS.map(classOf).sort());
    assert.deepEqual(found['keyyo-cti-elements/server'].sort(), [
      'CredentialsError',
      'KEYYO_MANAGER_URL',
      'KEYYO_TOKEN_URL',
      'MemoryRateLimitStore',
      'createTokenHandler',
      'oauth2Credentials',
      'toNodeHandler',
    ]);
    assert.deepEqual(found.defined, TAGS);
    assert.match(found['keyyo-cti.min.js'], /node_modules\/keyyo-cti-elements\/dist\/keyyo-cti\.min\.js$/);
    assert.match(found['custom-elements.json'], /node_modules\/keyyo-cti-elements\/custom-elements\.json$/);
  });

  it('gives TypeScript its types under bundler, node16 and node10 module resolution', () => {
    write({
      'src/entries.ts': `
        import { CTI, type CTIOptions } from 'keyyo-cti-elements/sdk';
        import { KeyyoDialer, KeyyoCallSetupEvent } from 'keyyo-cti-elements/classes.js';
        import 'keyyo-cti-elements/dialer.js';
        import 'keyyo-cti-elements';
        import { KeyyoSoftphone } from 'keyyo-cti-elements/react';
        import { createTokenHandler, oauth2Credentials, type TokenHandler } from 'keyyo-cti-elements/server';
        export const tokens: TokenHandler = createTokenHandler({
          accessToken: oauth2Credentials({ clientId: 'id', clientSecret: 'secret' }),
          lineFor: (request: Request) => request.headers.get('x-line'),
          domainMasks: ['crm.example.com'],
        });
        // @ts-expect-error: the line comes from lineFor, and domain masks are required
        createTokenHandler({ accessToken: 'x', line: '33172587701' });
        const options: CTIOptions = { endpoint: 'http://127.0.0.1:8787/cti' };
        export const cti: CTI = new CTI(options);
        export const dialer: KeyyoDialer = document.createElement('keyyo-dialer');
        document.addEventListener('keyyo-call-setup', (event: KeyyoCallSetupEvent) => event.detail.call.callref);
        export const wrapper = KeyyoSoftphone;
        // @ts-expect-error: the SDK's options are typed
        new CTI({ timeout: 'soon' });`,
    });
    for (const [module, moduleResolution] of [
      ['ESNext', 'bundler'],
      ['Node16', 'node16'],
      ['ESNext', 'node10'],
    ]) {
      assert.equal(typecheck({ compilerOptions: { ...strict, module, moduleResolution }, files: ['src/entries.ts'] }), '', `moduleResolution ${moduleResolution}`);
    }
  });

  it('types the elements in TSX for React 19, Preact and Solid', () => {
    const use = (events: string) => `
      export const page = (
        <keyyo-cti-provider token-url="/api/cti-token">
          <keyyo-dialer ${events}></keyyo-dialer>
          <keyyo-call-list filter="missed"></keyyo-call-list>
          {/* @ts-expect-error: filter is all, active or missed */}
          <keyyo-call-list filter="recent"></keyyo-call-list>
        </keyyo-cti-provider>
      );`;
    // A handler of the wrong type is refused: the handlers are typed.
    const wrong = (event: string) => `
      // @ts-expect-error: the handler takes a KeyyoDialRequestEvent
      export const wrong = <keyyo-dialer ${event}={(event: number) => event}></keyyo-dialer>;`;
    write({
      'src/react.tsx': use(`onkeyyo-dial-request={(event) => event.detail.number.trim()}`) + wrong('onkeyyo-dial-request'),
      'src/preact.tsx': use(`onkeyyo-dial-request={(event) => event.detail.number.trim()}`) + wrong('onkeyyo-dial-request'),
      'src/solid.tsx': use(`on:keyyo-dial-request={(event) => event.detail.number.trim()}`) + wrong('on:keyyo-dial-request'),
    });
    for (const [source, jsxImportSource] of [
      ['react', 'react'],
      ['preact', 'preact'],
      ['solid', 'solid-js'],
    ]) {
      const compilerOptions = {
        ...strict,
        module: 'ESNext',
        moduleResolution: 'bundler',
        jsx: jsxImportSource === 'solid-js' ? 'preserve' : 'react-jsx',
        jsxImportSource,
        types: ['keyyo-cti-elements/jsx'],
      };
      assert.equal(typecheck({ compilerOptions, files: [`src/${source}.tsx`] }), '', source);
    }
  });

  it('types the React components, their properties and their event handlers', () => {
    write({
      'src/components.tsx': `
        import { KeyyoCtiProvider, KeyyoDialer } from 'keyyo-cti-elements/react';
        export const page = (
          <KeyyoCtiProvider tokenProvider={async () => 'token'} onKeyyoCallMissed={(event) => event.detail.call.callref}>
            <KeyyoDialer onKeyyoDialRequest={(event) => event.detail.number.trim()} />
          </KeyyoCtiProvider>
        );
        // @ts-expect-error: the handler takes a KeyyoCallMissedEvent
        export const wrong = <KeyyoCtiProvider onKeyyoCallMissed={(event: number) => event} />;
        // @ts-expect-error: tokenProvider answers a promise of a token
        export const wrongProperty = <KeyyoCtiProvider tokenProvider="token" />;`,
    });
    const compilerOptions = { ...strict, module: 'ESNext', moduleResolution: 'bundler', jsx: 'react-jsx' };
    assert.equal(typecheck({ compilerOptions, files: ['src/components.tsx'] }), '');
  });

  it('types the elements in Vue templates (vue-tsc)', () => {
    write({
      'src/App.vue': `
        <script setup lang="ts">
        import type { KeyyoCallMissedEvent, KeyyoDialRequestEvent } from 'keyyo-cti-elements';
        const dialed = (event: KeyyoDialRequestEvent) => event.detail.number;
        const missed = (event: KeyyoCallMissedEvent) => event.detail.call.callref;
        </script>
        <template>
          <keyyo-cti-provider token-url="/api/cti-token" @keyyo-call-missed="missed">
            <keyyo-dialer @keyyo-dial-request="dialed"></keyyo-dialer>
            <!-- @vue-expect-error: the handler takes a KeyyoDialRequestEvent -->
            <keyyo-dialer @keyyo-dial-request="(event: number) => event"></keyyo-dialer>
            <!-- @vue-expect-error: the handler takes a KeyyoCallMissedEvent -->
            <keyyo-cti-provider @keyyo-call-missed="dialed"></keyyo-cti-provider>
            <keyyo-call-list filter="missed"></keyyo-call-list>
            <!-- @vue-expect-error: filter is all, active or missed -->
            <keyyo-call-list filter="recent"></keyyo-call-list>
          </keyyo-cti-provider>
        </template>`,
    });
    const compilerOptions = { ...strict, module: 'ESNext', moduleResolution: 'bundler', jsx: 'preserve', types: ['keyyo-cti-elements/vue'] };
    assert.equal(typecheck({ compilerOptions, files: ['src/App.vue'] }, 'vue-tsc/bin/vue-tsc.js'), '');
  });

  it('runs the keyyo-simulator command, whose Manager API gives the server entry a token', async () => {
    // The installed command answers; its options are checked where it is written (test/simulator/cli.test.ts).
    assert.match(run('npx', ['--no-install', 'keyyo-simulator', '--help']), /--open-manager/);
    const simulator = spawn(join(app, 'node_modules', '.bin', 'keyyo-simulator'), ['--port', '0'], { cwd: app, env: { ...process.env, PORT: '' } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        simulator.stdout.on('data', (chunk) => {
          output += chunk;
          const match = /Credentials\s+client_id=keyyo-demo client_secret=keyyo-demo-secret[\s\S]*Token for Alice/.test(output) && /on (http:\/\/\S+)/.exec(output);
          if (match) resolve(match[1]!);
        });
        simulator.on('exit', (code) => reject(new Error(`keyyo-simulator exited (${code}): ${output}`)));
      });
      const script = `
        import { createTokenHandler, oauth2Credentials } from 'keyyo-cti-elements/server';
        const tokens = createTokenHandler({
          accessToken: oauth2Credentials({ clientId: 'keyyo-demo', clientSecret: 'keyyo-demo-secret', tokenUrl: '${url}/oauth2/token.php' }),
          lineFor: () => '33172587701',
          domainMasks: ['localhost'],
          managerUrl: '${url}/manager/1.0',
        });
        const response = await tokens(new Request('http://localhost/api/cti-token'));
        const contact = await (await fetch('${url}/sim/contacts?number=7702')).json();
        console.log(JSON.stringify({ status: response.status, keys: Object.keys(await response.json()).sort(), contact }));`;
      assert.deepEqual(JSON.parse(run(process.execPath, ['--input-type=module', '-e', script])), {
        status: 200,
        keys: ['expires_in', 'token'],
        contact: { name: 'Carol', company: 'Keyyo demo' },
      });
    } finally {
      simulator.kill();
    }
  });

  it('a Vite application that imports the dialer alone bundles one Lit and no other element', async () => {
    write({
      'dialer/index.html': '<script type="module" src="./main.js"></script><keyyo-dialer></keyyo-dialer>',
      'dialer/main.js': `
        import { LitElement, html } from 'lit';
        import 'keyyo-cti-elements/dialer.js';
        customElements.define('app-shell', class extends LitElement { render() { return html\`<slot></slot>\`; } });`,
    });
    const code = await bundle('dialer');
    assert.equal(code.match(/litElementVersions/g)?.length, 1, 'one LitElement');
    assert.equal(code.match(/litHtmlVersions/g)?.length, 1, 'one lit-html');
    assert.match(code, /keyyo-dialer/);
    for (const tag of TAGS.filter((tag) => tag !== 'keyyo-dialer')) assert.doesNotMatch(code, new RegExp(tag), `${tag} is left out`);
  });

  it('a Vite application with a softphone loads its dialer and its call list in chunks of their own, after the phone and its call card', async () => {
    write({
      'softphone/index.html': '<script type="module" src="./main.js"></script><keyyo-cti-provider><keyyo-softphone></keyyo-softphone></keyyo-cti-provider>',
      'softphone/main.js': `
        import 'keyyo-cti-elements/cti-provider.js';
        import 'keyyo-cti-elements/softphone.js';`,
    });
    const outDir = join(app, 'softphone-dist');
    await build({ root: join(app, 'softphone'), logLevel: 'error', configFile: false, build: { outDir, emptyOutDir: true, manifest: true } });
    type Chunk = { file: string; src?: string; dynamicImports?: string[] };
    const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, Chunk>;
    const entry = Object.values(manifest).find((chunk) => chunk.src === 'index.html')!;
    // A module a chunk imports dynamically and that no chunk holds already is a chunk of its own.
    const later = (entry.dynamicImports ?? []).map((key) => key.replace(/.*\//, ''));
    assert.ok(later.includes('keyyo-dialer.define.js') && later.includes('keyyo-call-list.define.js'), `loaded later: ${later.join(', ')}`);
    assert.match(readFileSync(join(outDir, entry.file), 'utf8'), /keyyo-call-actions/, 'the call card comes with the phone');
  });

  it('a React application using one component bundles that element alone', async () => {
    write({
      'react-dialer/index.html': '<div id="root"></div><script type="module" src="./main.js"></script>',
      'react-dialer/main.js': `
        import { createElement as h } from 'react';
        import { createRoot } from 'react-dom/client';
        import { KeyyoDialer } from 'keyyo-cti-elements/react';
        createRoot(document.getElementById('root')).render(h(KeyyoDialer));`,
    });
    const code = await bundle('react-dialer');
    assert.match(code, /keyyo-dialer/);
    for (const tag of TAGS.filter((tag) => tag !== 'keyyo-dialer')) assert.doesNotMatch(code, new RegExp(tag), `${tag} is left out`);
  });

  it('the React components set properties and hear events in React 18 and React 19', async () => {
    write({
      'react/index.html': '<div id="root"></div><script type="module" src="./main.js"></script>',
      'react/main.js': `
        import { createElement as h, useState } from 'react';
        import { createRoot } from 'react-dom/client';
        import { version } from 'react';
        import { KeyyoCtiProvider, KeyyoDialer } from 'keyyo-cti-elements/react';

        function App() {
          const [heard, setHeard] = useState([]);
          const hear = (event) => setHeard((all) => [...all, event.type + ':' + (event.detail.status ?? event.detail.error.error_code)]);
          return h('main', null,
            h(KeyyoCtiProvider, { endpoint: 'http://127.0.0.1:9/cti', cookieName: 'react_session', onKeyyoStatusChange: hear, onKeyyoError: hear }, h(KeyyoDialer)),
            h('output', null, heard.join(' ')));
        }
        window.reactVersion = version;
        createRoot(document.getElementById('root')).render(h(App));`,
    });
    const versions: string[] = [];
    const browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    try {
      for (const react of [join(app, 'node_modules'), join(ROOT, 'node_modules')]) {
        const alias = { react: join(react, 'react'), 'react-dom': join(react, 'react-dom') };
        await bundle('react', alias);
        const server = await serve(join(app, 'react-dist'));
        try {
          const page = await browser.newPage();
          await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/index.html`);
          // No token source: the provider says so after half a second.
          await page.waitForFunction(() => document.querySelector('output')?.textContent?.includes('keyyo-error:no_token_source'), { timeout: 5000 });
          const seen = await page.evaluate(() => ({
            version: (window as any).reactVersion as string,
            heard: document.querySelector('output')!.textContent!.split(' ').sort(),
            endpoint: (document.querySelector('keyyo-cti-provider') as any).endpoint,
            cookieName: (document.querySelector('keyyo-cti-provider') as any).cookieName,
            dialer: !!document.querySelector('keyyo-cti-provider > keyyo-dialer')?.shadowRoot,
          }));
          versions.push(seen.version.split('.')[0]!);
          assert.deepEqual(
            { ...seen, version: undefined },
            {
              version: undefined,
              heard: ['keyyo-error:no_token_source', 'keyyo-status-change:error'],
              endpoint: 'http://127.0.0.1:9/cti',
              cookieName: 'react_session',
              dialer: true,
            },
          );
          await page.close();
        } finally {
          server.close();
        }
      }
    } finally {
      await browser.close();
    }
    assert.deepEqual(versions, ['18', '19']);
  });
});

/** Builds the application in a folder with Vite into `<folder>-dist`; returns its JavaScript. */
async function bundle(folder: string, alias: Record<string, string> = {}): Promise<string> {
  const outDir = join(app, `${folder}-dist`);
  await build({ root: join(app, folder), logLevel: 'error', configFile: false, resolve: { alias }, build: { outDir, emptyOutDir: true } });
  const assets = join(outDir, 'assets');
  return readdirSync(assets)
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(join(assets, file), 'utf8'))
    .join('\n');
}

/** Serves a folder on a free port of the loopback. */
function serve(root: string): Promise<Server> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
  const server = createServer((request, response) => {
    const path = new URL(request.url!, 'http://localhost').pathname;
    let body: Buffer;
    try {
      body = readFileSync(join(root, path));
    } catch {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
