// The scheduling module's public surface: it owns treatment resources and appointments (and, next, protocols,
// courses, staff availability, readiness and reminders). Other modules book and read through these use cases.
export {
  addResource,
  appointmentForLead,
  appointmentPatient,
  bookAppointment,
  bookCheckedSlot,
  changeResource,
  checkBooking,
  listResources,
  type BookingInput,
  type CheckedSlot,
  type Resource,
} from './scheduling.service.js';
export { schedulingRoutes } from './scheduling.routes.js';
export { protocolRoutes } from './protocols.routes.js';
export { seedProtocols } from './protocols.service.js';
export { moveVisitWithin, visitForChart } from './appointments.service.js';
export { answerOwnVisit, ownVisitIcs, patientVisits, type PatientVisit } from './reminders.service.js';
