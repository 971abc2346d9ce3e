// session.js -- who is signed in, as the server says (GET /me, POST /session),
// kept in memory only: the CSRF token never touches storage, and a reload
// asks /me again. Decides nothing about access (the server does); it only
// tells the page what to show: the sign-in page, the forced password change
// or two-factor enrolment, and which menu entries and buttons a role has.
import { call, onSessionProblem, setCsrf } from './api.js';
import { parseHash } from './router.js';

// status: 'unknown' (asking /me), 'anonymous', 'signed_in', 'failed'.
let state = { status: 'unknown', user: null, mustChangePassword: false, totpRequired: false, expiresAt: null, notice: null };
// Ids of the units above the user's unit (from its path): the breadcrumb
// leaves them out, since they are outside the user's scope.
let above = new Set();
let rootScope = false;
const listeners = new Set();

export function getSession() { return state; }
export function onSession(fn) { listeners.add(fn); return () => listeners.delete(fn); }

function set(next) {
  state = { ...state, ...next };
  for (const fn of listeners) fn(state);
}

// Take a /me or POST /session answer: {user, csrf_token, expires_at,
// must_change_password, totp_enrolment_required}.
function apply(body) {
  const user = body?.user || null;
  setCsrf(body?.csrf_token);
  set({
    status: user ? 'signed_in' : 'anonymous',
    user,
    mustChangePassword: !!(body?.must_change_password ?? user?.must_change_password),
    totpRequired: !!body?.totp_enrolment_required,
    expiresAt: body?.expires_at || null,
    notice: null,
  });
  if (!state.mustChangePassword && !state.totpRequired) loadAbove(user);
}

function loadAbove(user) {
  above = new Set();
  rootScope = false;
  if (!user?.unit?.id || user.role === 'member') return;
  call('GET', `/units/${encodeURIComponent(user.unit.id)}`, { quiet: true }).then((r) => {
    const ids = String(r.body?.path || '').split('/').filter(Boolean).map(Number);
    above = new Set(ids.filter((id) => id !== Number(user.unit.id)));
    rootScope = above.size === 0 && ids.length > 0;
    set({});
  }, () => {});
}

export function isAbove(id) { return above.has(Number(id)); }

// The user's unit is a root of the tree (nothing above it), once known.
export function isRootScope() { return rootScope; }

function anonymous(notice = null) {
  setCsrf(null);
  above = new Set();
  set({ status: 'anonymous', user: null, mustChangePassword: false, totpRequired: false, expiresAt: null, notice });
}

// Ask the server who we are (page load, after a password change). When
// the server cannot be asked, status 'failed' with the error (the page
// offers to try again).
export async function loadMe() {
  try {
    const r = await call('GET', '/me', { quiet: true });
    apply(r.body);
  } catch (err) {
    if (err.status === 401) anonymous();
    else set({ status: 'failed', error: err });
  }
}

// POST /session. Resolves with the answer's body; throws the ApiError
// (login_failed, totp_required, totp_invalid, login_throttled, login_locked).
export async function signIn(login, password, code) {
  const body = { login, password };
  if (code) body.code = code;
  const r = await call('POST', '/session', { body, quiet: true });
  apply(r.body);
  return r.body;
}

// DELETE /session, then forget everything, whatever the server answered,
// and show the sign-in page (a new history entry: Back shows the sign-in
// page again, never the data of the session that ended).
export async function signOut() {
  try { await call('DELETE', '/session', { quiet: true }); } catch { /* ended anyway */ }
  location.hash = '#/signin';
  anonymous('signed_out');
}

// Where to come back to after signing in: the current route, unless it is
// the sign-in page itself.
export function currentReturn() {
  const { parts, key } = parseHash();
  if (parts[0] === 'signin') return null;
  return key === '/' ? null : key;
}

onSessionProblem((err) => {
  if (err.status === 401) {
    anonymous(state.status === 'signed_in' ? 'session_ended' : null);
  } else if (err.code === 'password_change_required') {
    set({ mustChangePassword: true });
  } else if (err.code === 'totp_enrolment_required') {
    set({ totpRequired: true });
  }
});

// ---- what a role may see (the server enforces it; the page only hides) ----

export function role() { return state.user?.role || null; }
export const can = {
  // Change member records (secretaries correct their cell's records).
  edit: () => ['secretary', 'officer', 'admin'].includes(role()),
  // Create members, import, change status.
  manage: () => ['officer', 'admin'].includes(role()),
  // The organization pages and lists.
  browse: () => ['secretary', 'officer', 'admin', 'auditor'].includes(role()),
  audit: () => ['auditor', 'admin'].includes(role()),
  accounts: () => role() === 'admin',
  // An administrator of the whole installation (no unit).
  installation: () => role() === 'admin' && !state.user?.unit,
};
