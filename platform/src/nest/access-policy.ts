import type { ApolloServerPlugin } from '@apollo/server';
import { classOfField, decideAccess, describeAccess, typeClasses } from '@ehr/contracts';
import {
  defaultFieldResolver,
  type GraphQLField,
  type GraphQLFieldResolver,
  GraphQLError,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  visit,
} from 'graphql';
import { type Identity, IdentityError, verifyIdentity, verifyServiceCredential } from '../auth/gateway-identity.js';
import type { RequestWithIdentity } from './request-identity.js';

/** What every subgraph resolver sees: the request, and who the gateway says is asking. */
export interface SubgraphContext {
  req: RequestWithIdentity;
  /** The user or client the gateway signed for this subgraph; absent when none or invalid. */
  identity?: Identity;
  /** True when the gateway itself asks (composition): it may read `_service` and nothing else. */
  service?: boolean;
  /** Why the identity was refused, for the answer. */
  refusal?: string;
}

/** Reads the gateway's signed identity and service credential off the request; refuses nothing yet. */
export function subgraphContext(request: RequestWithIdentity, secret: string | undefined, audience: string): SubgraphContext {
  const context: SubgraphContext = { req: request };
  try {
    context.identity = verifyIdentity(request.headers, secret, audience);
    request.identity = context.identity;
  } catch (error) {
    if (!(error instanceof IdentityError)) throw error;
    context.refusal = error.message;
  }
  try {
    // Only the gateway composes: another service's credential opens no schema.
    context.service = verifyServiceCredential(request.headers, secret, audience).sub === 'gateway';
  } catch (error) {
    if (!(error instanceof IdentityError)) throw error;
  }
  return context;
}

const unauthenticated = (message: string) => new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
const forbidden = (message: string, field: string) => new GraphQLError(message, { extensions: { code: 'FORBIDDEN', field } });

const asksOnlyForSchema = (operation: OperationDefinitionNode) =>
  operation.operation === 'query' && operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && (s.name.value === '_service' || s.name.value === '__typename'));

/**
 * Before anything executes: an operation asking only for `_service` needs the gateway's service
 * credential; every other operation (`_entities` included) needs a user's signed identity.
 */
export const subgraphAuthentication: ApolloServerPlugin<SubgraphContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation && asksOnlyForSchema(operation)) {
          if (!contextValue.service) throw unauthenticated('the schema is served to the gateway only');
        } else if (!contextValue.identity) {
          throw unauthenticated(contextValue.refusal ?? 'the request carries no identity from the gateway');
        }
      },
    };
  },
};

const federationFields = new Set(['Query._entities', 'Query._service']);

/**
 * Can the policy refuse this field while allowing the field above it? Then it must be nullable,
 * so that a refusal nulls it alone and the rest of the answer stands: root fields, fields whose
 * data class differs from their type's, and links to a type of another data class.
 */
function refusableAlone(type: GraphQLObjectType, field: GraphQLField<unknown, unknown>): boolean {
  if (federationFields.has(`${type.name}.${field.name}`)) return false;
  if (type.name === 'Query' || type.name === 'Mutation') return true;
  const own = classOfField(type.name, field.name);
  if (own !== typeClasses[type.name]) return true;
  const target = getNamedType(field.type);
  return isObjectType(target) && typeClasses[target.name] !== own;
}

/** A field's description followed by who may read it, so that the schema itself says so. */
const withAccess = (description: string | null | undefined, typeName: string, fieldName: string) => {
  const access = describeAccess(typeName, fieldName);
  return description ? `${description}\n\n${access}` : access;
};

/** Fields of the federation machinery: no policy names them and the gateway does not expose them. */
const federationMachinery = (typeName: string, fieldName: string) => typeName.startsWith('_') || federationFields.has(`${typeName}.${fieldName}`);

/**
 * The SDL the subgraph serves the gateway, as its schema: the same fields made nullable, and
 * every field's description saying who may read it.
 */
function relaxSdl(sdl: string, relaxed: Set<string>): string {
  let typeName = '';
  const enterType = (node: { name: { value: string } }) => {
    typeName = node.name.value;
  };
  return print(
    visit(parse(sdl), {
      ObjectTypeDefinition: { enter: enterType },
      ObjectTypeExtension: { enter: enterType },
      // The policy names object types; an interface's fields are read through them.
      InterfaceTypeDefinition: { enter: () => void (typeName = '') },
      FieldDefinition: (node) => {
        const name = node.name.value;
        if (!typeName || federationMachinery(typeName, name)) return undefined;
        const type = relaxed.has(`${typeName}.${name}`) && node.type.kind === Kind.NON_NULL_TYPE ? node.type.type : node.type;
        return { ...node, type, description: { kind: Kind.STRING, value: withAccess(node.description?.value, typeName, name), block: true } };
      },
    }),
  );
}

/**
 * Installs the access policy (contracts' table) on every field of the subgraph's schema: root
 * fields, the fields of entities resolved through `_entities`, and nested fields alike. A refused
 * field resolves to null with a FORBIDDEN error naming it; the rest of the answer stands.
 */
export function enforceAccessPolicy(schema: GraphQLSchema): GraphQLSchema {
  const relaxed = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name.startsWith('_')) continue;
    for (const field of Object.values(type.getFields())) {
      if (refusableAlone(type, field) && isNonNullType(field.type)) {
        relaxed.add(`${type.name}.${field.name}`);
        field.type = getNullableType(field.type);
      }
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name === '_Service') continue;
    for (const field of Object.values(type.getFields())) {
      const resolve: GraphQLFieldResolver<unknown, SubgraphContext> = field.resolve ?? defaultFieldResolver;
      const name = `${type.name}.${field.name}`;
      const typeName = type.name;
      const fieldName = field.name;
      if (!federationMachinery(typeName, fieldName)) field.description = withAccess(field.description, typeName, fieldName);
      if (name === 'Query._service') {
        field.resolve = async (source, args, context: SubgraphContext, info) => {
          if (!context.service) throw forbidden('the schema is served to the gateway only', name);
          const service = (await resolve(source, args, context, info)) as { sdl: string };
          return { sdl: relaxSdl(service.sdl, relaxed) };
        };
        continue;
      }
      field.resolve = (source, args, context: SubgraphContext, info) => {
        if (!context.identity) throw unauthenticated(context.refusal ?? 'the request carries no identity from the gateway');
        // _entities only looks up; what each entity may show is decided field by field below it.
        if (name !== 'Query._entities') {
          const decision = decideAccess(context.identity, typeName, fieldName);
          if (!decision.allowed) throw forbidden(decision.reason, name);
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
