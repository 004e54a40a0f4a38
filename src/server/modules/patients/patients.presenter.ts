import type { Role } from '../../../contracts/roles.js';
import { roleHas } from '../../../contracts/permissions.js';
import type { Patient, PatientSummary } from '../../../contracts/patients.js';
import { toIsoRequired } from '../../db/sql-values.js';
import type { PatientDetailRow, SummaryRow } from './patients.repository.js';

const GRAMS_PER_KG = 1000;

export function presentWeight(w: { id: string; measuredAt: Date | string; weightGrams: number; source: string }) {
  return {
    id: w.id,
    measuredAt: toIsoRequired(w.measuredAt),
    weightGrams: w.weightGrams,
    weightKg: Math.round((w.weightGrams / GRAMS_PER_KG) * 10) / 10,
    source: w.source,
  };
}

/**
 * The fields of a patient that leave the server; internal columns (organization, creator) stay behind. The weight is
 * clinical (doses are computed from it), so only clinical staff get it.
 */
export function presentPatient(r: PatientDetailRow, user?: { role: Role }): Patient {
  const clinical = !user || roleHas(user.role, 'clinical:read');
  return {
    id: r.id,
    mrn: r.mrn,
    legalGivenName: r.legalGivenName,
    legalMiddleName: r.legalMiddleName,
    legalFamilyName: r.legalFamilyName,
    preferredName: r.preferredName,
    dateOfBirth: r.dateOfBirth,
    sexAssignedAtBirth: r.sexAssignedAtBirth as Patient['sexAssignedAtBirth'],
    genderIdentity: r.genderIdentity,
    pronouns: r.pronouns,
    email: r.email,
    phoneMobile: r.phoneMobile,
    phoneHome: r.phoneHome,
    reminderSms: r.reminderSms,
    reminderEmail: r.reminderEmail,
    preferredLanguage: r.preferredLanguage,
    address:
      r.addressLine1 && r.city && r.state && r.postalCode
        ? { line1: r.addressLine1, line2: r.addressLine2, city: r.city, state: r.state, postalCode: r.postalCode }
        : null,
    emergencyContact:
      r.emergencyContactName && r.emergencyContactPhone
        ? { name: r.emergencyContactName, relationship: r.emergencyContactRelationship, phone: r.emergencyContactPhone }
        : null,
    veteranStatus: r.veteranStatus as Patient['veteranStatus'],
    locations: r.locations,
    latestWeight:
      r.latestWeight && clinical
        ? presentWeight({
            id: r.latestWeight.id,
            measuredAt: r.latestWeight.measuredAt,
            weightGrams: r.latestWeight.weightGrams,
            source: r.latestWeight.source,
          })
        : null,
    version: r.version,
    createdAt: toIsoRequired(r.createdAt),
    updatedAt: toIsoRequired(r.updatedAt),
  };
}

export function presentSummary(r: SummaryRow): PatientSummary {
  return {
    id: r.id,
    mrn: r.mrn,
    legalGivenName: r.legalGivenName,
    legalFamilyName: r.legalFamilyName,
    preferredName: r.preferredName,
    dateOfBirth: r.dateOfBirth,
    phoneMobile: r.phoneMobile,
  };
}
