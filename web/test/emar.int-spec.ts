import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { gtinFromNdc10 } from '@ehr/contracts';
import { createTestDatabase, eventually as eventuallyWithin, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';
import { openChromium } from './support/chromium.js';
import { checkScreen, landsOn } from './support/screens.js';

const repo = join(import.meta.dirname, '..', '..');
const lisinopril = gtinFromNdc10('0999-1016-01');
const succinate = gtinFromNdc10('99901-114-10');
const acetaminophen = gtinFromNdc10('0999-1001-01');
const metoprolol = gtinFromNdc10('99902-2012-1');
const heparin = gtinFromNdc10('99901-120-10');

/** The bedside flow in headless Chromium at tablet width; the scanner is a keyboard wedge (text, then Enter). */
describe('the bedside eMAR, in headless Chromium', () => {
  let db: TestDatabase;
  let stack: ServiceStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt', 'orders', 'mar'], databaseUrl: db.url });
    ({ browser, page } = await openChromium({ width: 768, height: 1024 }));
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  /** Another user at another workstation, acting through the API. */
  const asUser = async <T>(username: string, query: string, variables: Record<string, unknown> = {}) => (await stack.call<T>(username, query, variables)).data;
  /** The eMAR learns of ADT's and orders' events a moment later. */
  const eventually = <T>(ask: () => Promise<T>, done: (value: T) => boolean, what: string) => eventuallyWithin(ask, done, what, 15_000);

  /** A patient in a bed with orders (verified unless told otherwise) whose doses fall due now, once the MAR shows them. */
  async function patientWithDueOrders(familyName: string, bedId: string, orders: Array<Record<string, unknown>>, verify = true): Promise<string> {
    const registered = await asUser<{ registerPatient: { patient: { id: string; mrn: string } } }>(
      'registrar',
      `mutation($f: String!) { registerPatient(demographics: { familyName: $f, givenNames: ["Ada"], birthDate: "1951-03-14", sex: "female" }) { ... on PatientRegistered { patient { id mrn } } } }`,
      { f: familyName },
    );
    const { id: patientId, mrn } = registered.registerPatient.patient;
    const admitted = await asUser<{ admitPatient: { encounter: { id: string } } }>(
      'bedmanager',
      `mutation($p: ID!, $b: BedInput!) { admitPatient(patientId: $p, class: "inpatient", bed: $b) { ... on EncounterChanged { encounter { id } } } }`,
      { p: patientId, b: { bedId, unitId: 'ICU' } },
    );
    const encounterId = admitted.admitPatient.encounter.id;
    const place = `mutation($i: MedicationOrderInput!) { placeMedicationOrder(input: $i) { __typename ... on OrderChanged { order { id } } } }`;
    for (const order of orders) {
      const placed = await eventually(
        () => asUser<{ placeMedicationOrder: { __typename: string; order?: { id: string } } }>('physician', place, { i: { patientId, encounterId, route: 'oral', overrides: [], ...order } }),
        (r) => r.placeMedicationOrder.__typename === 'OrderChanged',
        'the order on the new admission',
      );
      if (verify) await asUser('pharmacist', `mutation($o: ID!) { verifyOrder(orderId: $o) { __typename } }`, { o: placed.placeMedicationOrder.order!.id });
    }
    await eventually(
      () => asUser<{ marForShift: { doses: Array<{ timing: string }> } }>('nurse', `query($p: ID!) { marForShift(patientId: $p) { doses { timing } } }`, { p: patientId }),
      (r) => r.marForShift.doses.filter((d) => d.timing === 'due').length === orders.length,
      'the due doses on the MAR',
    );
    return `PID:${mrn}`;
  }

  /** The scanner: types the barcode into the focused field and presses Enter. */
  async function scan(code: string) {
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
  }

  it('scans the wristband, shows the shift with late and missed doses in words and colour, refuses the wrong drug, and documents the right one', async () => {
    const registered = await asUser<{ registerPatient: { patient: { id: string; mrn: string } } }>(
      'registrar',
      `mutation { registerPatient(demographics: { familyName: "Henderson", givenNames: ["Virginia"], birthDate: "1948-11-30", sex: "female" }) { ... on PatientRegistered { patient { id mrn } } } }`,
    );
    const { id: patientId, mrn } = registered.registerPatient.patient;
    const admitted = await asUser<{ admitPatient: { encounter: { id: string } } }>(
      'bedmanager',
      `mutation($p: ID!) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "ICU-01", unitId: "ICU" }) { ... on EncounterChanged { encounter { id } } } }`,
      { p: patientId },
    );
    const encounterId = admitted.admitPatient.encounter.id;
    // Every 4 hours from 5 h 25 min ago: the first dose is missed, the one 85 min ago late (past its 60-min window), the next upcoming.
    const place = `mutation($i: MedicationOrderInput!) { placeMedicationOrder(input: $i) { __typename ... on OrderChanged { order { id } } } }`;
    const placed = await eventually(
      () =>
        asUser<{ placeMedicationOrder: { __typename: string; order?: { id: string } } }>('physician', place, {
          i: { patientId, encounterId, drugId: 'lisinopril-10-tab', dose: { value: 10, unit: 'mg' }, route: 'oral', frequency: { type: 'interval', code: 'q4h' }, start: new Date(Date.now() - 325 * 60_000).toISOString(), overrides: [] },
        }),
      (r) => r.placeMedicationOrder.__typename === 'OrderChanged',
      'the order on the new admission',
    );
    await asUser('pharmacist', `mutation($o: ID!) { verifyOrder(orderId: $o) { __typename } }`, { o: placed.placeMedicationOrder.order!.id });
    await eventually(
      () => asUser<{ marForShift: { doses: Array<{ timing: string }> } }>('nurse', `query($p: ID!) { marForShift(patientId: $p) { doses { timing } } }`, { p: patientId }),
      (r) => r.marForShift.doses.some((d) => d.timing === 'late'),
      'the doses on the MAR',
    );

    await page.goto(stack.gateway.url);
    await page.getByRole('button', { name: /Rosa Nurse/ }).click();
    await landsOn(page, 'eMAR', '/emar');
    await page.getByLabel('Scan').waitFor();
    await scan(`PID:${mrn}`);
    await page.getByTestId('patient-banner').getByText('HENDERSON, Virginia').waitFor({ timeout: 10_000 });

    const late = page.locator('.mar-dose.late');
    await late.waitFor();
    // The patient is in the URL: a reload comes back to this patient's MAR.
    expect(new URL(page.url()).hash).toBe(`#/emar/${patientId}`);
    await page.getByTestId('banner-allergies').getByText('none recorded (ask and record)').waitFor();
    // Every dose says its day as well as its time.
    expect(await late.locator('.mar-time').textContent()).toMatch(/^\w{3} \d{1,2} \w{3} \d\d:\d\d E[SD]T$/);
    await checkScreen(page, 'emar');
    expect(await late.locator('.mar-status').textContent()).toBe('LATE');
    expect(await page.locator('.mar-dose.missed .mar-status').first().textContent()).toBe('MISSED');
    const lateColour = await late.evaluate((el) => getComputedStyle(el).backgroundColor);
    const missedColour = await page.locator('.mar-dose.missed').first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(lateColour).not.toBe(missedColour);
    // Works at tablet width: nothing runs off the side of the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    const lateId = (await late.getAttribute('data-dose'))!;
    const lateDose = page.locator(`[data-dose="${lateId}"]`);
    // The unit's day, not the workstation's: the late dose was 85 min ago on the unit clock.
    const unitDay = new Date(Date.now() - 85 * 60_000).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'America/New_York' });
    expect(await late.locator('.mar-time small').textContent()).toBe(unitDay);
    await late.getByRole('button', { name: 'Give' }).click();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Scan');
    await scan(succinate);
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('NOT_ORDERED');
    expect(await refusal.textContent()).toMatch(/^STOP: No active order matches the scanned product/);

    await scan(lisinopril);
    await page.getByRole('button', { name: 'Confirm given' }).click();
    // Given 85 min late: the nurse says why, and confirms again.
    await page.getByRole('alert').getByText(/min after the scheduled time/).waitFor();
    await page.getByLabel('Reason for the timing').selectOption('delayed-by-procedure');
    await page.getByRole('button', { name: 'Confirm given' }).click();
    await page.getByRole('status').getByText('Given: Lisinopril').waitFor();
    // No longer open; the shift lists it as given unless it was due before the shift began. (The
    // older dose may read late again after a shift change, so this asks of the dose given.)
    await page.locator(`.mar-dose.late[data-dose="${lateId}"]`).waitFor({ state: 'detached' });
    if ((await lateDose.count()) > 0) expect(await lateDose.locator('.mar-status').textContent()).toMatch(/^Given \w{3} \d{1,2} \w{3} \d\d:\d\d E[SD]T by nurse$/);
    await page.screenshot({ path: join(repo, '.test-results', 'emar.png'), fullPage: true });
  });

  it('wants every tablet of a two-tablet dose scanned, and a reason when only one is given (scenario 3)', async () => {
    const start = new Date(Date.now() - 5 * 60_000).toISOString();
    const wristband = await patientWithDueOrders('Seacole', 'ICU-02', [
      { drugId: 'lisinopril-10-tab', dose: { value: 20, unit: 'mg' }, frequency: { type: 'interval', code: 'q8h' }, start },
      { drugId: 'acetaminophen-500-tab', dose: { value: 1000, unit: 'mg' }, frequency: { type: 'interval', code: 'q6h' }, start },
    ]);
    // The nurse moves on to the next patient: her wristband replaces the MAR on the screen.
    await scan(wristband);
    await page.getByTestId('patient-banner').getByText('SEACOLE, Ada').waitFor({ timeout: 10_000 });

    // The dose due now (the next one may fall in the shift too, as upcoming), followed by its id.
    const lisinoprilDose = page.locator(`[data-dose="${await page.locator('.mar-dose.due').filter({ hasText: /20 mg oral · q8h/ }).getAttribute('data-dose')}"]`);
    await lisinoprilDose.getByRole('button', { name: 'Give' }).click();
    await scan(lisinopril);
    await page.getByRole('status').getByText('20 mg takes 2 packages; 1 scanned. Scan the next one.').waitFor();
    expect(await page.getByRole('button', { name: 'Confirm partial dose' }).isDisabled()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Scan');
    await scan(lisinopril);
    await page.getByTestId('packages-scanned').getByText('2 scanned × 10 mg; the dose takes 2').waitFor();
    await page.getByRole('button', { name: 'Confirm given' }).click();
    await page.getByRole('status').getByText('Given: Lisinopril 10 MG Oral Tablet 20 mg.').waitFor();

    const acetaminophenDose = page.locator(`[data-dose="${await page.locator('.mar-dose.due').filter({ hasText: /1000 mg oral · q6h/ }).getAttribute('data-dose')}"]`);
    await acetaminophenDose.getByRole('button', { name: 'Give' }).click();
    await scan(acetaminophen);
    await page.getByText('Partial dose: 500 mg of 1000 mg. Why?').waitFor();
    await page.getByLabel(/Partial dose/).selectOption('patient-unable-to-take');
    await page.getByRole('button', { name: 'Confirm partial dose' }).click();
    await page.getByRole('status').getByText('Partial dose given: Acetaminophen 500 MG Oral Tablet 500 mg of 1000 mg (patient-unable-to-take).').waitFor();
    expect(await acetaminophenDose.locator('.mar-status').textContent()).toMatch(/^Given \w{3} \d{1,2} \w{3} \d\d:\d\d E[SD]T by nurse · partial: 500 of 1000 mg \(patient-unable-to-take\)$/);
  });

  it('gives a STAT dose before pharmacist verification once the nurse says why it cannot wait (scenario 4)', async () => {
    const wristband = await patientWithDueOrders(
      'Barton',
      'ICU-03',
      [{ drugId: 'metoprolol-tartrate-25-tab', dose: { value: 25, unit: 'mg' }, frequency: { type: 'stat' }, priority: 'stat' }],
      false,
    );
    await scan(wristband);
    await page.getByTestId('patient-banner').getByText('BARTON, Ada').waitFor({ timeout: 10_000 });
    const statDose = page.locator('.mar-dose').filter({ hasText: 'Awaiting pharmacist verification' });
    await statDose.getByRole('button', { name: 'Give' }).click();
    await scan(metoprolol);
    const refusal = page.getByRole('alert');
    await refusal.getByText(/STAT order awaiting pharmacist verification/).waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('VERIFICATION_OVERRIDE_REQUIRED');
    expect(await page.getByRole('button', { name: 'Give before verification' }).isDisabled()).toBe(true);
    await page.getByLabel('Why it cannot wait').selectOption('life-threatening-emergency');
    await page.getByRole('button', { name: 'Give before verification' }).click();
    await page.getByRole('button', { name: 'Confirm given' }).click();
    await page.getByRole('status').getByText('Given: Metoprolol Tartrate 25 MG Oral Tablet 25 mg.').waitFor();
  });

  it('has a high-alert dose checked by a second nurse who signs in for that one act, and the nurse at the screen stays signed in', async () => {
    const wristband = await patientWithDueOrders('Wald', 'ICU-06', [
      { drugId: 'heparin-5000-inj', dose: { value: 5000, unit: '[iU]' }, route: 'subcutaneous', frequency: { type: 'interval', code: 'q12h' }, start: new Date(Date.now() - 5 * 60_000).toISOString() },
    ]);
    await scan(wristband);
    await page.getByTestId('patient-banner').getByText('WALD, Ada').waitFor({ timeout: 10_000 });
    await page.locator('.mar-dose.due').filter({ hasText: 'HIGH ALERT' }).getByRole('button', { name: 'Give' }).click();
    await scan(heparin);
    await page.getByRole('button', { name: 'Confirm given' }).click();
    await page.getByRole('alert').getByText(/second nurse/i).waitFor();
    await page.getByLabel('Second nurse (user name)').fill('nurse2');
    await page.getByRole('button', { name: 'Second nurse signs in' }).click();
    await page.getByRole('status').getByText('nurse2 signed in as second nurse.').waitFor();
    await page.getByRole('button', { name: 'Confirm given' }).click();
    await page.getByRole('status').getByText(/^Given: Heparin/).waitFor();
    // The second nurse's sign-in was for the check alone: the screen is still Rosa's, and so is the dose.
    expect(await page.getByTestId('signed-in').textContent()).toBe('Rosa Nurse, RN (nurse)');
    await page.locator('.mar-dose').filter({ hasText: /Given .* by nurse/ }).filter({ hasText: 'HIGH ALERT' }).first().waitFor();
  });

  it('stops a dose with a full-screen alert when another patient’s wristband is scanned mid-dose, and never switches patient', async () => {
    const start = new Date(Date.now() - 5 * 60_000).toISOString();
    const wristband = await patientWithDueOrders('Nightingale', 'ICU-04', [{ drugId: 'lisinopril-10-tab', dose: { value: 10, unit: 'mg' }, frequency: { type: 'interval', code: 'q8h' }, start }]);
    const otherWristband = await patientWithDueOrders('Fry', 'ICU-05', []);
    await scan(wristband);
    await page.getByTestId('patient-banner').getByText('NIGHTINGALE, Ada').waitFor({ timeout: 10_000 });
    const due = page.locator('.mar-dose.due').filter({ hasText: /10 mg oral · q8h/ });
    await due.getByRole('button', { name: 'Give' }).click();
    await page.getByRole('status').getByText('Now scan the medication package.').waitFor();

    await scan(otherWristband);
    const alarm = page.getByRole('alertdialog', { name: 'Wrong patient' });
    await alarm.waitFor();
    expect(await alarm.textContent()).toContain(`The wristband scanned (${otherWristband}) belongs to another patient. The dose was stopped and nothing was documented.`);
    await checkScreen(page, 'emar-wrong-patient');
    await alarm.getByRole('button', { name: 'I have checked: back to this patient' }).click();
    await alarm.waitFor({ state: 'detached' });
    // Still Nightingale's MAR: the scan switched nothing, and the dose must be started again.
    expect(await page.getByTestId('banner-identity').textContent()).toMatch(/^NIGHTINGALE, Ada MRN/);
    expect(await page.locator('.mar-dose[data-selected="true"]').count()).toBe(0);

    await due.getByRole('button', { name: 'Give' }).click();
    await scan(lisinopril);
    await page.getByRole('button', { name: 'Confirm given' }).click();
    await page.getByRole('status').getByText('Given: Lisinopril 10 MG Oral Tablet 10 mg.').waitFor();
    await page.locator('.mar-dose.given').filter({ hasText: /10 mg oral · q8h/ }).waitFor();
  });
});
