import type { Callback, CTI } from '../../sdk/index.js';
import { run } from '../../sdk/settle.js';

/** Every auto-answer the service confirms on `session`, whoever asked (an
 * element, the provider's attribute, the page through the SDK), reaches
 * `changed`. */
export function watchAutoAnswer(session: CTI, changed: (autoAnswer: boolean) => void): void {
  const set = session.set_auto_answer.bind(session) as (autoAnswer: boolean) => Promise<number>;
  const get = session.get_auto_answer.bind(session) as () => Promise<{ auto_answer: boolean }>;
  session.set_auto_answer = ((autoAnswer: boolean, callback?: Callback<number>) =>
    run(callback, () => set(autoAnswer).then((result) => (changed(autoAnswer), result)))) as CTI['set_auto_answer'];
  session.get_auto_answer = ((callback?: Callback<{ auto_answer: boolean }>) =>
    run(callback, () => get().then((result) => (changed(result.auto_answer), result)))) as CTI['get_auto_answer'];
}
