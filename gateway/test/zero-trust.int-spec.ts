import { join } from 'node:path';
import { decideAccess, describeAccess, type Role, roles, scopes } from '@ehr/contracts';
import { signIdentity, signServiceCredential } from '@ehr/platform';
import { createTestDatabase, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';
import { buildClientSchema, getIntrospectionQuery, getNamedType, type GraphQLField, type GraphQLInputType, type GraphQLObjectType, type GraphQLSchema, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, isObjectType } from 'graphql';

const repo = join(import.meta.dirname, '..', '..');
const subgraphs = ['adt', 'orders', 'mar', 'ed', 'revenue'];
/** One demo user per role; the integrator signs in as a system client. */
const userOf: Partial<Record<Role, string>> = {
  nurse: 'nurse', physician: 'physician', pharmacist: 'pharmacist', 'ed-staff': 'ed', registrar: 'registrar', 'bed-manager': 'bedmanager',
  biller: 'biller', coder: 'coder', 'privacy-officer': 'privacy', admin: 'admin',
};

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: Array<{ message: string; path?: Array<string | number>; extensions?: { code?: string; field?: string } }> };
}

describe('zero trust: no PHI without an identity, one access policy on every field', () => {
  let db: TestDatabase;
  let stack: ServiceStack;
  let patientId = '';
  let schema: GraphQLSchema;

  const post = async (url: string, headers: Record<string, string>, query: string, variables: Record<string, unknown> = {}, extra: Record<string, string> = {}): Promise<Answer> => {
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers, ...extra }, body: JSON.stringify({ query, variables }) });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };
  const asGateway = (service: string, role: Role) => signIdentity({ sub: `${role}-1`, role, aud: service, exp: Math.floor(Date.now() / 1000) + 60 }, stack.gatewaySecret);
  const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { id } } }`;
  const clientToken = async (clientId: string, clientSecret: string, scope?: string) => {
    const response = await fetch(`${stack.gateway.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, ...(scope ? { scope } : {}) }).toString(),
    });
    return { status: response.status, body: (await response.json()) as { access_token?: string; scope?: string; error?: string } };
  };
  const asBearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: subgraphs, databaseUrl: db.url });
    const registered = await stack.call<{ registerPatient: { patient: { id: string } } }>(
      'registrar',
      `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { ... on PatientRegistered { patient { id } } } }`,
      { d: { familyName: 'Nightingale', givenNames: ['Florence'], birthDate: '1920-05-12', sex: 'female' } },
    );
    patientId = registered.data.registerPatient.patient.id;
    const introspection = await stack.call<never>('nurse', getIntrospectionQuery());
    schema = buildClientSchema(introspection.data);
  }, 300_000);
  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  describe('subgraph ports trust nothing unsigned', () => {
    it.each(subgraphs)('%s: an anonymous _entities query is refused and returns no data', async (service) => {
      const answer = await post(stack.services[service]!.url, {}, entities, { r: [{ __typename: 'Patient', id: patientId }] });
      expect(answer.status).toBe(401);
      expect(answer.body.data ?? null).toBeNull();
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it.each(subgraphs)('%s: the schema (_service) goes to the gateway credential only, not to a user nor to no one', async (service) => {
      const url = stack.services[service]!.url;
      const sdl = `{ _service { sdl } }`;
      expect((await post(url, {}, sdl)).status).toBe(401);
      const asUser = await post(url, asGateway(service, 'nurse'), sdl);
      expect(asUser.status).toBe(401);
      expect(JSON.stringify(asUser.body)).not.toContain('type Query');
      const asService = await post(url, signServiceCredential(service, stack.gatewaySecret), sdl);
      expect((asService.body.data?._service as { sdl: string }).sdl).toContain('type Query');
      // The gateway's credential opens the schema only: no PHI through it.
      const entitiesAsService = await post(url, signServiceCredential(service, stack.gatewaySecret), entities, { r: [{ __typename: 'Patient', id: patientId }] });
      expect(entitiesAsService.status).toBe(401);
    });

    it('refuses an identity signed for another subgraph', async () => {
      const answer = await post(stack.services.revenue!.url, asGateway('adt', 'biller'), entities, { r: [{ __typename: 'Patient', id: patientId }] });
      expect(answer.status).toBe(401);
      expect(answer.body.errors?.[0]?.message).toMatch(/signed for adt, not for revenue/);
    });

    it('on a subgraph port too, a role reads only its fields of an entity', async () => {
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { id accounts { nodes { id } } } } }`;
      const nurse = await post(stack.services.revenue!.url, asGateway('revenue', 'nurse'), query, { r: [{ __typename: 'Patient', id: patientId }] });
      expect(nurse.body.data?._entities).toEqual([{ id: patientId, accounts: null }]);
      expect(nurse.body.errors).toEqual([expect.objectContaining({ path: ['_entities', 0, 'accounts'], extensions: expect.objectContaining({ code: 'FORBIDDEN', field: 'Patient.accounts' }) })]);
      const biller = await post(stack.services.revenue!.url, asGateway('revenue', 'biller'), query, { r: [{ __typename: 'Patient', id: patientId }] });
      expect(biller.body.errors).toBeUndefined();
      expect(biller.body.data?._entities).toEqual([{ id: patientId, accounts: { nodes: [] } }]);
    });
  });

  describe('one policy on every field, through the gateway', () => {
    it('a nurse reads the chart but not the accounts nested in it: accounts null and FORBIDDEN, the rest stands', async () => {
      const answer = await post(stack.gateway.url, asBearer(await stack.token('nurse')), `query($id: ID!) { patient(id: $id) { familyName encounters { id } accounts { nodes { id claims { id } } } } }`, { id: patientId });
      expect(answer.body.data?.patient).toEqual({ familyName: 'Nightingale', encounters: [], accounts: null });
      expect(answer.body.errors).toEqual([expect.objectContaining({ path: ['patient', 'accounts'], extensions: expect.objectContaining({ code: 'FORBIDDEN', field: 'Patient.accounts' }) })]);
    });

    it('says on every field of the composed schema who may read it, exactly as the policy decides', () => {
      const fields = Object.values(schema.getTypeMap())
        .filter((type) => isObjectType(type) && !type.name.startsWith('_'))
        .flatMap((type) => Object.values((type as GraphQLObjectType).getFields()).filter((f) => !f.name.startsWith('_')).map((field) => ({ type: type.name, field })));
      const unsaid = fields.filter(({ type, field }) => !field.description?.endsWith(describeAccess(type, field.name)));
      console.log(`${fields.length} fields; ${fields.length - unsaid.length} say who may read them`);
      expect(unsaid.map(({ type, field }) => `${type}.${field.name}`)).toEqual([]);
      // The words follow the decisions: a role the note names is allowed, one it leaves out refused.
      expect(schema.getQueryType()!.getFields().census!.description).toContain('roles nurse, physician, bed-manager, biller, admin; no integrator scope.');
      expect(decideAccess({ role: 'registrar' }, 'Query', 'census').allowed).toBe(false);
      expect(schema.getType('Patient') && (schema.getType('Patient') as GraphQLObjectType).getFields().allergies!.description).toContain('integrator scopes system/AllergyIntolerance.read, system/*.read.');
    });

    it.each([
      ['biller', 'medicationAdministrations { id }', 'Patient.medicationAdministrations'],
      ['registrar', 'medicationAdministrations { id }', 'Patient.medicationAdministrations'],
      ['registrar', 'orders { nodes { id } }', 'Patient.orders'],
      ['pharmacist', 'edVisits { nodes { id } }', 'Patient.edVisits'],
      ['admin', 'familyName', 'Query.patient'],
    ])('the %s role is refused %s nested in the patient', async (user, selection, field) => {
      const answer = await post(stack.gateway.url, asBearer(await stack.token(userOf[user as Role]!)), `query($id: ID!) { patient(id: $id) { id ${selection} } }`, { id: patientId });
      expect(answer.body.errors?.map((e) => e.extensions?.field)).toContain(field);
      expect(answer.body.errors?.every((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    });

    /** A value of an argument's type that validates (the policy refuses before any resolver would look at it). */
    const literal = (type: GraphQLInputType): string => {
      if (isNonNullType(type)) return literal(type.ofType);
      if (isListType(type)) return `[${literal(type.ofType)}]`;
      if (isInputObjectType(type)) {
        const required = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
        return `{ ${required.map((f) => `${f.name}: ${literal(f.type)}`).join(', ')} }`;
      }
      if (isEnumType(type)) return type.getValues()[0]!.name;
      return type.name === 'Int' || type.name === 'Float' ? '1' : type.name === 'Boolean' ? 'true' : '"x"';
    };
    const call = (field: GraphQLField<unknown, unknown>) => {
      const args = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => `${a.name}: ${literal(a.type)}`);
      return `${field.name}${args.length ? `(${args.join(', ')})` : ''}${isLeafType(getNamedType(field.type)) ? '' : ' { __typename }'}`;
    };

    it.each(roles.filter((r) => r !== 'integrator'))('commands the %s role may not give are refused before they run (admin signs no order, triages no one)', async (role) => {
      const mutations = Object.values(schema.getMutationType()!.getFields()).filter((f) => !decideAccess({ role }, 'Mutation', f.name).allowed);
      if (role === 'admin') expect(mutations.map((f) => f.name)).toEqual(expect.arrayContaining(['placeMedicationOrder', 'triage', 'verifyOrder', 'documentGiven', 'registerPatient']));
      const answer = await post(stack.gateway.url, asBearer(await stack.token(userOf[role]!)), `mutation { ${mutations.map(call).join(' ')} }`);
      const refused = answer.body.errors?.filter((e) => e.extensions?.code === 'FORBIDDEN').map((e) => e.extensions?.field);
      expect(refused).toEqual(mutations.map((f) => `Mutation.${f.name}`));
      for (const field of mutations) expect(answer.body.data?.[field.name] ?? null).toBeNull();
    });

    it('every field of the composed schema is named by the policy table (nothing is denied by omission)', () => {
      const unnamed: string[] = [];
      for (const type of Object.values(schema.getTypeMap())) {
        if (!isObjectType(type) || type.name.startsWith('__')) continue;
        for (const field of Object.keys(type.getFields())) {
          const decision = decideAccess({ role: 'nurse' }, type.name, field);
          if (!decision.allowed && decision.reason.includes('in no access policy')) unnamed.push(`${type.name}.${field}`);
        }
      }
      expect(unnamed).toEqual([]);
    });

    /** Every role (and an integrator for each scope) × every root field: one request each, the policy's answer field by field. */
    const requesters = [
      ...roles.filter((r) => r !== 'integrator').map((role) => ({ label: role, role, scopes: undefined as string[] | undefined })),
      ...scopes.map((scope) => ({ label: `integrator with ${scope}`, role: 'integrator' as Role, scopes: [scope] })),
    ];
    it.each(requesters.map((r) => [r.label, r] as const))('root fields for %s: allowed answer, refused are null with FORBIDDEN', async (_label, requester) => {
      const query = schema.getQueryType()!;
      const selections = Object.values(query.getFields()).map(call);
      let token: string;
      if (requester.scopes) {
        const client = requester.scopes[0]!.includes('Account') ? ['billing-export', 'dev-billing-export-secret'] : ['lab-interface', 'dev-lab-interface-secret'];
        // The demo clients hold only some scopes; a scope they lack is refused at the token endpoint.
        const narrowed = await clientToken(client[0]!, client[1]!, requester.scopes[0]);
        if (narrowed.status !== 200) {
          expect(narrowed.body.error).toBe('invalid_scope');
          return;
        }
        token = narrowed.body.access_token!;
      } else token = await stack.token(userOf[requester.role]!);
      const answer = await post(stack.gateway.url, asBearer(token), `{ ${selections.join(' ')} }`);
      const refusedByPolicy = new Set(answer.body.errors?.filter((e) => e.extensions?.code === 'FORBIDDEN' && e.extensions.field?.startsWith('Query.')).map((e) => e.extensions!.field));
      for (const field of Object.keys(query.getFields())) {
        const expected = decideAccess({ role: requester.role, scopes: requester.scopes }, 'Query', field).allowed;
        expect([field, refusedByPolicy.has(`Query.${field}`)]).toEqual([field, !expected]);
        if (!expected) expect(answer.body.data?.[field] ?? null).toBeNull();
      }
    });
  });

  describe('integrators: OAuth 2.0 client credentials with scopes', () => {
    it('issues a token with the scopes asked for, never more than the client holds', async () => {
      const granted = await clientToken('billing-export', 'dev-billing-export-secret', 'system/Account.read');
      expect(granted.status).toBe(200);
      expect(granted.body.scope).toBe('system/Account.read');
      expect((await clientToken('billing-export', 'dev-billing-export-secret', 'system/MedicationAdministration.read')).body.error).toBe('invalid_scope');
      expect((await clientToken('billing-export', 'wrong')).body.error).toBe('invalid_client');
    });

    it('a scope narrows what the token reads: Account.read alone does not open demographics', async () => {
      const token = (await clientToken('billing-export', 'dev-billing-export-secret', 'system/Account.read')).body.access_token!;
      const answer = await post(stack.gateway.url, asBearer(token), `query($id: ID!) { patient(id: $id) { id } workQueueCounts { queue accounts } }`, { id: patientId });
      expect(answer.body.errors?.map((e) => e.extensions?.field)).toEqual(['Query.patient']);
      expect(answer.body.data?.patient ?? null).toBeNull();
      expect(Array.isArray(answer.body.data?.workQueueCounts)).toBe(true);
      const both = (await clientToken('billing-export', 'dev-billing-export-secret')).body.access_token!;
      const read = await post(stack.gateway.url, asBearer(both), `query($id: ID!) { patient(id: $id) { familyName } }`, { id: patientId });
      expect(read.body).toEqual({ data: { patient: { familyName: 'Nightingale' } } });
    });

    it('a client token may only read: commands are refused', async () => {
      const token = (await clientToken('lab-interface', 'dev-lab-interface-secret')).body.access_token!;
      const answer = await post(stack.gateway.url, asBearer(token), `mutation($d: DemographicsInput!) { registerPatient(demographics: $d) { __typename } }`, { d: { familyName: 'X', givenNames: ['Y'], birthDate: '1990-01-01', sex: 'female' } });
      expect(answer.body.errors?.[0]?.extensions).toEqual(expect.objectContaining({ code: 'FORBIDDEN', field: 'Mutation.registerPatient' }));
    });
  });
});
