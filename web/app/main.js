// main.js -- the caunoi web client's entry: the page frame (header, the menu
// of the signed-in person's role, language switch, sign-out, connection
// banner) and the hash routes. Nobody sees a page before signing in; an
// account that must change its password or enrol in two-factor sign-in sees
// only that page. Talks to the server only through api.js and session.js;
// holds no business rule (the server decides who may do what).
import { render } from '/vendor/preact.module.js';
import { useEffect, useState } from '/vendor/hooks.module.js';
import { isOffline, onConnection } from './api.js';
import { getLang, setLang, t } from './i18n.js';
import { href, useRoute } from './router.js';
import { can, currentReturn, getSession, loadMe, onSession, signOut } from './session.js';
import { html, LoadError, Loading, NotFound } from './ui.js';
import { HomePage, SearchPage, UnitPage } from './pages/units.js';
import { ProfilePage } from './pages/member.js';
import { CreatePage, EditPage } from './pages/form.js';
import { ImportPage } from './pages/import.js';
import { PasswordPage, SignInPage } from './pages/signin.js';
import { AccountPage, TotpPage } from './pages/account.js';
import { SecurityPage, UserPage, UsersPage, UserCreatePage } from './pages/users.js';
import { AuditPage } from './pages/audit.js';
import { InboxPage, TripsPage } from './pages/trips.js';
import { TripPage } from './pages/trip.js';
import { TripEditPage, TripNewPage } from './pages/trip-form.js';
import { TripPrintPage } from './pages/trip-print.js';
import { DashboardPage } from './pages/dashboard.js';
import { TransferNewPage, TransferPage, TransfersPage } from './pages/transfers.js';
import { ExemptionNewPage, ExemptionsPage } from './pages/exemptions.js';
import { AlertsPage, CompliancePage } from './pages/compliance.js';
import { DelegationPage, DelegationsPage } from './pages/delegations.js';
import { ReviewPage, StatsPage } from './pages/stats.js';
import { HandbookEditPage, HandbookListPage, HandbookPage } from './pages/handbook.js';

const ID = /^[1-9][0-9]{0,17}$/;
// A handbook page's address (docs/api.md, Handbook).
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function home(s) {
  if (s.user?.role === 'member') {
    return s.user.member_id ? html`<${ProfilePage} id=${String(s.user.member_id)} />` : html`<${NotFound} />`;
  }
  // A committee officer lands on the figures of the subtree.
  if (s.user?.role === 'officer') return html`<${DashboardPage} query=${new URLSearchParams()} />`;
  if (s.user?.unit?.id) return html`<${UnitPage} id=${String(s.user.unit.id)} query=${new URLSearchParams()} />`;
  return html`<${HomePage} />`;
}

function page(route, s) {
  const [a, b, c] = route.parts;
  const q = route.query;
  const n = route.parts.length;
  if (n === 0) return home(s);
  if (a === 'units' && n === 1) {
    return s.user?.unit?.id ? html`<${UnitPage} id=${String(s.user.unit.id)} query=${q} />` : html`<${HomePage} />`;
  }
  if (a === 'signin') return html`<${Loading} />`;
  if (a === 'units' && ID.test(b || '') && !c) return html`<${UnitPage} id=${b} query=${q} />`;
  if (a === 'members' && b === 'new' && !c) return html`<${CreatePage} query=${q} />`;
  if (a === 'members' && ID.test(b || '') && !c) return html`<${ProfilePage} id=${b} />`;
  if (a === 'members' && ID.test(b || '') && c === 'edit' && n === 3) return html`<${EditPage} id=${b} />`;
  if (a === 'search' && !b) return html`<${SearchPage} query=${q} />`;
  if (a === 'import' && !b) return html`<${ImportPage} query=${q} />`;
  if (a === 'account' && n === 1) return html`<${AccountPage} />`;
  if (a === 'account' && b === 'totp' && n === 2) return html`<${TotpPage} />`;
  if (a === 'password' && n === 1) return html`<${PasswordPage} forced=${false} />`;
  if (a === 'users' && n === 1) return html`<${UsersPage} query=${q} />`;
  if (a === 'users' && b === 'new' && n === 2) return html`<${UserCreatePage} query=${q} />`;
  if (a === 'users' && ID.test(b || '') && n === 2) return html`<${UserPage} id=${b} />`;
  if (a === 'settings' && b === 'security' && n === 2) return html`<${SecurityPage} />`;
  if (a === 'audit' && n === 1) return html`<${AuditPage} query=${q} />`;
  if (a === 'trips' && n === 1) return html`<${TripsPage} query=${q} />`;
  if (a === 'trips' && b === 'new' && n === 2) return html`<${TripNewPage} query=${q} />`;
  if (a === 'trips' && ID.test(b || '') && n === 2) return html`<${TripPage} id=${b} />`;
  if (a === 'trips' && ID.test(b || '') && c === 'edit' && n === 3) return html`<${TripEditPage} id=${b} />`;
  if (a === 'trips' && ID.test(b || '') && c === 'print' && ['application', 'report'].includes(route.parts[3]) && n === 4) {
    return html`<${TripPrintPage} id=${b} doc=${route.parts[3]} />`;
  }
  if (a === 'inbox' && n === 1) return html`<${InboxPage} />`;
  if (a === 'dashboard' && n === 1) return html`<${DashboardPage} query=${q} />`;
  if (a === 'transfers' && n === 1) return html`<${TransfersPage} query=${q} />`;
  if (a === 'transfers' && b === 'new' && n === 2) return html`<${TransferNewPage} query=${q} />`;
  if (a === 'transfers' && ID.test(b || '') && n === 2) return html`<${TransferPage} id=${b} />`;
  if (a === 'exemptions' && n === 1) return html`<${ExemptionsPage} query=${q} />`;
  if (a === 'exemptions' && b === 'new' && n === 2) return html`<${ExemptionNewPage} query=${q} />`;
  if (a === 'compliance' && n === 1) return html`<${CompliancePage} query=${q} />`;
  if (a === 'alerts' && n === 1) return html`<${AlertsPage} query=${q} />`;
  if (a === 'delegations' && n === 1) return html`<${DelegationsPage} />`;
  if (a === 'delegations' && ID.test(b || '') && n === 2) return html`<${DelegationPage} id=${b} />`;
  if (a === 'stats' && n === 1) return html`<${StatsPage} query=${q} />`;
  if (a === 'stats' && b === 'review' && n === 2) return html`<${ReviewPage} query=${q} />`;
  if (a === 'handbook' && n === 1) return html`<${HandbookListPage} query=${q} />`;
  if (a === 'handbook' && b === 'new' && n === 2) return html`<${HandbookEditPage} slug=${null} />`;
  if (a === 'handbook' && SLUG.test(b || '') && n === 2) return html`<${HandbookPage} slug=${b} />`;
  if (a === 'handbook' && SLUG.test(b || '') && c === 'edit' && n === 3) return html`<${HandbookEditPage} slug=${b} />`;
  return html`<${NotFound} />`;
}

// The menu of the signed-in person's role: [key, link, label]. The first
// entry is the person's landing page: the figures for an officer, the
// organization (or the cell) for other staff.
function menu(s) {
  const r = s.user?.role;
  if (r === 'member') {
    return [['trips', '#/trips', 'nav_my_trips'], ['me', s.user.member_id ? href(`/members/${s.user.member_id}`) : '#/', 'nav_my_record'],
      ['handbook', '#/handbook', 'nav_handbook'], ['account', '#/account', 'nav_account']];
  }
  const units = ['units', r === 'officer' ? '#/units' : '#/', r === 'secretary' ? 'nav_my_cell' : 'nav_units'];
  const dashboard = ['dashboard', r === 'officer' ? '#/' : '#/dashboard', 'nav_dashboard'];
  const items = r === 'officer' ? [dashboard, units] : [units];
  if (r === 'secretary' || r === 'officer') items.push(['inbox', '#/inbox', 'nav_inbox']);
  items.push(['trips', '#/trips', 'nav_trips'], ['transfers', '#/transfers', 'nav_transfers']);
  if (r !== 'officer') items.push(dashboard);
  items.push(['stats', '#/stats', 'nav_stats']);
  items.push(['handbook', '#/handbook', 'nav_handbook']);
  items.push(['search', '#/search', 'nav_search']);
  if (can.manage()) items.push(['import', '#/import', 'nav_import']);
  if (can.accounts()) items.push(['users', '#/users', 'nav_users']);
  if (can.audit()) items.push(['audit', '#/audit', 'nav_audit']);
  items.push(['account', '#/account', 'nav_account']);
  return items;
}

function section(route, s) {
  const a = route.parts[0];
  if (a === 'handbook') return 'handbook';
  if (s.user?.role === 'member') return a === 'account' || a === 'password' ? 'account' : a === 'trips' ? 'trips' : 'me';
  if (a === 'inbox') return 'inbox';
  if (a === 'trips') return 'trips';
  if (a === 'transfers') return 'transfers';
  if (a === 'stats') return 'stats';
  if (['dashboard', 'compliance', 'alerts', 'exemptions', 'delegations'].includes(a)) return 'dashboard';
  if (!a && s.user?.role === 'officer') return 'dashboard';
  if (a === 'password' || a === 'account') return 'account';
  if (a === 'settings') return 'users';
  if (['search', 'import', 'users', 'audit'].includes(a)) return a;
  return 'units';
}

function OfflineBanner() {
  const [offline, setOffline] = useState(isOffline());
  useEffect(() => {
    const off = onConnection(setOffline);
    setOffline(isOffline()); // a failure that came before this subscription
    return off;
  }, []);
  if (!offline) return null;
  return html`<div class="banner-offline" role="alert"><strong>${t('offline_title')}.</strong></div>`;
}

function useSession() {
  const [s, setS] = useState(getSession());
  useEffect(() => {
    const off = onSession(setS);
    setS(getSession()); // an answer that came before this subscription
    return off;
  }, []);
  return s;
}

// The sign-in route's return address, kept only when it is one of ours.
function nextOf(route) {
  const n = route.query.get('next') || '';
  return n.startsWith('/') && !n.startsWith('//') && !n.startsWith('/signin') ? n : '/';
}

function UserBar({ s }) {
  const [busy, setBusy] = useState(false);
  const out = async () => {
    setBusy(true);
    await signOut();
  };
  return html`<div class="user-bar">
    <div class="user-bar-inner">
      <p class="user-who"><span class="visually-hidden">${t('signed_in_as')} </span>
        <span class="user-name">${s.user.display_name || s.user.login}</span>
        <span class="user-role"> · ${t(`role_${s.user.role}`)}</span></p>
      <button type="button" class="button button-small" onClick=${out} disabled=${busy}>${t('sign_out')}</button>
    </div>
  </div>`;
}

function Main({ route, s }) {
  if (s.status === 'unknown') return html`<${Loading} />`;
  if (s.status === 'failed') return html`<${LoadError} error=${s.error} retry=${() => start()} />`;
  if (s.status === 'anonymous') return html`<${SignInPage} notice=${s.notice} />`;
  if (s.mustChangePassword) return html`<${PasswordPage} forced=${true} />`;
  if (s.totpRequired) return html`<${TotpPage} forced=${true} />`;
  return page(route, s);
}

function App() {
  const route = useRoute();
  const s = useSession();
  const [lang, setLangState] = useState(getLang());
  const switchLang = () => {
    const next = lang === 'vi' ? 'en' : 'vi';
    setLang(next);
    setLangState(next);
  };
  useEffect(() => { document.title = `${t('app_name')} · ${t('app_tagline')}`; }, [lang]);
  useEffect(() => { window.scrollTo(0, 0); }, [route.parts.join('/')]);
  // Not signed in: the address says so, and remembers where to come back.
  useEffect(() => {
    if (s.status === 'anonymous' && route.parts[0] !== 'signin') {
      const back = currentReturn();
      history.replaceState(null, '', href('/signin', { next: back || undefined }));
      dispatchEvent(new HashChangeEvent('hashchange'));
    } else if (s.status === 'signed_in' && route.parts[0] === 'signin') {
      history.replaceState(null, '', `#${nextOf(route)}`);
      dispatchEvent(new HashChangeEvent('hashchange'));
    }
  }, [s.status, route.key]);
  const signedIn = s.status === 'signed_in';
  const free = signedIn && !s.mustChangePassword && !s.totpRequired;
  const cur = section(route, s);
  return html`
    <a class="skip" href="#main" onClick=${(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>${t('skip_to_main')}</a>
    <header class="site-header">
      <div class="header-inner">
        <a class="brand" href="#/">
          <span class="brand-name">${t('app_name')}</span>
          <span class="brand-tagline">${t('app_tagline')}</span>
        </a>
        <button type="button" class="lang-switch" onClick=${switchLang}
          lang=${lang === 'vi' ? 'en' : 'vi'} aria-label=${t('lang_switch_label')}>${t('lang_switch')}</button>
      </div>
      ${free && html`<nav class="site-nav" aria-label=${t('nav_label')}>
        <ul>${menu(s).map(([k, link, label]) => html`<li key=${k}>
          <a href=${link} aria-current=${cur === k ? 'page' : undefined}>${t(label)}</a></li>`)}</ul>
      </nav>`}
      ${signedIn && html`<${UserBar} s=${s} />`}
    </header>
    <${OfflineBanner} />
    <main id="main" tabindex="-1" key=${`${lang}:${s.status}:${s.user?.id || ''}:${route.key}`}><${Main} route=${route} s=${s} /></main>`;
}

function start() {
  loadMe();
}

render(html`<${App} />`, document.getElementById('app'));
start();
