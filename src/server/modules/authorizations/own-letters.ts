import type { Db } from '../../db/client.js';
import { toIso, toIsoRequired } from '../../db/sql-values.js';
import { defined } from '../../../domain/defined.js';
import { letterSchema } from '../../../contracts/authorizations.js';
import { renderPdf } from '../../platform/documents/pdf.js';
import { clinicLetterhead } from '../locations/index.js';
import { patientBasics } from '../patients/index.js';
import * as repo from './authorizations.repository.js';
import { letterDocument } from './letter.js';

// Rendering a signed letter, and the patient's own shared letters for the portal. Kept apart from the service so the
// module's public surface (index.ts) does not pull in the service's dependencies (intake, coverage, outcomes).

/** The letter as a PDF: the latest amendment's text (or the signed one), with every amendment and the signature. */
export async function renderLetter(db: Db, row: repo.PaRow): Promise<Uint8Array> {
  const basics = await patientBasics(db, row.patientId);
  const letterhead = basics?.locationId ? await clinicLetterhead(db, basics.locationId) : null;
  const amendments = await repo.listLetterAmendments(db, [row.id]);
  const latest = amendments.at(-1);
  return renderPdf(
    letterDocument(letterSchema.parse(latest?.letter ?? row.letter), {
      amendments: amendments.map((a) => ({ sequence: a.sequence, reason: a.reason, amendedAt: toIsoRequired(a.amendedAt), by: a.amendedByName })),
      patientName: `${defined(basics).legalGivenName} ${defined(basics).legalFamilyName}, born ${defined(basics).dateOfBirth}, MRN ${defined(basics).mrn}`,
      providerName: row.letterSignedByName,
      signedAt: toIso(row.letterSignedAt),
      letterhead,
      payerName: row.payerName,
    }),
  );
}

// ---- The patient's own letters (portal): the caller has checked the patient is signed in as themselves ----

const TREATMENT_WORDS: Record<string, string> = { tms: 'TMS', esketamine: 'esketamine (Spravato)', iv_ketamine: 'IV ketamine', im_ketamine: 'IM ketamine' };

/** Signed letters the provider shared with the patient. */
export async function ownSharedLetters(db: Db, patientId: string) {
  const rows = await repo.listPriorAuthorizations(db, patientId);
  return rows
    .filter((r) => r.letterSharedAt && r.letterSignedAt)
    .map((r) => ({
      id: r.id,
      title: `Letter of medical necessity: ${TREATMENT_WORDS[r.treatment] ?? r.treatment}`,
      createdAt: defined(toIso(r.letterSignedAt)),
    }));
}

/** One of the patient's shared letters as a PDF; null when it is not theirs or not shared. */
export async function ownLetterPdf(db: Db, patientId: string, id: string): Promise<Uint8Array | null> {
  const row = await repo.findPriorAuthorization(db, id);
  if (!row || row.patientId !== patientId || !row.letterSharedAt || !row.letterSignedAt) return null;
  return renderLetter(db, row);
}
