/** Injection tokens for what the service module provides. */
export const CONFIG = Symbol('CONFIG');
export const PG_POOL = Symbol('PG_POOL');
export const LOGGER = Symbol('LOGGER');
export const KAFKA = Symbol('KAFKA');
