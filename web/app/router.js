// router.js -- hash routes (#/units/12, #/members/7/edit, #/search?q=...).
// Parses location.hash into {parts, query}; href() builds links with every
// segment and parameter encoded. Never touches the API.
import { useEffect, useState } from '/vendor/hooks.module.js';

export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#/, '') || '/';
  const [path, search = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map((p) => {
    try { return decodeURIComponent(p); } catch { return p; }
  });
  return { parts, query: new URLSearchParams(search), key: raw };
}

export function href(path, query = {}) {
  const segs = path.split('/').map((s) => encodeURIComponent(s)).join('/');
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return `#${segs}${s ? `?${s}` : ''}`;
}

export function navigate(path, query) {
  location.hash = href(path, query).slice(1);
}

// Change the query of the current route without a history entry (the
// search box keeps its words when the person comes back with "Back").
export function replaceQuery(query) {
  const { parts } = parseHash();
  history.replaceState(history.state, '', href(`/${parts.join('/')}`, query));
}

export function useRoute() {
  const [route, setRoute] = useState(parseHash());
  useEffect(() => {
    const on = () => setRoute(parseHash());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}
