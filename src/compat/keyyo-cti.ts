// The script-tag build: `window.Keyyo.CTI` and `window.Keyyo.Call` as the
// official keyyo-cti.min.js 1.1 defined them, so pages written for it keep
// working when they load this file instead.
import { Call, CTI } from '../sdk/index.js';

declare global {
  interface Window {
    Keyyo: { CTI: typeof CTI; Call: typeof Call };
  }
}

window.Keyyo = Object.assign(window.Keyyo ?? {}, { CTI, Call });
