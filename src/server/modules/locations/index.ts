// The locations module's public surface for other modules.
export {
  billingLocations,
  clinicLetterhead,
  clinicServices,
  existingLocationIds,
  locationFacts,
  type BillingLocation,
  type Letterhead,
} from './locations.repository.js';
