import './public.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CallbackPage } from './CallbackPage.js';
import { CheckPage } from './CheckPage.js';
import { defined } from '../../domain/defined.js';

// Two pages, chosen by path; the server sends public.html only for these.
const page = window.location.pathname === '/check' ? <CheckPage /> : <CallbackPage />;
document.title = window.location.pathname === '/check' ? 'Free mental health check' : 'Request a callback';

createRoot(defined(document.getElementById('root'))).render(
  <StrictMode>
    <header>
      <a href="/callback">Stepwise</a>
      <nav aria-label="Main">
        <a href="/callback">Request a callback</a>
        <a href="/check">Free mental health check</a>
      </nav>
    </header>
    <main>{page}</main>
  </StrictMode>,
);
