import type { Session } from '../api';
import { LiveList, UpdatedAt, useLiveQuery } from '../live';
import { type MarShiftAnswer, marShiftQuery } from '../mar-shift';
import { dueText, entryText, lastGivenText, standingEntry } from '../mar-time';

interface Bed {
  id: string;
  status: string;
  patientId: string | null;
  patient: { id: string; familyName: string; givenNames: string; mrn: string; birthDate: string | null } | null;
}
const bedsQuery = 'query($u: ID!) { bedBoard(unitId: $u) { id status patientId patient { id familyName givenNames mrn birthDate } } }';
const openOrder: Record<string, number> = { missed: 0, late: 1, due: 2, upcoming: 3, 'on-hold': 4 };

/** One patient's part of the handoff: what the next nurse must know of their medicines. */
function PatientHandoff({ session, bed }: { session: Session; bed: Bed & { patient: NonNullable<Bed['patient']> } }) {
  const live = useLiveQuery<MarShiftAnswer>(session, marShiftQuery, { p: bed.patient.id }, 15_000);
  const name = `${bed.patient.familyName.toUpperCase()}, ${bed.patient.givenNames}`;
  return (
    <section className="handoff-patient" aria-label={`Handoff for ${name}`} data-handoff={bed.patient.mrn}>
      <h3>
        {bed.id} · {name} · MRN {bed.patient.mrn} · born {bed.patient.birthDate ?? 'unknown'}
      </h3>
      <UpdatedAt live={live} />
      <LiveList live={live} what={`${name}'s MAR`} isEmpty={() => false} empty="">
        {({ marForShift: shift }) => {
          const open = shift.doses.filter((d) => d.kind === 'scheduled' && d.status === 'open').sort((a, b) => (openOrder[a.timing ?? 'due'] ?? 3) - (openOrder[b.timing ?? 'due'] ?? 3) || (a.dueAt ?? '').localeCompare(b.dueAt ?? ''));
          const documented = shift.doses.filter((d) => d.status !== 'open' && d.status !== 'cancelled');
          return (
            <div className="handoff-grid">
              <div data-testid="handoff-outstanding">
                <h4>Outstanding</h4>
                {open.length === 0 ? (
                  <p>Nothing due, late or missed.</p>
                ) : (
                  <ul>
                    {open.map((d) => (
                      <li key={d.id} className={`mar-${d.timing ?? 'due'}`}>
                        <strong>{(d.timing ?? 'due').toUpperCase()}</strong> {dueText(d)} · {d.drugName} {d.dose}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              <div data-testid="handoff-documented">
                <h4>Given and not given this shift</h4>
                {documented.length === 0 ? (
                  <p>Nothing documented this shift.</p>
                ) : (
                  <ul>
                    {documented.map((d) => (
                      <li key={d.id}>
                        {d.drugName} {d.dose} ({dueText(d)}): {entryText(d.status, standingEntry(d.entries))}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              <div data-testid="handoff-prn">
                <h4>As needed (PRN)</h4>
                {shift.prnOrders.length === 0 ? (
                  <p>No PRN order.</p>
                ) : (
                  <ul>
                    {shift.prnOrders.map((o) => (
                      <li key={o.orderId}>
                        {o.drugName} {o.dose} for {o.indication}: last given {lastGivenText(o, shift.doses)} · {o.nextEligibleLocal ? `next allowed ${o.nextEligibleLocal}` : 'may be given now'}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
          );
        }}
      </LiveList>
    </section>
  );
}

/** The shift handoff of a unit: every patient in a bed there, by bed, with their medicines. */
export function Handoff({ session, unitId }: { session: Session; unitId: string }) {
  const live = useLiveQuery<{ bedBoard: Bed[] }>(session, bedsQuery, { u: unitId }, 15_000);
  const occupied = (beds: Bed[]) => beds.filter((b): b is Bed & { patient: NonNullable<Bed['patient']> } => b.patient !== null && b.status === 'occupied');
  return (
    <section aria-labelledby="handoff-heading" className="handoff">
      <header className="toolbar">
        <h2 id="handoff-heading">Shift handoff, {unitId}</h2>
        <UpdatedAt live={live} />
      </header>
      <LiveList live={live} what="the unit's patients" isEmpty={(d) => occupied(d.bedBoard).length === 0} empty="No patient is in a bed on this unit.">
        {(d) => occupied(d.bedBoard).map((bed) => <PatientHandoff key={bed.id} session={session} bed={bed} />)}
      </LiveList>
    </section>
  );
}
