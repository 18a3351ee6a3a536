// The softphone as a person sees it, state by state: idle, ringing, in
// conversation, ended, floating open in dark mode, and in French at 280 px.
// Each state passes axe in light and dark (dark where the engine can
// emulate it) and is saved as a picture to look at, in
// test-output/screenshots/<engine>/ (engines driven by puppeteer).
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand } from '@web/test-runner-commands';
import '../../../src/define.js';
import type { Contact, KeyyoCallActions, KeyyoCtiProvider, KeyyoSoftphone } from '../../../src/index.js';
import { canEmulateColorScheme } from '../../helpers/engines.js';
import { simulatorPerTest, type SimulatorHandle } from '../../helpers/simulator.js';

const ALICE = '33172587701';
const BOB = '33699009902';
const CONTACTS = new Map<string, Contact>([[BOB, { name: 'Bob Martin', company: 'Martin & Fils', url: 'https://crm.example/contacts/bob' }]]);
const SCHEMES = canEmulateColorScheme ? (['light', 'dark'] as const) : (['light'] as const);

const inner = <T extends Element = HTMLElement>(host: Element, selector: string) => host.shadowRoot!.querySelector(selector) as T;
const clean = (value: string | null | undefined) => value?.replace(/\s+/g, ' ').trim() ?? '';
const labels = (card: KeyyoCallActions) => [...card.shadowRoot!.querySelectorAll('.actions button')].map((button) => clean(button.textContent));

/** Saves a picture of an element and what is around it. */
async function picture(name: string, element: Element): Promise<void> {
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const box = element.getBoundingClientRect();
  const margin = 16;
  const x = Math.max(0, box.x - margin);
  const y = Math.max(0, box.y - margin);
  await executeServerCommand('screenshot', { name, clip: { x, y, width: box.right + margin - x, height: box.bottom + margin - y } });
}

describe('the softphone, state by state', () => {
  let sim: SimulatorHandle;

  simulatorPerTest({ virtualClock: true }, (started) => (sim = started));

  afterEach(async () => {
    if (canEmulateColorScheme) await emulateMedia({ colorScheme: 'light' });
  });

  async function phone(options: { floating?: boolean; lang?: string; width?: number } = {}) {
    const root = await fixture<HTMLElement>(html`
      <div lang=${options.lang ?? 'en'} style="margin: 16px; width: ${options.width ? `${options.width}px` : 'auto'}; background: Canvas; color-scheme: light dark">
        <keyyo-cti-provider endpoint=${sim.endpoint} no-cookie .tokenProvider=${() => sim.token(ALICE)} .contactResolver=${async (number: string) => CONTACTS.get(number)}>
          <keyyo-softphone ?floating=${options.floating}></keyyo-softphone>
        </keyyo-cti-provider>
      </div>
    `);
    const provider = root.querySelector('keyyo-cti-provider') as KeyyoCtiProvider;
    await waitUntil(() => provider.status === 'connected', 'the provider should connect', { timeout: 5000 });
    const softphone = provider.querySelector('keyyo-softphone') as KeyyoSoftphone;
    await softphone.updateComplete;
    return { root, softphone, card: inner<KeyyoCallActions>(softphone, 'keyyo-call-actions') };
  }

  /** Axe in every scheme, and a picture in each. */
  async function check(state: string, element: Element): Promise<void> {
    for (const scheme of SCHEMES) {
      if (canEmulateColorScheme) await emulateMedia({ colorScheme: scheme });
      await expect(element, `${state}, ${scheme}`).to.be.accessible();
      await picture(`softphone-${state}-${scheme}`, element);
    }
  }

  it('idle, ringing, in conversation and ended pass axe, light and dark', async () => {
    const { softphone, card } = await phone();
    await check('idle', softphone);
    await sim.call(BOB, ALICE);
    await waitUntil(() => labels(card).join() === 'Answer,Reject' && clean(inner(card, '.party').textContent) === 'Bob Martin');
    await check('ringing', softphone);
    await sim.advance(4000);
    await sim.phone(ALICE, 'answer');
    await waitUntil(() => labels(card)[0] === 'Hang up');
    await sim.advance(83_000);
    await check('in-conversation', softphone);
    await sim.phone(BOB, 'hangup');
    await waitUntil(() => clean(inner(card, '.state').textContent).startsWith('Ended'));
    await check('ended', softphone);
  });

  it('floating and open passes axe, light and dark, and stands out from a dark page', async () => {
    const { softphone } = await phone({ floating: true });
    inner<HTMLButtonElement>(softphone, '.launcher').click();
    await waitUntil(() => !inner(softphone, '.panel').hidden);
    await check('floating-open', softphone);
  });

  it('in French at 280 px: Answer and Reject on one row, every state passes axe', async () => {
    const { softphone, card } = await phone({ lang: 'fr', width: 280 });
    await waitUntil(() => clean(inner(softphone, '.status').textContent) === 'Connecté');
    await check('fr-280-idle', softphone);
    await sim.call(BOB, ALICE);
    await waitUntil(() => labels(card).join() === 'Répondre,Rejeter');
    const [answer, reject] = [...card.shadowRoot!.querySelectorAll('.actions button')].map((button) => button.getBoundingClientRect());
    expect(reject!.top, 'one row').to.equal(answer!.top);
    expect(softphone.getBoundingClientRect().width).to.be.at.most(280);
    await check('fr-280-ringing', softphone);
  });
});

describe('the team view, as a person sees it', () => {
  const GAELLE = '33172587702';
  const HUGO = '33172587703';
  const DIRECTORY = {
    country_code: '33',
    organisations: [
      {
        name: 'Acme',
        lines: [
          { number: ALICE, local: '7701', name: 'Alice' },
          { number: GAELLE, local: '7702', name: 'Gaëlle' },
          { number: HUGO, local: '7703', name: 'Hugo' },
          { number: '33172587704', local: '7704', name: 'Inès' },
        ],
      },
    ],
    outside: [{ number: BOB, name: 'Bob' }],
  };
  let sim: SimulatorHandle;

  simulatorPerTest({ virtualClock: true, directory: DIRECTORY }, (started) => (sim = started));

  afterEach(async () => {
    if (canEmulateColorScheme) await emulateMedia({ colorScheme: 'light' });
  });

  it('a board 1,280 px wide keeps statuses by their names; the park says plainly what it wants', async () => {
    const lines = [
      { number: GAELLE, name: 'Gaëlle Lefebvre' },
      { number: HUGO, name: 'Hugo Bernard' },
      { number: '7704', name: 'Inès Moreau' },
    ];
    const root = await fixture<HTMLElement>(html`
      <div lang="en" style="width: 1280px; padding: 16px; box-sizing: border-box; background: Canvas; color-scheme: light dark">
        <keyyo-cti-provider endpoint=${sim.endpoint} no-cookie .tokenProvider=${() => sim.token(ALICE)}>
          <keyyo-line-board .lines=${lines}></keyyo-line-board>
          <keyyo-call-park></keyyo-call-park>
        </keyyo-cti-provider>
      </div>
    `);
    const provider = root.querySelector('keyyo-cti-provider') as KeyyoCtiProvider;
    await waitUntil(() => provider.status === 'connected', 'the provider should connect', { timeout: 5000 });
    const board = root.querySelector('keyyo-line-board')!;
    await sim.call(GAELLE, HUGO);
    await sim.phone(HUGO, 'answer');
    await waitUntil(() => board.shadowRoot!.querySelectorAll('.line.busy').length === 2 && board.shadowRoot!.querySelector('.line.free'));
    const gaelle = board.shadowRoot!.querySelector<HTMLElement>(`.line[data-number="${GAELLE}"]`)!;
    const gap = gaelle.querySelector('.status')!.getBoundingClientRect().left - gaelle.querySelector('.name')!.getBoundingClientRect().right;
    expect(gap, 'the status near the name').to.be.below(150);
    for (const scheme of SCHEMES) {
      if (canEmulateColorScheme) await emulateMedia({ colorScheme: scheme });
      await expect(root).to.be.accessible();
      await picture(`team-1280-${scheme}`, root);
    }
  });
});
