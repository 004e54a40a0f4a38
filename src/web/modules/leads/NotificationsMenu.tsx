import { Badge, Button, Menu, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../ui/format.js';
import { listNotifications, markNotificationRead } from './api.js';

/** The in-app notification list in the header, refreshed every 30 s. */
export function NotificationsMenu({ timeZone }: { timeZone: string }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const notes = useQuery({ queryKey: ['notifications'], queryFn: listNotifications, refetchInterval: 30_000 });
  const unread = notes.data?.unread ?? 0;
  return (
    <Menu width={360} position="bottom-end">
      <Menu.Target>
        <Button
          variant="subtle"
          size="xs"
          aria-label={`Notifications, ${unread} unread`}
          rightSection={
            unread > 0 ? (
              <Badge size="sm" color="red.9" variant="filled">
                {unread}
              </Badge>
            ) : null
          }
        >
          Notifications
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        {(notes.data?.items ?? []).length === 0 && <Menu.Label>No notifications</Menu.Label>}
        {(notes.data?.items ?? []).slice(0, 10).map((n) => (
          <Menu.Item
            key={n.id}
            onClick={async () => {
              await markNotificationRead(n.id);
              await qc.invalidateQueries({ queryKey: ['notifications'] });
              if (n.link) void navigate(n.link);
            }}
          >
            <Text size="sm" fw={n.readAt ? 400 : 700}>
              {n.title}
            </Text>
            <Text size="xs" c="dimmed">
              {n.body} · {formatDateTime(n.createdAt, timeZone)}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
