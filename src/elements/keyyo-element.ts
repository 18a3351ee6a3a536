import { consume } from '@lit/context';
import { LitElement } from 'lit';
import { state } from 'lit/decorators.js';
import { initialState, sessionContext, stateContext, type CtiState } from '../context.js';
import type { CTI } from '../sdk/index.js';

/** What every element inside a provider reads: the session's state, and
 * the session to send commands to. */
export class KeyyoElement extends LitElement {
  @consume({ context: stateContext, subscribe: true })
  @state()
  protected cti: CtiState = initialState;

  @consume({ context: sessionContext, subscribe: true })
  @state()
  protected session?: CTI;
}
