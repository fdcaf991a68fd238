import { join } from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { createTestDatabase, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';
import { openChromium } from './support/chromium.js';
import { checkScreen, landsOn } from './support/screens.js';

const repo = join(import.meta.dirname, '..', '..');

/** A double click does one thing: the command button waits, shows it, and sends one command; an expired sign-in loses nothing. */
describe('command buttons in flight, in headless Chromium', () => {
  let db: TestDatabase;
  let stack: ServiceStack;
  let browser: Browser;
  let page: Page;
  /** Every command the screen sent, by mutation name, with its variables. */
  const sent: Array<{ mutation: string; variables: Record<string, unknown> }> = [];

  const asUser = async <T>(username: string, query: string, variables: Record<string, unknown> = {}) => {
    const body = await stack.call<T>(username, query, variables);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };

  /** A slow network for commands: each mutation waits 1.5 s before it goes on, so a second click lands while it is in flight. */
  async function slowCommands(route: Route) {
    const body = route.request().postDataJSON() as { query: string; variables: Record<string, unknown> } | null;
    const mutation = body && /^\s*mutation/.exec(body.query) ? /\{\s*(\w+)/.exec(body.query)![1]! : null;
    if (mutation) {
      sent.push({ mutation, variables: body!.variables });
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    await route.continue();
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt'], databaseUrl: db.url });
    ({ browser, page } = await openChromium({ width: 1366, height: 768 }));
    await page.route('**/graphql', slowCommands);
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  it('registers one patient from a double click on Register, showing progress while it is on its way', async () => {
    await page.goto(stack.gateway.url);
    await page.getByRole('button', { name: /Registration/ }).click();
    await landsOn(page, 'Registration and coverage', '/register');
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Patients', exact: true }).click();
    await landsOn(page, 'Patients', '/patients');
    await page.fill('input[name="familyName"]', 'Babbage');
    await page.fill('input[name="givenNames"]', 'Charles');
    await page.fill('input[name="birthDate"]', '1951-12-26');
    const register = page.getByRole('button', { name: 'Register', exact: true });
    await register.dblclick();
    // In flight: disabled, and Mantine's loader drawn in it.
    expect(await register.isDisabled()).toBe(true);
    expect(await register.getAttribute('data-loading')).toBe('true');
    await checkScreen(page, 'patients-registering');
    await page.getByRole('status').getByText(/^Registered with MRN \d{8}$/).waitFor();
    expect(await register.isDisabled()).toBe(false);

    expect(sent.filter((c) => c.mutation === 'registerPatient')).toHaveLength(1);
    const found = await asUser<{ searchPatients: Array<{ mrn: string }> }>('registrar', `{ searchPatients(familyName: "Babbage", limit: 20) { mrn } }`);
    expect(found.searchPatients).toHaveLength(1);
  });

  it('admits once from a double click on Admit, with one idempotency key for that admission', async () => {
    await page.selectOption('select[name="unitId"]', '4W');
    await page.selectOption('select[name="bedId"]', '4W-02A');
    const admit = page.getByRole('button', { name: 'Admit', exact: true });
    await admit.dblclick();
    expect(await admit.isDisabled()).toBe(true);
    await page.getByText('Admitted (inpatient) to 4W-02A').waitFor();

    const admissions = sent.filter((c) => c.mutation === 'admitPatient');
    expect(admissions).toHaveLength(1);
    expect(admissions[0]!.variables.k).toMatch(/^[0-9a-f-]{36}$|^[a-z0-9]+-[a-z0-9]+-[a-z0-9]+$/);
    const found = await asUser<{ searchPatients: Array<{ encounters: Array<{ status: string; bedId: string }> }> }>(
      'registrar',
      `{ searchPatients(familyName: "Babbage", limit: 20) { encounters { status bedId } } }`,
    );
    expect(found.searchPatients[0]!.encounters).toEqual([{ status: 'in-progress', bedId: '4W-02A' }]);
  });

  it('asks for the sign-in again in place when it has expired, keeps what was typed, and the command then goes through', async () => {
    await page.fill('input[name="familyName"]', 'Lovelace');
    await page.fill('input[name="givenNames"]', 'Ada');
    await page.fill('input[name="birthDate"]', '1945-12-10');
    // The sign-in has run out: from now on the gateway refuses the token it is shown.
    const expired = (route: Route) => route.continue({ headers: { ...route.request().headers(), authorization: 'Bearer expired.token.here' } });
    await page.route('**/graphql', expired);
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    const prompt = page.getByRole('dialog', { name: 'Your sign-in has expired' });
    await prompt.waitFor();
    await checkScreen(page, 'sign-in-again');
    await page.unroute('**/graphql', expired);
    await prompt.getByRole('button', { name: 'Sign in again as Eve Martin (Registration)' }).click();
    await prompt.waitFor({ state: 'detached' });
    // Nothing typed was lost, and nothing was registered while signed out.
    expect(await page.inputValue('input[name="familyName"]')).toBe('Lovelace');
    expect(await page.inputValue('input[name="birthDate"]')).toBe('1945-12-10');
    expect((await asUser<{ searchPatients: unknown[] }>('registrar', `{ searchPatients(familyName: "Lovelace", limit: 20) { mrn } }`)).searchPatients).toHaveLength(0);
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.getByRole('status').getByText(/^Registered with MRN \d{8}$/).waitFor();
    expect((await asUser<{ searchPatients: unknown[] }>('registrar', `{ searchPatients(familyName: "Lovelace", limit: 20) { mrn } }`)).searchPatients).toHaveLength(1);
  });
});
