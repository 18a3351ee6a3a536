// npm start: builds the bundles if they are missing, then serves the
// simulator and the demo pages on one port.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runSimulatorCli } from '../src/simulator/cli.js';
import { DEMO_DIRECTORY_FILE, demoRequests } from './server.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundles = ['dist/keyyo-cti-elements.js', 'dist/keyyo-cti.min.js', 'dist/demo-react.js'];
if (!bundles.every((file) => existsSync(`${root}/${file}`))) {
  console.log('Building the bundles first (npm run build)...');
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}

// The demo's own world, unless a directory is given (a JSON file, named or first).
const argv = process.argv.slice(2);
if (!argv.some((arg) => arg === '--directory' || arg.startsWith('--directory=') || arg.endsWith('.json'))) argv.push('--directory', DEMO_DIRECTORY_FILE);

await runSimulatorCli(argv, { fallback: demoRequests }, (url) =>
  [
    `Keyyo CTI demo: open ${url}/`,
    `  ${url}/            Alice's page (a small CRM with the Keyyo elements)`,
    `  ${url}/bob.html    Bob's phone`,
    `  ${url}/team.html   Alice's colleagues' phones`,
    `  ${url}/samples.html  the 1.1 documentation samples on the drop-in keyyo-cti.min.js`,
    `  ${url}/react.html  the elements in a React application`,
    '',
  ].join('\n'),
);
