import { Alert, Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Session } from '../api';
import { LiveList, UpdatedAt, useLiveQuery } from '../live';
import { dispositionInWords, editFixes, poaOptions } from './billing-words';
import { CodeLookup, type CodeUse, type DiagnosisCode } from './CodeLookup';
import { command, money, type NamedPatient, namedPatientFields, nameOf, refused, when } from './office-api';

interface StayEncounter {
  id: string;
  class: string;
  admittedAt: string | null;
  dischargedAt: string | null;
  disposition: string | null;
  classHistory: Array<{ class: string; from: string }>;
  attending: { familyName: string; givenName: string; npi: string } | null;
}
interface CodingAccount {
  id: string;
  accountClass: string;
  admittedAt: string | null;
  dischargedAt: string | null;
  dischargeStatus: string | null;
  payerName: string | null;
  principalDiagnosis: string | null;
  drg: string | null;
  edits: Array<{ code: string; message: string }>;
  patient: NamedPatient | null;
  encounters: StayEncounter[];
  charges: Array<{ id: string; description: string; serviceDate: string; quantity: number; amountCents: number; sourceKind: string; reversesChargeId: string | null; reversedBy: string | null }>;
  workItem: { queue: string; reason: string } | null;
}

const codingQuery = `query($a: ID!) { account(id: $a) {
  id accountClass admittedAt dischargedAt dischargeStatus payerName principalDiagnosis drg edits { code message }
  patient { ${namedPatientFields} }
  encounters { id class admittedAt dischargedAt disposition classHistory { class from } attending { familyName givenName npi } }
  charges { id description serviceDate quantity amountCents sourceKind reversesChargeId reversedBy }
  workItem { queue reason } } }`;

const queueQuery = `{ workQueue(queue: "coding") { accountId amountCents agingBucket account { id accountClass dischargedAt patient { ${namedPatientFields} } } } }`;

/** The coder's screen: the stays waiting for coding, and one stay's clinical facts beside its coding. */
export function Coding({ session }: { session: Session }) {
  const { patientId: accountId } = useParams();
  return accountId ? <CodeStay key={accountId} session={session} accountId={accountId} /> : <CodingQueue session={session} />;
}

function CodingQueue({ session }: { session: Session }) {
  const live = useLiveQuery<{ workQueue: Array<{ accountId: string; amountCents: number; agingBucket: string; account: { accountClass: string; dischargedAt: string | null; patient: NamedPatient | null } }> }>(
    session,
    queueQuery,
    {},
    5000,
  );
  return (
    <section aria-labelledby="coding-queue-heading">
      <Group justify="space-between">
        <Title order={2} id="coding-queue-heading" size="h3">
          Stays waiting for coding{live.data ? ` (${live.data.workQueue.length})` : ''}
        </Title>
        <UpdatedAt live={live} />
      </Group>
      <LiveList live={live} what="the coding queue" isEmpty={(d) => d.workQueue.length === 0} empty="No discharged stay is waiting for coding.">
        {(d) => (
          <Table data-testid="coding-queue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Patient</Table.Th>
                <Table.Th>Account</Table.Th>
                <Table.Th>Class</Table.Th>
                <Table.Th>Discharged</Table.Th>
                <Table.Th>Charges</Table.Th>
                <Table.Th>Waiting</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.workQueue.map((w) => (
                <Table.Tr key={w.accountId} data-account={w.accountId}>
                  <Table.Td>
                    <Link to={`/coding/${w.accountId}`}>
                      {nameOf(w.account.patient)} (MRN {w.account.patient?.mrn})
                    </Link>
                  </Table.Td>
                  <Table.Td>{w.accountId}</Table.Td>
                  <Table.Td>{w.account.accountClass}</Table.Td>
                  <Table.Td>{when(w.account.dischargedAt)}</Table.Td>
                  <Table.Td>{money(w.amountCents)}</Table.Td>
                  <Table.Td>{w.agingBucket} days</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </LiveList>
    </section>
  );
}

/** What the stay's charges say happened: doses given (the MAR), orders resulted, days in a bed. */
function StayFacts({ account }: { account: CodingAccount }) {
  const standing = account.charges.filter((c) => !c.reversedBy && !c.reversesChargeId);
  const of = (kind: string) => standing.filter((c) => c.sourceKind === kind);
  const days = of('census-day').reduce((n, c) => n + c.quantity, 0);
  const listed = (kind: string, none: string) => {
    const rows = of(kind);
    return rows.length === 0 ? (
      <Text size="sm">{none}</Text>
    ) : (
      <ul>
        {rows.map((c) => (
          <li key={c.id}>
            {c.serviceDate}: {c.description}
            {c.quantity > 1 ? ` × ${c.quantity}` : ''}
          </li>
        ))}
      </ul>
    );
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="facts-heading" data-testid="stay-facts">
      <Title order={2} id="facts-heading" size="h3">
        The stay
      </Title>
      {account.encounters.map((e) => (
        <Text key={e.id} size="sm">
          {e.classHistory.map((p) => `${p.class} from ${when(p.from)}`).join(', then ')} · discharged {when(e.dischargedAt) || 'not yet'}
          {e.disposition ? ` · disposition ${e.disposition} (${dispositionInWords[e.disposition] ?? 'see UB-04 FL17'})` : ''} · attending{' '}
          {e.attending ? `Dr. ${e.attending.givenName} ${e.attending.familyName}` : 'not named'}
        </Text>
      ))}
      <Text size="sm">
        {days} inpatient day{days === 1 ? '' : 's'} charged · payer {account.payerName ?? 'none recorded'}
      </Text>
      <h3>Medications given (from the MAR)</h3>
      {listed('dose', 'No dose charged on this stay.')}
      <h3>Orders (labs, imaging)</h3>
      {listed('order', 'No order charged on this stay.')}
    </Paper>
  );
}

interface DiagnosisRow {
  code: string;
  poa: string;
}
interface ProcedureRow {
  code: string;
  date: string;
}

function CodeStay({ session, accountId }: { session: Session; accountId: string }) {
  const live = useLiveQuery<{ account: CodingAccount | null }>(session, codingQuery, { a: accountId }, 5000);
  const [principal, setPrincipal] = useState<DiagnosisRow>({ code: '', poa: 'Y' });
  const [admitting, setAdmitting] = useState('');
  const [others, setOthers] = useState<DiagnosisRow[]>([]);
  const [procedures, setProcedures] = useState<ProcedureRow[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const use = (code: DiagnosisCode, how: CodeUse) => {
    if (how === 'principal') setPrincipal((p) => ({ ...p, code: code.code }));
    else if (how === 'admitting') setAdmitting(code.code);
    else setOthers((rows) => (rows.some((r) => r.code === code.code) ? rows : [...rows, { code: code.code, poa: '' }]));
  };
  const clean = (code: string) => code.replaceAll('.', '').trim().toUpperCase();
  const dotted = (code: string) => (code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const input = {
      accountId,
      principalDiagnosis: { code: clean(principal.code), poa: principal.poa || null },
      admittingDiagnosis: clean(admitting) || null,
      otherDiagnoses: others.map((d) => ({ code: clean(d.code), poa: d.poa || null })),
      procedures: procedures.map((p) => ({ code: clean(p.code), date: p.date })),
    };
    const result = await command<{ __typename: string; message?: string; account?: { edits: Array<{ code: string; message: string }> } }>(
      session,
      'recordCoding',
      `mutation($i: CodingInput!) { recordCoding(input: $i) { __typename ... on AccountChanged { account { edits { code message } } } ... on Refusal { code message } } }`,
      { i: input },
    );
    setBusy(false);
    if (refused(result)) setMessage({ ok: false, text: result.message });
    else {
      const edits = result.account?.edits ?? [];
      const saved = `Coding saved: principal ${dotted(input.principalDiagnosis.code)} (POA ${input.principalDiagnosis.poa ?? 'exempt'})${input.admittingDiagnosis ? `, admitting ${dotted(input.admittingDiagnosis)}` : ''}, ${others.length} secondary, ${procedures.length} procedure${procedures.length === 1 ? '' : 's'}.`;
      // The scrubber's edits are there once a claim was tried; coding fixes them at once.
      setMessage({ ok: true, text: edits.length === 0 ? saved : `${saved} Still stopping the claim: ${edits.map((x) => editFixes[x.code]?.what ?? x.message).join('; ')}.` });
    }
    await live.refresh();
  };

  return (
    <LiveList live={live} what="the stay" isEmpty={(d) => d.account === null} empty={`No account ${accountId}.`}>
      {(d) => {
        const account = d.account!;
        return (
          <Stack>
            <Group justify="space-between">
              <Title order={2} size="h3" data-testid="coding-patient">
                {nameOf(account.patient)} · MRN {account.patient?.mrn} · account {account.id} ({account.accountClass})
              </Title>
              <Group>
                <UpdatedAt live={live} />
                <Link to="/coding">Back to the coding queue</Link>
              </Group>
            </Group>
            <Text data-testid="coded-now">
              Coded now: {account.principalDiagnosis ? `principal ${account.principalDiagnosis}` : 'not coded'} · MS-DRG {account.drg ?? 'none'} · queue {account.workItem ? account.workItem.queue : 'none'}
            </Text>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <StayFacts account={account} />
              <Paper withBorder p="md">
                <CodeLookup session={session} onUse={use} />
              </Paper>
            </SimpleGrid>
            <Paper withBorder p="md" component="section" aria-labelledby="coding-heading">
              <Title order={2} id="coding-heading" size="h3">
                Coding
              </Title>
              <form onSubmit={(e) => void save(e)} aria-label="Code the stay">
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <TextInput label="Principal diagnosis" name="principal" required value={principal.code} onChange={(e) => setPrincipal({ ...principal, code: e.currentTarget.value })} />
                  <NativeSelect label="Principal POA" name="principalPoa" value={principal.poa} onChange={(e) => setPrincipal({ ...principal, poa: e.currentTarget.value })} data={poaOptions} />
                  <TextInput label="Admitting diagnosis" name="admitting" value={admitting} onChange={(e) => setAdmitting(e.currentTarget.value)} />
                </SimpleGrid>
                <h3>Secondary diagnoses</h3>
                {others.length === 0 && <Text size="sm">None yet: add them from the look-up or with the button below.</Text>}
                {others.map((d, i) => (
                  <Group key={i} align="end" data-testid={`secondary-${i}`}>
                    <TextInput label={`Secondary diagnosis ${i + 1}`} value={d.code} onChange={(e) => setOthers(others.map((r, j) => (j === i ? { ...r, code: e.currentTarget.value } : r)))} />
                    <NativeSelect label={`POA of secondary ${i + 1}`} value={d.poa} onChange={(e) => setOthers(others.map((r, j) => (j === i ? { ...r, poa: e.currentTarget.value } : r)))} data={poaOptions} />
                    <Button variant="default" onClick={() => setOthers(others.filter((_, j) => j !== i))}>
                      Remove secondary {i + 1}
                    </Button>
                  </Group>
                ))}
                <Button variant="default" mt="xs" onClick={() => setOthers([...others, { code: '', poa: '' }])}>
                  Add a secondary diagnosis
                </Button>
                <h3>Procedures (ICD-10-PCS)</h3>
                {procedures.map((p, i) => (
                  <Group key={i} align="end">
                    <TextInput label={`Procedure ${i + 1}`} value={p.code} onChange={(e) => setProcedures(procedures.map((r, j) => (j === i ? { ...r, code: e.currentTarget.value } : r)))} />
                    <TextInput type="date" label={`Date of procedure ${i + 1}`} value={p.date} onChange={(e) => setProcedures(procedures.map((r, j) => (j === i ? { ...r, date: e.currentTarget.value } : r)))} />
                    <Button variant="default" onClick={() => setProcedures(procedures.filter((_, j) => j !== i))}>
                      Remove procedure {i + 1}
                    </Button>
                  </Group>
                ))}
                <Button variant="default" mt="xs" onClick={() => setProcedures([...procedures, { code: '', date: account.admittedAt?.slice(0, 10) ?? '' }])}>
                  Add a procedure
                </Button>
                <div>
                  <Button type="submit" mt="md" loading={busy}>
                    Save coding
                  </Button>
                </div>
              </form>
              {message && (
                <Alert color={message.ok ? 'green.9' : 'red.9'} role={message.ok ? 'status' : 'alert'} mt="md" title={message.ok ? 'Saved' : 'Not saved'}>
                  {message.text}
                </Alert>
              )}
            </Paper>
          </Stack>
        );
      }}
    </LiveList>
  );
}
