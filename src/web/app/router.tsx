import { createBrowserRouter, Navigate } from 'react-router';
import { Layout } from './layout.js';
import { useSession } from './session.js';
import { RouteError } from '../ui/RouteError.js';
import { LoginPage } from '../modules/auth/LoginPage.js';

/** Coordinators and managers start at the lead queue; everyone else at patients. */
function HomeRedirect() {
  const { session } = useSession();
  const role = session?.user.role;
  return <Navigate to={role === 'coordinator' || role === 'manager' ? '/leads' : '/patients'} replace />;
}

// Each page is its own chunk, loaded when first opened: the first screen needs only the shell and the login page
// (a size budget in CI keeps it under 250 kB of gzipped JavaScript; scripts/check-bundle-size.mjs).
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'patients', lazy: () => import('../modules/patients/PatientSearchPage.js').then((m) => ({ Component: m.PatientSearchPage })) },
      { path: 'patients/new', lazy: () => import('../modules/patients/NewPatientPage.js').then((m) => ({ Component: m.NewPatientPage })) },
      { path: 'patients/:id', lazy: () => import('../modules/patients/PatientPage.js').then((m) => ({ Component: m.PatientPage })) },
      { path: 'patients/:patientId/intake/:id', lazy: () => import('../modules/intake/IntakePage.js').then((m) => ({ Component: m.IntakePage })) },
      { path: 'patients/:id/care', lazy: () => import('../modules/care/CarePage.js').then((m) => ({ Component: m.CarePage })) },
      { path: 'payers', lazy: () => import('../modules/care/PayersPage.js').then((m) => ({ Component: m.PayersPage })) },
      { path: 'prices', lazy: () => import('../modules/care/PricesPage.js').then((m) => ({ Component: m.PricesPage })) },
      { path: 'authorizations', lazy: () => import('../modules/care/ExpiringPage.js').then((m) => ({ Component: m.ExpiringPage })) },
      { path: 'leads', lazy: () => import('../modules/leads/LeadsPage.js').then((m) => ({ Component: m.LeadsPage })) },
      { path: 'leads/:id', lazy: () => import('../modules/leads/LeadPage.js').then((m) => ({ Component: m.LeadPage })) },
      { path: 'front-door', lazy: () => import('../modules/leads/FrontDoorPage.js').then((m) => ({ Component: m.FrontDoorPage })) },
      { path: 'clinics', lazy: () => import('../modules/clinics/ClinicsPage.js').then((m) => ({ Component: m.ClinicsPage })) },
      { path: 'staff', lazy: () => import('../modules/staff/StaffPage.js').then((m) => ({ Component: m.StaffPage })) },
      { path: 'audit', lazy: () => import('../modules/audit/AuditPage.js').then((m) => ({ Component: m.AuditPage })) },
      { path: 'jobs', lazy: () => import('../modules/jobs/JobsPage.js').then((m) => ({ Component: m.JobsPage })) },
      { path: 'courses/:id', lazy: () => import('../modules/scheduling/CoursePage.js').then((m) => ({ Component: m.CoursePage })) },
      { path: 'calendar', lazy: () => import('../modules/scheduling/CalendarPage.js').then((m) => ({ Component: m.CalendarPage })) },
      { path: 'readiness', lazy: () => import('../modules/scheduling/ReadinessPage.js').then((m) => ({ Component: m.ReadinessPage })) },
      { path: 'staff-hours', lazy: () => import('../modules/scheduling/StaffHoursPage.js').then((m) => ({ Component: m.StaffHoursPage })) },
      { path: 'board', lazy: () => import('../modules/scheduling/DayBoardPage.js').then((m) => ({ Component: m.DayBoardPage })) },
      { path: 'protocols', lazy: () => import('../modules/scheduling/ProtocolsPage.js').then((m) => ({ Component: m.ProtocolsPage })) },
      { path: 'sessions/:id', lazy: () => import('../modules/charting/ChartPage.js').then((m) => ({ Component: m.ChartPage })) },
      { path: 'chairs', lazy: () => import('../modules/charting/ChairsPage.js').then((m) => ({ Component: m.ChairsPage })) },
      { path: 'charting-tasks', lazy: () => import('../modules/charting/ChartingTasksPage.js').then((m) => ({ Component: m.ChartingTasksPage })) },
      {
        path: 'controlled-substances',
        lazy: () => import('../modules/charting/ControlledSubstancesPage.js').then((m) => ({ Component: m.ControlledSubstancesPage })),
      },
      { path: 'risk-alerts', lazy: () => import('../modules/outcomes/RiskAlertsPage.js').then((m) => ({ Component: m.RiskAlertsPage })) },
      { path: 'reports/outcomes', lazy: () => import('../modules/outcomes/OutcomeReportPage.js').then((m) => ({ Component: m.OutcomeReportPage })) },
      { path: 'billing/charges', lazy: () => import('../modules/billing/ChargesPage.js').then((m) => ({ Component: m.ChargesPage })) },
      { path: 'billing/claims', lazy: () => import('../modules/billing/ClaimsPage.js').then((m) => ({ Component: m.ClaimsPage })) },
      { path: 'billing/claims/:id', lazy: () => import('../modules/billing/ClaimPage.js').then((m) => ({ Component: m.ClaimPage })) },
      { path: 'billing/remittances', lazy: () => import('../modules/billing/RemittancesPage.js').then((m) => ({ Component: m.RemittancesPage })) },
      { path: 'billing/denials', lazy: () => import('../modules/billing/DenialsPage.js').then((m) => ({ Component: m.DenialsPage })) },
      { path: 'reports/billing', lazy: () => import('../modules/billing/BillingReportPage.js').then((m) => ({ Component: m.BillingReportPage })) },
      { path: 'account', lazy: () => import('../modules/auth/AccountPage.js').then((m) => ({ Component: m.AccountPage })) },
      { path: '*', element: <Navigate to="/patients" replace /> },
    ],
  },
]);
