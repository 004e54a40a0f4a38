// The notifications module: in-app notifications, their outbox delivery job, and notifyOnce for other modules.
export { deliveryJob } from './delivery.job.js';
export { notifyOnce, type NewNotification } from './notifications.service.js';
export { notificationRoutes } from './notifications.routes.js';
