// The demo hospital's patients: fixed names, birth dates, beds and stages, in a fixed order, so
// every start seeds the same hospital. The names are invented.

export type ClaimStage = 'coding' | 'claim-edit' | 'follow-up' | 'denial' | 'paid';

export interface DemoPerson {
  /** Stable across runs: the root of the person's idempotency keys. */
  key: string;
  familyName: string;
  givenName: string;
  birthDate: string;
  sex: 'female' | 'male';
  bed?: { bedId: string; unitId: string };
  edRoom?: string;
  complaint?: string;
  claimStage?: ClaimStage;
}

const families = [
  'Abara', 'Bergstrom', 'Castellano', 'Dubois', 'Eriksen', 'Fonseca', 'Gallagher', 'Haddock', 'Ibarra', 'Jovanovic',
  'Kowalczyk', 'Lindqvist', 'Mbeki', 'Nakashima', 'Okonkwo', 'Petrakis', 'Quintero', 'Rasmussen', 'Szabo', 'Takahashi',
  'Uribe', 'Vasquez', 'Whitcombe', 'Xiong', 'Yilmaz', 'Zielinski', 'Achterberg', 'Brennan', 'Cardoso', 'Delacroix',
  'Esposito', 'Fairbanks', 'Gruenwald', 'Halvorsen', 'Iwasaki', 'Jaramillo', 'Kaminski', 'Lachance', 'Moreno', 'Nyberg',
  'Oyelaran', 'Pellegrini', 'Quigley', 'Rinaldi', 'Sandoval', 'Thibodeaux', 'Ulrich', 'Valdivia', 'Wojcik', 'Yamamoto',
  'Zamora', 'Albrecht', 'Bianchi', 'Cortez', 'Drummond', 'Eklund', 'Ferreira',
];
const givens: Array<[string, 'female' | 'male']> = [
  ['Amara', 'female'], ['Bruno', 'male'], ['Clara', 'female'], ['Dmitri', 'male'], ['Elena', 'female'], ['Felix', 'male'], ['Greta', 'female'],
  ['Hector', 'male'], ['Ingrid', 'female'], ['Jonas', 'male'], ['Keiko', 'female'], ['Luis', 'male'], ['Maren', 'female'], ['Nikolai', 'male'],
];

function person(n: number, details: Partial<DemoPerson>): DemoPerson {
  const [givenName, sex] = givens[n % givens.length]!;
  const familyName = families[n]!;
  const year = 1938 + ((n * 7) % 62);
  const month = String(1 + ((n * 5) % 12)).padStart(2, '0');
  const day = String(1 + ((n * 11) % 28)).padStart(2, '0');
  return { key: `${familyName.toLowerCase()}-${givenName.toLowerCase()}`, familyName, givenName, birthDate: `${year}-${month}-${day}`, sex, ...details };
}

const beds = (unitId: string, labels: string[]) => labels.map((label) => ({ bedId: `${unitId}-${label}`, unitId }));
const pairs = (rooms: number) => Array.from({ length: rooms }, (_, r) => [`${String(r + 1).padStart(2, '0')}A`, `${String(r + 1).padStart(2, '0')}B`]).flat();
const singles = (rooms: number) => Array.from({ length: rooms }, (_, r) => String(r + 1).padStart(2, '0'));

/** 40 inpatients: 14 on 4 West, 10 on 3 North, 9 on telemetry, 7 in the ICU; a few beds stay free. */
const inpatientBeds = [...beds('4W', pairs(7)), ...beds('3N', pairs(5)), ...beds('5E', singles(9)), ...beds('ICU', singles(7))];
export const inpatientPeople: readonly DemoPerson[] = inpatientBeds.map((bed, i) => person(i, { bed }));

const complaints = ['chest pain', 'shortness of breath', 'abdominal pain', 'fall, hip pain', 'fever and cough', 'headache', 'laceration to the hand', 'dizziness', 'back pain', 'palpitations', 'vomiting', 'ankle injury'];
/** 12 ED visits, three in each stage (waiting, triaged, roomed, boarding), in rooms ED-01 on. */
export const edPeople: readonly DemoPerson[] = complaints.map((complaint, i) => person(40 + i, { complaint, edRoom: `ED-${String(i + 1).padStart(2, '0')}` }));

/** Five stays that ended days ago, one in each claims stage, in beds the inpatients leave free. */
const stages: ClaimStage[] = ['coding', 'claim-edit', 'follow-up', 'denial', 'paid'];
const dischargeBeds = [...beds('4W', ['08A', '08B']), ...beds('3N', ['06A', '06B']), ...beds('5E', ['10'])];
export const dischargedPeople: readonly DemoPerson[] = stages.map((claimStage, i) => person(52 + i, { claimStage, bed: dischargeBeds[i]! }));
