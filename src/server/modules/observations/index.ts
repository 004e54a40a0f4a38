// The observations module's public surface: it owns every measured value of a patient (questionnaire scores, vital
// signs, weights). Intake derives observations from a signed assessment through it; charting will record vitals.
export { insertObservation, insertWeightRow, replaceDerivedObservations, scoreTrend, type ObservationInsert } from './observations.service.js';
export { observationRoutes } from './observations.routes.js';
