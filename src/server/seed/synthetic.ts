import { defined } from '../../domain/defined.js';
/**
 * Synthetic people for demos and benchmarks. Names come from common-name lists, phone numbers from the
 * 555-0100..0199 range reserved for fiction, addresses are invented. No real patient data, ever.
 */

/** A small deterministic PRNG (mulberry32) so a seed always makes the same practice. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => defined(items[Math.floor(next() * items.length)]),
    chance: (p: number) => next() < p,
  };
}
export type Rng = ReturnType<typeof rng>;

const GIVEN_FEMALE = [
  'Olivia',
  'Emma',
  'Ava',
  'Sophia',
  'Isabella',
  'Mia',
  'Amelia',
  'Harper',
  'Evelyn',
  'Abigail',
  'Emily',
  'Elizabeth',
  'Sofia',
  'Madison',
  'Avery',
  'Ella',
  'Scarlett',
  'Grace',
  'Chloe',
  'Victoria',
  'Riley',
  'Aria',
  'Lily',
  'Aurora',
  'Zoey',
  'Nora',
  'Camila',
  'Hannah',
  'Lucia',
  'Maya',
  'Priya',
  'Mei',
  'Aisha',
  'Fatima',
  'Yesenia',
  'Guadalupe',
  'Keisha',
  'Tamika',
  'Ngozi',
  'Leilani',
];
const GIVEN_MALE = [
  'Liam',
  'Noah',
  'Oliver',
  'Elijah',
  'James',
  'William',
  'Benjamin',
  'Lucas',
  'Henry',
  'Theodore',
  'Jack',
  'Levi',
  'Alexander',
  'Jackson',
  'Mateo',
  'Daniel',
  'Michael',
  'Mason',
  'Sebastian',
  'Ethan',
  'Logan',
  'Owen',
  'Samuel',
  'Jacob',
  'Asher',
  'Aiden',
  'John',
  'Joseph',
  'Wyatt',
  'David',
  'Rahul',
  'Wei',
  'Omar',
  'Kwame',
  'Jose',
  'Luis',
  'DeShawn',
  'Andre',
  'Hiroshi',
  'Tomas',
];
const FAMILY = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'Garcia',
  'Miller',
  'Davis',
  'Rodriguez',
  'Martinez',
  'Hernandez',
  'Lopez',
  'Gonzalez',
  'Wilson',
  'Anderson',
  'Thomas',
  'Taylor',
  'Moore',
  'Jackson',
  'Martin',
  'Lee',
  'Perez',
  'Thompson',
  'White',
  'Harris',
  'Sanchez',
  'Clark',
  'Ramirez',
  'Lewis',
  'Robinson',
  'Walker',
  'Young',
  'Allen',
  'King',
  'Wright',
  'Scott',
  'Torres',
  'Nguyen',
  'Hill',
  'Flores',
  'Green',
  'Adams',
  'Nelson',
  'Baker',
  'Hall',
  'Rivera',
  'Campbell',
  'Mitchell',
  'Carter',
  'Roberts',
  'Gomez',
  'Phillips',
  'Evans',
  'Turner',
  'Diaz',
  'Parker',
  'Cruz',
  'Edwards',
  'Collins',
  'Reyes',
  'Stewart',
  'Morris',
  'Morales',
  'Murphy',
  'Cook',
  'Rogers',
  'Gutierrez',
  'Ortiz',
  'Morgan',
  'Cooper',
  'Peterson',
  'Bailey',
  'Reed',
  'Kelly',
  'Howard',
  'Ramos',
  'Kim',
  'Cox',
  'Ward',
  'Richardson',
  'Watson',
  'Brooks',
  'Chavez',
  'Wood',
  'James',
  'Bennett',
  'Gray',
  'Mendoza',
  'Ruiz',
  'Hughes',
  'Price',
  'Alvarez',
  'Castillo',
  'Sanders',
  'Patel',
  'Myers',
  'Long',
  'Ross',
  'Foster',
  'Jimenez',
  'Okafor',
  'Nakamura',
  'Chen',
  'Singh',
  'Haddad',
  'Kowalski',
  'Oyelaran',
  'Tran',
  'Park',
  "O'Brien",
  'Del Rosario',
  'St. Clair',
];
const STREETS = [
  'Oak',
  'Maple',
  'Cedar',
  'Pine',
  'Elm',
  'Willow',
  'Lake',
  'Hill',
  'Sunset',
  'Park',
  'Mission',
  'Valencia',
  'Peachtree',
  'Congress',
  'Lamar',
  'Pike',
  'Union',
  'Madison',
  'Jefferson',
  'Washington',
];
const SUFFIXES = ['St', 'Ave', 'Blvd', 'Rd', 'Way', 'Ln', 'Dr'];

export type StateInfo = { state: string; timeZone: string; cities: { city: string; zip: string; areaCode: string }[] };

export const STATES: StateInfo[] = [
  {
    state: 'CA',
    timeZone: 'America/Los_Angeles',
    cities: [
      { city: 'San Francisco', zip: '94110', areaCode: '415' },
      { city: 'Oakland', zip: '94612', areaCode: '510' },
      { city: 'San Jose', zip: '95112', areaCode: '408' },
      { city: 'Sacramento', zip: '95814', areaCode: '916' },
      { city: 'Los Angeles', zip: '90012', areaCode: '213' },
      { city: 'San Diego', zip: '92101', areaCode: '619' },
    ],
  },
  {
    state: 'TX',
    timeZone: 'America/Chicago',
    cities: [
      { city: 'Austin', zip: '78701', areaCode: '512' },
      { city: 'Dallas', zip: '75201', areaCode: '214' },
      { city: 'Houston', zip: '77002', areaCode: '713' },
      { city: 'San Antonio', zip: '78205', areaCode: '210' },
    ],
  },
  {
    state: 'WA',
    timeZone: 'America/Los_Angeles',
    cities: [
      { city: 'Seattle', zip: '98101', areaCode: '206' },
      { city: 'Tacoma', zip: '98402', areaCode: '253' },
      { city: 'Spokane', zip: '99201', areaCode: '509' },
      { city: 'Bellevue', zip: '98004', areaCode: '425' },
    ],
  },
  {
    state: 'GA',
    timeZone: 'America/New_York',
    cities: [
      { city: 'Atlanta', zip: '30303', areaCode: '404' },
      { city: 'Savannah', zip: '31401', areaCode: '912' },
      { city: 'Augusta', zip: '30901', areaCode: '706' },
      { city: 'Marietta', zip: '30060', areaCode: '770' },
    ],
  },
];

export function fictionalPhone(r: Rng, areaCode: string): string {
  return `+1${areaCode}55501${String(r.int(0, 99)).padStart(2, '0')}`;
}

export type SyntheticPatient = {
  legalGivenName: string;
  legalFamilyName: string;
  preferredName: string | null;
  dateOfBirth: string;
  sexAssignedAtBirth: 'female' | 'male' | 'intersex' | 'unknown';
  genderIdentity: string | null;
  pronouns: string | null;
  email: string | null;
  phoneMobile: string | null;
  phoneHome: string | null;
  addressLine1: string;
  city: string;
  state: string;
  postalCode: string;
  emergencyContactName: string | null;
  emergencyContactRelationship: string | null;
  emergencyContactPhone: string | null;
  veteranStatus: 'veteran' | 'not_veteran' | 'unknown';
  weightGrams: number | null;
};

export function syntheticPatient(r: Rng, home: { city: string; state: string; zip: string; areaCode: string }, today = new Date()): SyntheticPatient {
  const sex = r.chance(0.58) ? 'female' : r.chance(0.97) ? 'male' : 'intersex';
  const given = r.pick(sex === 'female' ? GIVEN_FEMALE : GIVEN_MALE);
  const family = r.pick(FAMILY);
  const age = r.int(18, 82);
  const dob = new Date(Date.UTC(today.getUTCFullYear() - age, r.int(0, 11), r.int(1, 28)));
  const nonBinary = r.chance(0.03);
  const phone = fictionalPhone(r, home.areaCode);
  const heightFactor = sex === 'female' ? 0.88 : 1;
  const hasEmergency = r.chance(0.85);
  return {
    legalGivenName: given,
    legalFamilyName: family,
    preferredName: r.chance(0.08) ? given.slice(0, Math.max(3, Math.ceil(given.length / 2))) : null,
    dateOfBirth: dob.toISOString().slice(0, 10),
    sexAssignedAtBirth: sex,
    genderIdentity: nonBinary ? 'non-binary' : sex === 'female' ? 'woman' : sex === 'male' ? 'man' : null,
    pronouns: nonBinary ? 'they/them' : sex === 'female' ? 'she/her' : sex === 'male' ? 'he/him' : null,
    email: r.chance(0.8) ? `${given}.${family}${r.int(1, 999)}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, '') : null,
    phoneMobile: phone,
    phoneHome: r.chance(0.15) ? fictionalPhone(r, home.areaCode) : null,
    addressLine1: `${r.int(10, 9999)} ${r.pick(STREETS)} ${r.pick(SUFFIXES)}`,
    city: home.city,
    state: home.state,
    postalCode: home.zip,
    emergencyContactName: hasEmergency ? `${r.pick([...GIVEN_FEMALE, ...GIVEN_MALE])} ${r.chance(0.6) ? family : r.pick(FAMILY)}` : null,
    emergencyContactRelationship: hasEmergency ? r.pick(['spouse', 'partner', 'parent', 'sibling', 'friend', 'adult child']) : null,
    emergencyContactPhone: hasEmergency ? fictionalPhone(r, home.areaCode) : null,
    veteranStatus: r.chance(0.12) ? 'veteran' : r.chance(0.9) ? 'not_veteran' : 'unknown',
    weightGrams: r.chance(0.7) ? Math.round(r.int(52_000, 118_000) * heightFactor) : null,
  };
}
