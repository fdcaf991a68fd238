export const MAR_APPLICATION = Symbol('MAR_APPLICATION');
export const MAR_READER = Symbol('MAR_READER');
export const READ_MODEL = Symbol('READ_MODEL');
