import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';
import { openChromium } from './support/chromium.js';
import { checkScreen, landsOn } from './support/screens.js';

const repo = join(import.meta.dirname, '..', '..');

describe('order entry and pharmacist verification, in headless Chromium', () => {
  let db: TestDatabase;
  let stack: ServiceStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt', 'orders'], databaseUrl: db.url });
    ({ browser, page } = await openChromium());
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  /** Another user at another workstation, acting through the API. */
  const asUser = async <T>(username: string, query: string, variables: Record<string, unknown> = {}) => (await stack.call<T>(username, query, variables)).data;

  it('signs a medication order through an allergy alert, and the pharmacist verifies it from the queue', async () => {
    const registered = await asUser<{ registerPatient: { patient: { id: string } } }>(
      'registrar',
      `mutation { registerPatient(demographics: { familyName: "Domagk", givenNames: ["Gerhard"], birthDate: "1955-10-30", sex: "male" }) { ... on PatientRegistered { patient { id } } } }`,
    );
    const patientId = registered.registerPatient.patient.id;
    await asUser('bedmanager', `mutation($p: ID!) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "3N-04A", unitId: "3N" }) { __typename } }`, { p: patientId });

    await page.goto(stack.gateway.url);
    await page.getByRole('button', { name: /Okafor/ }).click();
    await landsOn(page, 'Orders', '/orders');
    await page.fill('input[name="search"]', 'Domagk');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: /Domagk, Gerhard/ }).click();

    await page.fill('input[name="substanceCode"]', 'penicillins');
    await page.fill('input[name="substance"]', 'Penicillins');
    await page.fill('input[name="reaction"]', 'anaphylaxis');
    await page.getByRole('button', { name: 'Record allergy' }).click();
    await page.locator('[data-testid="allergies"] li', { hasText: 'Penicillins (anaphylaxis) · high' }).waitFor();
    // The banner carries the allergy too, on every screen this patient is on.
    await page.getByTestId('banner-allergies').getByText('Penicillins: anaphylaxis (HIGH)').waitFor();
    await checkScreen(page, 'orders-chart');

    // The orders service learns of the admission from ADT's events; the form appears once the banner shows the stay.
    await page.selectOption('select[name="drugId"]', 'amoxicillin-500-cap');
    await page.fill('input[name="dose"]', '500');
    await page.selectOption('select[name="unit"]', 'mg');
    await page.selectOption('select[name="frequency"]', 'interval:q8h');
    await page.getByRole('button', { name: 'Sign order' }).click();
    await page.waitForSelector('text=/Allergy: documented allergy to Penicillins \\(anaphylaxis\\)/');
    await page.getByLabel('Override reason for allergy').selectOption('tolerated-previously');
    await page.getByLabel('Comment for allergy').fill('amoxicillin in 2024 without reaction');
    await page.getByRole('button', { name: 'Sign with overrides' }).click();
    await page.waitForSelector('text=Signed: Amoxicillin 500 MG Oral Capsule: 500 mg oral q8h. Pharmacy verifies it before the first dose.');
    await page.locator('[data-testid="orders"] tr', { hasText: 'Awaiting pharmacist' }).waitFor();

    await page.selectOption('select[name="lab"]', '2823-3');
    await page.getByRole('button', { name: 'Sign lab order' }).click();
    await page.waitForSelector('text=Signed: Potassium (LOINC 2823-3), blood.');
    await page.locator('[data-testid="orders"] tr', { hasText: 'Potassium (LOINC 2823-3), blood' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: /Chen Li/ }).click();
    await landsOn(page, 'Pharmacy verification', '/pharmacy');
    const queued = page.locator('[data-order]', { hasText: 'DOMAGK, Gerhard' });
    await queued.waitFor({ timeout: 10_000 });
    await checkScreen(page, 'pharmacy-queue');
    expect(await queued.textContent()).toMatch(/Overridden: Allergy: documented allergy to Penicillins.* Reason: tolerated-previously, "amoxicillin in 2024 without reaction"/);
    await queued.getByRole('button', { name: 'Verify' }).click();
    await page.waitForSelector('text=Verified: Amoxicillin 500 MG Oral Capsule: 500 mg oral q8h');
    await queued.waitFor({ state: 'detached', timeout: 10_000 });

    const record = await asUser<{ patient: { orders: { nodes: Array<{ verification: string; fhirStatus: string }> } } }>('nurse', `query($p: ID!) { patient(id: $p) { orders { nodes { verification fhirStatus } } } }`, {
      p: patientId,
    });
    expect(record.patient.orders.nodes).toEqual([
      { verification: 'not-required', fhirStatus: 'active' },
      { verification: 'verified', fhirStatus: 'active' },
    ]);
    await page.screenshot({ path: join(repo, '.test-results', 'pharmacy-queue.png'), fullPage: false });
  });
});
