import { Button, Group, SegmentedControl } from '@mantine/core';
import { Link, useNavigate, useParams } from 'react-router';
import type { Session } from '../api';
import { LiveList, UpdatedAt, useLiveQuery } from '../live';
import { dueText } from '../mar-time';
import { Handoff } from './Handoff';

interface DueDose {
  bedId: string | null;
  patient: { id: string; familyName: string; givenNames: string; mrn: string } | null;
  dose: { id: string; kind: string; drugName: string; dose: string; route: string; dueAt: string | null; dueLocal: string | null; timing: string | null; highAlert: boolean; prn: { reassessmentDueAt: string; reassessmentOverdue: boolean } | null };
}

const dueQuery =
  'query($u: String!) { dueList(unitId: $u) { bedId patient { id familyName givenNames mrn } dose { id kind drugName dose route dueAt dueLocal timing highAlert prn { reassessmentDueAt reassessmentOverdue } } } }';
const unitsQuery = '{ bedBoard { unitId } }';

/** What the nurse must do first: missed, then late, then due, then a PRN to reassess, each by time. */
const urgency: Record<string, number> = { missed: 0, late: 1, due: 2, upcoming: 3 };
const rank = (d: DueDose) => (d.dose.kind === 'prn' ? 4 : (urgency[d.dose.timing ?? 'due'] ?? 3));
const byUrgency = (a: DueDose, b: DueDose) => rank(a) - rank(b) || (a.dose.dueAt ?? '').localeCompare(b.dose.dueAt ?? '');

const whatText = (d: DueDose) => {
  if (d.dose.kind === 'prn') return d.dose.prn?.reassessmentOverdue ? 'PRN: REASSESSMENT OVERDUE' : 'PRN: reassess';
  return (d.dose.timing ?? 'due').toUpperCase();
};

function DueList({ session, unitId }: { session: Session; unitId: string }) {
  const live = useLiveQuery<{ dueList: DueDose[] }>(session, dueQuery, { u: unitId }, 10_000);
  return (
    <section aria-labelledby="due-heading">
      <header className="toolbar">
        <h2 id="due-heading">Due on {unitId}{live.data ? ` (${live.data.dueList.length})` : ''}</h2>
        <UpdatedAt live={live} />
      </header>
      <LiveList live={live} what="the unit's due list" isEmpty={(d) => d.dueList.length === 0} empty="Nothing is due, late or missed on this unit now.">
        {(d) => (
          <table className="chart-table due-list">
            <thead>
              <tr>
                <th scope="col">Bed</th>
                <th scope="col">Patient</th>
                <th scope="col">Due</th>
                <th scope="col">Medication</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Open</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...d.dueList].sort(byUrgency).map((row) => (
                <tr key={row.dose.id} data-due={row.dose.id} className={`mar-${row.dose.kind === 'prn' ? 'prn' : (row.dose.timing ?? 'due')}`}>
                  <td>{row.bedId ?? '—'}</td>
                  <td>{row.patient ? `${row.patient.familyName.toUpperCase()}, ${row.patient.givenNames} · MRN ${row.patient.mrn}` : 'unknown patient'}</td>
                  <td>{dueText(row.dose)}</td>
                  <td>
                    {row.dose.drugName} {row.dose.dose} {row.dose.route}
                    {row.dose.highAlert ? ' · HIGH ALERT' : ''}
                  </td>
                  <td className="due-status">{whatText(row)}</td>
                  <td>
                    {row.patient && (
                      <Button component={Link} to={`/emar/${row.patient.id}`} size="compact-sm" color="blue.9">
                        eMAR for {row.patient.familyName.toUpperCase()}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </LiveList>
    </section>
  );
}

/**
 * A nursing unit: its due list (what needs giving now, across every patient) and the shift handoff
 * (per patient: given, due, late, missed, PRN). The unit is in the URL, as a patient is elsewhere.
 */
export function Unit({ session }: { session: Session }) {
  const { unitId, view } = useParams();
  const navigate = useNavigate();
  const units = useLiveQuery<{ bedBoard: Array<{ unitId: string }> }>(session, unitsQuery, {}, 60_000);
  const unitIds = [...new Set((units.data?.bedBoard ?? []).map((b) => b.unitId))];
  const shown = view === 'handoff' ? 'handoff' : 'due';
  return (
    <>
      <Group className="no-print" gap="md" mb="sm" align="end">
        <label>
          Unit{' '}
          <select name="unit" value={unitId ?? ''} onChange={(e) => void navigate(`/unit/${e.target.value}/${shown}`)}>
            <option value="">Choose a unit</option>
            {unitIds.map((u) => (
              <option key={u}>{u}</option>
            ))}
          </select>
        </label>
        {unitId && (
          <SegmentedControl
            aria-label="View"
            value={shown}
            onChange={(v) => void navigate(`/unit/${unitId}/${v}`)}
            data={[
              { value: 'due', label: 'Due list' },
              { value: 'handoff', label: 'Shift handoff' },
            ]}
          />
        )}
        {unitId && shown === 'handoff' && <Button onClick={() => window.print()}>Print handoff</Button>}
      </Group>
      {!unitId && <p>Choose your unit to see what is due and to hand off the shift.</p>}
      {unitId && shown === 'due' && <DueList session={session} unitId={unitId} />}
      {unitId && shown === 'handoff' && <Handoff session={session} unitId={unitId} />}
    </>
  );
}
