// The operator's view of a service's dead letters, through the service's /admin/dead-letters API.
//   npm run dead-letters -- --url http://127.0.0.1:4005 --service revenue list [--status open|replaying|replayed|discarded|all]
//   npm run dead-letters -- --url ... --service revenue replay <consumer> <eventId>
//   npm run dead-letters -- --url ... --service revenue replay --all
//   npm run dead-letters -- --url ... --service revenue discard <consumer> <eventId> --reason "why it is dropped"
// It asks as an admin identity named after the operator (--operator, else $USER), signed for that
// one service under GATEWAY_SHARED_SECRET, as the gateway signs the identities it forwards (ADR 0019).
import { parseArgs } from 'node:util';
import { signIdentity } from '@ehr/platform';

const usage = `usage: npm run dead-letters -- --url <service url> --service <name> [--operator <name>] <list [--status s] | replay <consumer> <eventId> | replay --all | discard <consumer> <eventId> --reason <text>>`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    url: { type: 'string' },
    service: { type: 'string' },
    operator: { type: 'string' },
    status: { type: 'string' },
    reason: { type: 'string' },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
  },
});
const [command, consumer, eventId] = positionals;
const secret = process.env.GATEWAY_SHARED_SECRET;
if (!values.url) fail('--url: the service to ask, e.g. http://127.0.0.1:4005');
if (!values.service) fail('--service: its SERVICE_NAME, e.g. revenue');
if (!secret) fail('GATEWAY_SHARED_SECRET: the secret the service verifies identities with');
const operator = values.operator ?? process.env.USER;
if (!operator) fail('--operator: who is handling the dead letters (recorded with each replay and discard)');

async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = {
    ...signIdentity({ sub: `operator:${operator}`, role: 'admin', name: operator, aud: values.service!, exp: Math.floor(Date.now() / 1000) + 60 }, secret!),
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(new URL(`admin/dead-letters${path}`, values.url!.endsWith('/') ? values.url : `${values.url}/`), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const answer = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) {
    process.stderr.write(`${response.status}: ${answer.message ?? response.statusText}\n`);
    process.exit(1);
  }
  return answer;
}

const segment = (value: string | undefined, what: string) => encodeURIComponent(value ?? fail(`${what} is missing`));

switch (command) {
  case 'list': {
    const query = values.status ? `?status=${encodeURIComponent(values.status)}` : '';
    const { deadLetters } = (await call('GET', query)) as { deadLetters: Array<Record<string, string | number | null>> };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(deadLetters, null, 2)}\n`);
      break;
    }
    process.stdout.write(`${deadLetters.length} dead letter(s)${values.status ? ` (${values.status})` : ' open'}\n`);
    for (const d of deadLetters) {
      process.stdout.write(`${d.parkedAt}  ${d.status}  ${d.consumer}  ${d.eventId}  ${d.type ?? '(not an event)'}  attempts ${d.attempts}, replays ${d.replays}\n    ${d.error}\n`);
      if (d.discardReason) process.stdout.write(`    discarded by ${d.resolvedBy}: ${d.discardReason}\n`);
    }
    break;
  }
  case 'replay': {
    const { replaying } = (await (values.all ? call('POST', '/replay') : call('POST', `/${segment(consumer, 'consumer')}/${segment(eventId, 'eventId')}/replay`))) as { replaying: number };
    process.stdout.write(`${replaying} dead letter(s) handed back to their consumer to apply\n`);
    break;
  }
  case 'discard': {
    if (!values.reason) fail('--reason: why the event is discarded (recorded)');
    await call('POST', `/${segment(consumer, 'consumer')}/${segment(eventId, 'eventId')}/discard`, { reason: values.reason });
    process.stdout.write(`discarded ${eventId} of ${consumer}\n`);
    break;
  }
  default:
    fail(command ? `unknown command ${command}` : 'a command is missing');
}
