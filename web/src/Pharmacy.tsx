import { useState } from 'react';
import { gql, type Session } from './api';
import { StaleAlert, useLiveQuery } from './live';

interface QueuedOrder {
  id: string;
  patient: { familyName: string; givenNames: string; mrn: string };
  priority: string;
  summary: string;
  placedAt: string;
  orderedBy: string;
  givenBeforeVerification: boolean;
  medication: { highAlert: boolean; controlledSchedule: string | null } | null;
  alertsOverridden: Array<{ message: string; reason: string; comment: string | null }>;
}

/** How often the queue asks again, so a STAT order appears within seconds. */
const refreshMs = 2000;

const queueQuery =
  '{ verificationQueue { id patientId patient { familyName givenNames mrn } priority summary placedAt orderedBy givenBeforeVerification medication { highAlert controlledSchedule } alertsOverridden { message reason comment } } }';

const minutesAgo = (iso: string) => Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60_000));

/** The pharmacist's verification queue: STAT first, then oldest first; verify or reject with a reason. */
export function Pharmacy({ session }: { session: Session }) {
  const { data, problem, refresh } = useLiveQuery<{ verificationQueue: QueuedOrder[] }>(session, queueQuery, {}, refreshMs);
  const queue = data?.verificationQueue ?? [];
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const act = async (order: QueuedOrder, mutation: 'verifyOrder' | 'rejectOrder') => {
    const text =
      mutation === 'verifyOrder'
        ? `mutation($o: ID!) { verifyOrder(orderId: $o) { __typename ... on Refusal { message } } }`
        : `mutation($o: ID!, $r: String!) { rejectOrder(orderId: $o, reason: $r) { __typename ... on Refusal { message } } }`;
    type Result = Record<string, { __typename: string; message?: string }>;
    const data = await gql<Result>(session, text, { o: order.id, r: reasons[order.id] ?? '' }).catch((error: Error): Result => ({ [mutation]: { __typename: 'Refusal', message: error.message } }));
    const result = data[mutation]!;
    setMessage(result.__typename === 'Refusal' ? (result.message ?? 'refused') : `${mutation === 'verifyOrder' ? 'Verified' : 'Rejected'}: ${order.summary}`);
    await refresh();
  };

  return (
    <section aria-label="Pharmacy">
      <h2>Verification queue ({queue.length})</h2>
      <StaleAlert problem={problem} what="The queue" />
      {message && <p role="status">{message}</p>}
      {queue.length === 0 && <p>No medication order is waiting for verification.</p>}
      <ul className="queue-list">
        {queue.map((o) => (
          <li key={o.id} data-order={o.id} className={o.priority === 'stat' ? 'stat' : ''}>
            <p>
              {o.priority === 'stat' && <strong>STAT · </strong>}
              <strong>{o.summary}</strong>
              {o.givenBeforeVerification && <span className="flag"> GIVEN BEFORE VERIFICATION: review</span>}
              {o.medication?.highAlert && <span className="flag"> HIGH ALERT</span>}
              {o.medication?.controlledSchedule && <span className="flag"> {o.medication.controlledSchedule}</span>}
            </p>
            <p>
              {o.patient.familyName.toUpperCase()}, {o.patient.givenNames} · MRN {o.patient.mrn} · ordered by {o.orderedBy} · waiting {minutesAgo(o.placedAt)} min
            </p>
            {o.alertsOverridden.map((a) => (
              <p key={a.message} className="flag">
                Overridden: {a.message} Reason: {a.reason}
                {a.comment ? `, "${a.comment}"` : ''}
              </p>
            ))}
            <div className="row">
              <button type="button" onClick={() => void act(o, 'verifyOrder')}>
                Verify
              </button>
              <label>
                Reason to reject <input aria-label={`Reason to reject ${o.summary}`} value={reasons[o.id] ?? ''} onChange={(e) => setReasons({ ...reasons, [o.id]: e.target.value })} />
              </label>
              <button type="button" disabled={!reasons[o.id]?.trim()} onClick={() => void act(o, 'rejectOrder')}>
                Reject
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
