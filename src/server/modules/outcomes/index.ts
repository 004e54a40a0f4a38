// The outcomes module's public surface: measure schedules and due questionnaires, answers and risk alerts, outcomes
// per course and the practice report. The portal reaches a patient's own questionnaires and scores through these.
export { outcomeRoutes } from './outcomes.routes.js';
export { answerQuestionnaire, listForPortal, outcomesOf, questionnaireForm, questionnaireOf, presentQuestionnaire } from './outcomes.service.js';
