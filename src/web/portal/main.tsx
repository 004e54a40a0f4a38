import '../front-door/public.css';
import './portal.css';
import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { defined } from '../../domain/defined.js';
import { call, setCsrf, type Me } from './api.js';
import { WORDS, type Lang } from './i18n.js';
import { HomePage, ProfilePage, ProgressPage, QuestionnairePage, SignInPage, WelcomePage } from './pages.js';

/** The portal's pages, by path (the server sends portal.html for /portal and everything under it). */
function route(path: string): { page: 'home' | 'welcome' | 'questionnaire' | 'progress' | 'profile'; id?: string } {
  const q = /^\/portal\/questionnaires\/([0-9a-f-]{36})$/.exec(path);
  if (q) return { page: 'questionnaire', id: q[1] };
  if (path === '/portal/welcome') return { page: 'welcome' };
  if (path === '/portal/progress') return { page: 'progress' };
  if (path === '/portal/profile') return { page: 'profile' };
  return { page: 'home' };
}

export type Nav = (to: string) => void;

function App() {
  const [path, setPath] = useState(window.location.pathname);
  const [me, setMe] = useState<Me | null | 'anonymous'>(null);
  const [lang, setLang] = useState<Lang>(navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en');
  const w = WORDS[lang];

  const navigate: Nav = useCallback((to) => {
    window.history.pushState(null, '', to);
    setPath(to);
    window.scrollTo(0, 0);
  }, []);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  const signedIn = useCallback((m: Me) => {
    if (m.csrfToken) setCsrf(m.csrfToken);
    setMe(m);
    setLang(m.patient.language);
  }, []);
  const refresh = useCallback(async () => {
    try {
      signedIn(await call<Me>('GET', '/api/portal/me'));
    } catch {
      setMe('anonymous');
    }
  }, [signedIn]);
  useEffect(() => {
    if (route(path).page !== 'welcome') void refresh();
    else setMe('anonymous');
  }, [refresh, path]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const r = route(path);
  let body;
  if (r.page === 'welcome')
    body = (
      <WelcomePage
        w={w}
        onSignedIn={(m) => {
          signedIn(m);
          navigate('/portal');
        }}
      />
    );
  else if (me === null) body = <p aria-live="polite">…</p>;
  else if (me === 'anonymous') body = <SignInPage w={w} lang={lang} setLang={setLang} onSignedIn={signedIn} />;
  else if (r.page === 'questionnaire') body = <QuestionnairePage w={w} id={defined(r.id)} navigate={navigate} />;
  else if (r.page === 'progress') body = <ProgressPage w={w} />;
  else if (r.page === 'profile') body = <ProfilePage w={w} me={me} onSaved={signedIn} />;
  else body = <HomePage w={w} me={me} navigate={navigate} />;

  const link = (to: string, label: string) => (
    <a
      href={to}
      aria-current={path === to ? 'page' : undefined}
      onClick={(e) => {
        e.preventDefault();
        navigate(to);
      }}
    >
      {label}
    </a>
  );
  return (
    <>
      <a className="skip" href="#content">
        {w.skip}
      </a>
      <header>
        <span className="brand">{w.portal}</span>
        {me && me !== 'anonymous' && (
          <nav aria-label={w.portal}>
            {link('/portal', w.home)}
            {link('/portal/progress', w.progressTitle)}
            {link('/portal/profile', w.profileTitle)}
            <button
              type="button"
              className="link"
              onClick={() => {
                void call('POST', '/api/portal/sign-out').finally(() => {
                  setMe('anonymous');
                  navigate('/portal');
                });
              }}
            >
              {w.signOut}
            </button>
          </nav>
        )}
      </header>
      <main id="content">{body}</main>
    </>
  );
}

createRoot(defined(document.getElementById('root'))).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
