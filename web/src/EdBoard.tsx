import { Button, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useViewportSize } from '@mantine/hooks';
import { type FormEvent, type KeyboardEvent, useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { gql, newIdempotencyKey, type Session } from './api';
import { StaleAlert, UpdatedAt, useLiveQuery } from './live';

interface Timer {
  startedAt: string;
  stoppedAt: string | null;
  elapsedMinutes: number;
  level: 'normal' | 'yellow' | 'red';
  yellowAtMinutes: number;
  redAtMinutes: number;
}

interface EdPatient {
  familyName: string;
  givenNames: string;
  mrn: string;
  birthDate: string | null;
  estimatedAgeYears: number | null;
  unidentified: boolean;
}

interface Visit {
  id: string;
  patientId: string;
  patient: EdPatient | null;
  arrivedAt: string;
  arrivalMode: string;
  esi: number | null;
  previousEsi: number | null;
  chiefComplaint: string | null;
  dangerZone: Array<{ sign: string }>;
  roomId: string | null;
  status: string;
  providerId: string | null;
  nurseId: string | null;
  disposition: string | null;
  bedRequest: { status: string; bedId: string | null; cancelledReason: string | null } | null;
  timers: { doorToRoom: Timer; doorToProvider: Timer | null; boarding: Timer | null; lengthOfStay: Timer };
}

interface Filters {
  view: 'active' | 'look-up';
  esi: string;
  status: string;
  withoutProvider: boolean;
}

type Answer = { __typename: 'EdVisitChanged' } | { __typename: 'Refusal'; message: string } | { __typename: 'DangerZonePrompt'; message: string };

const timerFields = 'startedAt stoppedAt elapsedMinutes level yellowAtMinutes redAtMinutes';
const boardQuery = `query($f: EdBoardFilter) { edBoard(filter: $f) { asOf visits {
  id patientId arrivedAt arrivalMode esi previousEsi chiefComplaint dangerZone { sign } roomId status providerId nurseId disposition bedRequest { status bedId cancelledReason }
  timers { doorToRoom { ${timerFields} } doorToProvider { ${timerFields} } boarding { ${timerFields} } lengthOfStay { ${timerFields} } }
  patient { familyName givenNames mrn birthDate estimatedAgeYears unidentified } } } }`;
const answerFields = '__typename ... on Refusal { message }';

/** How often the board asks again: well inside the 2 s a change may take to reach every screen. */
const refreshMs = 1000;

/** What the board says of a boarder's bed: a cancelled request says why, so the ED asks again or changes the plan. */
function bedRequestText(request: Visit['bedRequest']): string {
  if (!request) return '';
  if (request.status === 'cancelled') return `Bed request cancelled: ${request.cancelledReason ?? 'no reason given'}. Decide to admit again to re-request.`;
  return request.bedId ? `Bed ${request.bedId}` : 'Bed requested';
}
const statuses = ['waiting', 'triaged', 'roomed', 'seen-by-provider', 'results-pending', 'disposition-decided', 'boarding'];
const statusText: Record<string, string> = {
  waiting: 'Waiting for triage',
  triaged: 'Triaged, waiting',
  roomed: 'In room',
  'seen-by-provider': 'Seen by provider',
  'results-pending': 'Results pending',
  'disposition-decided': 'Dispo decided',
  boarding: 'Boarding',
  departed: 'Departed',
};
/** Colour alone is not enough on a wall across the room: each level also changes the words. */
const levelText: Record<Timer['level'], string> = { normal: '', yellow: ' ▲ warning', red: ' ■ over limit' };

const duration = (minutes: number) => {
  const whole = Math.floor(minutes);
  return whole < 60 ? `${whole} min` : `${Math.floor(whole / 60)} h ${String(whole % 60).padStart(2, '0')}`;
};
const nameOf = (p: EdPatient) => `${p.familyName.toUpperCase()}, ${p.givenNames}`;
/** A wall display in a corridor shows initials and MRN digits, never a full name. */
const maskedName = (p: EdPatient) => `${p.familyName.slice(0, 3).toUpperCase()} ${p.givenNames.slice(0, 1)}. ·${p.mrn.slice(-3)}`;
const ageInMonths = (p: EdPatient | null): number | null => {
  if (p?.birthDate) {
    const born = new Date(p.birthDate);
    const now = new Date();
    return (now.getFullYear() - born.getFullYear()) * 12 + now.getMonth() - born.getMonth() - (now.getDate() < born.getDate() ? 1 : 0);
  }
  return p?.estimatedAgeYears != null ? p.estimatedAgeYears * 12 : null;
};

/**
 * A clock on the board. Between answers it counts on from the last one (read when it arrived, so the
 * workstation's clock being off does not matter) and turns yellow or red at the service's thresholds.
 * When the feed is lost it keeps counting but turns grey and says so: the level is no longer confirmed.
 */
function TimerCell({ name, timer, heardAt, now, offline }: { name: string; timer: Timer | null; heardAt: number; now: number; offline: boolean }) {
  if (!timer) return <td data-timer={name} />;
  const minutes = timer.stoppedAt ? timer.elapsedMinutes : timer.elapsedMinutes + Math.max(0, now - heardAt) / 60_000;
  const counted: Timer['level'] = timer.stoppedAt ? timer.level : minutes >= timer.redAtMinutes ? 'red' : minutes >= timer.yellowAtMinutes ? 'yellow' : timer.level;
  const level = offline && !timer.stoppedAt ? 'offline' : counted;
  return (
    <td data-timer={name} data-level={level} className={`timer ${level}${timer.stoppedAt ? ' stopped' : ''}`}>
      {duration(minutes)}
      {level === 'offline' ? ' (unconfirmed)' : levelText[counted]}
      {timer.stoppedAt && ' (stopped)'}
    </td>
  );
}

/** Now, ticking every few seconds: the clocks on the board move on between answers, and without them. */
function useTick(ms: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(id);
  }, [ms]);
  return now;
}

/** The feed is lost once an ask has failed or three in a row have not come back. */
const offlineAfterMs = 5_000;
const clockTime = (at: Date) => at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

/** The arrival desk: quick registration in ADT first, then the ED visit with that patient id. */
function ArrivalForm({ session, onDone }: { session: Session; onDone: (message: string) => void }) {
  const [unidentified, setUnidentified] = useState(false);
  /** One arrival being registered: the button waits, so a double click registers one patient once. */
  const [busy, setBusy] = useState(false);
  // One key for this arrival, its registration and its visit alike (ADT and the ED keep their keys
  // apart): a retry after the visit failed finds the patient already registered. A change to the
  // form is another arrival.
  const [arrivalKey, setArrivalKey] = useState(newIdempotencyKey);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (busy) return;
    const formElement = e.currentTarget;
    const form = new FormData(formElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    setBusy(true);
    try {
      const registered = unidentified
        ? (
            await gql<{ registerUnidentifiedPatient: { __typename: string; message?: string; patient?: { id: string } } }>(
              session,
              `mutation($s: String!, $a: Int, $c: String!, $k: String) { registerUnidentifiedPatient(sex: $s, estimatedAgeYears: $a, circumstances: $c, idempotencyKey: $k) { __typename ... on PatientRegistered { patient { id } } ... on Refusal { message } } }`,
              { s: value('sex'), a: value('estimatedAge') ? Number(value('estimatedAge')) : null, c: value('circumstances'), k: arrivalKey },
            )
          ).registerUnidentifiedPatient
        : (
            await gql<{ registerPatient: { __typename: string; message?: string; patient?: { id: string } } }>(
              session,
              `mutation($d: DemographicsInput!, $k: String) { registerPatient(demographics: $d, idempotencyKey: $k) { __typename ... on PatientRegistered { patient { id } } ... on Refusal { message } } }`,
              { d: { familyName: value('familyName'), givenNames: value('givenNames').split(/\s+/).filter(Boolean), birthDate: value('birthDate'), sex: value('sex') }, k: arrivalKey },
            )
          ).registerPatient;
      if (!registered.patient) return onDone(registered.message ?? 'Registration was refused');
      const arrived = await gql<{ registerArrival: Answer }>(
        session,
        `mutation($p: ID!, $m: String!, $k: String) { registerArrival(patientId: $p, mode: $m, idempotencyKey: $k) { ${answerFields} } }`,
        { p: registered.patient.id, m: value('mode'), k: arrivalKey },
      );
      const done = arrived.registerArrival.__typename === 'EdVisitChanged';
      // The next arrival is another intent, with a key of its own; a retry of this one keeps it.
      if (done) {
        setArrivalKey(newIdempotencyKey());
        formElement.reset();
      }
      onDone(done ? 'Arrival registered' : (arrived.registerArrival as { message: string }).message);
    } catch (error) {
      onDone((error as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="ed-arrival row" aria-label="New arrival" onSubmit={(e) => void submit(e)} onChange={() => setArrivalKey(newIdempotencyKey())}>
      <label>
        <input type="checkbox" checked={unidentified} onChange={(e) => setUnidentified(e.target.checked)} /> Unidentified
      </label>
      {unidentified ? (
        <>
          <label>
            Estimated age <input name="estimatedAge" type="number" min={0} max={130} size={4} />
          </label>
          <label>
            Circumstances <input name="circumstances" required />
          </label>
        </>
      ) : (
          <>
            <label>
              Family name <input name="familyName" required />
            </label>
            <label>
              Given names <input name="givenNames" required />
            </label>
            <label>
              Birth date <input name="birthDate" type="date" required />
            </label>
          </>
        )}
        <label>
          Sex{' '}
          <select name="sex" defaultValue="unknown">
            {['female', 'male', 'other', 'unknown'].map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          Arrived by{' '}
          <select name="mode" defaultValue="walk-in">
            {['walk-in', 'ambulance', 'transfer'].map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <Button type="submit" loading={busy}>
          Register arrival
        </Button>
      </form>
    );
  }

  /** The steps of care for the selected patient; each answers with the board refreshed. */
  function VisitActions({ session, visit, onDone }: { session: Session; visit: Visit; onDone: (message: string | null) => void }) {
    const [prompt, setPrompt] = useState<string | null>(null);
    /** The step on its way: every action button waits for it, so a double click does one thing. */
    const [busy, setBusy] = useState<string | null>(null);
    /** One step of care; its string arguments besides the visit go by name, e.g. { roomId: 'ED-03' }. */
    const run = async (mutation: string, args: Record<string, string> = {}) => {
      const names = Object.keys(args);
      const declared = names.map((n) => `, $${n}: String!`).join('');
      const passed = names.map((n) => `, ${n}: $${n}`).join('');
      setBusy(mutation);
      try {
        const data = await gql<Record<string, Answer>>(session, `mutation($visitId: ID!${declared}) { ${mutation}(visitId: $visitId${passed}) { ${answerFields} } }`, { visitId: visit.id, ...args });
        const answer = data[mutation]!;
        onDone(answer.__typename === 'EdVisitChanged' ? null : answer.message);
      } catch (error) {
        onDone((error as Error).message);
      } finally {
        setBusy(null);
      }
    };
    const who = visit.patient ? nameOf(visit.patient) : visit.patientId;
    const simple = (mutation: string, label: string) => (
      <Button variant="default" loading={busy === mutation} disabled={busy !== null} onClick={() => void run(mutation)}>
        {label}
      </Button>
    );
    /** A step that ends the visit: it says what will happen and waits for a yes. */
    const final = (mutation: string, label: string, consequence: string, args: Record<string, string> = {}) => (
      <Button
        variant="outline"
        color="red.9"
        loading={busy === mutation}
        disabled={busy !== null}
        onClick={() =>
          modals.openConfirmModal({
            title: `${label}: ${who}?`,
            children: <Text>{consequence}</Text>,
            labels: { confirm: `Yes, ${label.toLowerCase()}`, cancel: 'No, go back' },
            confirmProps: { color: 'red.9' },
            closeButtonProps: { 'aria-label': 'Close without doing anything' },
            onConfirm: () => void run(mutation, args),
          })
        }
      >
        {label}
      </Button>
    );
    const assign = (mutation: string, field: string, label: string) => (
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void run(mutation, { [field]: String(new FormData(e.currentTarget).get(field) ?? '').trim() });
        }}
      >
        <label>
          {label} <input name={field} required size={8} />
        </label>
        <Button type="submit" variant="default" loading={busy === mutation} disabled={busy !== null}>
          Assign
        </Button>
      </form>
    );
    const triage = async (form: FormData, answer: 'accepted' | 'declined' | null) => {
      const number = (name: string) => (String(form.get(name) ?? '') === '' ? undefined : Number(form.get(name)));
      const esi = answer === 'accepted' ? 2 : Number(form.get('esi'));
      try {
        const data = await gql<{ triage: Answer }>(session, `mutation($i: TriageInput!) { triage(input: $i) { ${answerFields} ... on DangerZonePrompt { message } } }`, {
          i: {
            visitId: visit.id,
            esi,
            chiefComplaint: String(form.get('chiefComplaint') ?? ''),
            ageInMonths: number('ageInMonths'),
            vitals: { heartRate: number('heartRate'), respiratoryRate: number('respiratoryRate'), oxygenSaturation: number('oxygenSaturation') },
            ...(answer ? { dangerZoneAnswer: answer } : {}),
          },
        });
        if (data.triage.__typename === 'DangerZonePrompt') return setPrompt(data.triage.message);
        setPrompt(null);
        onDone(data.triage.__typename === 'Refusal' ? data.triage.message : null);
      } catch (error) {
        onDone((error as Error).message);
      }
    };
    const [triageForm, setTriageForm] = useState<FormData | null>(null);
    return (
      <div className="ed-actions" aria-label="Actions for the selected patient">
        {!visit.esi && (
          <form
            className="row"
            aria-label="Triage"
            onSubmit={(e) => {
              e.preventDefault();
              const form = new FormData(e.currentTarget);
              setTriageForm(form);
              void triage(form, null);
            }}
          >
            <label>
              ESI{' '}
              <select name="esi" defaultValue="3">
                {[1, 2, 3, 4, 5].map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </label>
            <label>
              Chief complaint <input name="chiefComplaint" required />
            </label>
            <label>
              HR <input name="heartRate" type="number" size={4} />
            </label>
            <label>
              RR <input name="respiratoryRate" type="number" size={4} />
            </label>
            <label>
              SpO2 <input name="oxygenSaturation" type="number" size={4} />
            </label>
            <label>
              Age (months) <input name="ageInMonths" type="number" min={0} required defaultValue={ageInMonths(visit.patient) ?? ''} size={5} />
            </label>
            <button type="submit">Triage</button>
          </form>
        )}
        {prompt && triageForm && (
          <p role="alert" className="refusal">
            {prompt}{' '}
            <button type="button" onClick={() => void triage(triageForm, 'accepted')}>
              Accept: ESI 2
            </button>{' '}
            <button type="button" onClick={() => void triage(triageForm, 'declined')}>
              Decline: keep ESI {String(triageForm.get('esi'))}
            </button>
          </p>
        )}
        <div className="row">
          {assign('assignRoom', 'roomId', 'Room')}
          {assign('assignProvider', 'providerId', 'Provider')}
          {assign('assignNurse', 'nurseId', 'Nurse')}
        </div>
        <div className="row">
          {simple('decideAdmission', 'Decide to admit')}
          {final('decideDischarge', 'Discharge home', 'The disposition becomes discharged home; the patient is expected to leave the department.', { disposition: 'discharged', dischargeStatus: '01' })}
          {final('recordDeparture', 'Departed', 'The visit ends now and the patient leaves the active board; their clocks stop.')}
          {final('recordLeftWithoutBeingSeen', 'Left without being seen', 'The visit ends as left without being seen (LWBS): the patient leaves the board and the visit counts in the LWBS measure. This cannot be undone here.')}
          {final('recordLeftAgainstMedicalAdvice', 'Left AMA', 'The visit ends as left against medical advice: the patient leaves the board. This cannot be undone here.')}
        </div>
      </div>
    );
  }

  export function EdBoard({ session }: { session: Session }) {
    const [filters, setFilters] = useState<Filters>({ view: 'active', esi: '', status: '', withoutProvider: false });
    const [wallChecked, setWall] = useState(false);
    // Kiosk: the wall screen in the department, opened at #/ed?display=kiosk; no controls, every row on one screen.
    const [search] = useSearchParams();
    const kiosk = search.get('display') === 'kiosk';
    const wall = wallChecked || kiosk;
    const now = useTick(5_000);
    const { height } = useViewportSize();
    const [selected, setSelected] = useState<string | null>(null);
    const [message, setMessage] = useState<string | null>(null);
    const filter = {
      view: filters.view,
      ...(filters.esi ? { esi: [Number(filters.esi)] } : {}),
      ...(filters.status ? { status: [filters.status] } : {}),
      ...(filters.withoutProvider ? { withoutProvider: true } : {}),
    };
    const live = useLiveQuery<{ edBoard: { visits: Visit[] } }>(session, boardQuery, { f: filter }, refreshMs);
    const { data, problem, refresh } = live;
    const visits = data?.edBoard.visits ?? [];
    const heardAt = live.updatedAt?.getTime() ?? now;
    const offline = problem !== null || (live.updatedAt !== null && now - heardAt > offlineAfterMs);
    // The kiosk's type shrinks with the number of rows so ~30 patients fit a 1920×1080 screen; never above 24 px.
    const kioskFont = Math.max(12, Math.min(24, Math.floor((height - 130) / (visits.length + 2) / 1.55)));

    const done = (text: string | null) => {
      setMessage(text);
      void refresh();
    };
    const chosen = visits.find((v) => v.id === selected) ?? null;
    const toggle = (visitId: string) => setSelected(visitId === selected ? null : visitId);
    /** Rows are reached with Tab and opened with Enter or Space, as a button would be. */
    const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, visitId: string) => {
      if (wall || (e.key !== 'Enter' && e.key !== ' ')) return;
      e.preventDefault();
      toggle(visitId);
    };
    const set = (change: Partial<Filters>) => setFilters({ ...filters, ...change });

    return (
      <section aria-label="ED tracking board" className={`ed-board${wall ? ' ed-wall' : ''}${kiosk ? ' ed-kiosk' : ''}${offline ? ' ed-offline' : ''}`} style={kiosk && height ? { fontSize: `${kioskFont}px` } : undefined}>
        {offline && (
          <p role="alert" className="offline-banner" data-testid="offline">
            {live.updatedAt
              ? `OFFLINE since ${clockTime(live.updatedAt)}: the board has not heard from the ED since then. Clocks count on from that moment, in grey, unconfirmed.`
              : 'OFFLINE: the board has not heard from the ED yet.'}
          </p>
        )}
        {kiosk ? (
          <header className="toolbar kiosk-bar">
            <span className="counts" data-testid="ed-count">
              {data ? `${visits.length} patients` : ''}
            </span>
            <UpdatedAt live={live} />
            <Link to="/ed" className="leave-kiosk">
              Leave kiosk
            </Link>
          </header>
        ) : (
        <header className="toolbar">
          <label>
            View{' '}
            <select value={filters.view} onChange={(e) => set({ view: e.target.value as Filters['view'] })}>
              <option value="active">In the department</option>
              <option value="look-up">Departed (look-up)</option>
            </select>
          </label>
          <label>
            ESI{' '}
            <select value={filters.esi} onChange={(e) => set({ esi: e.target.value })}>
              <option value="">All</option>
              {[1, 2, 3, 4, 5].map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          <label>
            Status{' '}
            <select value={filters.status} onChange={(e) => set({ status: e.target.value })}>
              <option value="">All</option>
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {statusText[s]}
                </option>
              ))}
            </select>
          </label>
          <label>
            <input type="checkbox" checked={filters.withoutProvider} onChange={(e) => set({ withoutProvider: e.target.checked })} /> No provider yet
          </label>
          <label>
            <input type="checkbox" checked={wallChecked} onChange={(e) => setWall(e.target.checked)} /> Wall display
          </label>
          <Link to="/ed?display=kiosk">Kiosk (wall screen)</Link>
          <Link to="/ed-measures">ED measures</Link>
          <span className="counts" data-testid="ed-count">
            {data ? `${visits.length} patients` : ''}
          </span>
          <UpdatedAt live={live} />
        </header>
      )}
      {!offline && <StaleAlert problem={problem} what="ED board" />}
      {message && (
        <p role="alert" className="refusal">
          {message}
        </p>
      )}
      {!wall && <ArrivalForm session={session} onDone={done} />}
      <table className="ed-rows">
        <thead>
          <tr>
            <th>ESI</th>
            <th>Room</th>
            <th>Patient</th>
            <th>Complaint</th>
            <th>Status</th>
            <th>Provider</th>
            <th>Nurse</th>
            <th>Door to provider</th>
            <th>Boarding</th>
            <th>In ED</th>
            <th>Bed</th>
          </tr>
        </thead>
        <tbody>
          {visits.map((v) => (
            <tr
              key={v.id}
              data-visit={v.id}
              data-status={v.status}
              aria-selected={v.id === selected}
              tabIndex={wall ? undefined : 0}
              onClick={() => !wall && toggle(v.id)}
              onKeyDown={(e) => onRowKey(e, v.id)}
            >
              <td>
                <span className={`esi esi-${v.esi ?? 'none'}`} data-esi={v.esi ?? ''}>
                  {v.esi ? `ESI ${v.esi}` : 'Not triaged'}
                </span>
                {v.previousEsi !== null && (
                  <span className="retriaged" title="Re-triaged: the level it replaced">
                    {' '}
                    (was {v.previousEsi})
                  </span>
                )}
                {v.dangerZone.length > 0 && (
                  <span className="danger" title="Danger-zone vital signs at triage">
                    {' '}
                    ! vitals
                  </span>
                )}
              </td>
              <td>{v.roomId ?? 'Waiting room'}</td>
              <td className="patient">{v.patient ? (wall ? maskedName(v.patient) : `${nameOf(v.patient)} · MRN ${v.patient.mrn}`) : v.patientId}</td>
              <td>{v.chiefComplaint ?? ''}</td>
              <td className="status">{v.status === 'departed' && v.disposition ? `Departed: ${v.disposition}` : (statusText[v.status] ?? v.status)}</td>
              <td className="provider">{v.providerId ?? '—'}</td>
              <td>{v.nurseId ?? '—'}</td>
              <TimerCell name="door-to-provider" timer={v.timers.doorToProvider} heardAt={heardAt} now={now} offline={offline} />
              <TimerCell name="boarding" timer={v.timers.boarding} heardAt={heardAt} now={now} offline={offline} />
              <TimerCell name="length-of-stay" timer={v.timers.lengthOfStay} heardAt={heardAt} now={now} offline={offline} />
              <td className={`bed-request ${v.bedRequest?.status ?? ''}`}>{bedRequestText(v.bedRequest)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {live.loading && <p role="status">Loading the board…</p>}
      {data && visits.length === 0 && <p>No patients{filters.view === 'active' ? ' in the department' : ' departed recently'}.</p>}
      {chosen && !wall && chosen.status !== 'departed' && (
        <>
          <h2>{chosen.patient ? nameOf(chosen.patient) : chosen.patientId}</h2>
          <VisitActions key={chosen.id} session={session} visit={chosen} onDone={done} />
        </>
      )}
    </section>
  );
}
