export const REVENUE_APPLICATION = Symbol('REVENUE_APPLICATION');
export const READ_MODEL = Symbol('READ_MODEL');
