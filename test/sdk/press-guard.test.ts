// The press guard on a fake clock: a person's press counts for what its
// button meant, never for what it came to mean under the pointer or the key.
import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { PressGuard } from '../../src/shared/press-guard.js';

let now = 0;
performance.now = () => now;

/** A click as a browser gives it: by a person (trusted) with the pointer
 * (detail 1) or a key or an assistive technology (detail 0), or by a script. */
const click = (how: 'pointer' | 'key' | 'script') => ({ isTrusted: how !== 'script', detail: how === 'pointer' ? 1 : 0 }) as MouseEvent;

describe('the press guard', () => {
  let guard: PressGuard;

  beforeEach(() => {
    now = 10_000;
    guard = new PressGuard();
    guard.show('answer');
    now += 1000;
  });

  it('lets a press on buttons that stood still act, once', () => {
    guard.down('answer');
    assert.equal(guard.allows(click('pointer'), 'answer'), true);
  });

  it('ignores presses for a moment after the buttons changed meaning', () => {
    assert.equal(guard.show('hang up'), true, 'a change is told');
    assert.equal(guard.show('hang up'), false, 'the same meanings are no change');
    now += 200;
    guard.down('hang up');
    assert.equal(guard.allows(click('pointer'), 'hang up'), false, 'too soon to have seen the change');
    now += 300;
    guard.down('hang up');
    assert.equal(guard.allows(click('pointer'), 'hang up'), true);
  });

  it('counts a pointer click for the button it went down on', () => {
    guard.down('answer');
    guard.show('hang up');
    now += 2000;
    assert.equal(guard.allows(click('pointer'), 'hang up'), false, 'the pointer went down on Answer');
  });

  it('takes the second press of a double click, or a key pressed again at once, for the rest of the first: Answer then Hang up', () => {
    guard.down('answer');
    assert.equal(guard.allows(click('key'), 'answer'), true);
    now += 100;
    guard.show('hang up');
    now += 600; // past the guard time after a change, within a double press
    guard.down('hang up');
    assert.equal(guard.allows(click('key'), 'hang up'), false);
    now += 400;
    guard.down('hang up');
    assert.equal(guard.allows(click('key'), 'hang up'), true, 'a second later it is a decision');
  });

  it("lets a key's click act only on the button the key went down on, and an assistive technology's click with no key at all", () => {
    guard.down('transfer');
    assert.equal(guard.allows(click('key'), 'answer'), false);
    now += 2000;
    assert.equal(guard.allows(click('key'), 'answer'), true, 'no key went down since: an assistive technology clicked');
  });

  it("never stands in the way of the page's own script", () => {
    guard.show('hang up');
    assert.equal(guard.allows(click('script'), 'hang up'), true);
  });
});
