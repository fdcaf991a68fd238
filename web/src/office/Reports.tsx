import { Group, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { may } from '../access';
import type { Session } from '../api';
import { LiveList, useLiveQuery } from '../live';
import { BarChart } from './BarChart';
import { ReportSection } from './ReportSection';

/** A date `days` before today, in the browser's (the hospital's) calendar. */
const daysAgo = (days: number) => {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const dollars = (cents: number) => Math.round(cents) / 100;
/** Reports change slowly; a minute between asks is enough. */
const refreshMs = 60_000;

/** The office's reports, each with a chart, its figures and a CSV, and each shown to the roles that may read it. */
const reports = [
  { query: 'census', Report: CensusReport },
  { query: 'arAging', Report: ArAgingReport },
  { query: 'denialReport', Report: DenialReport },
  { query: 'manualEntryReport', Report: ManualScanReport },
];

/** Census, A/R aging, denials, manual scans: as many as the role may read, two to a row. */
export function Reports({ session }: { session: Session }) {
  const shown = reports.filter((r) => may(session.role, 'Query', r.query));
  if (shown.length === 0) return <Text>No report is open to the {session.role} role.</Text>;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      {shown.map(({ query, Report }) => (
        <Report key={query} session={session} />
      ))}
    </SimpleGrid>
  );
}

interface CensusLine {
  unitId: string;
  class: string;
  patients: number;
  admissions: number;
  transfersIn: number;
  transfersOut: number;
  discharges: number;
}

function CensusReport({ session }: { session: Session }) {
  const [date, setDate] = useState(daysAgo(1));
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(date) && date < daysAgo(0);
  const live = useLiveQuery<{ census: { date: string; patientDays: number; lines: CensusLine[] } }>(
    session,
    `query($d: String!) { census(date: $d) { date patientDays lines { unitId class patients admissions transfersIn transfersOut discharges } } }`,
    { d: date },
    refreshMs,
    valid,
  );
  const lines = live.data?.census.lines ?? null;
  const units = [...new Set((lines ?? []).map((l) => l.unitId))].sort();
  const classes = [...new Set((lines ?? []).map((l) => l.class))].sort();
  return (
    <ReportSection
      id="census"
      title="Midnight census"
      csvName={`census-${date}.csv`}
      header={['Unit', 'Class', 'Patients at midnight', 'Admissions', 'Transfers in', 'Transfers out', 'Discharges']}
      rows={lines && lines.map((l) => [l.unitId, l.class, l.patients, l.admissions, l.transfersIn, l.transfersOut, l.discharges])}
    >
      <TextInput type="date" label="Midnight ending" name="censusDate" value={date} max={daysAgo(1)} onChange={(e) => setDate(e.currentTarget.value)} w={200} />
      {!valid && <Text c="red.9" role="alert">Choose a past date: the census of a day is counted at the midnight that ends it.</Text>}
      <LiveList live={live} what="the census" isEmpty={(d) => d.census.lines.length === 0} empty={`No patient was in a bed at midnight ending ${date}.`}>
        {(d) => (
          <>
            <Text data-testid="patient-days">
              {d.census.lines.reduce((n, l) => n + l.patients, 0)} patients at midnight ending {d.census.date} · {d.census.patientDays} patient days
            </Text>
            <BarChart
              label={`Patients at midnight ending ${d.census.date} by unit and class`}
              categories={units}
              stacked
              series={classes.map((c) => ({ name: c, values: units.map((u) => d.census.lines.find((l) => l.unitId === u && l.class === c)?.patients ?? 0) }))}
            />
          </>
        )}
      </LiveList>
    </ReportSection>
  );
}

function ArAgingReport({ session }: { session: Session }) {
  const live = useLiveQuery<{ arAging: Array<{ bucket: string; accounts: number; amountCents: number }> }>(session, `{ arAging { bucket accounts amountCents } }`, {}, refreshMs);
  const buckets = live.data?.arAging ?? null;
  return (
    <ReportSection
      id="ar-aging"
      title="A/R aging"
      csvName="ar-aging.csv"
      header={['Days', 'Accounts', 'Amount ($)']}
      rows={buckets && buckets.map((b) => [b.bucket, b.accounts, dollars(b.amountCents).toFixed(2)])}
    >
      <LiveList live={live} what="A/R aging" isEmpty={() => false} empty="">
        {(d) => (
          <>
            <Text>
              {d.arAging.reduce((n, b) => n + b.accounts, 0)} unpaid accounts, ${dollars(d.arAging.reduce((n, b) => n + b.amountCents, 0)).toFixed(2)} in work queues
            </Text>
            <BarChart label="Unpaid amount in dollars by days in A/R" categories={d.arAging.map((b) => b.bucket)} series={[{ name: 'Amount ($)', values: d.arAging.map((b) => dollars(b.amountCents)) }]} />
          </>
        )}
      </LiveList>
    </ReportSection>
  );
}

interface Denials {
  payers: Array<{ payerId: string; adjudicated: number; denied: number; rate: number }>;
  categories: Array<{ payerId: string; category: string; denials: number; amountCents: number }>;
}

function DenialReport({ session }: { session: Session }) {
  const [from, setFrom] = useState(daysAgo(90));
  const [to, setTo] = useState(daysAgo(-1));
  const live = useLiveQuery<{ denialReport: Denials }>(
    session,
    `query($f: String, $t: String) { denialReport(from: $f, to: $t) { payers { payerId adjudicated denied rate } categories { payerId category denials amountCents } } }`,
    { f: from || null, t: to || null },
    refreshMs,
  );
  const report = live.data?.denialReport ?? null;
  return (
    <ReportSection
      id="denials"
      title="Denial rate"
      csvName={`denials-${from}-${to}.csv`}
      header={['Payer', 'Category', 'Denials', 'Denied ($)', 'Claims adjudicated', 'Claims denied', 'Denial rate (%)']}
      rows={
        report &&
        report.payers.flatMap((p) => {
          const rate = (p.rate * 100).toFixed(1);
          const categories = report.categories.filter((c) => c.payerId === p.payerId);
          return categories.length === 0
            ? [[p.payerId, 'none', 0, '0.00', p.adjudicated, p.denied, rate]]
            : categories.map((c) => [p.payerId, c.category, c.denials, dollars(c.amountCents).toFixed(2), p.adjudicated, p.denied, rate]);
        })
      }
    >
      <Group>
        <TextInput type="date" label="Claims sent from" name="denialsFrom" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label="until (not including)" name="denialsTo" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </Group>
      <LiveList live={live} what="the denial report" isEmpty={(d) => d.denialReport.payers.length === 0} empty="No claim was adjudicated in this period.">
        {(d) => <BarChart label="Denial rate in percent by payer" percent categories={d.denialReport.payers.map((p) => p.payerId)} series={[{ name: 'Denial rate (%)', values: d.denialReport.payers.map((p) => Math.round(p.rate * 1000) / 10) }]} />}
      </LiveList>
    </ReportSection>
  );
}

interface ManualEntry {
  doseId: string;
  patientId: string;
  what: string;
  reason: string;
  comment: string | null;
  by: string;
  at: string;
}

/** Doses given without a scan of the wristband or the product: the reasons and who, for the nurse managers. */
function ManualScanReport({ session }: { session: Session }) {
  const [since, setSince] = useState(daysAgo(7));
  const live = useLiveQuery<{ manualEntryReport: ManualEntry[] }>(session, `query($s: String) { manualEntryReport(since: $s) { doseId patientId what reason comment by at } }`, { s: since ? `${since}T00:00:00Z` : null }, refreshMs);
  const entries = live.data?.manualEntryReport ?? null;
  const reasons = [...new Set((entries ?? []).map((e) => e.reason))].sort();
  return (
    <ReportSection
      id="manual-scans"
      title="Manual scan entries"
      csvName={`manual-scans-since-${since}.csv`}
      header={['When', 'Entered by', 'Not scanned', 'Reason', 'Comment', 'Dose', 'Patient']}
      rows={entries && entries.map((e) => [new Date(e.at).toLocaleString(), e.by, e.what, e.reason, e.comment, e.doseId, e.patientId])}
    >
      <TextInput type="date" label="Since" name="manualSince" value={since} onChange={(e) => setSince(e.currentTarget.value)} w={200} />
      <LiveList live={live} what="the manual scan report" isEmpty={(d) => d.manualEntryReport.length === 0} empty="No dose was entered without a scan since then.">
        {(d) => (
          <BarChart
            label="Manual entries by reason, wristband and product"
            categories={reasons}
            stacked
            series={['wristband', 'product'].map((what) => ({ name: what, values: reasons.map((r) => d.manualEntryReport.filter((e) => e.reason === r && e.what === what).length) }))}
          />
        )}
      </LiveList>
    </ReportSection>
  );
}
