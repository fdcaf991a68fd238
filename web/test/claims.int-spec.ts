import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, eventually, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';
import { openChromium } from './support/chromium.js';
import { checkScreen, landsOn } from './support/screens.js';

const repo = join(import.meta.dirname, '..', '..');

/** 17:00 UTC `daysAgo` days back: midday in the hospital's zone, so facility and UTC dates agree. */
const middayDaysAgo = (daysAgo: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - daysAgo, 17)).toISOString();
};

describe('the claims work queues, in headless Chromium', () => {
  let db: TestDatabase;
  let stack: ServiceStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt', 'revenue'], databaseUrl: db.url, envFor: { revenue: { REVENUE_SUSPENSE_DAYS: '0' } } });
    ({ browser, page } = await openChromium({ width: 1280, height: 900 }));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  /** Another user at another workstation, acting through the API. */
  const asUser = async <T>(username: string, query: string, variables: Record<string, unknown> = {}) => (await stack.call<T>(username, query, variables)).data;
  const code = (accountId: string, poa: string | null) =>
    asUser('coder', `mutation($i: CodingInput!) { recordCoding(input: $i) { __typename } }`, {
      i: { accountId, principalDiagnosis: { code: 'J189', poa: 'Y' }, admittingDiagnosis: 'R0602', otherDiagnoses: [{ code: 'E1122', ...(poa ? { poa } : {}) }] },
    });

  it('shows a claim stopped by the scrubber in the claim-edit queue with its edit, lets the biller take it, and shows the claim and its 837I once coding is fixed', async () => {
    const registered = await asUser<{ registerPatient: { patient: { id: string } } }>(
      'registrar',
      `mutation { registerPatient(demographics: { familyName: "Ledger", givenNames: ["Ada"], birthDate: "1948-12-10", sex: "female" }) { ... on PatientRegistered { patient { id } } } }`,
    );
    const patientId = registered.registerPatient.patient.id;
    const admitted = await asUser<{ admitPatient: { encounter: { id: string } } }>(
      'bedmanager',
      `mutation($p: ID!, $at: String) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "4W-02A", unitId: "4W" }, at: $at, attendingNpi: "1628495032") { ... on EncounterChanged { encounter { id } } } }`,
      { p: patientId, at: middayDaysAgo(4) },
    );
    const encounterId = admitted.admitPatient.encounter.id;
    await asUser('nurse', `mutation($e: ID!, $at: String) { dischargePatient(encounterId: $e, disposition: "01", at: $at) { __typename } }`, { e: encounterId, at: middayDaysAgo(2) });
    const found = await eventually(
      () => asUser<{ encounter: { account: { id: string; workItem: { queue: string } | null } | null } }>('biller', `query($e: ID!) { encounter(id: $e) { account { id workItem { queue } } } }`, { e: encounterId }),
      (r) => r.encounter.account?.workItem?.queue === 'coding',
      'the discharged account waiting for coding',
      20_000,
    );
    const accountId = found.encounter.account!.id;
    await asUser('biller', `mutation($a: ID!) { recordCoverage(input: { accountId: $a, payerId: "BCBS1", payerName: "Blue Plan", filingIndicator: "BL", memberId: "XYZ123" }) { __typename } }`, {
      a: accountId,
    });
    // The coder leaves the POA of a secondary diagnosis blank.
    await code(accountId, null);

    await page.goto(stack.gateway.url);
    await page.getByRole('button', { name: /Gus Patel/ }).click();
    await landsOn(page, 'Billing: claims to remittance', '/billing');
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Claims', exact: true }).click();
    await landsOn(page, 'Claims work queues', '/claims');
    await page.getByRole('button', { name: /^prebill \(1\)$/ }).click();
    await page.locator('[data-account]', { hasText: 'ready to bill' }).waitFor();
    await page.getByRole('button', { name: `Open ${accountId}` }).click();
    const detail = page.getByRole('article', { name: `Account ${accountId}` });
    await detail.getByRole('button', { name: 'Create claim' }).click();
    await detail.getByRole('status').filter({ hasText: 'Stopped by the scrubber: POA_REQUIRED' }).waitFor();
    expect(await detail.getByTestId('edits').textContent()).toContain('POA required: diagnosis E1122 has no present-on-admission indicator; enter Y, N, U or W.');

    await page.getByRole('button', { name: /^claim-edit \(1\)$/ }).click();
    const row = page.locator(`[data-account="${accountId}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('POA_REQUIRED');
    expect(await row.textContent()).toContain('billing-team');
    await checkScreen(page, 'claims-queue');
    await detail.getByRole('button', { name: 'Take account' }).click();
    await detail.getByRole('status').filter({ hasText: `${accountId} is yours.` }).waitFor();
    await page.fill('input[name="owner"]', 'biller');
    await row.getByText('biller', { exact: true }).waitFor();
    await page.fill('input[name="owner"]', 'someone-else');
    await page.getByText('No account in the claim-edit queue with these filters.').waitFor();

    // The coder fixes the POA at another workstation: the scrubber runs again and the claim goes.
    await code(accountId, 'Y');
    const claimId = `${accountId}-C1`;
    const claims = detail.getByTestId('claims');
    await claims.getByRole('row').filter({ hasText: '0111' }).first().waitFor({ timeout: 10_000 });
    expect(await claims.textContent()).toContain('sent');
    expect(await detail.textContent()).toContain('No scrubber edit stops this account.');
    await detail.getByRole('button', { name: `837I of ${claimId}` }).click();
    const x12 = await detail.getByLabel(`837I of ${claimId}`).textContent();
    expect(x12).toContain('ST*837*0001*005010X223A2~');
    expect(x12).toContain(`CLM*${accountId}*4900***11:A:1**A*Y*Y~`);
    expect(await detail.getByTestId('history').textContent()).toMatch(new RegExp(`Claim stopped by the scrubber: POA_REQUIRED.*Assigned to biller by biller.*Claim ${claimId} sent`, 's'));
  });
});
