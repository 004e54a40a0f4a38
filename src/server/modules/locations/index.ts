// The locations module's public surface for other modules.
export { clinicLetterhead, clinicServices, existingLocationIds, type Letterhead } from './locations.repository.js';
