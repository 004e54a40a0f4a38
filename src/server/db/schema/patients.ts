import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { locations, organizations } from './locations.js';
import { users } from './users.js';

export const patients = pgTable(
  'patients',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    mrn: text('mrn').notNull(),
    legalGivenName: text('legal_given_name').notNull(),
    legalMiddleName: text('legal_middle_name'),
    legalFamilyName: text('legal_family_name').notNull(),
    preferredName: text('preferred_name'),
    dateOfBirth: date('date_of_birth', { mode: 'string' }).notNull(),
    sexAssignedAtBirth: text('sex_assigned_at_birth').notNull(),
    genderIdentity: text('gender_identity'),
    pronouns: text('pronouns'),
    email: text('email'),
    phoneMobile: text('phone_mobile'),
    /** The patient agreed to visit reminders by text message (to phone_mobile) / by email: reminders go only where agreed. */
    reminderSms: boolean('reminder_sms').notNull().default(false),
    reminderEmail: boolean('reminder_email').notNull().default(false),
    phoneHome: text('phone_home'),
    preferredLanguage: text('preferred_language').notNull().default('en'),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    city: text('city'),
    state: text('state'),
    postalCode: text('postal_code'),
    emergencyContactName: text('emergency_contact_name'),
    emergencyContactRelationship: text('emergency_contact_relationship'),
    emergencyContactPhone: text('emergency_contact_phone'),
    veteranStatus: text('veteran_status').notNull().default('unknown'),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('patients_mrn_key').on(t.mrn),
    // Name search uses patients_name_search_idx, created in migration 0003 (drizzle cannot declare INCLUDE):
    // (lower(family) collate "C", lower(given) collate "C", id) INCLUDE (the columns a result row shows), so a page
    // is read off the index in list order without touching the table. See docs/decisions/004-hot-paths.md.
    index('patients_dob_idx').on(t.dateOfBirth),
    index('patients_phone_mobile_idx').on(t.phoneMobile),
    index('patients_phone_home_idx').on(t.phoneHome),
    check('patients_veteran_status_check', sql`${t.veteranStatus} in ('veteran', 'not_veteran', 'unknown')`),
    check('patients_sex_at_birth_check', sql`${t.sexAssignedAtBirth} in ('female', 'male', 'intersex', 'unknown')`),
  ],
);

export const patientLocations = pgTable(
  'patient_locations',
  {
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => locations.id),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.locationId] }), index('patient_locations_location_idx').on(t.locationId, t.patientId)],
);

/**
 * Risk flags that follow the patient into the chart: a crisis answer on the public screening, an urgent lead, a
 * flag raised by staff. Clinical staff see the flag and its summary; others only that the patient is flagged urgent.
 */
export const patientRiskFlags = pgTable(
  'patient_risk_flags',
  {
    id: uuid('id')
      .primaryKey()
      .default(sql`gen_random_uuid()`),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    source: text('source').notNull(),
    summary: text('summary').notNull(),
    notedAt: timestamp('noted_at', { withTimezone: true }).notNull(),
    leadId: uuid('lead_id'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('patient_risk_flags_patient_idx').on(t.patientId, t.notedAt),
    check('patient_risk_flags_source_check', sql`${t.source} in ('public_screening', 'lead_urgent', 'staff')`),
  ],
);
