// The billing module's public surface: its routes, the clearinghouse it submits through, and the patient's own
// billing documents for the portal.
export { billingRoutes } from './billing.routes.js';
export { FileDropClearinghouse, type Clearinghouse } from './clearinghouse.js';
export { ownBillingDocuments, ownBillingPdf } from './ledger.service.js';
export { codeSignedSessions } from './billing.service.js';
export { installmentReminderJob } from './installment-reminders.js';
