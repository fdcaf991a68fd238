import { Button } from '@mantine/core';
import { useState } from 'react';
import { gql, type Session } from './api';
import { LiveList, UpdatedAt, useLiveQuery } from './live';

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
  const live = useLiveQuery<{ verificationQueue: QueuedOrder[] }>(session, queueQuery, {}, refreshMs);
  const { refresh } = live;
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ orderId: string; text: string; refused: boolean } | null>(null);
  /** The order whose verify or reject is on its way: its buttons wait, so a double click does one thing. */
  const [busy, setBusy] = useState<string | null>(null);

  const act = async (order: QueuedOrder, mutation: 'verifyOrder' | 'rejectOrder') => {
    const text =
      mutation === 'verifyOrder'
        ? `mutation($o: ID!) { verifyOrder(orderId: $o) { __typename ... on Refusal { message } } }`
        : `mutation($o: ID!, $r: String!) { rejectOrder(orderId: $o, reason: $r) { __typename ... on Refusal { message } } }`;
    type Result = Record<string, { __typename: string; message?: string }>;
    setBusy(order.id);
    const data = await gql<Result>(session, text, { o: order.id, r: reasons[order.id] ?? '' }).catch((error: Error): Result => ({ [mutation]: { __typename: 'Refusal', message: error.message } }));
    const result = data[mutation]!;
    const refused = result.__typename === 'Refusal';
    setMessage({ orderId: order.id, refused, text: refused ? (result.message ?? 'refused') : `${mutation === 'verifyOrder' ? 'Verified' : 'Rejected'}: ${order.summary}` });
    await refresh();
    setBusy(null);
  };
  const done = message && !live.data?.verificationQueue.some((o) => o.id === message.orderId) ? message : null;

  return (
    <section aria-label="Pharmacy">
      <header className="toolbar">
        <h2>Verification queue{live.data ? ` (${live.data.verificationQueue.length})` : ''}</h2>
        <UpdatedAt live={live} />
      </header>
      {done && <p role={done.refused ? 'alert' : 'status'}>{done.text}</p>}
      <LiveList live={live} what="the verification queue" isEmpty={(d) => d.verificationQueue.length === 0} empty="No medication order is waiting for verification.">
        {(d) => (
      <ul className="queue-list">
        {d.verificationQueue.map((o) => (
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
              <Button loading={busy === o.id} disabled={busy !== null} onClick={() => void act(o, 'verifyOrder')}>
                Verify
              </Button>
              <label>
                Reason to reject <input aria-label={`Reason to reject ${o.summary}`} value={reasons[o.id] ?? ''} onChange={(e) => setReasons({ ...reasons, [o.id]: e.target.value })} />
              </label>
              <Button color="red.9" variant="outline" disabled={busy !== null || !reasons[o.id]?.trim()} onClick={() => void act(o, 'rejectOrder')}>
                Reject
              </Button>
            </div>
            {message?.orderId === o.id && message.refused && (
              <p role="alert" className="refusal">
                {message.text}
              </p>
            )}
          </li>
        ))}
      </ul>
        )}
      </LiveList>
    </section>
  );
}
