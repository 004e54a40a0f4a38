import { createBrowserRouter, Navigate } from 'react-router';
import { Layout } from './layout.js';
import { RouteError } from '../ui/RouteError.js';
import { LoginPage } from '../modules/auth/LoginPage.js';
import { PatientSearchPage } from '../modules/patients/PatientSearchPage.js';
import { PatientPage } from '../modules/patients/PatientPage.js';
import { NewPatientPage } from '../modules/patients/NewPatientPage.js';
import { ClinicsPage } from '../modules/clinics/ClinicsPage.js';
import { StaffPage } from '../modules/staff/StaffPage.js';
import { AuditPage } from '../modules/audit/AuditPage.js';
import { AccountPage } from '../modules/auth/AccountPage.js';

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  {
    path: '/',
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/patients" replace /> },
      { path: 'patients', element: <PatientSearchPage /> },
      { path: 'patients/new', element: <NewPatientPage /> },
      { path: 'patients/:id', element: <PatientPage /> },
      { path: 'clinics', element: <ClinicsPage /> },
      { path: 'staff', element: <StaffPage /> },
      { path: 'audit', element: <AuditPage /> },
      { path: 'account', element: <AccountPage /> },
      { path: '*', element: <Navigate to="/patients" replace /> },
    ],
  },
]);
