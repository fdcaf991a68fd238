import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, eventually, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';
import { build835 } from '../../services/revenue/test/support/x12-835.js';
import { openChromium } from './support/chromium.js';
import { checkScreen, landsOn, workstation } from './support/screens.js';

const repo = join(import.meta.dirname, '..', '..');

/** 17:00 UTC `daysAgo` days back: midday in the hospital's zone, so facility and UTC dates agree. */
const middayDaysAgo = (daysAgo: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysAgo, 17));
};
const day = (d: Date) => d.toISOString().slice(0, 10);
const yyyymmdd = (d: Date) => day(d).replaceAll('-', '');

/**
 * One stay from the front desk to the privacy office, all from the screens: the registrar
 * registers (past a duplicate warning), admits and records the coverage; the coder codes the stay;
 * the biller sends the claim, posts the denial, works it with a replacement and posts the payment;
 * the reports count it; the privacy officer reads who opened the patient's record.
 */
describe('the office screens, from registration to the access report, in headless Chromium', () => {
  let db: TestDatabase;
  let stack: ServiceStack;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const stay = { patientId: '', mrn: '', encounterId: '', accountId: '', totalCents: 0 };

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt', 'revenue'], databaseUrl: db.url, envFor: { revenue: { REVENUE_SUSPENSE_DAYS: '0' } } });
    ({ browser, page } = await openChromium(workstation));
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  /** Another user at another workstation, acting through the API. */
  const asUser = async <T>(username: string, query: string, variables: Record<string, unknown> = {}) => (await stack.call<T>(username, query, variables)).data;
  let signIns = 0;
  const signInAs = async (name: RegExp) => {
    // A new sign-in at the same workstation: the last user's session is gone, and a fresh load starts at no screen.
    if (page.url().startsWith('http')) await page.evaluate(() => sessionStorage.clear());
    await page.goto(`${stack.gateway.url}/?workstation=${(signIns += 1)}`);
    await page.getByRole('button', { name }).click({ timeout: 15_000 }).catch(async (e: Error) => {
      throw new Error(`${e.message}\n${page.url()}\n${await page.locator('body').innerHTML()}\n${pageErrors.join('\n')}`);
    });
  };
  const openScreen = (label: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: label, exact: true }).click();
  const downloaded = async (click: () => Promise<void>) => {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    return { name: file.suggestedFilename(), text: await readFile((await file.path())!, 'utf8') };
  };

  it('lets the registrar register a patient past the duplicate warning, admit them with an attending and record the coverage', async () => {
    const existing = await asUser<{ registerPatient: { patient: { id: string; mrn: string } } }>(
      'registrar',
      `mutation { registerPatient(demographics: { familyName: "Ledger", givenNames: ["Ada"], birthDate: "1948-12-10", sex: "female" }) { ... on PatientRegistered { patient { id mrn } } } }`,
    );

    await signInAs(/Eve Martin/);
    await landsOn(page, 'Registration and coverage', '/register');
    const person = { familyName: 'Ledger', givenNames: 'Ada May', birthDate: '1948-12-10', phone: '410-555-0142', street: '12 Harbor Lane', city: 'Baltimore', state: 'MD', postalCode: '21201' };
    for (const [field, value] of Object.entries(person)) await page.fill(`input[name="${field}"]`, value);
    await page.getByRole('button', { name: 'Check for duplicates and register' }).click();
    const warning = page.getByTestId('duplicate-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain(`MRN ${existing.registerPatient.patient.mrn}`);
    await checkScreen(page, 'office-registration-duplicate');
    await expect(page.getByRole('button', { name: 'Register as a new patient' }).isDisabled()).resolves.toBe(true);
    await page.fill('input[name="overrideReason"]', 'Her daughter-in-law: same name and birth date, another address');
    await page.getByRole('button', { name: 'Register as a new patient' }).click();
    await page.waitForURL(/#\/register\/[^/]+$/);
    stay.patientId = new URL(page.url()).hash.split('/')[2]!;
    expect(stay.patientId).not.toBe(existing.registerPatient.patient.id);

    await page.locator('select[name="bed"] option[value="4W-02A"]').waitFor({ state: 'attached' });
    await page.selectOption('select[name="bed"]', '4W-02A');
    await page.selectOption('select[name="attending"]', '1234567893');
    const admittedAt = await page.evaluate((iso) => {
      const d = new Date(iso);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    }, middayDaysAgo(3).toISOString());
    await page.fill('input[name="admittedAt"]', admittedAt);
    await page.getByRole('button', { name: 'Admit', exact: true }).click();
    await page.getByTestId('admission').filter({ hasText: 'attending Dr. William Osler (NPI 1234567893)' }).waitFor();
    await page.getByRole('heading', { name: /^Coverage for account / }).waitFor({ timeout: 30_000 }).catch(async (e: Error) => {
      throw new Error(`${e.message}\n${await page.locator('main').textContent()}`);
    });
    for (const [field, value] of Object.entries({ payerId: 'BCBS1', payerName: 'Blue Plan', memberId: 'XYZ123' })) await page.fill(`input[name="${field}"]`, value);
    await page.selectOption('select[name="filingIndicator"]', 'BL');
    await page.getByRole('button', { name: 'Record coverage' }).click();
    await page.getByRole('status').filter({ hasText: 'Coverage recorded: Blue Plan (primary), member XYZ123.' }).waitFor({ timeout: 5000 }).catch(async (e: Error) => {
      throw new Error(`${e.message}\n${await page.getByTestId('coverage').textContent()}`);
    });
    await page.getByTestId('coverage-now').filter({ hasText: 'Blue Plan (BCBS1)' }).waitFor();
    await checkScreen(page, 'office-registration-coverage');

    const record = await asUser<{ patient: { mrn: string; phone: string; address: { line: string[]; city: string; postalCode: string }; encounters: Array<{ id: string; attending: { npi: string }; account: { id: string; payerId: string } }> } }>(
      'biller',
      `query($p: ID!) { patient(id: $p) { mrn phone address { line city postalCode } encounters { id attending { npi } account { id payerId } } } }`,
      { p: stay.patientId },
    );
    expect(record.patient).toMatchObject({ phone: '410-555-0142', address: { line: ['12 Harbor Lane'], city: 'Baltimore', postalCode: '21201' } });
    expect(record.patient.encounters).toEqual([expect.objectContaining({ attending: { npi: '1234567893' }, account: expect.objectContaining({ payerId: 'BCBS1' }) })]);
    Object.assign(stay, { mrn: record.patient.mrn, encounterId: record.patient.encounters[0]!.id, accountId: record.patient.encounters[0]!.account.id });
  });

  it('lets the coder see the discharged stay and code it with POA indicators, finding codes by words and by code', async () => {
    expect(stay.accountId).not.toBe('');
    await asUser('nurse', `mutation($e: ID!, $at: String) { dischargePatient(encounterId: $e, disposition: "01", at: $at) { __typename } }`, { e: stay.encounterId, at: middayDaysAgo(1).toISOString() });
    await eventually(
      () => asUser<{ account: { workItem: { queue: string } | null } }>('coder', `query($a: ID!) { account(id: $a) { workItem { queue } } }`, { a: stay.accountId }),
      (r) => r.account.workItem?.queue === 'coding',
      'the discharged account waiting for coding',
      20_000,
    );

    await signInAs(/Hal Young/);
    await landsOn(page, 'Coding', '/coding');
    const row = page.locator(`[data-account="${stay.accountId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('LEDGER, Ada May');
    await row.getByRole('link').click();
    await page.waitForURL(new RegExp(`#/coding/${stay.accountId}$`));
    const facts = page.getByTestId('stay-facts');
    await facts.filter({ hasText: 'disposition 01 (home or self care)' }).waitFor();
    expect(await facts.textContent()).toContain('attending Dr. William Osler');
    expect(await facts.textContent()).toMatch(/[1-9] inpatient days? charged · payer Blue Plan/);

    const lookup = page.getByTestId('code-lookup');
    await page.fill('input[name="codeSearch"]', 'E11.2');
    await lookup.locator('[data-code="E1122"]').waitFor();
    await page.fill('input[name="codeSearch"]', 'pneumonia organism');
    await lookup.getByRole('button', { name: 'J18.9 as principal' }).click();
    await page.fill('input[name="codeSearch"]', 'shortness breath');
    await lookup.getByRole('button', { name: 'R06.02 as admitting' }).click();
    await page.fill('input[name="codeSearch"]', 'diabetic kidney');
    await lookup.getByRole('button', { name: 'E11.22 as secondary' }).click();
    expect(await page.inputValue('input[name="principal"]')).toBe('J189');
    expect(await page.inputValue('input[name="admitting"]')).toBe('R0602');
    expect(await page.getByLabel('Secondary diagnosis 1').inputValue()).toBe('E1122');

    await page.getByLabel('POA of secondary 1').selectOption('Y');
    await page.getByRole('button', { name: 'Save coding' }).click();
    await page.getByRole('status').filter({ hasText: 'Coding saved: principal J18.9 (POA Y), admitting R06.02, 1 secondary, 0 procedures.' }).waitFor();
    await page.getByTestId('coded-now').filter({ hasText: 'principal J189' }).filter({ hasText: 'queue prebill' }).waitFor();
    await checkScreen(page, 'office-coding');
  });

  it('lets the biller send the claim, read and download its 837I, post the denial, work it with a replacement and post the payment', async () => {
    expect(stay.accountId).not.toBe('');
    await signInAs(/Gus Patel/);
    await landsOn(page, 'Billing: claims to remittance', '/billing');
    await page.getByRole('button', { name: 'Ready to bill (1)' }).click();
    const row = page.locator(`[data-account="${stay.accountId}"]`);
    await row.waitFor();
    const rowText = await row.textContent();
    for (const shown of ['LEDGER, Ada May', `MRN ${stay.mrn}`, 'Ready to bill', 'Blue Plan (BCBS1)', 'billing-team', '0-30 days']) expect(rowText).toContain(shown);
    expect(rowText).toMatch(/\$[1-9][\d,]*\.\d\d/);
    await row.getByRole('link').click();
    const account = page.getByTestId('claim-account');
    await account.getByRole('button', { name: 'Send the claim' }).click();
    const claimId = `${stay.accountId}-C1`;
    await page.getByTestId('claim-message').filter({ hasText: `Claim sent: ${claimId}.` }).waitFor();
    await account.getByRole('button', { name: `Open the 837I of ${claimId}` }).click();
    const x12 = page.getByTestId('claim-837');
    await x12.waitFor();
    expect(await x12.getByTestId('claim-lines').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await x12.getByTestId('claim-lines').textContent()).toContain('0121');
    const segments = await x12.getByTestId('segments').textContent();
    expect(segments).toContain(`CLM*${stay.accountId}*`);
    // The coder's diagnoses and POA indicators, as the claim carries them.
    expect(segments).toContain('HI*ABK:J189:::::::Y~');
    expect(segments).toContain('HI*ABJ:R0602~');
    expect(segments).toContain('HI*ABF:E1122:::::::Y~');
    const file837 = await downloaded(() => x12.getByRole('button', { name: `Download the 837I of ${claimId}` }).click());
    expect(file837.name).toBe(`${claimId}.837i.x12`);
    expect(file837.text).toMatch(/^ISA\*/);
    expect(file837.text).toContain('ST*837*0001*005010X223A2~');
    await checkScreen(page, 'office-claim-837');

    const sent = await asUser<{ claim: { totalCents: number } }>('biller', `query($c: ID!) { claim(id: $c) { totalCents } }`, { c: claimId });
    stay.totalCents = sent.claim.totalCents;
    const total = (stay.totalCents / 100).toFixed(2).replace(/\.00$/, '');
    const today = yyyymmdd(new Date());
    const denial = build835({
      control: 41,
      trace: 'EFT3001',
      payerId: 'BCBS1',
      date: today,
      bpr: `BPR*H*0*C*NON************${today}`,
      claims: [`CLP*${stay.accountId}*4*${total}*0*0*12*ICN77*11*1~CAS*CO*16*${total}~MIA*0****MA130~`],
    });
    await page.fill('textarea[name="x12"]', denial);
    await page.getByRole('button', { name: 'Post the 835' }).click();
    await page.getByTestId('posted-payments').filter({ hasText: 'denied' }).waitFor();
    const denials = account.getByTestId('denials');
    await denials.waitFor();
    const denialText = await denials.textContent();
    expect(denialText).toContain('16: Claim/service lacks information or has submission/billing error(s) (Missing/invalid info)');
    expect(denialText).toContain('MA130: The claim contains incomplete and/or invalid information');
    expect(denialText).toContain('send a replacement claim');

    await page.getByRole('button', { name: 'Denials (1)' }).click();
    await row.filter({ hasText: 'Missing/invalid info' }).waitFor();
    await account.getByRole('button', { name: 'Take the account' }).click();
    await page.getByTestId('claim-message').filter({ hasText: `Account ${stay.accountId} is yours.` }).waitFor();
    await row.filter({ hasText: 'biller' }).waitFor();

    // A void asks first; going back sends nothing.
    await account.getByRole('button', { name: 'Void the claim' }).click();
    await page.getByRole('dialog', { name: 'Void the claim?' }).getByRole('button', { name: 'Go back' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await account.getByTestId('claims').locator('tbody tr').count()).toBe(1);

    await account.getByRole('button', { name: 'Send a replacement claim' }).click();
    const confirm = page.getByRole('dialog', { name: 'Send a replacement claim?' });
    expect(await confirm.textContent()).toContain('Blue Plan');
    await confirm.getByRole('button', { name: 'Send the replacement' }).click();
    const replacementId = `${stay.accountId}-C2`;
    await page.getByTestId('claim-message').filter({ hasText: `Replacement claim sent: ${replacementId}.` }).waitFor();
    await account.locator(`[data-claim="${replacementId}"]`).filter({ hasText: 'replacement of ICN77' }).waitFor();

    const paid = Math.round(stay.totalCents * 0.6);
    const paidText = (paid / 100).toFixed(2);
    const payment = build835({
      control: 42,
      trace: 'EFT3002',
      payerId: 'BCBS1',
      date: today,
      bpr: `BPR*I*${paidText}*C*ACH*CCP*01*999999999*DA*123456*1512345678**01*999988880*DA*98765*${today}`,
      claims: [`CLP*${stay.accountId}*1*${total}*${paidText}*0*12*ICN78*11*7~CAS*CO*45*${((stay.totalCents - paid) / 100).toFixed(2)}~`],
    });
    await page.fill('textarea[name="x12"]', payment);
    await page.getByRole('button', { name: 'Post the 835' }).click();
    await page.getByTestId('posted-payments').filter({ hasText: 'processed as primary' }).filter({ hasText: 'applied to the account' }).waitFor();
    await account.getByTestId('remittances').filter({ hasText: `835 trace EFT3002` }).filter({ hasText: `paid $${paidText}` }).waitFor();
    await checkScreen(page, 'office-remittance-and-denial');
  });

  it('shows the biller the census of a past midnight, A/R aging and the denial rate by payer, each with its CSV', async () => {
    expect(stay.totalCents).toBeGreaterThan(0);
    await openScreen('Reports');
    await landsOn(page, 'Reports', '/reports');
    await page.fill('input[name="censusDate"]', day(middayDaysAgo(2)));
    const census = page.getByTestId('census-table');
    // In a bed at the midnight ending the day after admission: one inpatient on 4W.
    await census
      .locator('tbody tr', { hasText: '4W' })
      .filter({ hasText: 'inpatient' })
      .filter({ has: page.locator('td:nth-child(3)', { hasText: /^1$/ }) })
      .waitFor({ timeout: 15_000 })
      .catch(async (e: Error) => {
        throw new Error(`${e.message}\n${await page.getByTestId('census').textContent()}`);
      });
    const censusCsv = await downloaded(() => page.getByRole('button', { name: 'Export Midnight census as CSV' }).click());
    expect(censusCsv.text).toContain('Unit,Class,Patients at midnight,Admissions,Transfers in,Transfers out,Discharges\r\n4W,inpatient,1,');

    await page.getByTestId('ar-aging-table').locator('tbody tr').nth(5).waitFor();
    expect(await page.getByTestId('ar-aging-table').locator('tbody tr').count()).toBe(6);

    const denials = page.getByTestId('denials-table');
    await denials.locator('tr', { hasText: 'BCBS1' }).waitFor();
    expect(await denials.textContent()).toContain('Missing/invalid info');
    const denialCsv = await downloaded(() => page.getByRole('button', { name: 'Export Denial rate as CSV' }).click());
    expect(denialCsv.text).toContain(`BCBS1,Missing/invalid info,1,${(stay.totalCents / 100).toFixed(2)},2,1,50.0\r\n`);
    expect(await page.getByTestId('chart').count()).toBeGreaterThanOrEqual(3);
    await checkScreen(page, 'office-reports');
  });

  it('shows the privacy officer who opened the patient’s record, what one user opened and the break-the-glass entries, as CSV too', async () => {
    expect(stay.patientId).not.toBe('');
    const token = await fetch(`${stack.gateway.url}/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nurse2' }) }).then(
      async (r) => ((await r.json()) as { access_token: string }).access_token,
    );
    const glass = await fetch(`${stack.gateway.url}/audit/emergency-access`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ patientId: stay.patientId, reason: 'Unresponsive on the ward, chart needed now', minutes: 30 }),
    });
    expect(glass.ok).toBe(true);

    await signInAs(/Ida Novak/);
    await landsOn(page, 'Privacy access report', '/access-log');
    await page.fill('input[name="search"]', 'Ledger');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('button', { name: new RegExp(`MRN ${stay.mrn}`) }).click({ timeout: 10_000 }).catch(async (e: Error) => {
      throw new Error(`${e.message}\n${await page.locator('main').textContent()}`);
    });
    const entries = page.getByTestId('access-table');
    await entries.waitFor();
    for (const user of ['registrar', 'coder', 'biller']) await entries.locator(`tr[data-actor="${user}"]`).first().waitFor();
    expect(await entries.locator('tr[data-actor="coder"]').first().textContent()).toContain('(coder)');
    const csv = await downloaded(() => page.getByRole('button', { name: 'Export the access report as CSV' }).click());
    expect(csv.text.split('\r\n')[0]).toContain('actorId');
    expect(csv.text).toMatch(/\r\n[^\r\n]*,coder,coder,/);
    await page.getByTestId('emergency-access').filter({ hasText: 'Unresponsive on the ward, chart needed now' }).waitFor();
    await checkScreen(page, 'office-access-log');

    await page.fill('input[name="userId"]', 'coder');
    await page.getByRole('button', { name: 'Report this user' }).click();
    await page.getByRole('heading', { name: /^What user coder opened \(\d+\)$/ }).waitFor();
    expect(await page.getByTestId('access-table').textContent()).toContain(stay.patientId);
  });
});
