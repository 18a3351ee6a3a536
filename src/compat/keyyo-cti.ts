// The script-tag build: `window.Keyyo.CTI` and `window.Keyyo.Call` as the
// official keyyo-cti.min.js 1.1 defined them, so pages written for it keep
// working when they load this file instead.
//
// `<script src="keyyo-cti.min.js" data-endpoint="http://127.0.0.1:8787/cti">`
// points every `new Keyyo.CTI()` of the page at another service (the local
// simulator) without touching the page's code.
import { Call, CTI, type CTIOptions } from '../sdk/index.js';

const endpoint = (document.currentScript as HTMLScriptElement | null)?.dataset.endpoint;

class KeyyoCTI extends CTI {
  constructor(options: CTIOptions = {}) {
    super(endpoint ? { endpoint, ...options } : options);
  }
}

declare global {
  interface Window {
    Keyyo: { CTI: typeof CTI; Call: typeof Call };
  }
}

window.Keyyo = Object.assign(window.Keyyo ?? {}, { CTI: KeyyoCTI, Call });
