// The script-tag build: `window.Keyyo.CTI` and `window.Keyyo.Call` as the
// official keyyo-cti.min.js 1.1 defined them, so pages written for it keep
// working when they load this file instead.
//
// `<script src="keyyo-cti.min.js" data-endpoint="http://127.0.0.1:8787/cti">`
// points every `new Keyyo.CTI()` of the page at another service (the local
// simulator) without touching the page's code.
//
// 1.1's methods returned nothing: a page written for it calls them without
// a callback and awaits nothing, so here a failure nobody asked for does
// not become an unhandled rejection.
import { Call, CTI, type CTIOptions } from '../sdk/index.js';
import { quietPromises } from '../sdk/settle.js';

const endpoint = (document.currentScript as HTMLScriptElement | null)?.dataset.endpoint;
quietPromises();

class KeyyoCTI extends CTI {
  constructor(options?: CTIOptions) {
    // Anything but an options object goes through as given, to be refused.
    super(endpoint && (options == null || typeof options === 'object') ? { endpoint, ...options } : options);
  }
}

declare global {
  interface Window {
    Keyyo: { CTI: typeof CTI; Call: typeof Call };
  }
}

window.Keyyo = Object.assign(window.Keyyo ?? {}, { CTI: KeyyoCTI, Call });
