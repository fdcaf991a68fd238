// The Helm chart, linted and rendered by a real helm, checked as a cluster would run it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { baseConfigSchema } from '@ehr/platform';
import { type Manifest, renderChart, type Rendering } from './support/helm.js';
import { type ConfigSchema, configProblems, configSchemas, processes, processNamed, productionKeys, repoRoot, startCommand } from './support/repo.js';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef: { name: string; key: string } };
}
interface Container {
  name: string;
  image: string;
  command: string[];
  env: EnvVar[];
  ports?: Array<{ name: string; containerPort: number }>;
  securityContext: Record<string, unknown>;
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: { httpGet: { path: string; port: string } };
  livenessProbe?: { httpGet: { path: string; port: string } };
}
interface PodSpec {
  securityContext: Record<string, unknown>;
  containers: Container[];
}
const podOf = (m: Manifest) => (m.spec as { template: { spec: PodSpec; metadata: { labels: Record<string, string> } } }).template;

const secretValues = {
  gatewaySharedSecret: 'a-shared-secret-of-at-least-32-characters',
  databaseUrl: (name: string) => `postgres://${name}:pw@db.hospital.internal:5432/ehr`,
};
// The chart makes its own Secret from values, migrations as plain Jobs, no autoscaler.
const inlineSecrets = `
secrets:
  existingSecret: ""
  gatewaySharedSecret: ${secretValues.gatewaySharedSecret}
  databaseUrls:
${processes.map((p) => `    ${p.name}: ${secretValues.databaseUrl(p.name)}`).join('\n')}
migrations:
  hook: false
gateway:
  port: 4000
  replicas: 3
  main: gateway/dist/main.js
  autoscaling: { enabled: false, minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 70 }
`;

let rendering: Rendering;
let schemas: Map<string, ConfigSchema>;
const values = parse(readFileSync(join(repoRoot, 'charts', 'ehr', 'values.yaml'), 'utf8')) as { image: { repository: string; tag: string }; secrets: { existingSecret: string } };
const rendered = (variant: string): Manifest[] => {
  const manifests = rendering.manifests.get(variant);
  if (!manifests) throw new Error(`helm refused the ${variant} values: ${rendering.refused.get(variant)}`);
  return manifests;
};
const ofKind = (variant: string, kind: string) => rendered(variant).filter((m) => m.kind === kind);

/** A container's environment as the process sees it, secrets read from `secrets` (Secret name -> data). */
function environment(container: Container, secrets: Map<string, Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const v of container.env) {
    if (v.valueFrom) {
      const { name, key } = v.valueFrom.secretKeyRef;
      const value = secrets.get(name)?.[key];
      if (value === undefined) throw new Error(`${container.name}: ${v.name} reads key ${key} of Secret ${name}, which the release does not hold`);
      env[v.name] = value;
    } else env[v.name] = v.value ?? '';
  }
  return env;
}
const secretsOf = (variant: string) => new Map(ofKind(variant, 'Secret').map((s) => [s.metadata.name, { ...s.stringData, ...s.data }]));

beforeAll(async () => {
  rendering = renderChart({
    inline: inlineSecrets,
    'bad-brokers': 'kafkaBrokers: "kafka"\n',
    'no-issuer': 'auth: { issuer: "", audience: ehr, jwksUrl: "https://login.example.org/certs" }\n',
  });
  schemas = await configSchemas();
});

test('helm lint --strict passes', () => {
  expect(rendering.lint.filter((line) => /\[(WARNING|ERROR)\]/.test(line))).toEqual([]);
});

test('a Deployment and a Service for every service and the gateway, each running its own entry point', () => {
  for (const variant of ['default', 'inline']) {
    const deployments = ofKind(variant, 'Deployment');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(processes.map((p) => `ehr-${p.name}`).sort());
    expect(ofKind(variant, 'Service').map((s) => s.metadata.name).sort()).toEqual(processes.map((p) => `ehr-${p.name}`).sort());
    for (const p of processes) {
      const [container] = podOf(deployments.find((d) => d.metadata.name === `ehr-${p.name}`)!).spec.containers;
      expect(container!.command).toEqual(startCommand(p));
      expect(existsSync(join(repoRoot, p.main))).toBe(true);
      expect(container!.image).toBe(`${values.image.repository}:${values.image.tag}`);
      expect(container!.ports).toEqual([{ name: 'http', containerPort: p.port }]);
    }
  }
});

test('every Deployment has health probes, resource requests and a non-root, read-only, unprivileged container', () => {
  for (const deployment of ofKind('default', 'Deployment')) {
    const pod = podOf(deployment).spec;
    expect({ name: deployment.metadata.name, pod: pod.securityContext }).toMatchObject({ pod: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } } });
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    for (const c of pod.containers) {
      expect(c.readinessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
      expect(c.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
      expect(c.resources.requests).toEqual(expect.objectContaining({ cpu: expect.any(String), memory: expect.any(String) }));
      expect(c.resources.limits?.memory).toEqual(expect.any(String));
      expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    }
  }
});

test("every process's environment passes its own config schema, with the production settings", () => {
  const secrets = secretsOf('inline');
  expect([...secrets.keys()]).toEqual(['ehr-secrets']);
  for (const deployment of ofKind('inline', 'Deployment')) {
    const [container] = podOf(deployment).spec.containers;
    const env = environment(container!, secrets);
    const name = env.SERVICE_NAME!;
    expect(`ehr-${name}`).toBe(deployment.metadata.name);
    expect({ name, problems: configProblems(schemas.get(name)!, env) }).toEqual({ name, problems: [] });
    for (const key of productionKeys) expect({ name, key, set: Boolean(env[key]) }).toEqual({ name, key, set: true });
    expect(env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', PORT: String(processNamed(name).port), DATABASE_URL: secretValues.databaseUrl(name), GATEWAY_SHARED_SECRET: secretValues.gatewaySharedSecret });
  }
});

test('the gateway signs in through OIDC and composes every subgraph by its cluster Service', () => {
  const gateway = podOf(ofKind('default', 'Deployment').find((d) => d.metadata.name === 'ehr-gateway')!).spec.containers[0]!;
  const env = Object.fromEntries(gateway.env.filter((v) => v.value !== undefined).map((v) => [v.name, v.value]));
  expect(env).toMatchObject({ AUTH_MODE: 'oidc', OIDC_ISSUER: expect.stringMatching(/^https:/), OIDC_AUDIENCE: expect.any(String), OIDC_JWKS_URL: expect.stringMatching(/^https:/) });
  const subgraphs = processes.filter((p) => p.name !== 'gateway').map((p) => `${p.name}=http://ehr-${p.name}:${p.port}/graphql`);
  expect(env.SUBGRAPHS!.split(',').sort()).toEqual(subgraphs.sort());
});

test('with existingSecret the chart creates no Secret and every secret comes from the one named', () => {
  expect(ofKind('default', 'Secret')).toEqual([]);
  for (const deployment of ofKind('default', 'Deployment')) {
    const [container] = podOf(deployment).spec.containers;
    const fromSecret = container!.env.filter((v) => v.valueFrom).map((v) => [v.name, v.valueFrom!.secretKeyRef.name, v.valueFrom!.secretKeyRef.key]);
    const name = deployment.metadata.name.replace(/^ehr-/, '');
    expect(fromSecret).toEqual([
      ['DATABASE_URL', values.secrets.existingSecret, `${name}-database-url`],
      ['GATEWAY_SHARED_SECRET', values.secrets.existingSecret, 'gateway-shared-secret'],
    ]);
    // Nothing secret as a plain value.
    expect(container!.env.filter((v) => /SECRET|PASSWORD|DATABASE_URL/.test(v.name) && v.value !== undefined)).toEqual([]);
  }
});

test('a migration Job per process runs infra/migrate.mjs with its settings; by default as a Helm hook', () => {
  // helm keeps hooks apart from the release manifest: with hook on, no Job is a plain resource.
  expect(ofKind('default', 'Job')).toEqual([]);
  const jobs = ofKind('inline', 'Job');
  expect(jobs.map((j) => j.metadata.name).sort()).toEqual(processes.map((p) => `ehr-migrate-${p.name}`).sort());
  const secrets = secretsOf('inline');
  for (const job of jobs) {
    const pod = podOf(job).spec;
    const [container] = pod.containers;
    expect(container!.command).toEqual(['node', 'infra/migrate.mjs']);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container!.securityContext).toMatchObject({ readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    const env = environment(container!, secrets);
    expect(job.metadata.name).toBe(`ehr-migrate-${env.SERVICE_NAME}`);
    // infra/migrate.mjs reads the settings every process shares.
    expect(configProblems(baseConfigSchema, env)).toEqual([]);
    expect(env.DATABASE_URL).toBe(secretValues.databaseUrl(env.SERVICE_NAME!));
  }
  const template = readFileSync(join(repoRoot, 'charts', 'ehr', 'templates', 'migrations.yaml'), 'utf8');
  expect(template).toContain('helm.sh/hook: post-install,pre-upgrade');
});

test('a PodDisruptionBudget for every Deployment; the gateway scales out on CPU', () => {
  const deployments = ofKind('default', 'Deployment');
  const budgets = ofKind('default', 'PodDisruptionBudget');
  for (const d of deployments) {
    const selector = (d.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;
    expect(budgets.filter((b) => JSON.stringify((b.spec as { selector: { matchLabels: unknown } }).selector.matchLabels) === JSON.stringify(selector))).toHaveLength(1);
  }
  const [hpa] = ofKind('default', 'HorizontalPodAutoscaler');
  expect(hpa!.spec).toMatchObject({ scaleTargetRef: { kind: 'Deployment', name: 'ehr-gateway' }, minReplicas: expect.any(Number), maxReplicas: expect.any(Number) });
  // The autoscaler owns the gateway's replica count; the chart does not fight it.
  expect((deployments.find((d) => d.metadata.name === 'ehr-gateway')!.spec as { replicas?: number }).replicas).toBeUndefined();
  expect((ofKind('inline', 'Deployment').find((d) => d.metadata.name === 'ehr-gateway')!.spec as { replicas?: number }).replicas).toBe(3);
  expect(ofKind('inline', 'HorizontalPodAutoscaler')).toEqual([]);
});

test('only the gateway, and a service the values say calls another, reach the subgraphs', () => {
  const policies = ofKind('default', 'NetworkPolicy');
  const deployments = ofKind('default', 'Deployment');
  const selects = (policy: Manifest, labels: Record<string, string>) =>
    Object.entries((policy.spec as { podSelector: { matchLabels: Record<string, string> } }).podSelector.matchLabels).every(([k, v]) => labels[k] === v);
  const labelsOf = (name: string) => podOf(deployments.find((d) => d.metadata.name === `ehr-${name}`)!).metadata.labels;
  const gatewayLabels = labelsOf('gateway');
  // The eMAR asks ADT and orders how far their streams have gone before it documents a dose.
  const callers: Record<string, string[]> = { adt: ['mar'], orders: ['mar'] };
  const mar = podOf(deployments.find((d) => d.metadata.name === 'ehr-mar')!).spec.containers[0]!;
  expect(mar.env).toEqual(
    expect.arrayContaining([
      { name: 'ADT_URL', value: `http://ehr-adt:${processNamed('adt').port}` },
      { name: 'ORDERS_URL', value: `http://ehr-orders:${processNamed('orders').port}` },
    ]),
  );
  for (const d of deployments.filter((d) => d.metadata.name !== 'ehr-gateway')) {
    const name = d.metadata.name.replace(/^ehr-/, '');
    const port = processNamed(name).port;
    const guarding = policies.filter((p) => selects(p, podOf(d).metadata.labels));
    expect({ pod: d.metadata.name, policies: guarding.length }).toEqual({ pod: d.metadata.name, policies: 1 + (callers[name]?.length ?? 0) });
    // Every rule admits only pods carrying the gateway's labels or a named caller's, on this subgraph's port alone.
    const allowed = [gatewayLabels, ...(callers[name] ?? []).map(labelsOf)];
    const ingress = guarding.flatMap((p) => (p.spec as { ingress: Array<{ from: Array<{ podSelector: { matchLabels: Record<string, string> } }>; ports: Array<{ port: number }> }> }).ingress);
    for (const rule of ingress) {
      expect(rule.from.length).toBeGreaterThan(0);
      for (const peer of rule.from) expect(allowed.some((labels) => Object.entries(peer.podSelector.matchLabels).every(([k, v]) => labels[k] === v))).toBe(true);
    }
    expect(ingress.some((rule) => rule.ports.some((p) => p.port === port))).toBe(true);
    for (const callerName of callers[name] ?? []) {
      const own = guarding.find((p) => p.metadata.name === `ehr-${callerName}-to-${name}`)!;
      expect((own.spec as { ingress: Array<{ ports: Array<{ port: number }> }> }).ingress.flatMap((r) => r.ports.map((p) => p.port))).toEqual([port]);
    }
  }
  // And no policy meant for the subgraphs matches the gateway's pods, but its own.
  expect(policies.filter((p) => selects(p, gatewayLabels)).map((p) => p.metadata.name)).toEqual(['ehr-gateway']);
});

test('values.schema.json refuses bad values, naming them', () => {
  expect(rendering.refused.get('bad-brokers')).toMatch(/kafkaBrokers/);
  expect(rendering.refused.get('no-issuer')).toMatch(/issuer/);
});
