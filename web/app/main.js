// main.js -- the caunoi web client's entry: the page frame (header, menu,
// language switch, connection banner) and the hash routes. Talks to the
// server only through api.js; holds no business rule.
import { render } from '/vendor/preact.module.js';
import { useEffect, useState } from '/vendor/hooks.module.js';
import { onConnection } from './api.js';
import { getLang, setLang, t } from './i18n.js';
import { useRoute } from './router.js';
import { html, NotFound } from './ui.js';
import { HomePage, SearchPage, UnitPage } from './pages/units.js';
import { ProfilePage } from './pages/member.js';
import { CreatePage, EditPage } from './pages/form.js';
import { ImportPage } from './pages/import.js';

const ID = /^[1-9][0-9]{0,17}$/;

function page(route) {
  const [a, b, c] = route.parts;
  const q = route.query;
  if (route.parts.length === 0) return html`<${HomePage} />`;
  if (a === 'units' && ID.test(b || '') && !c) return html`<${UnitPage} id=${b} query=${q} />`;
  if (a === 'members' && b === 'new' && !c) return html`<${CreatePage} query=${q} />`;
  if (a === 'members' && ID.test(b || '') && !c) return html`<${ProfilePage} id=${b} />`;
  if (a === 'members' && ID.test(b || '') && c === 'edit' && route.parts.length === 3) return html`<${EditPage} id=${b} />`;
  if (a === 'search' && !b) return html`<${SearchPage} query=${q} />`;
  if (a === 'import' && !b) return html`<${ImportPage} query=${q} />`;
  return html`<${NotFound} />`;
}

function section(route) {
  const a = route.parts[0];
  if (a === 'search') return 'search';
  if (a === 'import') return 'import';
  return 'units';
}

function OfflineBanner() {
  const [offline, setOffline] = useState(false);
  useEffect(() => onConnection(setOffline), []);
  if (!offline) return null;
  return html`<div class="banner-offline" role="alert"><strong>${t('offline_title')}.</strong></div>`;
}

function App() {
  const route = useRoute();
  const [lang, setLangState] = useState(getLang());
  const switchLang = () => {
    const next = lang === 'vi' ? 'en' : 'vi';
    setLang(next);
    setLangState(next);
  };
  useEffect(() => { document.title = `${t('app_name')} · ${t('app_tagline')}`; }, [lang]);
  useEffect(() => { window.scrollTo(0, 0); }, [route.parts.join('/')]);
  const cur = section(route);
  const nav = [['units', '#/', 'nav_units'], ['search', '#/search', 'nav_search'], ['import', '#/import', 'nav_import']];
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
      <nav class="site-nav" aria-label=${t('nav_label')}>
        <ul>${nav.map(([k, link, label]) => html`<li key=${k}>
          <a href=${link} aria-current=${cur === k ? 'page' : undefined}>${t(label)}</a></li>`)}</ul>
      </nav>
    </header>
    <${OfflineBanner} />
    <main id="main" tabindex="-1" key=${`${lang}:${route.key}`}>${page(route)}</main>`;
}

render(html`<${App} />`, document.getElementById('app'));
