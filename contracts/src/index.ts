export * from './envelope.js';
export * from './registry.js';
export * from './topics.js';
export * from './catalog.js';
export * from './events/adt-codes.js';
export * from './events/adt-patient.events.js';
export * from './events/adt-bed.events.js';
export * from './events/adt-encounter.events.js';
