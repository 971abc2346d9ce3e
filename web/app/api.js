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
