/**
 * ICD-10-CM codes this practice uses: depressive, bipolar, anxiety, trauma and obsessive-compulsive disorders,
 * suicidal ideation, and the chronic-pain codes used for off-label ketamine. Domain §9: F33.2, F32.0-F32.2,
 * F33.0-F33.9 and F41.1 verified there; the rest are standard ICD-10-CM (FY2026) listed in §9 as background,
 * "load from the CMS code file": re-check them against the CMS file each October.
 */
export const ICD10_CODES: readonly { code: string; description: string }[] = [
  { code: 'F32.0', description: 'Major depressive disorder, single episode, mild' },
  { code: 'F32.1', description: 'Major depressive disorder, single episode, moderate' },
  { code: 'F32.2', description: 'Major depressive disorder, single episode, severe without psychotic features' },
  { code: 'F32.3', description: 'Major depressive disorder, single episode, severe with psychotic features' },
  { code: 'F32.4', description: 'Major depressive disorder, single episode, in partial remission' },
  { code: 'F32.5', description: 'Major depressive disorder, single episode, in full remission' },
  { code: 'F32.9', description: 'Major depressive disorder, single episode, unspecified' },
  { code: 'F32.A', description: 'Depression, unspecified' },
  { code: 'F33.0', description: 'Major depressive disorder, recurrent, mild' },
  { code: 'F33.1', description: 'Major depressive disorder, recurrent, moderate' },
  { code: 'F33.2', description: 'Major depressive disorder, recurrent severe without psychotic features' },
  { code: 'F33.3', description: 'Major depressive disorder, recurrent, severe with psychotic symptoms' },
  { code: 'F33.40', description: 'Major depressive disorder, recurrent, in remission, unspecified' },
  { code: 'F33.41', description: 'Major depressive disorder, recurrent, in partial remission' },
  { code: 'F33.42', description: 'Major depressive disorder, recurrent, in full remission' },
  { code: 'F33.8', description: 'Other recurrent depressive disorders' },
  { code: 'F33.9', description: 'Major depressive disorder, recurrent, unspecified' },
  { code: 'F34.1', description: 'Dysthymic disorder (persistent depressive disorder)' },
  { code: 'F31.30', description: 'Bipolar disorder, current episode depressed, mild or moderate severity, unspecified' },
  { code: 'F31.31', description: 'Bipolar disorder, current episode depressed, mild' },
  { code: 'F31.32', description: 'Bipolar disorder, current episode depressed, moderate' },
  { code: 'F31.4', description: 'Bipolar disorder, current episode depressed, severe, without psychotic features' },
  { code: 'F31.5', description: 'Bipolar disorder, current episode depressed, severe, with psychotic features' },
  { code: 'F31.81', description: 'Bipolar II disorder' },
  { code: 'F31.9', description: 'Bipolar disorder, unspecified' },
  { code: 'F41.1', description: 'Generalized anxiety disorder' },
  { code: 'F43.10', description: 'Post-traumatic stress disorder, unspecified' },
  { code: 'F43.11', description: 'Post-traumatic stress disorder, acute' },
  { code: 'F43.12', description: 'Post-traumatic stress disorder, chronic' },
  { code: 'F42.2', description: 'Mixed obsessional thoughts and acts' },
  { code: 'F42.9', description: 'Obsessive-compulsive disorder, unspecified' },
  { code: 'R45.851', description: 'Suicidal ideations' },
  { code: 'G89.21', description: 'Chronic pain due to trauma' },
  { code: 'G89.29', description: 'Other chronic pain' },
  { code: 'G89.4', description: 'Chronic pain syndrome' },
  { code: 'G90.50', description: 'Complex regional pain syndrome I, unspecified' },
  { code: 'G90.511', description: 'Complex regional pain syndrome I of right upper limb' },
  { code: 'G90.512', description: 'Complex regional pain syndrome I of left upper limb' },
  { code: 'G90.521', description: 'Complex regional pain syndrome I of right lower limb' },
  { code: 'G90.522', description: 'Complex regional pain syndrome I of left lower limb' },
  { code: 'G90.59', description: 'Complex regional pain syndrome I of other specified site' },
];

const BY_CODE = new Map(ICD10_CODES.map((c) => [c.code, c]));

export function findDiagnosisCode(code: string) {
  return BY_CODE.get(code.trim().toUpperCase());
}

/** Codes whose code or words start with every term of the query ("f33", "recurrent severe", "ptsd chronic"). */
export function searchDiagnosisCodes(query: string, limit = 20) {
  const terms = query.toLowerCase().replace(/ptsd/g, 'post-traumatic').split(/\s+/).filter(Boolean);
  if (terms.length === 0) return ICD10_CODES.slice(0, limit);
  return ICD10_CODES.filter((c) => {
    const words = [c.code.toLowerCase(), ...c.description.toLowerCase().split(/[\s,()]+/)];
    return terms.every((t) => words.some((w) => w.startsWith(t)) || c.code.toLowerCase().startsWith(t));
  }).slice(0, limit);
}
