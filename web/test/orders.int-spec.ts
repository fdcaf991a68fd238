import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { freePort } from '@ehr/platform';
import { createTestDatabase, type RunningService, startServiceProcess, type TestDatabase } from '@ehr/platform/testing';

const secret = 'orders-screens-secret-0123456789abcdef';
const repo = join(import.meta.dirname, '..', '..');

describe('order entry and pharmacist verification, in headless Chromium', () => {
  let db: TestDatabase;
  let services: RunningService[] = [];
  let gateway: RunningService;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    db = await createTestDatabase();
    const common = { DATABASE_URL: db.url, GATEWAY_SHARED_SECRET: secret };
    const adt = await startServiceProcess({ main: join(repo, 'services', 'adt', 'dist', 'main.js'), port: await freePort(), env: { ...common, SERVICE_NAME: 'adt', SEED_DEMO_HOSPITAL: 'true' } });
    const orders = await startServiceProcess({ main: join(repo, 'services', 'orders', 'dist', 'main.js'), port: await freePort(), env: { ...common, SERVICE_NAME: 'orders' } });
    gateway = await startServiceProcess({
      main: join(repo, 'gateway', 'dist', 'main.js'),
      port: await freePort(),
      env: { ...common, SERVICE_NAME: 'gateway', SUBGRAPHS: `adt=${adt.url}/graphql,orders=${orders.url}/graphql` },
    });
    services = [gateway, orders, adt];
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
  });
  afterAll(async () => {
    await browser?.close();
    for (const service of services) await service.stop();
    await db?.drop();
  });

  async function asUser<T>(username: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const token = ((await (await fetch(`${gateway.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) })).json()) as { access_token: string }).access_token;
    const response = await fetch(`${gateway.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return ((await response.json()) as { data: T }).data;
  }

  it('signs a medication order through an allergy alert, and the pharmacist verifies it from the queue', async () => {
    const registered = await asUser<{ registerPatient: { patient: { id: string } } }>(
      'registrar',
      `mutation { registerPatient(demographics: { familyName: "Domagk", givenNames: ["Gerhard"], birthDate: "1895-10-30", sex: "male" }) { ... on PatientRegistered { patient { id } } } }`,
    );
    const patientId = registered.registerPatient.patient.id;
    await asUser('bedmanager', `mutation($p: ID!) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "3N-04A", unitId: "3N" }) { __typename } }`, { p: patientId });

    await page.goto(gateway.url);
    await page.getByRole('button', { name: /Okafor/ }).click();
    await page.getByRole('button', { name: 'Orders', exact: true }).click();
    await page.fill('input[name="search"]', 'Domagk');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: /Domagk, Gerhard/ }).click();

    await page.fill('input[name="substanceCode"]', 'penicillins');
    await page.fill('input[name="substance"]', 'Penicillins');
    await page.fill('input[name="reaction"]', 'anaphylaxis');
    await page.getByRole('button', { name: 'Record allergy' }).click();
    await page.locator('[data-testid="allergies"] li', { hasText: 'Penicillins (anaphylaxis) · high' }).waitFor();

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

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: /Chen Li/ }).click();
    await page.getByRole('button', { name: 'Pharmacy', exact: true }).click();
    const queued = page.locator('[data-order]', { hasText: 'DOMAGK, Gerhard' });
    await queued.waitFor({ timeout: 10_000 });
    expect(await queued.textContent()).toMatch(/Overridden: Allergy: documented allergy to Penicillins.* Reason: tolerated-previously, "amoxicillin in 2024 without reaction"/);
    await queued.getByRole('button', { name: 'Verify' }).click();
    await page.waitForSelector('text=Verified: Amoxicillin 500 MG Oral Capsule: 500 mg oral q8h');
    await queued.waitFor({ state: 'detached', timeout: 10_000 });

    const record = await asUser<{ patient: { orders: Array<{ verification: string; fhirStatus: string }> } }>('nurse', `query($p: ID!) { patient(id: $p) { orders { verification fhirStatus } } }`, { p: patientId });
    expect(record.patient.orders).toEqual([{ verification: 'verified', fhirStatus: 'active' }]);
    await page.screenshot({ path: join(repo, '.test-results', 'pharmacy-queue.png'), fullPage: false });
  });
});
