import { z } from 'zod';

export const ROLES = ['admin', 'provider', 'nurse', 'coordinator', 'biller', 'manager'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  provider: 'Provider (psychiatrist / NP)',
  nurse: 'Nurse',
  coordinator: 'Intake coordinator',
  biller: 'Biller',
  manager: 'Clinic manager',
};
