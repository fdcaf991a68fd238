import { streamVersionController } from '@ehr/platform/nest';
import type { AdtApplication } from '../application/adt-application.js';
import { encounterStream } from '../application/placement.handler.js';
import { ADT_APPLICATION } from './tokens.js';

/** How far an encounter's stream has gone, for the eMAR to confirm its copy before a dose (ADR 0023). */
export const EncounterVersionController = streamVersionController({
  aggregate: 'encounter',
  streamOf: encounterStream,
  application: ADT_APPLICATION,
  storeOf: (adt: AdtApplication) => adt.store,
  callers: ['mar'],
});
