import { Button } from '@mantine/core';
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { gql, newIdempotencyKey, type Session } from './api';
import { useInFlight } from './in-flight';
import { OtherOrder } from './OtherOrder';
import { type Patient, PatientBanner, PatientSearch } from './patient';

interface Drug {
  id: string;
  name: string;
  doseUnits: string[];
  routes: string[];
  highAlert: boolean;
  controlledSchedule: string | null;
}

export interface OrderRow {
  id: string;
  kind: string;
  status: string;
  verification: string;
  priority: string;
  summary: string;
  reviewPending: boolean;
  reviewReason: string | null;
  reviewNote: string | null;
}

interface Allergy {
  id: string;
  substance: string;
  reaction: string | null;
  criticality: string;
}

interface Alert {
  kind: string;
  key: string;
  message: string;
}

type PlaceResult = { __typename: 'OrderChanged'; order: OrderRow } | { __typename: 'OrderAlertsRaised'; alerts: Alert[] } | { __typename: 'Refusal'; message: string };

const overrideReasons = [
  ['tolerated-previously', 'Tolerated previously'],
  ['benefit-outweighs-risk', 'Benefit outweighs risk'],
  ['will-monitor', 'Will monitor'],
  ['allergy-information-inaccurate', 'Allergy information inaccurate'],
  ['other', 'Other (say why)'],
] as const;

const frequencies = [
  ['scheduled:daily', 'Daily'],
  ['scheduled:BID', 'Twice a day (BID)'],
  ['scheduled:TID', 'Three times a day (TID)'],
  ['interval:q4h', 'Every 4 hours'],
  ['interval:q6h', 'Every 6 hours'],
  ['interval:q8h', 'Every 8 hours'],
  ['interval:q12h', 'Every 12 hours'],
  ['once:', 'Once'],
  ['prn:', 'As needed (PRN)'],
] as const;

const unitWords: Record<string, string> = { '{tablet}': 'tablet(s)', '{capsule}': 'capsule(s)', '{vial}': 'vial(s)', '[iU]': 'units', meq: 'mEq' };

/** Why a prescriber must look at an order again, as the flag beside it says. */
const reviewText: Record<string, string> = {
  'level-of-care': 'Review after change in level of care',
  'discharge-cancelled': 'Reinstated after a cancelled discharge: review',
  'time-critical-dose-not-given': 'Time-critical dose not given',
};
/** The newest orders, a page as large as the schema allows; the screen says so when the patient has more. */
const ordersPage = 100;
const recordFields = `orders(first: ${ordersPage}) { nodes { id kind status verification priority summary reviewPending reviewReason reviewNote } totalCount } allergies { id substance reaction criticality }`;

/** Order entry for one patient: allergies first, then the orders, then a new medication order with its safety checks. */
export function Orders({ session }: { session: Session }) {
  const [patient, setPatient] = useState<Patient | null>(null);
  const [orders, setOrders] = useState<OrderRow[]>([]);
  const [orderCount, setOrderCount] = useState(0);
  const [allergies, setAllergies] = useState<Allergy[]>([]);
  const [drugs, setDrugs] = useState<Drug[]>([]);
  const [form, setForm] = useState({ drugId: '', dose: '', unit: '', route: '', frequency: 'scheduled:BID', prnMinutes: '240', prnMax: '', indication: '', priority: 'routine' });
  const [alerts, setAlerts] = useState<Alert[]>([]);
  const [answers, setAnswers] = useState<Record<string, { reason: string; comment: string }>>({});
  const [allergyForm, setAllergyForm] = useState({ substanceCode: '', substance: '', reaction: '', criticality: 'high' });
  const [message, setMessage] = useState<string | null>(null);
  // One key per order being signed: a double tap or a retry places it once.
  const [signKey, setSignKey] = useState(() => newIdempotencyKey());
  const signing = useInFlight();
  const recording = useInFlight();

  const encounter = patient?.encounters.find((e) => e.status === 'in-progress' || e.status === 'onleave') ?? null;
  const drug = drugs.find((d) => d.id === form.drugId) ?? null;

  // Each read of the record is numbered: an older answer arriving after a newer one (the first
  // load outrun by an allergy just recorded) is dropped, never shown over it.
  const recordReads = useRef(0);
  const recordShown = useRef(0);
  const loadRecord = useCallback(async () => {
    if (!patient) return;
    const read = ++recordReads.current;
    const data = await gql<{ patient: { orders: { nodes: OrderRow[]; totalCount: number }; allergies: Allergy[] } }>(session, `query($p: ID!) { patient(id: $p) { ${recordFields} } }`, {
      p: patient.id,
    });
    if (read < recordShown.current) return;
    recordShown.current = read;
    setOrders(data.patient.orders.nodes);
    setOrderCount(data.patient.orders.totalCount);
    setAllergies(data.patient.allergies);
  }, [patient, session]);

  useEffect(() => {
    void loadRecord();
  }, [loadRecord]);

  useEffect(() => {
    void gql<{ formulary: Drug[] }>(session, '{ formulary { id name doseUnits routes highAlert controlledSchedule } }').then((data) => setDrugs(data.formulary));
  }, [session]);

  const chooseDrug = (drugId: string) => {
    const chosen = drugs.find((d) => d.id === drugId);
    setForm({ ...form, drugId, unit: chosen?.doseUnits[chosen.doseUnits.length - 1] ?? '', route: chosen?.routes[0] ?? '', prnMax: '' });
    setAlerts([]);
  };

  const sign = async (e: FormEvent) => {
    e.preventDefault();
    if (!patient || !encounter) return;
    setMessage(null);
    const [type, code] = form.frequency.split(':') as [string, string];
    const frequency =
      type === 'prn'
        ? { type, minIntervalMinutes: Number(form.prnMinutes), maxPer24h: { value: Number(form.prnMax), unit: form.unit }, indication: form.indication }
        : { type, ...(code ? { code } : {}) };
    const overrides = alerts.map((a) => ({ alertKey: a.key, reason: answers[a.key]?.reason ?? '', comment: answers[a.key]?.comment || null }));
    const data = await gql<{ placeMedicationOrder: PlaceResult }>(
      session,
      `mutation($i: MedicationOrderInput!) { placeMedicationOrder(input: $i) {
        __typename ... on OrderChanged { order { id summary } } ... on OrderAlertsRaised { alerts { kind key message } } ... on Refusal { message } } }`,
      {
        i: {
          patientId: patient.id,
          encounterId: encounter.id,
          priority: form.priority,
          drugId: form.drugId,
          dose: { value: Number(form.dose), unit: form.unit },
          route: form.route,
          frequency,
          indication: type === 'prn' ? form.indication : null,
          overrides,
          idempotencyKey: signKey,
        },
      },
    ).catch((error: Error): { placeMedicationOrder: PlaceResult } => ({ placeMedicationOrder: { __typename: 'Refusal', message: error.message } }));
    const result = data.placeMedicationOrder;
    if (result.__typename === 'OrderAlertsRaised') {
      setAlerts(result.alerts);
      setMessage('Not signed yet: answer each alert below, or change the order.');
    } else if (result.__typename === 'Refusal') {
      setMessage(result.message);
    } else {
      setAlerts([]);
      setAnswers({});
      setSignKey(newIdempotencyKey());
      setMessage(`Signed: ${result.order.summary}. Pharmacy verifies it before the first dose.`);
      await loadRecord();
    }
  };

  const recordAllergy = async (e: FormEvent) => {
    e.preventDefault();
    if (!patient) return;
    type Result = { recordAllergy: { __typename: string; allergies?: Allergy[]; message?: string } };
    const data = await gql<Result>(
      session,
      `mutation($i: AllergyInput!) { recordAllergy(input: $i) { __typename ... on AllergyChanged { allergies { id substance reaction criticality } } ... on Refusal { message } } }`,
      { i: { patientId: patient.id, ...allergyForm, reaction: allergyForm.reaction || null } },
    ).catch((error: Error): Result => ({ recordAllergy: { __typename: 'Refusal', message: error.message } }));
    if (data.recordAllergy.allergies) {
      setAllergyForm({ substanceCode: '', substance: '', reaction: '', criticality: 'high' });
      await loadRecord();
    } else setMessage(data.recordAllergy.message ?? 'refused');
  };

  if (!patient) {
    return (
      <section aria-label="Orders">
        <h2>Orders: choose a patient</h2>
        <PatientSearch session={session} onSelect={setPatient} />
      </section>
    );
  }

  return (
    <section aria-label="Orders">
      <PatientBanner session={session} patient={patient} />
      <button type="button" onClick={() => setPatient(null)}>
        Another patient
      </button>
      {message && <p role="status">{message}</p>}

      <h2>Allergies</h2>
      <ul className="allergies" data-testid="allergies">
        {allergies.length === 0 && <li>None recorded. Ask and record before ordering.</li>}
        {allergies.map((a) => (
          <li key={a.id} className={a.criticality === 'high' ? 'allergy high' : 'allergy'}>
            {a.substance}
            {a.reaction ? ` (${a.reaction})` : ''} · {a.criticality}
          </li>
        ))}
      </ul>
      <form onSubmit={recording.submit(recordAllergy)} className="row" aria-label="Record an allergy">
        <label>
          Substance code <input name="substanceCode" value={allergyForm.substanceCode} onChange={(e) => setAllergyForm({ ...allergyForm, substanceCode: e.target.value })} required />
        </label>
        <label>
          As shown <input name="substance" value={allergyForm.substance} onChange={(e) => setAllergyForm({ ...allergyForm, substance: e.target.value })} required />
        </label>
        <label>
          Reaction <input name="reaction" value={allergyForm.reaction} onChange={(e) => setAllergyForm({ ...allergyForm, reaction: e.target.value })} />
        </label>
        <label>
          Criticality{' '}
          <select name="criticality" value={allergyForm.criticality} onChange={(e) => setAllergyForm({ ...allergyForm, criticality: e.target.value })}>
            <option>high</option>
            <option>low</option>
            <option>unable-to-assess</option>
          </select>
        </label>
        <Button type="submit" loading={recording.busy}>
          Record allergy
        </Button>
      </form>

      <h2>Orders</h2>
      {orderCount > orders.length && (
        <p data-testid="orders-shown">
          The newest {orders.length} of {orderCount} orders; the chart and the patient’s record hold the rest.
        </p>
      )}
      <table className="orders" data-testid="orders">
        <thead>
          <tr>
            <th>Order</th>
            <th>Status</th>
            <th>Pharmacy</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.id} data-order={o.id}>
              <td>
                {o.priority === 'stat' && <strong>STAT </strong>}
                {o.summary}
                {o.reviewPending && (
                  <strong className="flag">
                    {' '}
                    {reviewText[o.reviewReason ?? ''] ?? 'Review needed'}
                    {o.reviewNote ? `: ${o.reviewNote}` : ''}
                  </strong>
                )}
              </td>
              <td>{o.status}</td>
              <td>{o.verification === 'pending' ? 'Awaiting pharmacist' : o.verification === 'verified' ? 'Verified' : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {encounter && (
        <>
          <h2>New lab, imaging, diet or nursing order</h2>
          <OtherOrder
            session={session}
            patientId={patient.id}
            encounterId={encounter.id}
            onSigned={(text) => {
              setMessage(text);
              void loadRecord();
            }}
          />
        </>
      )}

      <h2>New medication order</h2>
      {!encounter ? (
        <p>The patient is not admitted: orders are placed on an open encounter.</p>
      ) : (
        <form onSubmit={signing.submit(sign)} className="grid" aria-label="New medication order">
          <label>
            Drug{' '}
            <select name="drugId" value={form.drugId} onChange={(e) => chooseDrug(e.target.value)} required>
              <option value="">Choose from the formulary</option>
              {drugs.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                  {d.highAlert ? ' (HIGH ALERT)' : ''}
                  {d.controlledSchedule ? ` (${d.controlledSchedule})` : ''}
                </option>
              ))}
            </select>
          </label>
          <label>
            Dose <input name="dose" type="number" step="any" min="0" value={form.dose} onChange={(e) => setForm({ ...form, dose: e.target.value })} required />
          </label>
          <label>
            Unit{' '}
            <select name="unit" value={form.unit} onChange={(e) => setForm({ ...form, unit: e.target.value })} required>
              {(drug?.doseUnits ?? []).map((u) => (
                <option key={u} value={u}>
                  {unitWords[u] ?? u}
                </option>
              ))}
            </select>
          </label>
          <label>
            Route{' '}
            <select name="route" value={form.route} onChange={(e) => setForm({ ...form, route: e.target.value })} required>
              {(drug?.routes ?? []).map((r) => (
                <option key={r}>{r}</option>
              ))}
            </select>
          </label>
          <label>
            How often{' '}
            <select name="frequency" value={form.frequency} onChange={(e) => setForm({ ...form, frequency: e.target.value })}>
              {frequencies.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </label>
          {form.frequency === 'prn:' && (
            <>
              <label>
                At least minutes apart <input name="prnMinutes" type="number" min="1" value={form.prnMinutes} onChange={(e) => setForm({ ...form, prnMinutes: e.target.value })} required />
              </label>
              <label>
                At most in 24 h ({unitWords[form.unit] ?? form.unit}) <input name="prnMax" type="number" step="any" min="0" value={form.prnMax} onChange={(e) => setForm({ ...form, prnMax: e.target.value })} required />
              </label>
              <label>
                For (indication) <input name="indication" value={form.indication} onChange={(e) => setForm({ ...form, indication: e.target.value })} required />
              </label>
            </>
          )}
          <label>
            Priority{' '}
            <select name="priority" value={form.priority} onChange={(e) => setForm({ ...form, priority: e.target.value })}>
              <option>routine</option>
              <option>urgent</option>
              <option>stat</option>
            </select>
          </label>
          {alerts.length > 0 && (
            <fieldset className="alerts" aria-label="Safety alerts">
              <legend>Safety alerts: answer each to sign</legend>
              {alerts.map((a) => (
                <div key={a.key} className="alert" data-alert={a.key}>
                  <p role="alert">{a.message}</p>
                  <label>
                    Override reason{' '}
                    <select
                      aria-label={`Override reason for ${a.kind}`}
                      value={answers[a.key]?.reason ?? ''}
                      onChange={(e) => setAnswers({ ...answers, [a.key]: { reason: e.target.value, comment: answers[a.key]?.comment ?? '' } })}
                      required
                    >
                      <option value="">Choose a reason</option>
                      {overrideReasons.map(([value, text]) => (
                        <option key={value} value={value}>
                          {text}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    Comment{' '}
                    <input
                      aria-label={`Comment for ${a.kind}`}
                      value={answers[a.key]?.comment ?? ''}
                      onChange={(e) => setAnswers({ ...answers, [a.key]: { reason: answers[a.key]?.reason ?? '', comment: e.target.value } })}
                    />
                  </label>
                </div>
              ))}
            </fieldset>
          )}
          <Button type="submit" loading={signing.busy}>
            {alerts.length > 0 ? 'Sign with overrides' : 'Sign order'}
          </Button>
        </form>
      )}
    </section>
  );
}
