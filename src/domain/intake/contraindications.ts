/**
 * The contraindication checklist an intake fills in, with the treatments each item bears on and how hard the
 * limit is. The care path (issue 4) reads these; the intake only records yes / no / unknown with a note.
 * Sources (domain reference): Spravato label contraindications (aneurysmal vascular disease or AVM, intracerebral
 * hemorrhage, hypersensitivity; §2.1); Spravato blood pressure caution above 140/90 (§2.1); IV ketamine BP
 * monitoring and hypertension (§3; thresholds UNVERIFIED, clinic protocol); TMS contraindications in Medicare LCD
 * L37086 (seizure disorder, current psychosis, implants within 30 cm) and Aetna CPB 0469 (substance use in the past
 * 90 days, metal in or around the head; §4.3). Pregnancy is not in the domain reference for these treatments:
 * recorded as a relative item for provider review (UNVERIFIED).
 */
export type Treatment = 'tms' | 'esketamine' | 'iv_ketamine';
export type ContraindicationLevel = 'absolute' | 'relative';

export type ContraindicationItem = {
  key: string;
  label: string;
  applies: Partial<Record<Treatment, ContraindicationLevel>>;
  source: string;
};

export const CONTRAINDICATIONS: readonly ContraindicationItem[] = [
  {
    key: 'aneurysm_or_avm',
    label: 'Aneurysmal vascular disease (aortic, intracranial, peripheral) or arteriovenous malformation',
    applies: { esketamine: 'absolute', iv_ketamine: 'absolute' },
    source: 'Spravato label (domain §2.1)',
  },
  {
    key: 'intracerebral_hemorrhage',
    label: 'History of intracerebral hemorrhage',
    applies: { esketamine: 'absolute', iv_ketamine: 'absolute' },
    source: 'Spravato label (domain §2.1)',
  },
  {
    key: 'ketamine_hypersensitivity',
    label: 'Hypersensitivity to ketamine or esketamine',
    applies: { esketamine: 'absolute', iv_ketamine: 'absolute' },
    source: 'Spravato label (domain §2.1)',
  },
  {
    key: 'uncontrolled_hypertension',
    label: 'Uncontrolled hypertension (above 140/90 at baseline)',
    applies: { esketamine: 'relative', iv_ketamine: 'relative' },
    source: 'Spravato label BP caution (domain §2.1); ketamine BP monitoring (domain §3)',
  },
  {
    key: 'psychosis',
    label: 'Current or past psychosis',
    applies: { tms: 'absolute', esketamine: 'relative', iv_ketamine: 'relative' },
    source: 'LCD L37086 (current psychosis, domain §4.3); Cigna/eviCore weigh psychosis history (domain §5)',
  },
  { key: 'seizure_disorder', label: 'Seizure disorder or epilepsy', applies: { tms: 'absolute' }, source: 'LCD L37086 (domain §4.3)' },
  {
    key: 'metal_or_implant_near_head',
    label: 'Metal or implanted device in or near the head (within 30 cm of the coil; dental fillings are fine)',
    applies: { tms: 'absolute' },
    source: 'LCD L37086; payer criteria (domain §4.1, §4.3)',
  },
  {
    key: 'substance_use_recent',
    label: 'Substance misuse in the past 90 days',
    applies: { tms: 'relative', esketamine: 'relative', iv_ketamine: 'relative' },
    source: 'Aetna CPB 0469 exclusion (domain §4.3); Spravato abuse/misuse REMS (domain §2.2)',
  },
  {
    key: 'pregnancy',
    label: 'Pregnant or planning pregnancy',
    applies: { esketamine: 'relative', iv_ketamine: 'relative', tms: 'relative' },
    source: 'Provider review (UNVERIFIED in the domain reference)',
  },
  {
    key: 'active_suicidality',
    label: 'Active suicidal ideation with plan or intent',
    applies: { tms: 'relative' },
    source: 'Aetna CPB 0469 exclusion (domain §4.3); routes to same-day review, never a silent block',
  },
];

export const CONTRAINDICATION_KEYS = CONTRAINDICATIONS.map((c) => c.key);
