import { useState } from 'react';
import { Link } from 'react-router';
import { may } from './access';
import { gql, type Session } from './api';
import { useInFlight } from './in-flight';
import { LiveList, StaleAlert, UpdatedAt, useLiveQuery } from './live';

interface PatientName {
  id: string;
  familyName: string;
  givenNames: string;
  mrn: string;
}

interface Bed {
  id: string;
  unitId: string;
  label: string;
  status: string;
  isolation: string | null;
  blockedReason: string | null;
  patient: PatientName | null;
  dirtySince: string | null;
}

interface BedRequest {
  id: string;
  unitId: string | null;
  isolation: string | null;
  reason: string;
  requestedAt: string;
  patient: PatientName | null;
}

const nameOf = (p: PatientName) => `${p.familyName.toUpperCase()}, ${p.givenNames}`;
const minutesSince = (iso: string) => Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 60_000));
/** A unit's heading: how many beds are in each state, the figure a bed manager asks first. */
const countsOf = (unitBeds: Bed[]) =>
  Object.keys(statusText)
    .map((status) => [status, unitBeds.filter((b) => b.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => `${n} ${status}`)
    .join(' · ');
// An admin administers beds: their state, not who lies in them.
const bedsQueryFor = (role: string) =>
  `{ bedBoard { id unitId label status isolation blockedReason dirtySince${may(role, 'Bed', 'patient') ? ' patient { id familyName givenNames mrn }' : ''} } }`;
// Asked apart: a role that may see the beds but not the placement queue (an admin) still gets the beds.
const requestsQuery = '{ bedRequests { id unitId isolation reason requestedAt patient { id familyName givenNames mrn } } }';

const statusText: Record<string, string> = {
  available: 'Clean – available',
  reserved: 'Reserved',
  occupied: 'Occupied',
  dirty: 'Dirty – needs cleaning',
  cleaning: 'Being cleaned',
  blocked: 'Blocked',
};

/** How often the board asks again: well inside the 2 s a bed manager may wait for a change. */
const refreshMs = 1000;

export function BedBoard({ session }: { session: Session }) {
  const seesQueue = may(session.role, 'Query', 'bedRequests');
  const live = useLiveQuery<{ bedBoard: Bed[] }>(session, bedsQueryFor(session.role), {}, refreshMs);
  const queue = useLiveQuery<{ bedRequests: BedRequest[] }>(session, requestsQuery, {}, refreshMs, seesQueue);
  const { data, problem } = live;
  const beds = data?.bedBoard ?? [];
  const refresh = async () => void (await Promise.all([live.refresh(), ...(seesQueue ? [queue.refresh()] : [])]));
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [unit, setUnit] = useState<string>('');
  const [refusal, setRefusal] = useState<string | null>(null);

  const inFlight = useInFlight();
  const run = (mutation: string, text: string, variables: Record<string, unknown>) =>
    inFlight.run(async () => {
      try {
        const data = await gql<Record<string, { __typename: string; message?: string }>>(session, text, variables);
        const result = data[mutation]!;
        setRefusal(result.__typename === 'Refusal' ? (result.message ?? 'refused') : null);
        await refresh();
      } catch (error) {
        setRefusal((error as Error).message);
      }
    });
  const act = (mutation: 'markBedClean' | 'startBedCleaning', bedId: string) =>
    run(mutation, `mutation($b: ID!) { ${mutation}(bedId: $b) { __typename ... on Refusal { message } } }`, { b: bedId });
  const assign = (request: BedRequest, bedId: string) => {
    const chosen = beds.find((b) => b.id === bedId);
    if (!chosen) return Promise.resolve();
    return run('assignBed', `mutation($r: ID!, $b: BedInput!) { assignBed(requestId: $r, bed: $b) { __typename ... on Refusal { message } } }`, {
      r: request.id,
      b: { bedId: chosen.id, unitId: chosen.unitId },
    });
  };
  const canPlace = may(session.role, 'Mutation', 'assignBed');
  const cleans = may(session.role, 'Mutation', 'markBedClean');
  const available = beds.filter((b) => b.status === 'available');

  const units = [...new Set(beds.map((b) => b.unitId))];
  const shown = beds.filter((b) => !unit || b.unitId === unit);
  return (
    <section aria-label="Bed board">
      <header className="toolbar">
        <label>
          Unit{' '}
          <select value={unit} onChange={(e) => setUnit(e.target.value)}>
            <option value="">All units</option>
            {units.map((u) => (
              <option key={u}>{u}</option>
            ))}
          </select>
        </label>
        <UpdatedAt live={live} />
      </header>
      <StaleAlert problem={problem} what="Bed board" />
      {refusal && (
        <p role="alert" className="refusal">
          {refusal}
        </p>
      )}
      {seesQueue && (
        <section aria-label="Placement queue" className="queue">
          <h2>Waiting for a bed{queue.data ? ` (${queue.data.bedRequests.length})` : ''}</h2>
          <LiveList live={queue} what="the placement queue" isEmpty={(d) => d.bedRequests.length === 0} empty="No one is waiting for a bed.">
            {({ bedRequests: requests }) => (
              <ul>
                {requests.map((r) => {
                  const fits = available.filter((b) => (!r.unitId || b.unitId === r.unitId) && (!b.isolation || b.isolation === r.isolation));
                  return (
                    <li key={r.id} data-request={r.id}>
                      <strong>{r.patient ? `${nameOf(r.patient)} · MRN ${r.patient.mrn}` : 'Unknown patient'}</strong> — {r.unitId ?? 'any unit'}
                      {r.isolation && ` · isolation: ${r.isolation}`} · {r.reason} · waiting {minutesSince(r.requestedAt)} min
                      {canPlace && (
                        <span className="row">
                          <label>
                            Bed{' '}
                            <select aria-label={`Bed for ${r.patient ? nameOf(r.patient) : r.id}`} value={choice[r.id] ?? ''} onChange={(e) => setChoice({ ...choice, [r.id]: e.target.value })}>
                              <option value="">{fits.length ? 'Choose a clean bed' : 'No clean bed fits'}</option>
                              {fits.map((b) => (
                                <option key={b.id} value={b.id}>
                                  {b.id}
                                </option>
                              ))}
                            </select>
                          </label>
                          <button type="button" disabled={!choice[r.id] || inFlight.busy} aria-busy={inFlight.busy} onClick={() => void assign(r, choice[r.id]!)}>
                            Assign
                          </button>
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            )}
          </LiveList>
        </section>
      )}
      {units
        .filter((u) => !unit || u === unit)
        .map((u) => (
          <div key={u}>
            <h2>
              {u} <small className="counts">{countsOf(beds.filter((b) => b.unitId === u))}</small>
            </h2>
            <ul className="beds">
              {shown
                .filter((b) => b.unitId === u)
                .map((b) => (
                  <li key={b.id} className={`bed ${b.status}`} data-bed={b.id} data-status={b.status}>
                    <strong>{b.label}</strong>
                    <span>{statusText[b.status] ?? b.status}</span>
                    {b.isolation && <span className="isolation">Isolation: {b.isolation}</span>}
                    {b.blockedReason && <span>{b.blockedReason}</span>}
                    {b.patient && (
                      <Link className="patient" to={`/chart/${b.patient.id}`} aria-label={`Chart of ${nameOf(b.patient)}, MRN ${b.patient.mrn}`}>
                        {nameOf(b.patient)} · MRN {b.patient.mrn}
                      </Link>
                    )}
                    {b.dirtySince && <span>waiting {minutesSince(b.dirtySince)} min</span>}
                    {cleans && b.status === 'dirty' && (
                      <button type="button" disabled={inFlight.busy} onClick={() => void act('startBedCleaning', b.id)}>
                        Start cleaning
                      </button>
                    )}
                    {cleans && (b.status === 'dirty' || b.status === 'cleaning') && (
                      <button type="button" disabled={inFlight.busy} onClick={() => void act('markBedClean', b.id)}>
                        Mark clean
                      </button>
                    )}
                  </li>
                ))}
            </ul>
          </div>
        ))}
    </section>
  );
}
