import { useEffect, useState } from 'preact/hooks';
import { get, type InitStatus, onUnauthorized } from './api.js';
import { TokenDialog } from './components/token-dialog.js';
import { ChatPage } from './pages/chat-page.js';
import { DatabasesPage } from './pages/databases-page.js';
import { DataPointsPage } from './pages/datapoints-page.js';
import { ReviewPage } from './pages/review-page.js';
import { SetupPage } from './pages/setup-page.js';
import { Link, navigate, usePath } from './router.js';

const NAV = [
  { href: '/chat', label: 'Chat' },
  { href: '/review', label: 'Review' },
  { href: '/datapoints', label: 'DataPoints' },
  { href: '/databases', label: 'Databases' },
  { href: '/setup', label: 'Setup' },
];

/** `/`: the setup wizard until the project is initialized, else the chat. */
function Home() {
  useEffect(() => {
    get<InitStatus>('/system/status')
      .then((s) => navigate(s.is_initialized ? '/chat' : '/setup', true))
      .catch(() => navigate('/setup', true));
  }, []);
  return <p class="muted">Loading…</p>;
}

function page(path: string) {
  if (path === '/') return <Home />;
  if (path.startsWith('/chat')) return <ChatPage />;
  if (path.startsWith('/review')) return <ReviewPage />;
  if (path.startsWith('/datapoints')) return <DataPointsPage path={path} />;
  if (path.startsWith('/databases')) return <DatabasesPage path={path} />;
  if (path.startsWith('/setup')) return <SetupPage />;
  return (
    <p>
      Nothing here. Go to the <Link href="/chat">chat</Link>.
    </p>
  );
}

export function App() {
  const path = usePath();
  const [askToken, setAskToken] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  useEffect(() => onUnauthorized(() => setAskToken(true)), []);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Link href="/" class="brand">
          datachat
        </Link>
        <nav aria-label="Main">
          {NAV.map((n) => (
            <Link key={n.href} href={n.href} aria-current={path.startsWith(n.href) ? 'page' : undefined}>
              {n.label}
            </Link>
          ))}
        </nav>
      </header>
      <main id="main" key={reloadKey}>
        {page(path)}
      </main>
      {askToken && (
        <TokenDialog
          onDone={() => {
            setAskToken(false);
            setReloadKey((k) => k + 1);
          }}
        />
      )}
    </>
  );
}
