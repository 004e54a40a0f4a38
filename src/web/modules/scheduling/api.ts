import type { z } from 'zod';
import type { BoardView, CourseVisitsView, VisitChoice, VisitView, staffAvailabilitySchema } from '../../../contracts/appointments.js';
import type { CoursePlan, CourseView } from '../../../contracts/protocols.js';
import { api } from '../../app/api.js';

export type StaffAvailability = z.infer<typeof staffAvailabilitySchema>;
export type Protocol = { id: string; code: string; version: number; name: string; treatment: string; sessions: number; current: boolean };
export type CourseVisit = CourseVisitsView['items'][number];

export const listProtocols = async () => (await api<{ items: Protocol[] }>('GET', '/api/protocols')).items;
export const listCourses = async (patientId: string) => (await api<{ items: CourseView[] }>('GET', `/api/patients/${patientId}/courses`)).items;
export const startCourse = (patientId: string, body: unknown) => api<CourseView>('POST', `/api/patients/${patientId}/courses`, body);
export const getCourse = (id: string) => api<CourseView>('GET', `/api/courses/${id}`);
export const moveCourse = (id: string, body: unknown) => api<CourseView>('POST', `/api/courses/${id}/status`, body);
export const moveLink = (id: string, body: unknown) => api<CourseView>('POST', `/api/courses/${id}/payer-link`, body);
export const proposePlan = (id: string, body: unknown) => api<CoursePlan>('POST', `/api/courses/${id}/plan`, body);
export const bookVisits = (id: string, visits: VisitChoice[]) =>
  api<{ seriesId: string; booked: number; course: CourseVisitsView }>('POST', `/api/courses/${id}/appointments`, { visits });
export const courseVisits = (id: string) => api<CourseVisitsView>('GET', `/api/courses/${id}/visits`);
export const reschedule = (id: string, body: { date: string; localStart: string; version: number }) =>
  api<VisitView>('POST', `/api/appointments/${id}/reschedule`, body);
export const cancelVisit = (id: string, body: { reason: string; version: number; scope: 'visit' | 'series' }) =>
  api<{ cancelled: number; appointment: VisitView }>('POST', `/api/appointments/${id}/cancel`, body);
export const moveVisit = (id: string, body: { status: string; version: number }) =>
  api<{ appointment: VisitView; counted: boolean; guidance: { text: string; source: string } | null }>('POST', `/api/appointments/${id}/status`, body);
export const dayBoard = (locationId: string, date?: string) => api<BoardView>('GET', `/api/locations/${locationId}/board${date ? `?date=${date}` : ''}`);
export const staffAvailability = (locationId: string) => api<StaffAvailability>('GET', `/api/locations/${locationId}/staff-availability`);
export const setStaffHours = (locationId: string, userId: string, hours: unknown) =>
  api<StaffAvailability>('PUT', `/api/locations/${locationId}/staff/${userId}/hours`, { hours });
export const addTimeOff = (locationId: string, userId: string, body: unknown) =>
  api<unknown>('POST', `/api/locations/${locationId}/staff/${userId}/time-off`, body);
export const removeTimeOff = (locationId: string, userId: string, id: string) =>
  api<unknown>('DELETE', `/api/locations/${locationId}/staff/${userId}/time-off/${id}`);

/** Words for a visit's status on the board and the timeline. */
export const STATUS_COLORS: Record<string, string> = {
  booked: 'gray',
  checked_in: 'blue',
  in_treatment: 'violet',
  observing: 'orange',
  ready_for_discharge: 'teal',
  completed: 'green',
  cancelled: 'red',
  no_show: 'red',
};
export const MOVE_LABELS: Record<string, string> = {
  checked_in: 'Check in',
  in_treatment: 'Start treatment',
  observing: 'Start observation',
  ready_for_discharge: 'Ready for discharge',
  completed: 'Complete',
  no_show: 'No-show',
  cancelled: 'Cancel',
};
