// The signed-in user's in-app notifications (the outbox delivery job is platform/notifications/senders.ts).
export { listFor, markRead } from './notifications.repository.js';
