export const ED_APPLICATION = Symbol('ED_APPLICATION');
export const READ_MODEL = Symbol('READ_MODEL');
