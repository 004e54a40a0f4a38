import { AppShell, Burger, Group, NavLink, Text, Button, Loader, Center, Badge } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Navigate, Outlet, useLocation, useNavigate, Link } from 'react-router';
import { roleHas, type Permission } from '../../contracts/permissions.js';
import { ROLE_LABELS } from '../../contracts/roles.js';
import { useSession } from './session.js';
import { MfaEnrollPage } from '../modules/auth/MfaEnrollPage.js';
import { NotificationsMenu } from '../modules/leads/NotificationsMenu.js';

// Menus read the same permission table as the server's access gate (contracts/permissions.ts).
const NAV: { to: string; label: string; permission: Permission | null }[] = [
  { to: '/leads', label: 'Lead queue', permission: 'lead:read' },
  { to: '/patients', label: 'Patients', permission: 'patient:read' },
  { to: '/board', label: 'Day board', permission: 'board:read' },
  { to: '/calendar', label: 'Calendar', permission: 'board:read' },
  { to: '/chairs', label: 'Chairs', permission: 'session:read' },
  { to: '/readiness', label: 'Visit readiness', permission: 'readiness:read' },
  { to: '/risk-alerts', label: 'Risk alerts', permission: 'risk_alert:read' },
  { to: '/charting-tasks', label: 'Charting tasks', permission: 'charting:tasks' },
  { to: '/reports/outcomes', label: 'Outcome report', permission: 'report:outcomes' },
  { to: '/billing/charges', label: 'Charges', permission: 'charge:read' },
  { to: '/billing/claims', label: 'Claims', permission: 'claim:read' },
  { to: '/billing/remittances', label: 'Remittances', permission: 'remittance:read' },
  { to: '/billing/denials', label: 'Denials', permission: 'denial:read' },
  { to: '/reports/billing', label: 'Billing report', permission: 'report:billing' },
  { to: '/controlled-substances', label: 'Controlled substances', permission: 'controlled:read' },
  { to: '/front-door', label: 'Front-door metrics', permission: 'frontdoor:metrics' },
  { to: '/authorizations', label: 'Authorizations ending', permission: 'authorization:read' },
  { to: '/payers', label: 'Payer policies', permission: 'payer:read' },
  { to: '/prices', label: 'Price lists', permission: 'location:read' },
  { to: '/protocols', label: 'Treatment protocols', permission: 'protocol:read' },
  { to: '/clinics', label: 'Clinics', permission: 'location:read' },
  { to: '/staff', label: 'Staff', permission: 'staff:manage' },
  { to: '/staff-hours', label: 'Staff hours', permission: 'availability:read' },
  { to: '/audit', label: 'Audit trail', permission: 'audit:read' },
  { to: '/jobs', label: 'Background jobs', permission: 'jobs:read' },
  { to: '/account', label: 'My account', permission: null },
];

/** The navigation shell around every signed-in page; sends visitors without a session to the login page. */
export function Layout() {
  const { session, loading, logout } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigate = useNavigate();

  if (loading)
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  if (!session) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (session.mfaEnrollmentRequired) return <MfaEnrollPage />;

  const role = session.user.role;
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group wrap="nowrap" gap="xs">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={700} size="lg" c="teal.9" component={Link} to="/patients">
              Stepwise
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <NotificationsMenu timeZone={session.user.timeZone} />
            {/* On a phone the header keeps to notifications and log out; name and role show from tablet width. */}
            <Text size="sm" visibleFrom="md">
              {session.user.displayName}
            </Text>
            <Badge variant="light" visibleFrom="sm">
              {ROLE_LABELS[role]}
            </Badge>
            <Button
              variant="subtle"
              size="xs"
              onClick={async () => {
                await logout();
                await navigate('/login');
              }}
            >
              Log out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {NAV.filter((n) => !n.permission || roleHas(role, n.permission)).map((n) => (
          <NavLink key={n.to} component={Link} to={n.to} label={n.label} active={location.pathname.startsWith(n.to)} onClick={close} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
