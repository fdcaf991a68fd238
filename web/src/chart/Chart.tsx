import { Button, Group } from '@mantine/core';
import { Link, useNavigate, useParams } from 'react-router';
import type { Session } from '../api';
import { ColumnHeads } from '../table';
import { dateTime, dueText, entryText, lastGivenText, standingEntry } from '../mar-time';
import { type MarShiftAnswer, marShiftQuery, type ShiftDose, type ShiftPrnOrder } from '../mar-shift';
import type { OrderRow } from '../Orders';
import { PatientBannerById, PatientSearch } from '../patient';
import { ChartSection } from './ChartSection';

interface Encounter {
  id: string;
  class: string;
  status: string;
  unitId: string | null;
  bedId: string | null;
  admittedAt: string | null;
  dischargedAt: string | null;
  disposition: string | null;
  classHistory: Array<{ class: string; from: string }>;
}
/** What the chart shows of an order: the worklist's columns, and who signed it when. */
interface Order extends Pick<OrderRow, 'id' | 'kind' | 'status' | 'verification' | 'priority' | 'summary'> {
  orderedBy: string;
  placedAt: string;
}
interface EdVisit {
  id: string;
  arrivedAt: string;
  arrivalMode: string;
  esi: number | null;
  chiefComplaint: string | null;
  roomId: string | null;
  status: string;
  disposition: string | null;
  departedAt: string | null;
}

const encountersQuery = 'query($p: ID!) { patient(id: $p) { encounters { id class status unitId bedId admittedAt dischargedAt disposition classHistory { class from } } } }';
const orderFields = 'nodes { id kind status verification priority summary orderedBy placedAt }';
interface StandingOrders {
  active: { nodes: Order[] } | null;
  onHold: { nodes: Order[] } | null;
}
/** The standing orders by status, each a page as large as the schema allows: an old active order is not lost behind newer finished ones. */
const ordersQuery = `query($p: ID!) { patient(id: $p) { active: orders(status: "active", first: 100) { ${orderFields} } onHold: orders(status: "on-hold", first: 100) { ${orderFields} } } }`;
const edVisitsQuery = 'query($p: ID!) { patient(id: $p) { edVisits { nodes { id arrivedAt arrivalMode esi chiefComplaint roomId status disposition departedAt } } } }';

/** Orders that still ask something of the team, active or held, newest first. */
const standingOrders = (patient: StandingOrders) => [...(patient.active?.nodes ?? []), ...(patient.onHold?.nodes ?? [])].sort((a, b) => b.placedAt.localeCompare(a.placedAt));

/** Where the patient is or was: the unit and bed ADT knows for the stay. */
const locationOf = (e: Encounter) => (e.bedId ? `${e.unitId ?? ''} ${e.bedId}`.trim() : (e.unitId ?? 'no bed'));

function doseText(d: ShiftDose): string {
  if (d.status === 'open') return d.timing === 'on-hold' ? 'ON HOLD (order)' : (d.timing ?? 'due').toUpperCase();
  if (d.status === 'cancelled') return 'Off the MAR';
  return entryText(d.status, standingEntry(d.entries));
}

/**
 * The patient chart: the banner and everything the team needs on one page, each part from the
 * service that owns it, printable as it stands (the print stylesheet drops the navigation).
 */
export function Chart({ session }: { session: Session }) {
  const patientId = useParams().patientId ?? null;
  const navigate = useNavigate();
  if (!patientId) return <PatientSearch session={session} onSelect={(p) => void navigate(`/chart/${p.id}`)} />;
  const p = { p: patientId };
  return (
    <article className="chart" aria-label="Patient chart">
      <Group className="no-print" gap="xs" mb="sm">
        <Button onClick={() => window.print()}>Print chart</Button>
        <Button component={Link} to={`/wristband/${patientId}`} variant="outline">
          Wristband and labels
        </Button>
        <Button component={Link} to={`/emar/${patientId}`} variant="outline">
          eMAR
        </Button>
        <Button component={Link} to="/chart" variant="subtle">
          Another patient
        </Button>
      </Group>
      <p className="print-only" data-testid="printed-by">
        Printed {dateTime(new Date().toISOString())} by {session.name}. A printed chart is out of date as soon as it is printed.
      </p>
      <PatientBannerById session={session} patientId={patientId} />

      <ChartSection<{ patient: { encounters: Encounter[] } | null }, Encounter>
        session={session}
        title="Encounters and location"
        what="the encounters"
        query={encountersQuery}
        variables={p}
        pick={(d) => d.patient?.encounters ?? []}
        empty="No encounter recorded."
      >
        {(rows) => (
          <table className="chart-table">
            <ColumnHeads names={['Class', 'Status', 'Location', 'Admitted', 'Discharged', 'Class history']} />
            <tbody>
              {rows.map((e) => (
                <tr key={e.id} data-encounter={e.id}>
                  <td>{e.class}</td>
                  <td>{e.status}</td>
                  <td>{locationOf(e)}</td>
                  <td>{dateTime(e.admittedAt)}</td>
                  <td>{e.dischargedAt ? `${dateTime(e.dischargedAt)}${e.disposition ? ` (status ${e.disposition})` : ''}` : '—'}</td>
                  <td>{e.classHistory.map((c) => `${c.class} from ${dateTime(c.from)}`).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ChartSection>

      <ChartSection<{ patient: StandingOrders | null }, Order>
        session={session}
        title="Active orders"
        what="the orders"
        query={ordersQuery}
        variables={p}
        pick={(d) => (d.patient ? standingOrders(d.patient) : [])}
        empty="No active order."
      >
        {(rows) => (
          <table className="chart-table">
            <ColumnHeads names={['Order', 'Kind', 'Status', 'Priority', 'Signed']} />
            <tbody>
              {rows.map((o) => (
                <tr key={o.id} data-order={o.id}>
                  <td>{o.summary}</td>
                  <td>{o.kind}</td>
                  <td>
                    {o.status}
                    {o.verification === 'pending' ? ' · awaiting pharmacist' : ''}
                  </td>
                  <td>{o.priority.toUpperCase()}</td>
                  <td>
                    {dateTime(o.placedAt)} by {o.orderedBy}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ChartSection>

      <ChartSection<MarShiftAnswer, ShiftDose | ShiftPrnOrder>
        session={session}
        title="Medication administration this shift"
        what="the MAR"
        query={marShiftQuery}
        variables={p}
        pick={(d) => [...d.marForShift.doses, ...d.marForShift.prnOrders]}
        empty="Nothing on the MAR this shift."
      >
        {(rows) => (
          <table className="chart-table">
            <ColumnHeads names={['Due', 'Medication', 'Status']} />
            <tbody>
              {rows.map((r) =>
                'id' in r ? (
                  <tr key={r.id} data-dose={r.id} className={`mar-${r.timing ?? r.status}`}>
                    <td>{dueText(r)}</td>
                    <td>
                      {r.drugName} {r.dose} {r.route} · {r.schedule}
                      {r.highAlert ? ' · HIGH ALERT' : ''}
                    </td>
                    <td>{doseText(r)}</td>
                  </tr>
                ) : (
                  <tr key={r.orderId} data-prn={r.orderId}>
                    <td>PRN</td>
                    <td>
                      {r.drugName} {r.dose}
                    </td>
                    <td>
                      Last given {lastGivenText(r, rows.filter((d): d is ShiftDose => 'id' in d))} · {r.nextEligibleLocal ? `next allowed ${r.nextEligibleLocal}` : 'may be given now'}
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        )}
      </ChartSection>

      <ChartSection<{ patient: { edVisits: { nodes: EdVisit[] } | null } | null }, EdVisit>
        session={session}
        title="ED visits"
        what="the ED visits"
        query={edVisitsQuery}
        variables={p}
        pick={(d) => d.patient?.edVisits?.nodes ?? []}
        empty="No ED visit."
      >
        {(rows) => (
          <table className="chart-table">
            <ColumnHeads names={['Arrived', 'Complaint', 'ESI', 'Room', 'Outcome']} />
            <tbody>
              {rows.map((v) => (
                <tr key={v.id} data-ed-visit={v.id}>
                  <td>
                    {dateTime(v.arrivedAt)} ({v.arrivalMode})
                  </td>
                  <td>{v.chiefComplaint ?? '—'}</td>
                  <td>{v.esi ?? 'not triaged'}</td>
                  <td>{v.roomId ?? 'waiting room'}</td>
                  <td>{v.departedAt ? `${v.disposition ?? 'departed'} ${dateTime(v.departedAt)}` : `in the department (${v.status})`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </ChartSection>
    </article>
  );
}
