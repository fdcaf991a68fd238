import { Button, Modal, Stack, Text, Title } from '@mantine/core';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { gql, type Session, signInForOneRequest } from './api';
import { StaleAlert, UpdatedAt, useLiveQuery } from './live';
import { useInFlight } from './in-flight';
import type { ShiftDose } from './mar-shift';
import { dayOf, entryText, standingEntry } from './mar-time';
import { PatientBannerById } from './patient';

interface Entry {
  id: string;
  outcome: string;
  by: string;
  at: string;
  atLocal: string;
  reason: string | null;
  amount: { value: number; unit: string } | null;
  partialOf: { value: number; unit: string } | null;
  inError: { reason: string } | null;
}
interface Dose extends Omit<ShiftDose, 'entries'> {
  ordered: { value: number; unit: string };
  awaitingVerification: boolean;
  controlledSchedule: string | null;
  wristbandVerified: boolean;
  productVerified: boolean;
  scannedPackages: { count: number; needed: number | null; packageAmount: { value: number; unit: string } } | null;
  indication: string | null;
  entries: Entry[];
  prn: { reassessmentOverdue: boolean } | null;
}
interface PrnOrder {
  orderId: string;
  drugName: string;
  dose: string;
  route: string;
  indication: string;
  maxPer24h: string;
  highAlert: boolean;
  nextEligibleLocal: string | null;
}
interface Shift {
  patientId: string;
  patient: { familyName: string; givenNames: string; mrn: string; birthDate: string | null };
  bedId: string | null;
  doses: Dose[];
  prnOrders: PrnOrder[];
}
type Result = { __typename: string; code?: string; message?: string; dose?: Dose };
type Notice = { kind: 'ok' | 'refused'; code?: string; text: string };

const doseFields =
  'id kind orderId drugName dose ordered { value unit } route schedule dueAt dueLocal status timing highAlert awaitingVerification controlledSchedule wristbandVerified productVerified scannedPackages { count needed packageAmount { value unit } } indication entries { id outcome by at atLocal reason amount { value unit } partialOf { value unit } inError { reason } } prn { reassessmentOverdue }';
const result = `__typename ... on DoseChanged { dose { ${doseFields} } } ... on Refusal { code message }`;
const shiftQuery = `query($p: ID!) { marForShift(patientId: $p) { patientId bedId patient { familyName givenNames mrn birthDate } prnOrders { orderId drugName dose route indication maxPer24h highAlert nextEligibleLocal } doses { ${doseFields} } } }`;

/** What needs the nurse first: missed, then late, then due, then what is coming; each in time order. */
const urgency: Record<string, number> = { missed: 0, late: 1, due: 2, 'on-hold': 4 };
const byUrgency = (a: Dose, b: Dose) => (urgency[a.timing ?? 'due'] ?? 3) - (urgency[b.timing ?? 'due'] ?? 3) || (a.dueAt ?? '').localeCompare(b.dueAt ?? '');
const byTime = (a: Dose, b: Dose) => (a.dueAt ?? a.entries.at(-1)?.at ?? '').localeCompare(b.dueAt ?? b.entries.at(-1)?.at ?? '');

/** A distinct, low two-tone alarm for a wrong-patient scan, unlike any confirmation sound. */
function soundAlarm() {
  try {
    const audio = new AudioContext();
    [0, 0.35].forEach((delay, i) => {
      const tone = audio.createOscillator();
      tone.type = 'square';
      tone.frequency.value = i === 0 ? 440 : 330;
      tone.connect(audio.destination);
      tone.start(audio.currentTime + delay);
      tone.stop(audio.currentTime + delay + 0.3);
    });
  } catch {
    // No audio device: the full-screen alert still stops the dose.
  }
}

/** What the nurse reads beside each dose: always words, never colour alone. */
function statusText(dose: Dose): string {
  const current = standingEntry(dose.entries);
  switch (dose.status) {
    case 'open':
      return dose.timing === 'on-hold' ? 'ON HOLD (order)' : (dose.timing ?? 'due').toUpperCase();
    case 'cancelled':
      return 'Off the MAR';
    default: {
      const what = entryText(dose.status, current);
      const partial = current?.partialOf && current.amount ? ` · partial: ${current.amount.value} of ${current.partialOf.value} ${current.partialOf.unit} (${current.reason})` : '';
      return what + partial;
    }
  }
}

const timingReasons = ['patient-off-unit', 'delayed-by-procedure', 'prescriber-instruction', 'patient-request', 'clinical-need', 'other'];
const notGivenReasons: Record<'documentHeld' | 'documentRefused' | 'documentNotGiven', string[]> = {
  documentHeld: ['parameter-not-met', 'npo', 'procedure-or-test', 'lab-value', 'adverse-effect', 'prescriber-instruction', 'other'],
  documentRefused: ['patient-refused', 'patient-refused-side-effects', 'patient-unable-to-swallow', 'other'],
  documentNotGiven: ['patient-off-unit', 'medication-unavailable', 'no-iv-access', 'patient-asleep', 'vomiting', 'other'],
};
/** Another nurse's documentation or a discontinued order shows within this long. */
const refreshMs = 3000;
const needsTimingReason = new Set(['TOO_EARLY', 'TOO_LATE', 'PRN_TOO_SOON']);
const overrideReasons = ['life-threatening-emergency', 'delay-would-harm-patient', 'pharmacy-unavailable', 'other'];
const partialReasons = ['medication-unavailable', 'patient-unable-to-take', 'patient-refused-part', 'vomiting', 'prescriber-instruction', 'other'];

/**
 * What the packages in hand give: the ordered dose when they hold it, else what they hold (a
 * partial dose). `packages` is the count the nurse confirmed, or null for as many as scanned.
 */
function dosePlanned(dose: Dose, packages: number | null): { amount: { value: number; unit: string }; used: number; partial: boolean } {
  const scanned = dose.scannedPackages;
  const used = packages ?? scanned?.count ?? 1;
  if (!scanned || scanned.needed === null) return { amount: dose.ordered, used, partial: false };
  const held = Number((used * scanned.packageAmount.value).toFixed(6));
  return held >= dose.ordered.value ? { amount: dose.ordered, used, partial: false } : { amount: { value: held, unit: dose.ordered.unit }, used, partial: true };
}
const moreToScan = (dose: Dose | null) => dose?.scannedPackages?.needed != null && dose.scannedPackages.count < dose.scannedPackages.needed;

/** A coded reason the nurse picks from its list; empty until she does. */
function ReasonSelect({ label, reasons, value, onChange }: { label: string; reasons: readonly string[]; value: string; onChange: (reason: string) => void }) {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">choose…</option>
        {reasons.map((r) => (
          <option key={r}>{r}</option>
        ))}
      </select>
    </label>
  );
}

/**
 * The bedside eMAR: scan the wristband, see this patient's doses for the shift, pick one, scan
 * the package, confirm. The scan box takes a keyboard-wedge scanner (text, then Enter) and keeps
 * the focus, so the nurse never has to touch the screen between scans.
 */
export function Emar({ session }: { session: Session }) {
  const [wristband, setWristband] = useState<string | null>(null);
  // The patient is in the URL: a reload or Back keeps this patient's MAR, and a new scan is needed to give.
  const patientId = useParams().patientId ?? null;
  const navigate = useNavigate();
  /** A wristband of another patient scanned mid-dose: the dose stops until the nurse acknowledges. */
  const [wrongPatient, setWrongPatient] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<{ doseId: string | null; orderId: string } | null>(null);
  const [verified, setVerified] = useState<Dose | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [scan, setScan] = useState('');
  const [timingReason, setTimingReason] = useState('');
  const [indication, setIndication] = useState('');
  const [wasted, setWasted] = useState('');
  const [cosigner, setCosigner] = useState('');
  const [packages, setPackages] = useState('');
  const [partialReason, setPartialReason] = useState('');
  /** A STAT package scanned before pharmacist verification: the scan, and the nurse's reason to go ahead. */
  const [awaitingOverride, setAwaitingOverride] = useState<string | null>(null);
  const [overrideReason, setOverrideReason] = useState('');
  const [notGiven, setNotGiven] = useState<{ mutation: keyof typeof notGivenReasons; reason: string }>({ mutation: 'documentHeld', reason: '' });
  const scanBox = useRef<HTMLInputElement>(null);

  const live = useLiveQuery<{ marForShift: Shift }>(session, shiftQuery, { p: patientId }, refreshMs, patientId !== null);
  const { refresh } = live;
  // Never another patient's MAR under this wristband, not even while the new one loads.
  const shift = live.data?.marForShift.patientId === patientId ? live.data.marForShift : null;

  // The scanner types into whatever has the focus: give it back to the scan box after each step,
  // and while the dose wants another package scanned.
  useEffect(() => {
    if (!verified || moreToScan(verified)) scanBox.current?.focus();
  }, [shift?.patientId, selected, verified, notice]);

  const refused = (r: Result) => setNotice({ kind: 'refused', code: r.code, text: r.message ?? 'Refused' });

  const openPatient = async (code: string) => {
    const data = await gql<{ wristbandPatient: { __typename: string; patientId?: string; code?: string; message?: string } }>(
      session,
      `query($s: String!) { wristbandPatient(scan: $s) { __typename ... on WristbandPatient { patientId } ... on Refusal { code message } } }`,
      { s: code },
    );
    const found = data.wristbandPatient;
    if (found.__typename === 'Refusal') return refused(found);
    if (selected && found.patientId !== patientId) {
      // Mid-dose, another patient's wristband never switches the MAR: it stops the dose.
      setSelected(null);
      setVerified(null);
      soundAlarm();
      setWrongPatient(code);
      return setNotice({ kind: 'refused', code: 'WRONG_PATIENT', text: 'Wrong patient: that wristband is not this patient’s. The dose was stopped; nothing was documented.' });
    }
    setWristband(code);
    if (found.patientId !== patientId) void navigate(`/emar/${found.patientId}`);
    // The same wristband again: show the MAR as it is now.
    if (found.patientId === patientId) await refresh();
    setSelected(null);
    setVerified(null);
    setNotice({ kind: 'ok', text: 'Wristband scanned. Choose a dose, then scan the medication.' });
  };

  const scanMedication = async (code: string, verificationOverride: { reason: string } | null = null) => {
    if (!selected) return setNotice({ kind: 'refused', code: 'CHOOSE_DOSE', text: 'Choose the dose first, then scan its package.' });
    let doseId = selected.doseId;
    if (doseId === null) {
      // An as-needed dose gets its id when its wristband check opens it.
      const band = await gql<{ verifyWristband: Result }>(session, `mutation($o: ID, $s: String) { verifyWristband(orderId: $o, wristband: { scan: $s }) { ${result} } }`, { o: selected.orderId, s: wristband });
      if (band.verifyWristband.__typename === 'Refusal') return refused(band.verifyWristband);
      doseId = band.verifyWristband.dose!.id;
      setSelected({ doseId, orderId: selected.orderId });
    }
    // The wristband scanned on arrival and this package are checked together, in one round trip.
    const data = await gql<{ verifyProduct: Result }>(
      session,
      `mutation($d: ID!, $s: String, $w: String, $o: VerificationOverrideInput) { verifyProduct(doseId: $d, product: { scan: $s }, wristband: { scan: $w }, verificationOverride: $o) { ${result} } }`,
      { d: doseId, s: code, w: wristband, o: verificationOverride },
    );
    setAwaitingOverride(data.verifyProduct.code === 'VERIFICATION_OVERRIDE_REQUIRED' ? code : null);
    if (data.verifyProduct.__typename === 'Refusal') return refused(data.verifyProduct);
    const dose = data.verifyProduct.dose!;
    setVerified(dose);
    const scanned = dose.scannedPackages;
    setNotice(
      moreToScan(dose)
        ? { kind: 'ok', text: `Right drug: ${dose.drugName}. ${dose.dose} takes ${scanned!.needed} packages; ${scanned!.count} scanned. Scan the next one.` }
        : { kind: 'ok', text: `Right patient, right drug: ${dose.drugName}. Check dose and route, then confirm.` },
    );
  };

  /** A bedside step whose request fails (network, sign-in expired) says so on screen: nothing is taken as done. */
  const attempt = async (step: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await step();
    } catch (error) {
      setNotice({ kind: 'refused', text: `Nothing was documented: ${(error as Error).message}` });
    } finally {
      setBusy(false);
    }
  };

  const onScan = async (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    const code = scan.trim();
    setScan('');
    if (!code) return;
    await attempt(() => (code.startsWith('PID:') || !wristband ? openPatient(code) : scanMedication(code)));
  };

  /** The second nurse signs in on their own credentials and co-signs this dose. */
  const cosigning = useInFlight();
  const cosign = (role: 'verifier' | 'witness') =>
    cosigning.run(async () => {
      if (!verified || !cosigner.trim()) return;
      try {
        const second = await signInForOneRequest(cosigner.trim());
        const data = await gql<{ cosignDose: Result }>(second, `mutation($d: ID!, $r: String!) { cosignDose(doseId: $d, role: $r) { ${result} } }`, { d: verified.id, r: role });
        if (data.cosignDose.__typename === 'Refusal') return refused(data.cosignDose);
        setNotice({ kind: 'ok', text: `${cosigner.trim()} signed in as ${role === 'verifier' ? 'second nurse' : 'witness'}.` });
      } catch (error) {
        setNotice({ kind: 'refused', text: (error as Error).message });
      }
    });

  const finish = async (text: string) => {
    setVerified(null);
    setSelected(null);
    setTimingReason('');
    setIndication('');
    setWasted('');
    setPackages('');
    setPartialReason('');
    // The list shows what was just documented by the time the nurse reads that it was.
    await refresh();
    setNotice({ kind: 'ok', text });
  };

  const confirmGiven = async () => {
    if (!verified) return;
    const prn = verified.kind === 'prn';
    const { amount, partial } = dosePlanned(verified, packages ? Number(packages) : null);
    const input = {
      doseId: verified.id,
      amount,
      route: verified.route,
      ...(packages ? { packages: Number(packages) } : {}),
      ...(partial ? { partialReason } : {}),
      ...(wasted ? { wasted: { value: Number(wasted), unit: verified.ordered.unit } } : {}),
      ...(timingReason ? { timingReason } : {}),
      ...(prn ? { indication } : {}),
      idempotencyKey: `${verified.id}:${session.username}:${verified.entries.length}`,
    };
    const mutation = prn ? 'documentPrnGiven' : 'documentGiven';
    const data = await gql<Record<string, Result>>(session, `mutation($i: ${prn ? 'PrnGivenInput' : 'GivenInput'}!) { ${mutation}(input: $i) { ${result} } }`, { i: input });
    const answer = data[mutation]!;
    if (answer.__typename === 'Refusal') return refused(answer);
    await finish(partial ? `Partial dose given: ${verified.drugName} ${amount.value} ${amount.unit} of ${verified.dose} (${partialReason}).` : `Given: ${verified.drugName} ${verified.dose}.`);
  };

  const documentNotGiven = async () => {
    if (!verified || !notGiven.reason) return;
    const data = await gql<Record<string, Result>>(session, `mutation($d: ID!, $r: String!) { ${notGiven.mutation}(doseId: $d, reason: $r) { ${result} } }`, { d: verified.id, r: notGiven.reason });
    const answer = data[notGiven.mutation]!;
    if (answer.__typename === 'Refusal') return refused(answer);
    await finish(`${answer.dose!.drugName}: ${statusText(answer.dose!)}.`);
  };

  const choose = (doseId: string | null, orderId: string) => {
    setAwaitingOverride(null);
    setOverrideReason('');
    setSelected({ doseId, orderId });
    setVerified(null);
    setPackages('');
    setPartialReason('');
    setNotice({ kind: 'ok', text: 'Now scan the medication package.' });
  };

  const planned = verified ? dosePlanned(verified, packages ? Number(packages) : null) : null;
  const counted = verified?.scannedPackages;

  return (
    <section aria-label="Bedside MAR" className="emar">
      <Modal
        opened={wrongPatient !== null}
        onClose={() => undefined}
        fullScreen
        withCloseButton={false}
        closeOnEscape={false}
        closeOnClickOutside={false}
        classNames={{ content: 'wrong-patient' }}
        title={<Title order={2}>STOP: WRONG PATIENT</Title>}
      >
        <Stack role="alertdialog" aria-label="Wrong patient" data-testid="wrong-patient">
          <Text size="xl" fw={700}>
            The wristband scanned ({wrongPatient}) belongs to another patient. The dose was stopped and nothing was documented.
          </Text>
          <Text size="lg">Check the patient in front of you against the banner. The MAR stays on the patient it was on.</Text>
          <Button
            size="xl"
            color="dark"
            onClick={() => {
              setWrongPatient(null);
              scanBox.current?.focus();
            }}
          >
            I have checked: back to this patient
          </Button>
        </Stack>
      </Modal>
      <label className="scan">
        {wristband ? 'Scan wristband or medication' : 'Scan the patient’s wristband'}
        <input ref={scanBox} aria-label="Scan" autoComplete="off" value={scan} onChange={(e) => setScan(e.target.value)} onKeyDown={(e) => void onScan(e)} />
      </label>
      {notice && (
        <p role={notice.kind === 'refused' ? 'alert' : 'status'} className={`scan-result ${notice.kind}`} data-code={notice.code}>
          {notice.kind === 'refused' ? 'STOP: ' : ''}
          {notice.text}
        </p>
      )}
      <StaleAlert problem={patientId ? live.problem : null} what="This MAR" />
      {awaitingOverride && notice?.code === 'VERIFICATION_OVERRIDE_REQUIRED' && (
        <div className="row" aria-label="Override">
          <ReasonSelect label="Why it cannot wait" reasons={overrideReasons} value={overrideReason} onChange={setOverrideReason} />
          <button type="button" disabled={!overrideReason} onClick={() => void attempt(() => scanMedication(awaitingOverride, { reason: overrideReason }))}>
            Give before verification
          </button>
        </div>
      )}
      {patientId && <PatientBannerById session={session} patientId={patientId} />}
      {patientId && !shift && !live.problem && <p role="status">Loading this patient’s MAR…</p>}
      {shift && (
        <>
          <header className="toolbar">
            <h2>To give now and next</h2>
            <UpdatedAt live={live} />
          </header>
          {shift.doses.length === 0 && <p>No scheduled dose this shift.</p>}
          {[
            { key: 'open', doses: shift.doses.filter((d) => d.status === 'open').sort(byUrgency) },
            { key: 'documented', doses: shift.doses.filter((d) => d.status !== 'open').sort(byTime) },
          ].map(({ key, doses }) => (
          <ul className="mar-doses" key={key} aria-label={key === 'open' ? 'Open doses' : 'Documented doses'}>
            {key === 'documented' && doses.length > 0 && <li className="mar-heading"><h2>Documented this shift</h2></li>}
            {doses.map((d) => (
              <li key={d.id} data-dose={d.id} className={`mar-dose ${d.status === 'open' ? (d.timing ?? 'due') : d.status}`} data-selected={selected?.doseId === d.id}>
                <span className="mar-time">
                  {d.dueAt && d.dueLocal ? <small>{dayOf(d.dueAt, d.dueLocal)}</small> : null} {d.dueLocal ?? 'PRN'}
                </span>
                <span className="mar-drug">
                  <strong>{d.drugName}</strong> {d.dose} {d.route} · {d.schedule}
                  {d.highAlert && <span className="flag"> HIGH ALERT: second nurse</span>}
                  {d.awaitingVerification && <span className="flag"> Awaiting pharmacist verification</span>}
                  {d.controlledSchedule && <span className="flag"> {d.controlledSchedule}</span>}
                  {d.prn?.reassessmentOverdue && <span className="flag"> Reassessment overdue</span>}
                  {d.entries
                    .filter((e) => e.inError !== null)
                    .map((e) => (
                      <s key={e.id} className="in-error">
                        {' '}
                        {e.outcome} {e.atLocal} by {e.by} (in error: {e.inError!.reason})
                      </s>
                    ))}
                </span>
                <span className="mar-status">{statusText(d)}</span>
                {d.status === 'open' && d.timing !== 'on-hold' && (
                  <button type="button" onClick={() => choose(d.id, d.orderId)}>
                    Give
                  </button>
                )}
              </li>
            ))}
          </ul>
          ))}
          {shift.prnOrders.length > 0 && <h2>As needed</h2>}
          <ul className="mar-doses">
            {shift.prnOrders.map((o) => (
              <li key={o.orderId} data-prn={o.orderId} className="mar-dose prn" data-selected={selected?.orderId === o.orderId && selected.doseId === null}>
                <span className="mar-time">PRN</span>
                <span className="mar-drug">
                  <strong>{o.drugName}</strong> {o.dose} {o.route} · for {o.indication} · max {o.maxPer24h}/24 h
                  {o.highAlert && <span className="flag"> HIGH ALERT: second nurse</span>}
                </span>
                <span className="mar-status">{o.nextEligibleLocal ? `Next eligible ${o.nextEligibleLocal}` : 'May be given now'}</span>
                <button type="button" onClick={() => choose(null, o.orderId)}>
                  Give PRN
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {verified && (
        <div className="confirm" aria-label="Confirm">
          <h2>
            {verified.drugName} {verified.dose} {verified.route}
          </h2>
          {counted && counted.needed !== null && (counted.needed > 1 || counted.count > 1) && (
            <div className="row" aria-label="Packages">
              <span data-testid="packages-scanned">
                {counted.count} scanned × {counted.packageAmount.value} {counted.packageAmount.unit}; the dose takes {counted.needed}
              </span>
              <label>
                Packages given <input inputMode="numeric" placeholder={String(counted.count)} value={packages} onChange={(e) => setPackages(e.target.value.replace(/[^0-9]/g, ''))} />
              </label>
            </div>
          )}
          {planned?.partial && (
            <ReasonSelect
              label={`Partial dose: ${planned.amount.value} ${planned.amount.unit} of ${verified.dose}. Why?`}
              reasons={partialReasons}
              value={partialReason}
              onChange={setPartialReason}
            />
          )}
          {verified.kind === 'prn' && (
            <label>
              Why now (indication) <input value={indication} onChange={(e) => setIndication(e.target.value)} />
            </label>
          )}
          {(verified.highAlert || verified.controlledSchedule) && (
            <div className="row">
              <label>
                Second nurse (user name) <input value={cosigner} onChange={(e) => setCosigner(e.target.value)} />
              </label>
              {verified.highAlert && (
                <button type="button" disabled={cosigning.busy} aria-busy={cosigning.busy} onClick={() => void cosign('verifier')}>
                  Second nurse signs in
                </button>
              )}
              {verified.controlledSchedule && (
                <>
                  <label>
                    Wasted ({verified.ordered.unit}) <input inputMode="decimal" value={wasted} onChange={(e) => setWasted(e.target.value)} />
                  </label>
                  <button type="button" disabled={cosigning.busy} aria-busy={cosigning.busy} onClick={() => void cosign('witness')}>
                    Witness signs in
                  </button>
                </>
              )}
            </div>
          )}
          {notice?.code && needsTimingReason.has(notice.code) && (
            <ReasonSelect label="Reason for the timing" reasons={timingReasons} value={timingReason} onChange={setTimingReason} />
          )}
          <div className="row">
            <button type="button" className="give" disabled={busy || (planned?.partial === true && !partialReason)} aria-busy={busy} onClick={() => void attempt(confirmGiven)}>
              {planned?.partial ? 'Confirm partial dose' : 'Confirm given'}
            </button>
          </div>
          {verified.kind === 'scheduled' && (
            <div className="row">
              <select aria-label="Not given as" value={notGiven.mutation} onChange={(e) => setNotGiven({ mutation: e.target.value as keyof typeof notGivenReasons, reason: '' })}>
                <option value="documentHeld">Held</option>
                <option value="documentRefused">Refused</option>
                <option value="documentNotGiven">Not given</option>
              </select>
              <select aria-label="Reason" value={notGiven.reason} onChange={(e) => setNotGiven({ ...notGiven, reason: e.target.value })}>
                <option value="">reason…</option>
                {notGivenReasons[notGiven.mutation].map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
              <button type="button" disabled={busy || !notGiven.reason} onClick={() => void attempt(documentNotGiven)}>
                Document
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
