export const ADT_APPLICATION = Symbol('ADT_APPLICATION');
export const READ_MODEL = Symbol('READ_MODEL');
