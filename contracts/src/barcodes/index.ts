export * from './ndc.js';
export * from './gs1.js';
export * from './package-barcode.js';
