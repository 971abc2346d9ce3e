// api.js -- the only door to the server: the public JSON API under /api/v1/.
// Every call sends Accept-Language (so errors come back in the page's
// language), the session cookie (same-origin) and, on every state-changing
// request, the session's X-CSRF-Token. Failures become ApiError values; a
// network failure is reported to the connection listeners so the page can
// say the server cannot be reached; an ended session, a password that must
// be changed first and a required two-factor enrolment are reported to the
// session listener (session.js), which sends the person to the right page.
// Never builds URLs from unencoded input.
import { getLang, t } from './i18n.js';

export const API = '/api/v1';

export class ApiError extends Error {
  constructor(status, body, network = false, headers = null) {
    const e = body && typeof body === 'object' && body.error ? body.error : null;
    super(e?.message || (network ? t('offline_title') : status === 503 ? t('busy_error')
      : status === 403 ? t('forbidden_text') : t('server_error')));
    this.status = status;
    this.network = network;
    this.code = e?.code || (network ? 'network' : `http_${status}`);
    this.field = e?.field || null;
    this.body = body;
    this.headers = headers;
    // Every field problem: the "errors" array, else the single "error".
    this.errors = Array.isArray(body?.errors) ? body.errors : (e ? [e] : []);
  }

  // "you may not do this" (a role that may not call the endpoint).
  get forbidden() { return this.status === 403 && this.code === 'forbidden'; }
}

const listeners = new Set();
let offline = false;

// Subscribe to connection changes: fn(true) when the server cannot be reached,
// fn(false) when it answers again. Returns the unsubscribe function.
export function onConnection(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function isOffline() { return offline; }

function setOffline(v) {
  if (v === offline) return;
  offline = v;
  for (const fn of listeners) fn(v);
}

// The CSRF token of the current session, in memory only (a reload asks
// GET /me for it again).
let csrfToken = null;
export function setCsrf(token) { csrfToken = token || null; }

// Session problems (401 without a session or after it ended; 403
// password_change_required or totp_enrolment_required): one listener,
// session.js, decides where the person goes.
let sessionListener = null;
export function onSessionProblem(fn) { sessionListener = fn; }

const SESSION_CODES = new Set(['session_required', 'session_invalid', 'password_change_required', 'totp_enrolment_required']);
const SAFE = new Set(['GET', 'HEAD']);

// call('GET', '/members/7') -> {status, body, etag, headers}; throws ApiError.
// opts: body (JSON), raw + contentType (any other body), headers, signal,
// quiet (a session problem is only thrown, not reported: sign-in and /me).
export async function call(method, path, opts = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': getLang(), ...(opts.headers || {}) };
  if (!SAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  const init = { method, headers, signal: opts.signal, credentials: 'same-origin', cache: 'no-store' };
  if (opts.raw !== undefined) {
    init.body = opts.raw;
    headers['Content-Type'] = opts.contentType;
  } else if (opts.body !== undefined) {
    init.body = JSON.stringify(opts.body);
    headers['Content-Type'] = 'application/json';
  }
  let res;
  try {
    res = await fetch(API + path, init);
  } catch (err) {
    if (err?.name === 'AbortError') throw err;
    setOffline(true);
    throw new ApiError(0, null, true);
  }
  setOffline(false);
  const text = await res.text();
  let body = text;
  if ((res.headers.get('Content-Type') || '').includes('json') && text) {
    try { body = JSON.parse(text); } catch { body = null; }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, body, false, res.headers);
    const sessionProblem = (res.status === 401 || res.status === 403) && SESSION_CODES.has(err.code);
    if (sessionProblem && !opts.quiet && sessionListener) sessionListener(err);
    throw err;
  }
  return { status: res.status, body, etag: res.headers.get('ETag'), headers: res.headers };
}

// Build "?a=1&b=x" from an object, leaving out empty values.
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  }
  const s = u.toString();
  return s ? `?${s}` : '';
}

// GET /reference once per language: countries, cell types, kinds, statuses.
const refCache = new Map();
export function reference() {
  const lang = getLang();
  if (!refCache.has(lang)) {
    const p = call('GET', '/reference').then((r) => r.body).catch((e) => { refCache.delete(lang); throw e; });
    refCache.set(lang, p);
  }
  return refCache.get(lang);
}

// Name of a code in a reference list ([{code, name}]), else the code itself.
export function refName(list, code) {
  if (!code) return '';
  const hit = Array.isArray(list) ? list.find((x) => x && x.code === code) : null;
  return hit?.name || code;
}

// Follow next_cursor to the end (bounded): short lists such as a unit's
// children.
export async function loadAll(path, params = {}) {
  let items = [];
  let cursor;
  for (let i = 0; i < 20; i++) {
    const r = await call('GET', path + qs({ ...params, limit: 500, cursor }));
    items = items.concat(r.body?.items || []);
    cursor = r.body?.next_cursor;
    if (!cursor) break;
  }
  return items;
}

// The file name a Content-Disposition header gives (filename*=UTF-8''...
// first, then filename="..."), else `fallback`.
function fileNameOf(disposition, fallback) {
  const d = disposition || '';
  let m = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(d);
  if (m) {
    try { return decodeURIComponent(m[1].trim()); } catch { /* fall through */ }
  }
  m = /filename\s*=\s*"([^"]*)"/i.exec(d) || /filename\s*=\s*([^;\s]+)/i.exec(d);
  return m ? m[1] : fallback;
}

// GET a file (a spreadsheet, a PDF) and hand it to the browser as a
// download: fetched here rather than followed as a link, so that the
// request carries the page's language (the file's headers and labels
// follow it) and a refusal is shown on the page as the server words it,
// instead of being saved as a file. Resolves with the file's name; throws
// ApiError as call() does.
export async function download(path, fallbackName) {
  const headers = { Accept: '*/*', 'Accept-Language': getLang() };
  let res;
  try {
    res = await fetch(API + path, { method: 'GET', headers, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    setOffline(true);
    throw new ApiError(0, null, true);
  }
  setOffline(false);
  if (!res.ok) {
    const text = await res.text();
    let body = null;
    try { body = JSON.parse(text); } catch { /* not JSON */ }
    const err = new ApiError(res.status, body, false, res.headers);
    if ((res.status === 401 || res.status === 403) && SESSION_CODES.has(err.code) && sessionListener) sessionListener(err);
    throw err;
  }
  const blob = await res.blob();
  const name = fileNameOf(res.headers.get('Content-Disposition'), fallbackName);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return name;
}
