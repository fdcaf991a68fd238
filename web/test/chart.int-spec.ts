import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import bwipjs from 'bwip-js/node';
import type { Browser, Page } from 'playwright-core';
import { gtinFromNdc10 } from '@ehr/contracts';
import { createTestDatabase, eventually as eventuallyWithin, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';
import { barcodeOptions, wristbandCode } from '../src/labels/barcode-options.js';
import { openChromium } from './support/chromium.js';
import { checkScreen, landsOn, screensDir } from './support/screens.js';

const repo = join(import.meta.dirname, '..', '..');
const lisinopril = gtinFromNdc10('0999-1016-01');
const acetaminophen = gtinFromNdc10('0999-1001-01');

/** The chart, the wristband and the unit's due list and handoff, driven as the physician and the nurse would. */
describe('the patient chart, wristband and unit screens, in headless Chromium', () => {
  let db: TestDatabase;
  let stack: ServiceStack;
  let browser: Browser;
  let page: Page;
  let patientId: string;
  let mrn: string;
  let prnOrderId: string;

  /** Another user at another workstation, acting through the API. */
  const asUser = async <T>(username: string, query: string, variables: Record<string, unknown> = {}) => {
    const body = await stack.call<T>(username, query, variables);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const eventually = <T>(ask: () => Promise<T>, done: (value: T) => boolean, what: string) => eventuallyWithin(ask, done, what, 15_000);
  type Shift = { marForShift: { doses: Array<{ id: string; timing: string | null; status: string }> } };
  const shift = () => asUser<Shift>('nurse', `query($p: ID!) { marForShift(patientId: $p) { doses { id timing status } } }`, { p: patientId });

  const signInAs = async (who: RegExp) => {
    if (await page.getByRole('button', { name: 'Sign out' }).count()) await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: who }).click();
  };
  const scan = async (code: string) => {
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt', 'orders', 'mar', 'ed'], databaseUrl: db.url });
    ({ browser, page } = await openChromium({ width: 1366, height: 768 }));

    // Rosalind Franklin came through the ED with chest pain and was admitted to ICU-06.
    const registered = await asUser<{ registerPatient: { patient: { id: string; mrn: string } } }>(
      'registrar',
      `mutation { registerPatient(demographics: { familyName: "Franklin", givenNames: ["Rosalind"], birthDate: "1950-07-25", sex: "female" }) { ... on PatientRegistered { patient { id mrn } } } }`,
    );
    ({ id: patientId, mrn } = registered.registerPatient.patient);
    const arrivedAt = new Date(Date.now() - 6 * 3600_000).toISOString();
    const visit = await asUser<{ registerArrival: { visit: { id: string } } }>('ed', `mutation($p: ID!, $at: String) { registerArrival(patientId: $p, mode: "ambulance", at: $at) { ... on EdVisitChanged { visit { id } } } }`, {
      p: patientId,
      at: arrivedAt,
    });
    await asUser('ed', `mutation($i: TriageInput!) { triage(input: $i) { __typename } }`, {
      i: { visitId: visit.registerArrival.visit.id, esi: 3, chiefComplaint: 'chest pain', vitals: { heartRate: 90 }, ageInMonths: 76 * 12, at: arrivedAt },
    });
    const admitted = await asUser<{ admitPatient: { encounter: { id: string } } }>(
      'bedmanager',
      `mutation($p: ID!) { admitPatient(patientId: $p, class: "inpatient", bed: { bedId: "ICU-06", unitId: "ICU" }) { ... on EncounterChanged { encounter { id } } } }`,
      { p: patientId },
    );
    const encounterId = admitted.admitPatient.encounter.id;
    await asUser('nurse', `mutation($p: ID!) { recordAllergy(input: { patientId: $p, substanceCode: "penicillins", substance: "Penicillins", reaction: "hives", criticality: "high" }) { __typename } }`, { p: patientId });

    const place = async (order: Record<string, unknown>) => {
      const placed = await eventually(
        () =>
          asUser<{ placeMedicationOrder: { __typename: string; order?: { id: string } } }>('physician', `mutation($i: MedicationOrderInput!) { placeMedicationOrder(input: $i) { __typename ... on OrderChanged { order { id } } } }`, {
            i: { patientId, encounterId, route: 'oral', overrides: [], ...order },
          }),
        (r) => r.placeMedicationOrder.__typename === 'OrderChanged',
        'the order on the new admission',
      );
      const orderId = placed.placeMedicationOrder.order!.id;
      await asUser('pharmacist', `mutation($o: ID!) { verifyOrder(orderId: $o) { __typename } }`, { o: orderId });
      return orderId;
    };
    // Every 4 hours from 5 h 25 min ago: one dose missed, the one 85 min ago late, the next upcoming.
    await place({ drugId: 'lisinopril-10-tab', dose: { value: 10, unit: 'mg' }, frequency: { type: 'interval', code: 'q4h' }, start: new Date(Date.now() - 325 * 60_000).toISOString() });
    prnOrderId = await place({ drugId: 'acetaminophen-500-tab', dose: { value: 500, unit: 'mg' }, frequency: { type: 'prn', minIntervalMinutes: 240, maxPer24h: { value: 2000, unit: 'mg' }, indication: 'pain' } });
    await eventually(shift, (r) => r.marForShift.doses.some((d) => d.timing === 'late') && r.marForShift.doses.some((d) => d.timing === 'missed'), 'the late and missed doses on the MAR');
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  it('opens the chart from the bed board: banner with two identifiers and allergies, the stay and its bed, active orders, the MAR and the ED visit, and prints it', async () => {
    await page.goto(stack.gateway.url);
    await signInAs(/Dr\. Ben Okafor/);
    await landsOn(page, 'Orders', '/orders');
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Bed board' }).click();
    await page.getByRole('link', { name: /^Chart of FRANKLIN, Rosalind, MRN \d{8}$/ }).click();
    await landsOn(page, 'Patient chart', `/chart/${patientId}`);

    expect(await page.getByTestId('banner-identity').textContent()).toBe(`FRANKLIN, Rosalind MRN ${mrn} · born 1950-07-25 (${new Date().getFullYear() - 1950 - (new Date() < new Date(new Date().getFullYear(), 6, 25) ? 1 : 0)} y) · female · inpatient in ICU-06`);
    await page.getByTestId('banner-allergies').getByText('Penicillins: hives (HIGH)').waitFor();

    const encounter = page.getByTestId('chart-encounters-and-location').locator('[data-encounter]');
    await encounter.first().waitFor();
    expect(await encounter.count()).toBe(1);
    expect(await encounter.locator('td').allTextContents()).toEqual(expect.arrayContaining(['inpatient', 'in-progress', 'ICU ICU-06']));

    const orders = page.getByTestId('chart-active-orders').locator('[data-order]');
    await orders.nth(1).waitFor();
    expect((await orders.allTextContents()).map((t) => /Lisinopril|Acetaminophen/.exec(t)?.[0]).sort()).toEqual(['Acetaminophen', 'Lisinopril']);

    // The MAR says the day of every dose, so yesterday's cannot pass for today's; late and missed in words.
    const mar = page.getByTestId('chart-medication-administration-this-shift');
    const late = mar.locator('tr.mar-late');
    await late.waitFor();
    expect(await late.locator('td').first().textContent()).toMatch(/^\w{3} \d{1,2} \w{3} \d\d:\d\d E[SD]T$/);
    expect(await late.locator('td').last().textContent()).toBe('LATE');
    expect(await mar.locator('tr.mar-missed td').last().textContent()).toBe('MISSED');
    expect(await mar.locator(`[data-prn="${prnOrderId}"] td`).last().textContent()).toBe('Last given never · may be given now');

    const edVisit = page.getByTestId('chart-ed-visits').locator('[data-ed-visit]');
    await edVisit.waitFor();
    expect(await edVisit.textContent()).toMatch(/\(ambulance\)chest pain3/);
    await checkScreen(page, 'chart');

    // On paper: no navigation or buttons, every section and who printed it when.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Screens' }).isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print chart' }).isVisible()).toBe(false);
    expect(await page.getByTestId('printed-by').textContent()).toMatch(/^Printed .* by Dr\. Ben Okafor\./);
    for (const section of ['encounters-and-location', 'active-orders', 'medication-administration-this-shift', 'ed-visits']) expect(await page.getByTestId(`chart-${section}`).isVisible()).toBe(true);
    mkdirSync(screensDir, { recursive: true });
    const pdf = join(screensDir, 'chart-print.pdf');
    await page.pdf({ path: pdf, format: 'Letter', printBackground: true });
    console.log(`printed chart: ${statSync(pdf).size} bytes of PDF`);
    expect(statSync(pdf).size).toBeGreaterThan(10_000);
    await page.emulateMedia({ media: 'screen' });
  });

  it('opens the chart from a patient search, and the URL keeps the patient through a reload', async () => {
    await page.getByRole('link', { name: 'Another patient' }).click();
    await page.getByLabel('Family name').fill('Frank');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: new RegExp(`^Franklin, Rosalind — MRN ${mrn}`) }).click();
    await landsOn(page, 'Patient chart', `/chart/${patientId}`);
    await page.reload();
    await page.getByTestId('banner-identity').getByText('FRANKLIN, Rosalind').waitFor();
  });

  it('prints a wristband whose barcode is the one bwip-js draws for what the eMAR scan accepts, and the eMAR opens the patient from it', async () => {
    await page.getByRole('link', { name: 'Wristband and labels' }).click();
    await landsOn(page, 'Wristband and labels', `/wristband/${patientId}`);
    const band = page.getByTestId('wristband');
    await band.waitFor();
    expect(await page.getByTestId('wristband-allergies').textContent()).toBe('ALLERGIES: Penicillins');
    const svgOf = async (img: ReturnType<Page['locator']>) => {
      const src = (await img.getAttribute('src'))!;
      expect(src.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
      return decodeURIComponent(src.slice(src.indexOf(',') + 1));
    };
    const drawn = await svgOf(band.locator('img.barcode'));
    expect(drawn).toBe(bwipjs.toSVG(barcodeOptions(wristbandCode(mrn))));
    // ...which is what the eMAR's wristband rule reads: the prefix and the MRN.
    expect(wristbandCode(mrn)).toBe(`PID:${mrn}`);
    // A band for anyone else would be drawn differently: the comparison tells values apart.
    expect(drawn).not.toBe(bwipjs.toSVG(barcodeOptions(`PID:${mrn.slice(0, -1)}${(Number(mrn.at(-1)) + 1) % 10}`)));
    // The browser really rendered it as an image of a barcode, wide and not blank.
    const size = await band.locator('img.barcode').evaluate((img: HTMLImageElement) => ({ complete: img.complete, width: img.naturalWidth, height: img.naturalHeight }));
    expect(size.complete).toBe(true);
    expect(size.width).toBeGreaterThan(3 * size.height);
    // Labels carry the bare MRN: a label on the notes can never pass for the wristband.
    const labels = page.getByTestId('label');
    expect(await labels.count()).toBe(6);
    expect(await svgOf(labels.first().locator('img.barcode'))).toBe(bwipjs.toSVG(barcodeOptions(mrn)));
    await checkScreen(page, 'wristband');

    await page.emulateMedia({ media: 'print' });
    expect(await band.isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Print wristband and labels' }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    await signInAs(/Rosa Nurse/);
    await landsOn(page, 'eMAR', '/emar');
    await page.getByLabel('Scan').waitFor();
    await scan(`PID:${mrn}`);
    await page.getByTestId('patient-banner').getByText('FRANKLIN, Rosalind').waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).hash).toBe(`#/emar/${patientId}`);
  });

  it('shows the nurse the unit due list, missed first, then late, and opens the eMAR from a row', async () => {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Unit' }).click();
    await page.locator('select[name="unit"]').selectOption('ICU');
    await landsOn(page, 'Unit due list and handoff', '/unit/ICU/due');
    const rows = page.locator('[data-due]');
    await rows.nth(1).waitFor({ timeout: 15_000 });
    // Most urgent first: missed before late before due. (Whether the older dose reads MISSED or LATE
    // is the MAR's rule, which also looks at the shift; the order on screen is the screen's.)
    const statuses = await rows.locator('.due-status').allTextContents();
    const rank = ['MISSED', 'LATE', 'DUE', 'UPCOMING'];
    expect(statuses.slice(0, 2).every((s) => s === 'MISSED' || s === 'LATE')).toBe(true);
    expect(statuses.map((s) => rank.indexOf(s))).toEqual([...statuses.map((s) => rank.indexOf(s))].sort((a, b) => a - b));
    expect(await rows.first().textContent()).toMatch(new RegExp(`^ICU-06FRANKLIN, Rosalind · MRN ${mrn}\\w{3} \\d{1,2} \\w{3} \\d\\d:\\d\\d E[SD]TLisinopril`));
    await checkScreen(page, 'unit-due-list');
    await rows.nth(1).getByRole('link', { name: 'eMAR for FRANKLIN' }).click();
    await landsOn(page, 'eMAR', `/emar/${patientId}`);
  });

  it('hands off the shift: per patient what was given, what is still missed or due, and the PRN last given and next allowed', async () => {
    const bedside = `__typename ... on Refusal { code message }`;
    const late = (await shift()).marForShift.doses.find((d) => d.timing === 'late')!;
    await asUser('nurse', `mutation($d: ID!, $w: String!) { verifyWristband(doseId: $d, wristband: { scan: $w }) { ${bedside} } }`, { d: late.id, w: `PID:${mrn}` });
    await asUser('nurse', `mutation($d: ID!, $s: String!) { verifyProduct(doseId: $d, product: { scan: $s }) { ${bedside} } }`, { d: late.id, s: lisinopril });
    const given = await asUser<{ documentGiven: { __typename: string } }>(
      'nurse',
      `mutation($d: ID!) { documentGiven(input: { doseId: $d, amount: { value: 10, unit: "mg" }, route: "oral", timingReason: "delayed-by-procedure" }) { ${bedside} } }`,
      { d: late.id },
    );
    expect(given.documentGiven.__typename).toBe('DoseChanged');
    const started = await asUser<{ verifyWristband: { dose: { id: string } } }>('nurse', `mutation($o: ID!, $w: String!) { verifyWristband(orderId: $o, wristband: { scan: $w }) { ... on DoseChanged { dose { id } } } }`, {
      o: prnOrderId,
      w: `PID:${mrn}`,
    });
    const prnDose = started.verifyWristband.dose.id;
    await asUser('nurse', `mutation($d: ID!, $s: String!) { verifyProduct(doseId: $d, product: { scan: $s }) { ${bedside} } }`, { d: prnDose, s: acetaminophen });
    await asUser('nurse', `mutation($d: ID!) { documentPrnGiven(input: { doseId: $d, amount: { value: 500, unit: "mg" }, route: "oral", indication: "pain 6/10", painScore: 6 }) { ${bedside} } }`, { d: prnDose });

    await page.goto(`${stack.gateway.url}/#/unit/ICU/handoff`);
    await landsOn(page, 'Unit due list and handoff', '/unit/ICU/handoff');
    const patient = page.locator(`[data-handoff="${mrn}"]`);
    await patient.getByTestId('handoff-prn').getByText(/next allowed/).waitFor({ timeout: 15_000 });
    expect(await patient.locator('h3').textContent()).toBe(`ICU-06 · FRANKLIN, Rosalind · MRN ${mrn} · born 1950-07-25`);
    // The older dose is still owed; the one given is no longer outstanding.
    const outstanding = await patient.getByTestId('handoff-outstanding').locator('li').allTextContents();
    expect(outstanding[0]).toMatch(/^(MISSED|LATE) \w{3} \d{1,2} \w{3} \d\d:\d\d E[SD]T · Lisinopril/);
    expect(outstanding).toHaveLength((await shift()).marForShift.doses.filter((d) => d.status === 'open').length);
    const documented = await patient.getByTestId('handoff-documented').locator('li').allTextContents();
    // The PRN dose was given in this shift; the late scheduled one stays on the shift's MAR (as given)
    // unless it fell due before the shift began (the MAR lists a shift's doses by due time).
    expect(documented).toEqual(expect.arrayContaining([expect.stringMatching(/^Acetaminophen .*\(PRN\): Given \w{3} \d{1,2} \w{3} \d\d:\d\d E[SD]T by nurse$/)]));
    const lateNow = (await shift()).marForShift.doses.find((d) => d.id === late.id);
    if (lateNow) {
      expect(lateNow.status).toBe('given');
      expect(documented).toEqual(expect.arrayContaining([expect.stringMatching(/^Lisinopril .*: Given \w{3} \d{1,2} \w{3} \d\d:\d\d E[SD]T by nurse$/)]));
    }
    expect(await patient.getByTestId('handoff-prn').locator('li').textContent()).toMatch(/^Acetaminophen .* for pain: last given \w{3} \d{1,2} \w{3} \d\d:\d\d E[SD]T · next allowed \d\d:\d\d E[SD]T$/);
    await checkScreen(page, 'unit-handoff');
  });
});
