import { createBrowserRouter, Navigate } from 'react-router';
import { Layout } from './layout.js';
import { useSession } from './session.js';
import { RouteError } from '../ui/RouteError.js';
import { LoginPage } from '../modules/auth/LoginPage.js';
import { PatientSearchPage } from '../modules/patients/PatientSearchPage.js';
import { PatientPage } from '../modules/patients/PatientPage.js';
import { NewPatientPage } from '../modules/patients/NewPatientPage.js';
import { ClinicsPage } from '../modules/clinics/ClinicsPage.js';
import { StaffPage } from '../modules/staff/StaffPage.js';
import { AuditPage } from '../modules/audit/AuditPage.js';
import { AccountPage } from '../modules/auth/AccountPage.js';
import { LeadsPage } from '../modules/leads/LeadsPage.js';
import { LeadPage } from '../modules/leads/LeadPage.js';
import { FrontDoorPage } from '../modules/leads/FrontDoorPage.js';
import { IntakePage } from '../modules/intake/IntakePage.js';
import { CarePage } from '../modules/care/CarePage.js';
import { PayersPage } from '../modules/care/PayersPage.js';
import { ExpiringPage } from '../modules/care/ExpiringPage.js';
import { PricesPage } from '../modules/care/PricesPage.js';

/** Coordinators and managers start at the lead queue; everyone else at patients. */
function HomeRedirect() {
  const { session } = useSession();
  const role = session?.user.role;
  return <Navigate to={role === 'coordinator' || role === 'manager' ? '/leads' : '/patients'} replace />;
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'patients', element: <PatientSearchPage /> },
      { path: 'patients/new', element: <NewPatientPage /> },
      { path: 'patients/:id', element: <PatientPage /> },
      { path: 'patients/:patientId/intake/:id', element: <IntakePage /> },
      { path: 'patients/:id/care', element: <CarePage /> },
      { path: 'payers', element: <PayersPage /> },
      { path: 'prices', element: <PricesPage /> },
      { path: 'authorizations', element: <ExpiringPage /> },
      { path: 'leads', element: <LeadsPage /> },
      { path: 'leads/:id', element: <LeadPage /> },
      { path: 'front-door', element: <FrontDoorPage /> },
      { path: 'clinics', element: <ClinicsPage /> },
      { path: 'staff', element: <StaffPage /> },
      { path: 'audit', element: <AuditPage /> },
      { path: 'account', element: <AccountPage /> },
      { path: '*', element: <Navigate to="/patients" replace /> },
    ],
  },
]);
