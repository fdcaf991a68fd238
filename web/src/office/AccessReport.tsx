import { Alert, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { gql, isRefused, type Session } from '../api';
import { type AccessEntry, auditReport, type EmergencyGrant, startOfDay } from './access-log';
import { BarChart } from './BarChart';
import { download, type NamedPatient, namedPatientFields, when } from './office-api';

const purposes: Record<string, string> = { TREAT: 'treatment', ETREAT: 'emergency treatment', HPAYMT: 'payment', HOPERAT: 'operations', HCOMPL: 'compliance' };

/** The privacy office's access report: who opened a patient's record, what one user opened, and the break-the-glass entries. */
export function AccessReport({ session }: { session: Session }) {
  const [patient, setPatient] = useState<NamedPatient | null>(null);
  const [userId, setUserId] = useState('');
  const [asked, setAsked] = useState<{ kind: 'patient-access'; patientId: string; label: string } | { kind: 'user-access'; userId: string; label: string } | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  return (
    <Stack>
      <Paper withBorder p="md" component="section" aria-labelledby="ask-heading">
        <Title order={2} id="ask-heading" size="h3">
          Whose access to report
        </Title>
        <Group align="start" grow>
          <div>
            <Text fw={600}>By patient</Text>
            <FindPatient
              session={session}
              onSelect={(p) => {
                setPatient(p);
                setAsked({ kind: 'patient-access', patientId: p.id, label: `${p.familyName.toUpperCase()}, ${p.givenNames} (MRN ${p.mrn})` });
              }}
            />
          </div>
          <form
            aria-label="Report one user"
            onSubmit={(e) => {
              e.preventDefault();
              if (userId.trim()) setAsked({ kind: 'user-access', userId: userId.trim(), label: `user ${userId.trim()}` });
            }}
          >
            <Text fw={600}>By user</Text>
            <Group align="end">
              <TextInput label="User name" name="userId" value={userId} onChange={(e) => setUserId(e.currentTarget.value)} />
              <Button type="submit">Report this user</Button>
            </Group>
          </form>
        </Group>
        <Group mt="sm">
          <TextInput type="date" label="From (inclusive)" name="from" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput type="date" label="To (exclusive)" name="to" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </Group>
        {patient && asked?.kind === 'patient-access' && <Text mt="xs">Patient chosen: {asked.label}</Text>}
      </Paper>
      {asked && <AccessEntries key={JSON.stringify(asked)} session={session} asked={asked} from={startOfDay(from)} to={startOfDay(to)} />}
      <EmergencyAccessReview session={session} from={startOfDay(from)} to={startOfDay(to)} />
    </Stack>
  );
}

function AccessEntries({
  session,
  asked,
  from,
  to,
}: {
  session: Session;
  asked: { kind: 'patient-access'; patientId: string; label: string } | { kind: 'user-access'; userId: string; label: string };
  from: string | undefined;
  to: string | undefined;
}) {
  const params = { ...(asked.kind === 'patient-access' ? { patientId: asked.patientId } : { userId: asked.userId }), from, to };
  const answer = useQuery({
    queryKey: [session.csrf, 'audit', asked.kind, params],
    queryFn: async () => JSON.parse(await auditReport(session, asked.kind, params)) as AccessEntry[],
  });
  const [problem, setProblem] = useState<string | null>(null);
  const exportCsv = async () => {
    try {
      download(`${asked.kind}.csv`, await auditReport(session, asked.kind, params, 'csv'), 'text/csv');
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  const entries = answer.data ?? [];
  const users = [...new Set(entries.map((e) => e.actorId ?? 'unknown'))].sort();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="entries-heading" data-testid="access-entries">
      <Group justify="space-between">
        <Title order={2} id="entries-heading" size="h3">
          {asked.kind === 'patient-access' ? `Who opened the record of ${asked.label}` : `What ${asked.label} opened`}
          {answer.data ? ` (${entries.length})` : ''}
        </Title>
        <Button size="compact-sm" variant="default" disabled={!answer.data} onClick={() => void exportCsv()}>
          Export the access report as CSV
        </Button>
      </Group>
      {problem && (
        <Alert color="red.9" role="alert">
          {problem}
        </Alert>
      )}
      {answer.isPending && <Text role="status">Loading the access log…</Text>}
      {answer.isError && (
        <Alert color="red.9" role="alert" title={isRefused(answer.error) ? 'Your role may not read the access log' : 'The access log could not be loaded'}>
          {answer.error.message}
        </Alert>
      )}
      {answer.data && entries.length === 0 && <Text>No access recorded in this period.</Text>}
      {entries.length > 0 && (
        <>
          <BarChart label="Accesses by user" categories={users} series={[{ name: 'Accesses', values: users.map((u) => entries.filter((e) => (e.actorId ?? 'unknown') === u).length) }]} height={180} />
          <Table data-testid="access-table" fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>User</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Data read</Table.Th>
                <Table.Th>Purpose</Table.Th>
                <Table.Th>Outcome</Table.Th>
                {asked.kind === 'user-access' && <Table.Th>Patients</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((e) => (
                <Table.Tr key={e.position} data-actor={e.actorId} className={e.emergencyAccess ? 'emergency' : undefined}>
                  <Table.Td>{when(e.at)}</Table.Td>
                  <Table.Td>
                    {e.actorId} ({e.actorRole})
                  </Table.Td>
                  <Table.Td>
                    {e.operationType} {e.operationName ?? ''}: {e.fields.join(', ')}
                  </Table.Td>
                  <Table.Td>{e.dataFields.slice(0, 8).join(', ') + (e.dataFields.length > 8 ? ` and ${e.dataFields.length - 8} more` : '')}</Table.Td>
                  <Table.Td>
                    {e.purpose ? (purposes[e.purpose] ?? e.purpose) : ''}
                    {e.emergencyAccess ? <strong> · BREAK-THE-GLASS</strong> : null}
                  </Table.Td>
                  <Table.Td>{e.outcome}</Table.Td>
                  {asked.kind === 'user-access' && <Table.Td>{e.patientIds.join(', ')}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Paper>
  );
}

function EmergencyAccessReview({ session, from, to }: { session: Session; from: string | undefined; to: string | undefined }) {
  const answer = useQuery({
    queryKey: [session.csrf, 'audit', 'emergency-access', from, to],
    queryFn: async () => JSON.parse(await auditReport(session, 'emergency-access', { from, to })) as EmergencyGrant[],
    refetchInterval: 30_000,
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="btg-heading" data-testid="emergency-access">
      <Title order={2} id="btg-heading" size="h3">
        Break-the-glass entries to review{answer.data ? ` (${answer.data.length})` : ''}
      </Title>
      {answer.isPending && <Text role="status">Loading…</Text>}
      {answer.isError && (
        <Alert color="red.9" role="alert">
          {answer.error.message}
        </Alert>
      )}
      {answer.data && answer.data.length === 0 && <Text>No emergency access was granted in this period.</Text>}
      {answer.data && answer.data.length > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Granted</Table.Th>
              <Table.Th>User</Table.Th>
              <Table.Th>Patient</Table.Th>
              <Table.Th>Reason given</Table.Th>
              <Table.Th>Until</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {answer.data.map((g) => (
              <Table.Tr key={`${g.userId}:${g.patientId}:${g.grantedAt}`}>
                <Table.Td>{when(g.grantedAt)}</Table.Td>
                <Table.Td>
                  {g.userId} ({g.userRole})
                </Table.Td>
                <Table.Td>{g.patientId}</Table.Td>
                <Table.Td>{g.reason}</Table.Td>
                <Table.Td>{when(g.expiresAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

/** Find a patient by family name, asking only who they are (the privacy office reads no stays). */
function FindPatient({ session, onSelect }: { session: Session; onSelect: (patient: NamedPatient) => void }) {
  const [familyName, setFamilyName] = useState('');
  const [results, setResults] = useState<Array<NamedPatient & { birthDate: string | null }> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const search = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    try {
      const found = await gql<{ searchPatients: Array<NamedPatient & { birthDate: string | null }> }>(session, `query($f: String!) { searchPatients(familyName: $f, limit: 20) { ${namedPatientFields} birthDate } }`, {
        f: familyName.trim(),
      });
      setResults(found.searchPatients);
    } catch (error) {
      setProblem(`Search failed: ${(error as Error).message}`);
    }
  };
  return (
    <>
      <form onSubmit={(e) => void search(e)} aria-label="Find a patient">
        <Group align="end">
          <TextInput label="Family name" name="search" required value={familyName} onChange={(e) => setFamilyName(e.currentTarget.value)} />
          <Button type="submit">Search</Button>
        </Group>
      </form>
      {problem && (
        <Text c="red.9" role="alert">
          {problem}
        </Text>
      )}
      {results?.length === 0 && <Text>No active patient with that family name.</Text>}
      <Stack gap={4} mt="xs">
        {(results ?? []).map((p) => (
          <Button key={p.id} variant="default" justify="start" onClick={() => onSelect(p)}>
            {p.familyName}, {p.givenNames} · MRN {p.mrn} · born {p.birthDate ?? 'unknown'}
          </Button>
        ))}
      </Stack>
    </>
  );
}
