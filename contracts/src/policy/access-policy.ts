/**
 * The access policy of the EHR as data: who may read which type and field, who may run which
 * command, and which SMART-style scopes narrow a token to which data. Every subgraph enforces
 * this one table on every field it resolves (root fields, entity references, nested fields);
 * the gateway's tests generate their role × field matrix from it. Default deny: a root field,
 * a command or a type the table does not name is refused to everyone.
 */

/** The roles of the hospital's users and clients; anything else is refused. */
export const roles = ['nurse', 'physician', 'pharmacist', 'ed-staff', 'registrar', 'bed-manager', 'biller', 'coder', 'integrator', 'privacy-officer', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Kinds of data, each with the roles whose work needs it (minimum necessary). */
export const dataClasses = {
  /** Who the patient is: name, MRN, birth date, sex, merges. */
  demographics: ['nurse', 'physician', 'pharmacist', 'ed-staff', 'registrar', 'bed-manager', 'biller', 'coder', 'integrator', 'privacy-officer'],
  /** Stays: admission, class, location, discharge, bed requests. */
  visits: ['nurse', 'physician', 'pharmacist', 'ed-staff', 'registrar', 'bed-manager', 'biller', 'coder', 'integrator'],
  /** Beds and their state, without who lies in them. */
  beds: ['nurse', 'physician', 'ed-staff', 'registrar', 'bed-manager', 'admin', 'integrator'],
  /** Unit counts without names: the census. */
  operations: ['nurse', 'physician', 'bed-manager', 'biller', 'admin'],
  /** Orders and their alerts. */
  orders: ['nurse', 'physician', 'pharmacist', 'ed-staff', 'integrator'],
  /** Allergies and intolerances. */
  allergies: ['nurse', 'physician', 'pharmacist', 'ed-staff', 'integrator'],
  /** The formulary: reference data, no patient in it. */
  reference: ['nurse', 'physician', 'pharmacist', 'ed-staff', 'admin', 'integrator'],
  /** The medication administration record. */
  mar: ['nurse', 'physician', 'pharmacist', 'ed-staff', 'integrator'],
  /** ED visits on the tracking board (arrival, room, clocks, disposition). */
  ed: ['nurse', 'physician', 'ed-staff', 'registrar', 'bed-manager', 'integrator'],
  /** What the ED visit says clinically: chief complaint, acuity findings. */
  'ed-clinical': ['nurse', 'physician', 'ed-staff', 'integrator'],
  /** Aggregated ED quality measures, no patient in them. */
  quality: ['physician', 'ed-staff', 'privacy-officer', 'admin'],
  /** An account's coverage: what registration records. */
  coverage: ['registrar', 'biller', 'coder', 'integrator'],
  /** Accounts, charges, claims, payments, work queues. */
  billing: ['biller', 'coder', 'integrator'],
  /** The HL7 interface queue: refused outbound messages, with the patient data they carry. */
  interface: ['admin'],
  /** Typed refusals and similar envelopes: readable by whoever was allowed the field above. */
  result: roles,
} as const satisfies Record<string, readonly Role[]>;
export type DataClass = keyof typeof dataClasses;

/** Each object type's data class. A type not named here is refused on every field. */
export const typeClasses: Record<string, DataClass> = {
  Patient: 'demographics', Address: 'demographics', DemographicsVersion: 'demographics', PatientRegistered: 'demographics', PatientChanged: 'demographics', PatientsMerged: 'demographics',
  Encounter: 'visits', Provider: 'visits', EncounterChanged: 'visits', ClassPeriod: 'visits', ObservationNoticeDue: 'visits', BedRequest: 'visits', BedRequestChanged: 'visits',
  Bed: 'beds', BedChanged: 'beds',
  Census: 'operations', CensusLine: 'operations',
  Order: 'orders', OrderChanged: 'orders', OrderAlert: 'orders', OrderAlertsRaised: 'orders', OverriddenAlert: 'orders', MedicationDetails: 'orders', Quantity: 'orders', Frequency: 'orders',
  Allergy: 'allergies', AllergyChanged: 'allergies',
  FormularyDrug: 'reference',
  MarDose: 'mar', MarEntry: 'mar', MarAmendment: 'mar', MarCorrection: 'mar', MarQuantity: 'mar', MarPrnFollowUp: 'mar', MarPrnOrder: 'mar', MarScannedPackages: 'mar', MarShift: 'mar',
  DueDose: 'mar', DoseChanged: 'mar', ManualEntry: 'mar', WristbandPatient: 'mar',
  EdVisit: 'ed', EdBoard: 'ed', EdTimer: 'ed', EdTimers: 'ed', EdBedRequest: 'ed', EdVisitChanged: 'ed', DangerZonePrompt: 'ed-clinical', DangerZoneFinding: 'ed-clinical',
  EdMeasures: 'quality', MedianMinutes: 'quality', Rate: 'quality', Op18: 'quality', Ecat: 'quality',
  HospitalAccount: 'billing', AccountChanged: 'billing', Charge: 'billing', Claim: 'billing', ClaimEdit: 'billing', ClaimSent: 'billing', ClaimStopped: 'billing', Denial: 'billing',
  HistoryEntry: 'billing', WorkItem: 'billing', QueueCount: 'billing', PostedPayment: 'billing', RemittancePosted: 'billing', HeldCharge: 'billing', AccountAttending: 'billing',
  ArAgingBucket: 'billing', DenialReport: 'billing', PayerDenialRate: 'billing', DenialCategoryCount: 'billing', RemittancePayment: 'billing', DiagnosisCode: 'billing',
  Hl7Rejection: 'interface', Hl7MessageHandled: 'interface',
  Refusal: 'result', PageInfo: 'result',
  // A page of a list is of the class of what it lists.
  DemographicsVersionConnection: 'demographics', DemographicsVersionEdge: 'demographics',
  OrderConnection: 'orders', OrderEdge: 'orders',
  EdVisitConnection: 'ed', EdVisitEdge: 'ed',
  HospitalAccountConnection: 'billing', HospitalAccountEdge: 'billing',
};

/** Fields whose data class differs from their type's: where one record links to another kind of data. */
export const fieldClasses: Record<string, DataClass> = {
  'Patient.encounters': 'visits',
  'Patient.edVisits': 'ed',
  'Patient.medicationAdministrations': 'mar',
  'Patient.orders': 'orders',
  'Patient.allergies': 'allergies',
  'Patient.accounts': 'billing',
  'Encounter.orders': 'orders',
  'Encounter.account': 'coverage',
  'AccountChanged.account': 'coverage',
  'Bed.patientId': 'visits',
  'Bed.encounterId': 'visits',
  'Bed.edVisitId': 'visits',
  'Bed.patient': 'demographics',
  'EdVisit.chiefComplaint': 'ed-clinical',
  'EdVisit.dangerZone': 'ed-clinical',
  'EdVisit.dangerZoneAnswer': 'ed-clinical',
  'EdVisit.esi': 'ed-clinical',
  'EdVisit.previousEsi': 'ed-clinical',
  'EdVisit.retriageReason': 'ed-clinical',
  'HospitalAccount.id': 'coverage',
  'HospitalAccount.patientId': 'coverage',
  'HospitalAccount.accountClass': 'coverage',
  'HospitalAccount.payerId': 'coverage',
  'HospitalAccount.payerName': 'coverage',
};

/** Root query fields and the data class each reads. A query not named here is refused. */
export const queryClasses: Record<string, DataClass> = {
  patient: 'demographics', patientByMrn: 'demographics', searchPatients: 'demographics',
  encounter: 'visits', bedRequests: 'visits', providers: 'visits', hl7Rejections: 'interface',
  bedBoard: 'beds', census: 'operations',
  edBoard: 'ed', edVisit: 'ed', edMeasures: 'quality',
  wristbandPatient: 'mar', marForShift: 'mar', dueList: 'mar', manualEntryReport: 'mar',
  order: 'orders', verificationQueue: 'orders', formulary: 'reference',
  account: 'billing', claim: 'billing', workQueue: 'billing', workQueueCounts: 'billing', arAging: 'billing', denialReport: 'billing', diagnosisCodes: 'billing',
};

const placement = ['registrar', 'bed-manager', 'ed-staff'] as const satisfies readonly Role[];
const prescribers = ['physician'] as const satisfies readonly Role[];
/** Doses are scanned, given and documented by nurses at the bedside (the eMAR). */
const bedside = ['nurse'] as const satisfies readonly Role[];
const edClinicians = ['ed-staff', 'nurse', 'physician'] as const satisfies readonly Role[];
const edProviders = ['ed-staff', 'physician'] as const satisfies readonly Role[];
const billers = ['biller'] as const satisfies readonly Role[];

/**
 * Commands and the roles that may give them. A command not named here is refused. Admin
 * administers (beds out of service) and is not a clinician: it signs no order and triages no one.
 */
export const commandRoles: Record<string, readonly Role[]> = {
  registerPatient: ['registrar', 'ed-staff'], registerUnidentifiedPatient: ['registrar', 'ed-staff'], identifyPatient: ['registrar', 'ed-staff'],
  confirmWristbandPrinted: ['registrar', 'ed-staff', 'nurse'], mergePatients: ['registrar'], correctDemographics: ['registrar', 'ed-staff'],
  admitPatient: placement, transferPatient: placement, swapBeds: placement, cancelTransfer: placement, dischargePatient: [...placement, 'nurse', 'physician'],
  cancelDischarge: placement, cancelAdmission: placement, startLeave: [...placement, 'nurse'], endLeave: [...placement, 'nurse'],
  changePatientClass: [...placement, 'physician'], changeAttending: [...placement, 'physician'], resendHl7Message: ['admin'], discardHl7Message: ['admin'], preadmitPatient: placement, cancelPreadmission: placement,
  startBedCleaning: ['bed-manager'], markBedClean: ['bed-manager'], blockBed: ['bed-manager', 'admin'], unblockBed: ['bed-manager', 'admin'],
  requestBed: ['ed-staff', 'registrar', 'physician', 'bed-manager'], assignBed: ['bed-manager'], cancelBedRequest: ['bed-manager', 'ed-staff', 'registrar'],
  registerArrival: [...edClinicians, 'registrar'], triage: ['ed-staff', 'nurse'], assignRoom: edClinicians, releaseRoom: edClinicians,
  assignProvider: edProviders, assignNurse: edClinicians, awaitResults: edProviders, recordResultsReturned: edClinicians,
  decideAdmission: edProviders, decideDischarge: edProviders, recordDeparture: edClinicians, recordLeftWithoutBeingSeen: edClinicians,
  recordLeftAgainstMedicalAdvice: edClinicians, recordDeath: edProviders, cancelDeparture: edClinicians,
  verifyWristband: bedside, verifyProduct: bedside, cosignDose: bedside, documentGiven: bedside, documentPrnGiven: bedside, reassessPrn: bedside,
  documentHeld: bedside, documentRefused: bedside, documentNotGiven: bedside, markDocumentedInError: bedside, amend: bedside,
  placeMedicationOrder: prescribers, placeLabOrder: prescribers, placeImagingOrder: prescribers, placeDietOrder: prescribers, placeNursingOrder: prescribers,
  verifyOrder: ['pharmacist'], rejectOrder: ['pharmacist'], holdOrder: prescribers, resumeOrder: prescribers, discontinueOrder: prescribers,
  completeOrder: [...prescribers, 'nurse'], reviewOrder: prescribers, recordAllergy: ['physician', 'nurse', 'pharmacist'], removeAllergy: ['physician', 'pharmacist'],
  recordCoverage: ['biller', 'registrar'], recordGuarantor: ['biller', 'registrar'], recordCoding: ['coder'], placeBillHold: billers, releaseBillHold: billers, assignAccount: billers,
  createClaim: billers, createInterimClaim: billers, replaceClaim: billers, voidClaim: billers, post835: billers, repostHeldCharge: billers, discardHeldCharge: billers,
};

/** SMART-style resources and the data classes their `.read` scope opens (`system/Patient.read`). */
export const scopeResources: Record<string, readonly DataClass[]> = {
  Patient: ['demographics'],
  Encounter: ['visits', 'ed'],
  Location: ['beds'],
  MedicationRequest: ['orders', 'reference'],
  AllergyIntolerance: ['allergies'],
  MedicationAdministration: ['mar'],
  Account: ['coverage', 'billing'],
};

/** The scopes a client may be granted: `system/<Resource>.read`, and `system/*.read` for all. */
export const scopes: readonly string[] = [...Object.keys(scopeResources).map((r) => `system/${r}.read`), 'system/*.read'];

/** Who asks: the role, and for a token that carries scopes, the scopes that narrow it. */
export interface Requester {
  role: Role;
  /** Absent: a person's sign-in, narrowed by role alone. Present (integrators): only what the scopes open. */
  scopes?: readonly string[];
}

export type AccessDecision = { allowed: true } | { allowed: false; reason: string };

const classesOfScope = (scope: string): readonly DataClass[] => {
  const match = /^(?:system|user)\/(\*|[A-Za-z]+)\.(?:read|\*)$/.exec(scope);
  if (!match) return [];
  return match[1] === '*' ? Object.values(scopeResources).flat() : (scopeResources[match[1]!] ?? []);
};

/** The data class a field belongs to, or null when the table does not name it (refused). */
export function classOfField(typeName: string, fieldName: string): DataClass | null {
  if (typeName === 'Query') return queryClasses[fieldName] ?? null;
  return fieldClasses[`${typeName}.${fieldName}`] ?? typeClasses[typeName] ?? null;
}

/** May this requester read this field (or, on Mutation, give this command)? Pure; the whole policy. */
export function decideAccess(requester: Requester, typeName: string, fieldName: string): AccessDecision {
  const field = `${typeName}.${fieldName}`;
  if (typeName === 'Mutation') {
    const allowed = commandRoles[fieldName];
    if (!allowed) return { allowed: false, reason: `${field} is in no access policy` };
    if (!allowed.includes(requester.role)) return { allowed: false, reason: `the ${requester.role} role may not ${fieldName}; allowed: ${allowed.join(', ')}` };
    if (requester.scopes) return { allowed: false, reason: `${fieldName} is a command; a token with scopes may only read` };
    return { allowed: true };
  }
  const dataClass = classOfField(typeName, fieldName);
  if (!dataClass) return { allowed: false, reason: `${field} is in no access policy` };
  if (!(dataClasses[dataClass] as readonly Role[]).includes(requester.role)) return { allowed: false, reason: `the ${requester.role} role may not read ${field} (${dataClass})` };
  if (dataClass === 'result') return { allowed: true };
  if (requester.scopes ? !requester.scopes.some((s) => classesOfScope(s).includes(dataClass)) : requester.role === 'integrator') {
    return { allowed: false, reason: `no scope of the token opens ${field} (${dataClass})` };
  }
  return { allowed: true };
}

/** The scopes that open a data class to an integrator's token. */
function scopesOfClass(dataClass: DataClass): string[] {
  const resources = Object.entries(scopeResources).filter(([, classes]) => classes.includes(dataClass));
  return resources.length ? [...resources.map(([resource]) => `system/${resource}.read`), 'system/*.read'] : [];
}

/**
 * Who may read this field (or give this command), in words for the schema's description: an
 * integrator learns from the schema alone which roles and scopes open what.
 */
export function describeAccess(typeName: string, fieldName: string): string {
  if (typeName === 'Mutation') {
    const allowed = commandRoles[fieldName];
    return allowed ? `Access: roles ${allowed.join(', ')} (a token with scopes may not give commands).` : 'Access: refused to everyone (in no access policy).';
  }
  const dataClass = classOfField(typeName, fieldName);
  if (!dataClass) return 'Access: refused to everyone (in no access policy).';
  if (dataClass === 'result') return 'Access: whoever was allowed the field that returned it.';
  const people = dataClasses[dataClass].filter((role) => role !== 'integrator');
  const scoped = dataClasses[dataClass].some((role) => role === 'integrator') ? scopesOfClass(dataClass) : [];
  return `Access: ${dataClass} data; roles ${people.join(', ')}${scoped.length ? `; integrator scopes ${scoped.join(', ')}` : '; no integrator scope'}.`;
}
