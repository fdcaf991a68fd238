export const ORDERS_APPLICATION = Symbol('ORDERS_APPLICATION');
export const READ_MODEL = Symbol('READ_MODEL');
