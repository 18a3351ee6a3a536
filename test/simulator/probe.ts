// A socket straight into the simulator's model, for tests of its rules.
import type { CtiModel, Socket } from '../../src/simulator/model.js';

/** A socket that keeps the replies it is sent, and sends commands. */
export class Probe implements Socket {
  replies = new Map<number | null, any>();
  #nextId = 1;
  constructor(readonly model: CtiModel) {
    model.open(this);
  }
  send(message: any): void {
    if (!message.notify) this.replies.set(message.id, message);
  }
  close(): void {
    this.model.close(this);
  }
  command(action: string, params: Record<string, unknown> = {}): any {
    const id = this.#nextId++;
    this.model.receive(this, JSON.stringify({ action, id, ...params }));
    return this.replies.get(id);
  }
}
