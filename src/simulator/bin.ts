#!/usr/bin/env node
// `npx keyyo-simulator`: the simulator alone, from the package's dist/.
import { runSimulatorCli } from './cli.js';

await runSimulatorCli(process.argv.slice(2));
