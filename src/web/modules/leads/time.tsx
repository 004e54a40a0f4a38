import { Text } from '@mantine/core';
import { formatDateTime } from '../../ui/format.js';

/** "in 7 min" / "4 min overdue" relative to the server's clock. */
export function timeLeft(iso: string, now: Date): string {
  const minutes = Math.round((Date.parse(iso) - now.getTime()) / 60_000);
  if (minutes >= 0) return minutes < 120 ? `in ${minutes} min` : `in ${Math.round(minutes / 60)} h`;
  const late = -minutes;
  return late < 120 ? `${late} min overdue` : `${Math.round(late / 60)} h overdue`;
}

/** A time in the user's own zone, and in the clinic's when that differs. */
export function DueTimes({ iso, userZone, clinicZone }: { iso: string; userZone: string | undefined; clinicZone: string }) {
  const mine = formatDateTime(iso, userZone);
  const theirs = formatDateTime(iso, clinicZone);
  return (
    <>
      <Text size="sm">{mine}</Text>
      {theirs !== mine && (
        <Text size="xs" c="dimmed">
          clinic: {theirs}
        </Text>
      )}
    </>
  );
}
