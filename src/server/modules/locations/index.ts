// The locations module's public surface for other modules.
export { clinicLetterhead, type Letterhead } from './locations.repository.js';
