import {
  administrativeSex,
  type Demographics,
  defaultClockSkewMs,
  InvalidInputError,
  requireInstant,
  requireBirthDate,
  requireIdentifier,
  requireOneOf,
  UnknownReferenceError,
} from '@ehr/contracts';
import { GraphQLError } from 'graphql';
import { type CommandContext, DomainError } from '@ehr/platform';
import { actorOf, orRefusal, type Refusal, type RequestWithIdentity } from '@ehr/platform/nest';
import type { AdtApplication } from '../application/adt-application.js';
import type { AddressInput, BedInput, DemographicsInput } from './models.js';

/** The `idempotencyKey` argument every ADT command takes. */
export const keyArg = { type: () => String, nullable: true, description: 'The client’s key for this request: sent again (a double tap, a retry), it changes nothing more.' };

/** Who asks, and the key that makes a repeat of the request change nothing. */
export const keyed = (req: RequestWithIdentity, idempotencyKey: string | undefined): CommandContext => ({ ...actorOf(req.identity), ...(idempotencyKey ? { idempotencyKey } : {}) });

/**
 * Every ADT mutation runs through here: input refused by the shared validation layer becomes a
 * typed refusal naming the field (INVALID_INPUT, UNKNOWN_REFERENCE), like any domain refusal.
 */
export function refusing<T>(work: () => Promise<T>): Promise<T | Refusal> {
  return orRefusal(async () => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof InvalidInputError || error instanceof UnknownReferenceError) throw new DomainError(error.code, error.message, { field: error.field });
      throw error;
    }
  });
}

/**
 * A query's input refused by the shared validation layer: a GraphQL error naming the field, as
 * BAD_USER_INPUT so the gateway passes it to the caller instead of masking it as a fault.
 */
export function checkedQuery<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof InvalidInputError) throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', reason: error.code, field: error.field } });
    throw error;
  }
}

/** The instant an as-of read looks at: a real instant with its offset, not in the future. */
export function asOfInstant(value: string, now: Date): string {
  const at = requireInstant(value, 'asOf');
  if (Date.parse(at) > now.getTime() + defaultClockSkewMs) throw new InvalidInputError('asOf', `must not be in the future (got "${value}"); an as-of read looks back`);
  return at;
}

/** A phone number as dialled: 7 to 15 digits once spaces, dots, dashes and brackets are removed. */
export function phone(value: string | null | undefined, field: string): string | null {
  if (value == null || value.trim() === '') return null;
  const digits = value.replace(/[\s().-]/g, '');
  if (!/^\+?\d{7,15}$/.test(digits)) throw new InvalidInputError(field, `must be a phone number of 7 to 15 digits (got "${value}")`);
  return value.trim();
}

export function address(value: AddressInput | null | undefined, field: string): Demographics['address'] {
  if (!value) return null;
  const line = value.line.map((l) => l.trim()).filter(Boolean);
  if (line.length === 0) throw new InvalidInputError(`${field}.line`, 'must have at least one street line');
  const state = requireIdentifier(value.state, `${field}.state`).toUpperCase();
  if (!/^[A-Z]{2}$/.test(state)) throw new InvalidInputError(`${field}.state`, `must be a two-letter state code (got "${value.state}")`);
  const postalCode = requireIdentifier(value.postalCode, `${field}.postalCode`);
  if (!/^\d{5}(-\d{4})?$/.test(postalCode)) throw new InvalidInputError(`${field}.postalCode`, `must be a ZIP code, 12345 or 12345-6789 (got "${value.postalCode}")`);
  return { line, city: requireIdentifier(value.city, `${field}.city`), state, postalCode };
}

export const sex = (value: string, field: string): Demographics['sex'] => requireOneOf(value, field, administrativeSex.options);

/** Demographics as a registrar typed them, checked field by field. */
export function demographics(d: DemographicsInput, now: Date, zone: string, field = 'demographics'): Demographics {
  const givenNames = d.givenNames.map((g, i) => requireIdentifier(g, `${field}.givenNames[${i}]`));
  if (givenNames.length === 0) throw new InvalidInputError(`${field}.givenNames`, 'must have at least one given name');
  return {
    familyName: requireIdentifier(d.familyName, `${field}.familyName`),
    givenNames,
    birthDate: requireBirthDate(d.birthDate, `${field}.birthDate`, now, zone),
    sex: sex(d.sex, `${field}.sex`),
    phone: phone(d.phone, `${field}.phone`),
    address: address(d.address, `${field}.address`),
  };
}


/** A bed as a user named it: both ids present, the bed commissioned, on that unit. */
export async function checkedBed(adt: AdtApplication, bed: BedInput, field: string): Promise<BedInput> {
  const checked = { bedId: requireIdentifier(bed.bedId, `${field}.bedId`), unitId: requireIdentifier(bed.unitId, `${field}.unitId`) };
  await adt.requireBed(checked, field);
  return checked;
}
