import { useState } from 'react';
import { gql, type Session } from './api';
import { StaleAlert, UpdatedAt, useLiveQuery } from './live';

interface WorkItem {
  accountId: string;
  queue: string;
  reason: string;
  payerId: string | null;
  owner: string;
  amountCents: number;
  agingBucket: string;
}

interface AccountDetail {
  id: string;
  accountClass: string;
  payerName: string | null;
  principalDiagnosis: string | null;
  drg: string | null;
  holds: string[];
  edits: Array<{ code: string; message: string }>;
  chargesCents: number;
  paidCents: number;
  writtenOffCents: number;
  balanceCents: number;
  workItem: WorkItem | null;
  charges: Array<{ id: string; revenueCode: string; description: string; serviceDate: string; quantity: number; amountCents: number; reversesChargeId: string | null; reversedBy: string | null }>;
  claims: Array<{ id: string; version: number; frequency: string; typeOfBill: string; status: string; totalCents: number; payerClaimNumber: string | null; originalPayerClaimNumber: string | null }>;
  denials: Array<{ carc: string; rarcs: string[]; category: string; remitDate: string }>;
  history: Array<{ at: string; summary: string; actor: string }>;
}

const queues = ['coding', 'prebill', 'claim-edit', 'rejection', 'follow-up', 'denial', 'self-pay'] as const;
const agingBuckets = ['0-30', '31-60', '61-90', '91-120', '121-180', '>180'] as const;
/** Billers work from a queue for minutes at a time; a few seconds' delay is fine. */
const refreshMs = 3000;

const money = (cents: number) => `${cents < 0 ? '-' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`;

const queueQuery = `query($queue: String, $payer: String, $owner: String, $aging: String) {
  workQueueCounts { queue accounts }
  workQueue(queue: $queue, payer: $payer, owner: $owner, aging: $aging) { accountId queue reason payerId owner amountCents agingBucket } }`;

const accountQuery = `query($a: ID!) { account(id: $a) {
  id accountClass payerName principalDiagnosis drg holds edits { code message } chargesCents paidCents writtenOffCents balanceCents
  workItem { accountId queue reason payerId owner amountCents agingBucket }
  charges { id revenueCode description serviceDate quantity amountCents reversesChargeId reversedBy }
  claims { id version frequency typeOfBill status totalCents payerClaimNumber originalPayerClaimNumber }
  denials { carc rarcs category remitDate }
  history { at summary actor } } }`;

/** The claims work queues: accounts by queue, payer, owner and aging; each opens to its claim detail. */
export function ClaimsQueues({ session }: { session: Session }) {
  const [queue, setQueue] = useState<string>('claim-edit');
  const [payer, setPayer] = useState('');
  const [owner, setOwner] = useState('');
  const [aging, setAging] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const variables = { queue, payer: payer || null, owner: owner || null, aging: aging || null };
  const live = useLiveQuery<{ workQueueCounts: Array<{ queue: string; accounts: number }>; workQueue: WorkItem[] }>(session, queueQuery, variables, refreshMs);
  const { data, problem, refresh } = live;
  const counts = new Map((data?.workQueueCounts ?? []).map((c) => [c.queue, c.accounts]));
  const items = data?.workQueue ?? [];

  return (
    <section aria-label="Claims work queues" className="claims">
      <div className="toolbar">
        <h2>Claims work queues</h2>
        <UpdatedAt live={live} />
      </div>
      <StaleAlert problem={problem} what="The queue" />
      <nav className="row" aria-label="Queues">
        {queues.map((q) => (
          <button key={q} type="button" aria-pressed={queue === q} onClick={() => setQueue(q)}>
            {q} ({counts.get(q) ?? 0})
          </button>
        ))}
      </nav>
      <div className="row">
        <label>
          Payer <input name="payer" value={payer} onChange={(e) => setPayer(e.target.value)} />
        </label>
        <label>
          Owner <input name="owner" value={owner} onChange={(e) => setOwner(e.target.value)} />
        </label>
        <label>
          Aging{' '}
          <select name="aging" value={aging} onChange={(e) => setAging(e.target.value)}>
            <option value="">any</option>
            {agingBuckets.map((b) => (
              <option key={b} value={b}>
                {b} days
              </option>
            ))}
          </select>
        </label>
      </div>
      {items.length === 0 && <p>No account in the {queue} queue{payer || owner || aging ? ' with these filters' : ''}.</p>}
      {items.length > 0 && (
        <table className="orders" data-testid="work-queue">
          <thead>
            <tr>
              <th>Account</th>
              <th>Reason</th>
              <th>Payer</th>
              <th>Owner</th>
              <th>Balance</th>
              <th>Aging</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((w) => (
              <tr key={w.accountId} data-account={w.accountId}>
                <td>{w.accountId}</td>
                <td>{w.reason}</td>
                <td>{w.payerId ?? 'none'}</td>
                <td>{w.owner}</td>
                <td>{money(w.amountCents)}</td>
                <td>{w.agingBucket} days</td>
                <td>
                  <button type="button" onClick={() => setOpen(w.accountId)}>
                    Open {w.accountId}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && <ClaimDetail key={open} session={session} accountId={open} onChanged={refresh} />}
    </section>
  );
}

type ClaimAction = 'createClaim' | 'replaceClaim' | 'voidClaim';

/** One account's claim detail: the edits stopping it, its claims (with the 837I), charges, denials and history. */
function ClaimDetail({ session, accountId, onChanged }: { session: Session; accountId: string; onChanged(): Promise<void> }) {
  const { data, problem, refresh } = useLiveQuery<{ account: AccountDetail | null }>(session, accountQuery, { a: accountId }, refreshMs);
  const [message, setMessage] = useState<string | null>(null);
  const [x12, setX12] = useState<{ claimId: string; text: string } | null>(null);
  const account = data?.account;

  const run = async (mutation: string, text: string, variables: Record<string, unknown>, done: (result: { __typename: string; message?: string; edits?: Array<{ code: string }> }) => string) => {
    type Result = Record<string, { __typename: string; message?: string; edits?: Array<{ code: string }> }>;
    const answer = await gql<Result>(session, text, variables).catch((error: Error): Result => ({ [mutation]: { __typename: 'Refusal', message: error.message } }));
    const result = answer[mutation]!;
    setMessage(result.__typename === 'Refusal' ? (result.message ?? 'refused') : done(result));
    await Promise.all([refresh(), onChanged()]);
  };

  const claim = (mutation: ClaimAction) =>
    run(mutation, `mutation($a: ID!) { ${mutation}(accountId: $a) { __typename ... on ClaimStopped { edits { code } } ... on Refusal { message } } }`, { a: accountId }, (r) =>
      r.__typename === 'ClaimStopped' ? `Stopped by the scrubber: ${(r.edits ?? []).map((e) => e.code).join(', ')}` : 'Claim sent.',
    );
  const take = () =>
    run('assignAccount', `mutation($a: ID!, $o: String!) { assignAccount(accountId: $a, owner: $o) { __typename ... on Refusal { message } } }`, { a: accountId, o: session.username }, () => `${accountId} is yours.`);
  const show837 = async (claimId: string) => {
    const answer = await gql<{ claim: { x12: string | null } | null }>(session, `query($c: ID!) { claim(id: $c) { x12 } }`, { c: claimId });
    setX12({ claimId, text: answer.claim?.x12 ?? 'The 837I cannot be built: the patient is not known to billing yet.' });
  };

  return (
    <article aria-label={`Account ${accountId}`} className="claim-detail">
      <h3>
        Account {accountId} {account && <small>({account.accountClass})</small>}
      </h3>
      <StaleAlert problem={problem} what="The account" />
      {message && <p role="status">{message}</p>}
      {account === null && <p>No account {accountId}.</p>}
      {account && (
        <>
          <p>
            Payer: {account.payerName ?? 'none recorded'} · Principal dx: {account.principalDiagnosis ?? 'not coded'} · MS-DRG: {account.drg ?? 'none'} · Charges {money(account.chargesCents)} · Paid{' '}
            {money(account.paidCents)} · Adjusted {money(account.writtenOffCents)} · <strong>Balance {money(account.balanceCents)}</strong>
          </p>
          <p>
            Queue: {account.workItem ? `${account.workItem.queue} (${account.workItem.reason}), owner ${account.workItem.owner}` : 'none'}
            {account.holds.length > 0 && ` · Holds: ${account.holds.join(', ')}`}
          </p>
          <div className="row">
            <button type="button" onClick={() => void take()}>
              Take account
            </button>
            <button type="button" onClick={() => void claim('createClaim')}>
              Create claim
            </button>
            <button type="button" onClick={() => void claim('replaceClaim')}>
              Send replacement claim
            </button>
            <button type="button" onClick={() => void claim('voidClaim')}>
              Void claim
            </button>
          </div>
          <h4>Edits</h4>
          {account.edits.length === 0 ? (
            <p>No scrubber edit stops this account.</p>
          ) : (
            <ul className="edits" data-testid="edits">
              {account.edits.map((e) => (
                <li key={`${e.code}:${e.message}`}>
                  <strong>{e.code}</strong>: {e.message}
                </li>
              ))}
            </ul>
          )}
          <h4>Claims</h4>
          {account.claims.length === 0 ? (
            <p>No claim sent.</p>
          ) : (
            <table className="orders" data-testid="claims">
              <thead>
                <tr>
                  <th>Claim</th>
                  <th>Type of bill</th>
                  <th>Status</th>
                  <th>Total</th>
                  <th>Payer claim no.</th>
                  <th>Replaces</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {account.claims.map((c) => (
                  <tr key={c.id}>
                    <td>{c.id}</td>
                    <td>{c.typeOfBill}</td>
                    <td>{c.status}</td>
                    <td>{money(c.totalCents)}</td>
                    <td>{c.payerClaimNumber ?? ''}</td>
                    <td>{c.originalPayerClaimNumber ?? ''}</td>
                    <td>
                      <button type="button" onClick={() => void show837(c.id)}>
                        837I of {c.id}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {x12 && (
            <pre className="x12" aria-label={`837I of ${x12.claimId}`}>
              {x12.text.replaceAll('~', '~\n')}
            </pre>
          )}
          {account.denials.length > 0 && (
            <>
              <h4>Denials</h4>
              <ul>
                {account.denials.map((d) => (
                  <li key={`${d.carc}:${d.remitDate}`}>
                    CARC {d.carc} {d.rarcs.join(' ')} · {d.category} · remit {d.remitDate}
                  </li>
                ))}
              </ul>
            </>
          )}
          <h4>Charges</h4>
          <table className="orders">
            <thead>
              <tr>
                <th>Date</th>
                <th>Rev code</th>
                <th>Description</th>
                <th>Qty</th>
                <th>Amount</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {account.charges.map((c) => (
                <tr key={c.id} className={c.reversedBy || c.reversesChargeId ? 'reversed' : ''}>
                  <td>{c.serviceDate}</td>
                  <td>{c.revenueCode}</td>
                  <td>{c.description}</td>
                  <td>{c.quantity}</td>
                  <td>{money(c.amountCents)}</td>
                  <td>{c.reversesChargeId ? `reverses ${c.reversesChargeId}` : c.reversedBy ? `reversed by ${c.reversedBy}` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>History</h4>
          <ol className="history" data-testid="history">
            {account.history.map((h) => (
              <li key={`${h.at}:${h.summary}`}>
                {new Date(h.at).toLocaleString()} · {h.summary} <small>({h.actor})</small>
              </li>
            ))}
          </ol>
        </>
      )}
    </article>
  );
}
