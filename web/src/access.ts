import { decideAccess, type Role } from '@ehr/contracts/policy';

/**
 * The access policy the gateway enforces, asked before asking the gateway: a screen shows each
 * role the parts it may read and the actions it may take, and never a refusal of its own making.
 */
export const may = (role: string, type: string, field: string): boolean => decideAccess({ role: role as Role }, type, field).allowed;
