// One gateway for the gateway benchmark, built from the gateway's own parts (gateway/dist) with
// some of them left out, so the same query can be timed with and without them:
//   VARIANT=none   no sign-in check (one fixed identity) and no audit
//   VARIANT=authz  every request's bearer token verified (the dev issuer), the caller's identity signed per subgraph
//   VARIANT=full   authz and the PHI access audit (answer instrumented, one hash-chained entry per request)
// The limits, the composition and the signed subgraph calls are the same in all three.
// Started by gateway.bench.ts; not a way to run the system.
import { createServer } from 'node:http';
import { join } from 'node:path';
import { ApolloGateway, IntrospectAndCompose } from '@apollo/gateway';
import { ApolloServer, HeaderMap } from '@apollo/server';
import pino from 'pino';
import { createPool } from '@ehr/platform';

const variant = process.env.VARIANT as 'none' | 'authz' | 'full';
const dist = join(import.meta.dirname, '..', '..', 'gateway', 'dist');
const { SignedDataSource } = await import(join(dist, 'signed-data-source.js'));
const { TokenService } = await import(join(dist, 'auth', 'token-service.js'));
const { AuditLog } = await import(join(dist, 'audit', 'audit-log.js'));
const { auditPlugin } = await import(join(dist, 'audit', 'audit.plugin.js'));
const { depthLimit } = await import(join(dist, 'limits', 'depth-limit.js'));
const { aliasLimit } = await import(join(dist, 'limits', 'alias-limit.js'));
const { costLimit } = await import(join(dist, 'limits', 'cost-limit.js'));
const { aggregateWeights } = await import(join(dist, 'limits', 'limits-config.js'));

const secret = process.env.GATEWAY_SHARED_SECRET!;
const subgraphs = process.env.SUBGRAPHS!.split(',').map((pair) => ({ name: pair.slice(0, pair.indexOf('=')), url: pair.slice(pair.indexOf('=') + 1) }));
const logger = pino({ level: 'warn' });
const tokens = await TokenService.create({ AUTH_MODE: 'dev' }, logger);
const pool = variant === 'full' ? createPool({ connectionString: process.env.DATABASE_URL!, applicationName: 'bench-gateway-audit', max: 10 }) : null;

const gateway = new ApolloGateway({
  supergraphSdl: new IntrospectAndCompose({ subgraphs }),
  buildService: ({ name, url }) => new SignedDataSource({ name, url: url! }, secret),
});
const server = new ApolloServer({
  gateway,
  validationRules: [depthLimit(12), aliasLimit(30), costLimit({ maxCost: 10_000, assumedListSize: 20, weights: aggregateWeights })],
  plugins: pool ? [auditPlugin(new AuditLog(pool))] : [],
});
await server.start();

const fixed = { sub: 'nurse', role: 'nurse' as const };
createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (c: Buffer) => chunks.push(c));
  request.on('end', async () => {
    try {
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      if (request.url === '/health') return void response.writeHead(200).end('ok');
      if (request.url === '/token') {
        response.writeHead(200, { 'content-type': 'application/json' });
        return void response.end(JSON.stringify({ access_token: await tokens.dev.signUser(body.username) }));
      }
      const headers = new HeaderMap();
      for (const [k, v] of Object.entries(request.headers)) if (typeof v === 'string') headers.set(k, v);
      const answer = await server.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method!, headers, search: '', body },
        context: async () => ({ identity: variant === 'none' ? fixed : await tokens.verify(request.headers.authorization), clientAddress: '127.0.0.1' }),
      });
      response.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      response.end(answer.body.kind === 'complete' ? answer.body.string : '');
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
}).listen(Number(process.env.PORT), '127.0.0.1');
