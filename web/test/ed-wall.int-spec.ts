import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, eventually, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';
import { openChromium } from './support/chromium.js';
import { checkScreen, landsOn, wallDisplay } from './support/screens.js';

const repo = join(import.meta.dirname, '..', '..');

/** The ED board on the department's wall screen, and the measures dashboard the charge nurse reads. */
describe('the ED wall screen and measures, in headless Chromium', () => {
  let db: TestDatabase;
  let stack: ServiceStack;
  let browser: Browser;
  let page: Page;

  const asUser = async <T>(username: string, query: string, variables: Record<string, unknown> = {}) => {
    const body = await stack.call<T>(username, query, variables);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  /** A patient registered and arrived `minutes` ago, triaged then; the ED visit's id. */
  async function arrived(familyName: string, minutes: number, esi: number, complaint = 'abdominal pain'): Promise<string> {
    const registered = await asUser<{ registerPatient: { patient: { id: string } } }>('ed', `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { ... on PatientRegistered { patient { id } } } }`, {
      d: { familyName, givenNames: ['Sam'], birthDate: '1980-02-03', sex: 'female' },
    });
    const at = minutesAgo(minutes);
    const visit = await asUser<{ registerArrival: { visit: { id: string } } }>('ed', `mutation($p: ID!, $at: String) { registerArrival(patientId: $p, mode: "walk-in", at: $at) { ... on EdVisitChanged { visit { id } } } }`, {
      p: registered.registerPatient.patient.id,
      at,
    });
    const visitId = visit.registerArrival.visit.id;
    await asUser('ed', `mutation($i: TriageInput!) { triage(input: $i) { __typename } }`, { i: { visitId, esi, chiefComplaint: complaint, vitals: { heartRate: 90 }, ageInMonths: 46 * 12, at } });
    return visitId;
  }
  const step = (mutation: string, variables: Record<string, unknown>) => asUser(`ed`, `mutation($v: ID!, $at: String) { ${mutation} { __typename } }`, variables);

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt', 'ed'], databaseUrl: db.url });
    ({ browser, page } = await openChromium(wallDisplay));
    // A busy evening: 30 patients in the department, from 20 minutes to nearly 5 hours in.
    const started = Date.now();
    for (let i = 0; i < 30; i++) await arrived(`Wall${String.fromCharCode(65 + (i % 26))}${i}`, 20 + i * 9, 1 + (i % 5), i % 3 ? 'abdominal pain, vomiting since yesterday' : 'chest pain');
    console.log(`30 arrivals registered and triaged through the API in ${Date.now() - started} ms`);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  const rows = () => page.locator('[data-visit]');
  const losText = async () => (await rows().first().locator('[data-timer="length-of-stay"]').textContent())!;
  /** "4 h 05" or "38 min" as minutes. */
  const minutesOf = (text: string) => {
    const hours = /(\d+) h (\d+)/.exec(text);
    return hours ? Number(hours[1]) * 60 + Number(hours[2]) : Number(/(\d+) min/.exec(text)![1]);
  };

  it('shows all 30 patients on a 1920×1080 wall screen without scrolling, with no controls and no full names', async () => {
    // The page's clock is under the test's hand, so the feed can be lost for minutes in a moment.
    await page.clock.install();
    await page.goto(stack.gateway.url);
    await page.getByRole('button', { name: /\(ED\)/ }).click();
    await landsOn(page, 'ED tracking board', '/ed');
    await page.getByRole('link', { name: 'Kiosk (wall screen)' }).click();
    await page.locator('.ed-kiosk').waitFor();
    await rows().nth(29).waitFor();
    expect(await rows().count()).toBe(30);
    expect(await page.getByTestId('ed-count').textContent()).toBe('30 patients');
    const fit = await page.evaluate(() => ({
      scrollHeight: document.documentElement.scrollHeight,
      scrollWidth: document.documentElement.scrollWidth,
      lastRowBottom: [...document.querySelectorAll('[data-visit]')].at(-1)!.getBoundingClientRect().bottom,
      fontPx: parseFloat(getComputedStyle(document.querySelector('.ed-board')!).fontSize),
    }));
    console.log(`kiosk at 1920×1080: 30 rows end at ${Math.round(fit.lastRowBottom)} px, type ${fit.fontPx} px`);
    expect(fit.scrollHeight).toBeLessThanOrEqual(1080);
    expect(fit.scrollWidth).toBeLessThanOrEqual(1920);
    expect(fit.lastRowBottom).toBeLessThanOrEqual(1080);
    // Readable across a room: never shrunk below 16 px for 30 patients.
    expect(fit.fontPx).toBeGreaterThanOrEqual(16);
    // No top bar, no action buttons, no arrival form; names masked on a corridor screen.
    expect(await page.getByRole('navigation', { name: 'Screens' }).isVisible()).toBe(false);
    expect(await page.locator('.ed-kiosk button').count()).toBe(0);
    expect(await rows().first().locator('.patient').textContent()).toMatch(/^WAL S\. ·\d{3}$/);
    await checkScreen(page, 'ed-kiosk', [wallDisplay]);
  });

  it('keeps the clocks running when the feed is lost, grey with "offline since", and back in colour when it returns', async () => {
    const before = minutesOf(await losText());
    // The page's own clock, now and a moment ago: the last answer came within the last second or two.
    const cutAt = await page.evaluate(() => [0, 3000].map((ago) => new Date(Date.now() - ago).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })));
    await page.route('**/graphql', (route) => route.abort('internetdisconnected'));
    const offline = page.getByTestId('offline');
    await offline.waitFor({ timeout: 15_000 });
    // The time of the last answer, as HH:MM: the last update the screen had.
    const since = /^OFFLINE since (\d\d:\d\d): /.exec((await offline.textContent())!);
    expect(cutAt).toContain(since?.[1]);

    await page.clock.fastForward('03:00');
    await page.waitForFunction((b) => {
      const text = document.querySelector('[data-visit] [data-timer="length-of-stay"]')!.textContent!;
      const h = /(\d+) h (\d+)/.exec(text);
      return (h ? Number(h[1]) * 60 + Number(h[2]) : Number(/(\d+) min/.exec(text)![1])) >= b + 3;
    }, before);
    const timer = rows().first().locator('[data-timer="length-of-stay"]');
    expect(await timer.getAttribute('data-level')).toBe('offline');
    expect(await timer.textContent()).toMatch(/\(unconfirmed\)$/);
    const grey = await timer.evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(grey).toBe('rgb(217, 217, 217)');
    // An over-limit clock goes grey too: a red the board cannot confirm is not shown as red.
    expect(await page.locator('[data-timer][data-level="red"]').count()).toBe(0);
    expect(await page.locator('[data-timer][data-level="offline"]').count()).toBeGreaterThanOrEqual(30);
    await checkScreen(page, 'ed-kiosk-offline', [wallDisplay]);

    await page.unroute('**/graphql');
    await offline.waitFor({ state: 'detached', timeout: 15_000 });
    expect(await page.locator('[data-timer][data-level="offline"]').count()).toBe(0);
    expect(await page.locator('[data-timer][data-level="red"]').count()).toBeGreaterThan(0);
  });

  it('shows the ED measures by day with a chart and the figures behind it', async () => {
    // Today: two patients seen and sent home, one who left without being seen; all three leave now, so
    // they count today even when the test runs just after midnight.
    const a = await arrived('Measured', 130, 3);
    await step('assignProvider(visitId: $v, providerId: "dr-okafor", at: $at)', { v: a, at: minutesAgo(100) });
    await step('decideDischarge(visitId: $v, disposition: "discharged", dischargeStatus: "01", at: $at)', { v: a, at: minutesAgo(30) });
    await step('recordDeparture(visitId: $v, at: $at)', { v: a, at: minutesAgo(0) });
    const b = await arrived('Counted', 70, 4);
    await step('assignProvider(visitId: $v, providerId: "dr-okafor", at: $at)', { v: b, at: minutesAgo(60) });
    await step('decideDischarge(visitId: $v, disposition: "discharged", dischargeStatus: "01", at: $at)', { v: b, at: minutesAgo(20) });
    await step('recordDeparture(visitId: $v, at: $at)', { v: b, at: minutesAgo(0) });
    const c = await arrived('Gone', 50, 5);
    await step('recordLeftWithoutBeingSeen(visitId: $v, at: $at)', { v: c, at: minutesAgo(0) });

    // The measures read the ED's read model, which follows the visit events a moment later.
    const midnight = new Date(new Date().getFullYear(), new Date().getMonth(), new Date().getDate());
    await eventually(
      () => asUser<{ edMeasures: { leftWithoutBeingSeen: { denominator: number } } }>('ed', `query($f: String!, $t: String!) { edMeasures(from: $f, to: $t) { leftWithoutBeingSeen { denominator } } }`, {
        f: midnight.toISOString(),
        t: new Date(midnight.getTime() + 86_400_000).toISOString(),
      }),
      (r) => r.edMeasures.leftWithoutBeingSeen.denominator === 3,
      'the three departures in the measures',
      15_000,
    );
    await page.clock.resume();
    await page.goto(`${stack.gateway.url}/#/ed`);
    await page.getByRole('link', { name: 'ED measures' }).click();
    await landsOn(page, 'ED measures', '/ed-measures');
    const today = page.getByTestId('measures-table').locator('tbody tr').last();
    await today.waitFor();
    const cells = await today.locator('td').allTextContents();
    expect(cells[0]).toBe('20 min (2)');
    expect(cells[3]).toBe('33.3 % (1 of 3)');
    expect(await today.locator('th').textContent()).toBe(new Date().toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' }));
    // The days before had no departure: said as such, not as zero.
    expect(await page.getByTestId('measures-table').locator('tbody tr').first().locator('td').first().textContent()).toBe('—');

    // The chart is ECharts' drawing of the same figures: a line per measure over the seven days.
    const chart = page.getByTestId('trend-chart');
    await chart.locator('svg text', { hasText: 'Door to provider' }).waitFor({ state: 'attached' });
    expect(await chart.getAttribute('aria-label')).toMatch(/^Median minutes by day over the last 7 days/);
    const legend = await chart.locator('svg text').allTextContents();
    expect(legend).toEqual(expect.arrayContaining(['Door to provider', 'Arrival to departure (OP-18)', 'Decision to departure (ED-2)']));
    // Its value axis reaches the largest median in the table: the figures were plotted, not an empty frame.
    const largest = Math.max(...cells.slice(0, 3).map((c) => Number(/^(\d+) min/.exec(c)?.[1] ?? 0)));
    const axis = legend.map(Number).filter((n) => Number.isFinite(n));
    expect(largest).toBeGreaterThan(0);
    expect(Math.max(...axis)).toBeGreaterThanOrEqual(largest);
    await checkScreen(page, 'ed-measures');
  });
});
