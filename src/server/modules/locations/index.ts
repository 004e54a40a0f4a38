// The locations module's public surface for other modules.
export { clinicLetterhead, existingLocationIds, type Letterhead } from './locations.repository.js';
