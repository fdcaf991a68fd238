import { Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Session } from '../api';
import { LiveList, UpdatedAt, useLiveQuery } from '../live';
import { queueNames, reasonInWords } from './billing-words';
import { ClaimAccount } from './ClaimAccount';
import { money, type NamedPatient, namedPatientFields, nameOf } from './office-api';
import { RemittancePosting } from './RemittancePosting';

interface QueueRow {
  accountId: string;
  queue: string;
  reason: string;
  payerId: string | null;
  owner: string;
  amountCents: number;
  agingFrom: string;
  agingBucket: string;
  account: { payerName: string | null; patient: NamedPatient | null };
}

const queues = Object.keys(queueNames);
const agingBuckets = ['0-30', '31-60', '61-90', '91-120', '121-180', '>180'];

const queueQuery = `query($queue: String, $payer: String, $owner: String, $aging: String) {
  workQueueCounts { queue accounts }
  workQueue(queue: $queue, payer: $payer, owner: $owner, aging: $aging) {
    accountId queue reason payerId owner amountCents agingFrom agingBucket account { payerName patient { ${namedPatientFields} } } } }`;

/** The biller's screen: work queues by patient, amount, age, payer and owner; an account opens to its claims. */
export function Billing({ session }: { session: Session }) {
  const { patientId: accountId } = useParams();
  const [queue, setQueue] = useState('claim-edit');
  const [payer, setPayer] = useState('');
  const [owner, setOwner] = useState('');
  const [aging, setAging] = useState('');
  const live = useLiveQuery<{ workQueueCounts: Array<{ queue: string; accounts: number }>; workQueue: QueueRow[] }>(
    session,
    queueQuery,
    { queue, payer: payer.trim() || null, owner: owner.trim() || null, aging: aging || null },
    3000,
  );
  const counts = new Map((live.data?.workQueueCounts ?? []).map((c) => [c.queue, c.accounts]));
  return (
    <Stack>
      {accountId && <ClaimAccount key={accountId} session={session} accountId={accountId} onChanged={live.refresh} />}
      <section aria-labelledby="queues-heading">
        <Group justify="space-between">
          <Title order={2} id="queues-heading" size="h3">
            Work queues
          </Title>
          <UpdatedAt live={live} />
        </Group>
        <Group gap={4} role="group" aria-label="Queues" my="xs">
          {queues.map((q) => (
            <Button key={q} size="compact-sm" variant={queue === q ? 'filled' : 'default'} aria-pressed={queue === q} onClick={() => setQueue(q)}>
              {queueNames[q]}
              {live.data ? ` (${counts.get(q) ?? 0})` : ''}
            </Button>
          ))}
        </Group>
        <Group mb="xs">
          <TextInput label="Payer id" name="payer" size="xs" value={payer} onChange={(e) => setPayer(e.currentTarget.value)} />
          <TextInput label="Owner" name="owner" size="xs" value={owner} onChange={(e) => setOwner(e.currentTarget.value)} />
          <NativeSelect label="Age" name="aging" size="xs" value={aging} onChange={(e) => setAging(e.currentTarget.value)} data={[{ value: '', label: 'any' }, ...agingBuckets.map((b) => ({ value: b, label: `${b} days` }))]} />
        </Group>
        <LiveList live={live} what="the work queue" isEmpty={(d) => d.workQueue.length === 0} empty={`No account in ${queueNames[queue]}${payer || owner || aging ? ' with these filters' : ''}.`}>
          {(d) => (
            <Table striped data-testid="work-queue">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Patient</Table.Th>
                  <Table.Th>Account</Table.Th>
                  <Table.Th>What to work</Table.Th>
                  <Table.Th>Amount</Table.Th>
                  <Table.Th>Age</Table.Th>
                  <Table.Th>Payer</Table.Th>
                  <Table.Th>Owner</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {d.workQueue.map((w) => (
                  <Table.Tr key={w.accountId} data-account={w.accountId} aria-selected={w.accountId === accountId}>
                    <Table.Td>
                      <Link to={`/billing/${w.accountId}`}>{nameOf(w.account.patient)}</Link>
                      <Text size="xs">MRN {w.account.patient?.mrn}</Text>
                    </Table.Td>
                    <Table.Td>{w.accountId}</Table.Td>
                    <Table.Td>{reasonInWords(w.reason)}</Table.Td>
                    <Table.Td>{money(w.amountCents)}</Table.Td>
                    <Table.Td>
                      {w.agingBucket} days <Text size="xs">since {w.agingFrom}</Text>
                    </Table.Td>
                    <Table.Td>{w.account.payerName ? `${w.account.payerName} (${w.payerId})` : 'no payer'}</Table.Td>
                    <Table.Td>{w.owner}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </LiveList>
      </section>
      <RemittancePosting session={session} onPosted={() => void live.refresh()} />
    </Stack>
  );
}
