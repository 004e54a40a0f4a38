// The locations module's public surface for other modules.
export { clinicLetterhead, clinicServices, existingLocationIds, locationFacts, type Letterhead } from './locations.repository.js';
