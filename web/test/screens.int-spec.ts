import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';
import { openChromium } from './support/chromium.js';
import { checkScreen, landsOn } from './support/screens.js';

const repo = join(import.meta.dirname, '..', '..');

describe('the screens, in headless Chromium', () => {
  let db: TestDatabase;
  let stack: ServiceStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt'], databaseUrl: db.url });
    ({ browser, page } = await openChromium());
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  /** Another user at another workstation, acting through the API. */
  async function asUser<T>(username: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const body = await stack.call<T>(username, query, variables);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }

  const bed = (id: string, status: string) => `[data-bed="${id}"][data-status="${status}"]`;

  it('shows the bed board, follows another user’s admission without a reload, and marks a bed clean', async () => {
    await page.goto(stack.gateway.url);
    await page.getByRole('button', { name: /Bed Management/ }).waitFor();
    await checkScreen(page, 'sign-in');
    await page.getByRole('button', { name: /Bed Management/ }).click();
    await landsOn(page, 'Bed board', '/beds');
    await page.waitForSelector(bed('4W-01A', 'available'));
    await checkScreen(page, 'bed-board');

    const patient = await asUser<{ registerPatient: { patient: { id: string } } }>('registrar', `mutation { registerPatient(demographics: { familyName: "Lovelace", givenNames: ["Ada"], birthDate: "1945-12-10", sex: "female" }) { ... on PatientRegistered { patient { id } } } }`);
    const changedAt = Date.now();
    const admitted = await asUser<{ admitPatient: { encounter: { id: string } } }>('registrar', `mutation($p: ID!) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "4W-01A", unitId: "4W" }) { ... on EncounterChanged { encounter { id } } } }`, {
      p: patient.registerPatient.patient.id,
    });
    await page.waitForSelector(bed('4W-01A', 'occupied'), { timeout: 10_000 });
    console.log(`bed board showed the admission ${Date.now() - changedAt} ms after it was made, without a reload`);
    expect(await page.locator('[data-bed="4W-01A"] .patient').textContent()).toMatch(/^LOVELACE, Ada · MRN \d{8}$/);

    await asUser('nurse', `mutation($e: ID!) { dischargePatient(encounterId: $e, disposition: "01") { __typename } }`, { e: admitted.admitPatient.encounter.id });
    await page.waitForSelector(bed('4W-01A', 'dirty'), { timeout: 10_000 });
    await page.locator('[data-bed="4W-01A"]').getByRole('button', { name: 'Mark clean' }).click();
    await page.waitForSelector(bed('4W-01A', 'available'), { timeout: 10_000 });
    await page.screenshot({ path: join(repo, '.test-results', 'bed-board.png'), fullPage: false });
  });

  it('shows who waits for a bed, and the bed manager assigns one: the bed is held for them', async () => {
    const patient = await asUser<{ registerPatient: { patient: { id: string } } }>('registrar', `mutation { registerPatient(demographics: { familyName: "Noether", givenNames: ["Emmy"], birthDate: "1952-03-23", sex: "female" }) { ... on PatientRegistered { patient { id } } } }`);
    await asUser('ed', `mutation($p: ID!) { requestBed(patientId: $p, unitId: "5E", reason: "chest pain, admit to telemetry") { __typename } }`, { p: patient.registerPatient.patient.id });
    const waiting = page.locator('[data-request]', { hasText: 'NOETHER, Emmy' });
    await waiting.waitFor({ timeout: 10_000 });
    expect(await waiting.textContent()).toMatch(/— 5E · chest pain, admit to telemetry · waiting 0 min/);

    await waiting.getByLabel('Bed for NOETHER, Emmy').selectOption('5E-02');
    await waiting.getByRole('button', { name: 'Assign' }).click();
    await page.waitForSelector(bed('5E-02', 'reserved'), { timeout: 10_000 });
    await waiting.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.locator('[data-bed="5E-02"] .patient').textContent()).toMatch(/^NOETHER, Emmy/);
  });

  it('registers a patient from the form and shows the banner, then refuses a duplicate in plain words', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: /Registration/ }).click();
    await landsOn(page, 'Registration and coverage', '/register');
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Patients', exact: true }).click();
    await landsOn(page, 'Patients', '/patients');
    await page.fill('input[name="familyName"]', 'Hopper');
    await page.fill('input[name="givenNames"]', 'Grace Brewster');
    await page.fill('input[name="birthDate"]', '1946-12-09');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.waitForSelector('text=/Registered with MRN \\d{8}/');
    expect(await page.getByTestId('banner-identity').textContent()).toMatch(/^HOPPER, Grace Brewster MRN \d{8} · born 1946-12-09 \(\d+ y\) · female · not admitted$/);
    // The allergy list lives in the orders service, not running here: the banner says so instead of implying none.
    await page.getByTestId('banner-allergies').getByText(/^Allergies: NOT AVAILABLE/).waitFor();
    await checkScreen(page, 'patients-registered');

    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.waitForSelector('text=/same name and birth date is already registered/');
  });

  it('admits from the form into a clean bed it offers, and the banner shows where the patient is', async () => {
    await page.selectOption('select[name="class"]', 'observation');
    await page.selectOption('select[name="unitId"]', '3N');
    const offered = await page.locator('select[name="bedId"] option').allTextContents();
    expect(offered).toContain('3N-01A');
    await page.selectOption('select[name="bedId"]', '3N-01A');
    await page.getByRole('button', { name: 'Admit' }).click();
    await page.waitForSelector('text=Admitted (observation) to 3N-01A');
    await page.waitForSelector('[data-testid="patient-banner"]:has-text("· observation in 3N-01A")');
    // The bed it took is no longer offered.
    await page.waitForFunction(() => ![...document.querySelectorAll('select[name="bedId"] option')].some((o) => o.textContent === '3N-01A'));
  });

  it('registers an unidentified arrival with an alias, says so in red on the banner, and invents no birth date', async () => {
    await page.selectOption('select[name="arrivalSex"]', 'female');
    await page.fill('input[name="estimatedAge"]', '40');
    await page.fill('input[name="circumstances"]', 'found collapsed in the car park');
    await page.getByRole('button', { name: 'Register unidentified' }).click();
    await page.waitForSelector('text=/Registered as Unidentified-[A-Za-z]+ \\d{4}, MRN \\d{8}/');
    const banner = page.getByTestId('patient-banner');
    expect(await banner.textContent()).toMatch(/^UNIDENTIFIED PATIENT: the name below is an alias\. /);
    expect(await banner.getByTestId('banner-identity').textContent()).toMatch(/^UNIDENTIFIED-[A-Z]+, \d{4} MRN \d{8} · born unknown \(about 40 years\) · female · not admitted$/);
  });
});
