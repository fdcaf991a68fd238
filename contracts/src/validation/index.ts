export * from './input.js';
export * from './npi.js';
