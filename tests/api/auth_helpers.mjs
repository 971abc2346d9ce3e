// auth_helpers.mjs -- shared pieces of the issue-3 black-box tests
// (matrix.test.mjs, auth.test.mjs, audit.test.mjs):
// - the route table from its two sources: src/api/routes.c (parsed, roles
//   evaluated from src/auth/auth.h) and the served OpenAPI document
//   (x-caunoi-access, x-caunoi-roles),
// - call(): one HTTP request with exact control of cookie and CSRF header
//   (api() in tests/lib/server.mjs always fills them in),
// - rawLogin(): POST /session without the harness's password change,
// - totp(): RFC 6238 codes from a base32 secret, computed here, not by the
//   server,
// - setSettings(): write rows of the settings table with the sqlite3 CLI,
// - the role tree of the matrix: P > G1 > C1, P > G2 > C2, one account per
//   role bound inside G1.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createUser, signIn } from '../lib/server.mjs';
import { ROOT, createMember, createUnit } from './helpers.mjs';

export const ROLES = ['member', 'secretary', 'officer', 'admin', 'auditor'];
export const STATE_CHANGING = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

// ---- the route table from src/api/routes.c ----

// #define NAME value lines of auth.h that build role masks.
function roleDefines() {
  const text = readFileSync(join(ROOT, 'src/auth/auth.h'), 'utf8').replace(/\\\n/g, ' ');
  const defs = new Map();
  for (const m of text.matchAll(/^#define\s+(ROLES?_[A-Z_]+)\s+(.+)$/gm)) defs.set(m[1], m[2].trim());
  const enumVals = new Map();
  for (const m of text.matchAll(/\b(ROLE_[A-Z]+)\s*=\s*(\d+)\s*,/g)) enumVals.set(m[1], Number(m[2]));
  return { defs, enumVals };
}

// Evaluate a roles expression of the route table ("ROLES_STAFF",
// "ROLE_BIT(ROLE_SECRETARY) | ROLES_MANAGERS", "0") to a sorted list of
// role names. Throws on anything it cannot read, so a new form fails loudly.
export function evalRoles(expr, env = roleDefines(), depth = 0) {
  assert.ok(depth < 10, `roles expression too deep: ${expr}`);
  let mask = 0;
  const clean = expr.trim().replace(/^\((.*)\)$/s, '$1');
  for (const raw of clean.split('|')) {
    const term = raw.trim().replace(/^\((.*)\)$/s, '$1').trim();
    let m;
    if (/^(0x[0-9a-fA-F]+|\d+)u?$/.test(term)) {
      mask |= Number.parseInt(term.replace(/u$/, ''));
    } else if ((m = /^ROLE_BIT\(\s*(ROLE_[A-Z]+)\s*\)$/.exec(term))) {
      assert.ok(env.enumVals.has(m[1]), `unknown role ${m[1]} in ${expr}`);
      mask |= 1 << env.enumVals.get(m[1]);
    } else if (env.defs.has(term)) {
      mask |= maskOf(evalRoles(env.defs.get(term), env, depth + 1));
    } else {
      throw new Error(`cannot read the roles expression "${expr}" (term "${term}")`);
    }
  }
  return ROLES.filter((_, i) => mask & (1 << i));
}
const maskOf = (names) => names.reduce((m, n) => m | (1 << ROLES.indexOf(n)), 0);

// Every row of api_routes[] in src/api/routes.c:
// [{method, path, handler, body, access, roles}] with path relative to
// /api/v1, access lower-case without ACCESS_ ("session", "self", "public",
// "undeclared"), roles a sorted list of names.
export function routesFromSource() {
  const text = readFileSync(join(ROOT, 'src/api/routes.c'), 'utf8');
  const table = /api_routes\[\]\s*=\s*\{([\s\S]*?)\n\};/.exec(text);
  assert.ok(table, 'no api_routes[] table in src/api/routes.c');
  const env = roleDefines();
  const rows = [];
  const body = table[1].replace(/\/\*[\s\S]*?\*\//g, '');
  for (const line of body.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    const m = /^\{\s*HTTP_([A-Z]+)\s*,\s*"([^"]+)"\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*(\w+)\s*,\s*([^,]+?)\s*,\s*"((?:[^"\\]|\\.)*)"\s*\}\s*,?$/.exec(t);
    // A row in another shape (a forgotten access or roles column) fails here.
    assert.ok(m, `route table row not in the shape {method, path, handler, body, access, roles, summary}: ${t}`);
    rows.push({
      method: m[1],
      path: m[2].replace(/^\/api\/v1(?=\/)/, ''),
      handler: m[3],
      body: m[4],
      access: m[5].replace(/^ACCESS_/, '').toLowerCase(),
      roles: evalRoles(m[6], env),
    });
  }
  assert.ok(rows.length > 0, 'empty route table');
  return rows;
}

// The routes the server describes in GET /api/v1/openapi.json:
// [{method, path, access, roles, requestTypes}] (access and roles as
// declared; undefined when missing).
export function routesFromOpenapi(doc) {
  const out = [];
  for (const [p, item] of Object.entries(doc.paths || {})) {
    for (const m of ['get', 'post', 'patch', 'put', 'delete']) {
      const op = item[m];
      if (!op) continue;
      let access = op['x-caunoi-access'];
      if (typeof access === 'string') access = access.replace(/^ACCESS_/i, '').toLowerCase();
      let roles = op['x-caunoi-roles'];
      if (typeof roles === 'string') roles = roles.split(/[\s,|]+/).filter(Boolean);
      if (Array.isArray(roles)) roles = ROLES.filter((r) => roles.map((x) => String(x).toLowerCase()).includes(r));
      const content = op.requestBody?.content ? Object.keys(op.requestBody.content) : [];
      out.push({ method: m.toUpperCase(), path: p.replace(/^\/api\/v1(?=\/)/, ''), access, roles, requestTypes: content });
    }
  }
  return out;
}

// "/units/{unit_id}" and "/units/{id}" are the same route.
export const routeKey = (r) => `${r.method} ${r.path.replace(/\{[^}]+\}/g, '{}')}`;

// ---- one request, headers exactly as given ----

// call(url, method, path, {cookie, csrf, body, raw, type, headers, abs}):
// `path` is under /api/v1, unless it starts with "/api/" or `abs` is set.
// Only the headers given are sent. Returns {status, headers, body, text}.
export async function call(url, method, path, opts = {}) {
  const headers = { ...(opts.headers || {}) };
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.csrf) headers['x-csrf-token'] = opts.csrf;
  let bodyOut;
  if (opts.raw !== undefined) {
    bodyOut = opts.raw;
    if (opts.type) headers['content-type'] = opts.type;
  } else if (opts.body !== undefined) {
    bodyOut = JSON.stringify(opts.body);
    headers['content-type'] = 'application/json';
  }
  const full = opts.abs || path.startsWith('/api/') ? path : `/api/v1${path}`;
  const res = await fetch(url + full, { method, headers, body: bodyOut, redirect: 'manual' });
  const text = await res.text();
  let body = text;
  if ((res.headers.get('content-type') || '').includes('json') && text) {
    try { body = JSON.parse(text); } catch { /* leave as text */ }
  }
  return { status: res.status, headers: res.headers, body, text };
}

// The same with a session from signIn(): cookie always, CSRF token on
// state-changing methods.
export const as = (url, s, method, path, opts = {}) =>
  call(url, method, path, { ...opts, cookie: s?.cookie, csrf: s && STATE_CHANGING.has(method) ? s.csrf : undefined });

// A short description of an answer for assertion messages.
export const show = (r) => `${r.status} ${typeof r.body === 'object' ? JSON.stringify(r.body) : String(r.body).slice(0, 200)}`;

export const codeOf = (r) => (r.body && typeof r.body === 'object' && r.body.error ? r.body.error.code : undefined);

// POST /session as is: {status, body, headers, cookie, session} where
// session is {cookie, csrf, user, login, password} on 200.
export async function rawLogin(url, login, password, code) {
  const body = { login, password };
  if (code !== undefined) body.code = code;
  const r = await call(url, 'POST', '/session', { body });
  const cookie = (r.headers.get('set-cookie') || '').split(';')[0];
  r.cookie = cookie;
  if (r.status === 200) r.session = { cookie, csrf: r.body.csrf_token, user: r.body.user, login, password };
  return r;
}

// Sign in, waiting out a 429 login_throttled (Retry-After) from earlier
// failures of the same account: for tests that are not about throttling.
export async function loginPatiently(url, login, password, code, tries = 6) {
  let r;
  for (let i = 0; i < tries; i++) {
    r = await rawLogin(url, login, password, code);
    if (!(r.status === 429 && codeOf(r) === 'login_throttled')) return r;
    const wait = Number(r.headers.get('retry-after') || '1');
    await sleep(Math.min(Math.max(wait, 0.2), 5) * 1000);
  }
  return r;
}

export const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

// ---- TOTP (RFC 6238, SHA-1, 6 digits, 30 s) ----

export function base32Decode(s) {
  const alpha = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = s.toUpperCase().replace(/[=\s-]/g, '');
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const v = alpha.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${s}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// The code for Unix time `t` seconds (default now).
export function totp(secretB32, t = Date.now() / 1000) {
  const counter = Math.floor(t / 30);
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', base32Decode(secretB32)).update(msg).digest();
  const off = h[h.length - 1] & 0x0f;
  const bin = ((h[off] & 0x7f) << 24) | (h[off + 1] << 16) | (h[off + 2] << 8) | h[off + 3];
  return String(bin % 1000000).padStart(6, '0');
}

// ---- the database from outside ----

export function sql(db, query, { readonly = false } = {}) {
  const args = readonly ? ['-readonly', db, query] : ['-cmd', '.timeout 5000', db, query];
  const r = spawnSync('sqlite3', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3 ${query}: ${r.stderr}`);
  return r.stdout;
}

// Write settings rows (key -> value), replacing any.
export function setSettings(db, kv) {
  const rows = Object.entries(kv).map(([k, v]) => `('${k}', '${String(v)}')`).join(', ');
  sql(db, `INSERT INTO settings (key, value) VALUES ${rows} ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
}

// ---- the tree and accounts of the matrix ----

// P (committee) > G1 > C1, P > G2 > C2; members m1, m1b in C1, m2 in C2;
// one signed-in account per role (member = m1, secretary of C1, officer,
// admin and auditor of G1); target accounts (never signed in) tIn in C1
// and tOut in C2. `ctx` is helpers.setup()'s context (installation admin).
export async function roleTree(ctx, prefix = 'P') {
  const w = { units: {}, members: {}, users: {}, targets: {} };
  const u = w.units;
  u.P = await createUnit(ctx, { kind: 'committee', code: prefix, name: `Đảng bộ tỉnh ${prefix}`, founded_on: '1945-09-02' });
  u.G1 = await createUnit(ctx, { kind: 'grassroots', code: `${prefix}-G1`, name: 'Đảng bộ cơ sở Một', parent_id: u.P.id });
  u.G2 = await createUnit(ctx, { kind: 'grassroots', code: `${prefix}-G2`, name: 'Đảng bộ cơ sở Hai', parent_id: u.P.id });
  u.C1 = await createUnit(ctx, { kind: 'cell', code: `${prefix}-G1-C1`, name: 'Chi bộ Một', parent_id: u.G1.id });
  u.C2 = await createUnit(ctx, { kind: 'cell', code: `${prefix}-G2-C2`, name: 'Chi bộ Hai', parent_id: u.G2.id });
  w.members.m1 = await createMember(ctx, u.C1.id, 'Nguyễn Văn Một');
  w.members.m1b = await createMember(ctx, u.C1.id, 'Trần Thị Bên', { sex: 'F', birth_date: '1990-07-01' });
  w.members.m2 = await createMember(ctx, u.C2.id, 'Lê Văn Hai');
  const s = ctx.s;
  const lo = prefix.toLowerCase();
  w.users.member = await s.user({ role: 'member', unit: u.C1.code, member: w.members.m1.id, login: `${lo}-member`, name: 'Nguyễn Văn Một' });
  w.users.secretary = await s.user({ role: 'secretary', unit: u.C1.code, login: `${lo}-secretary`, name: 'Bí thư Chi bộ Một' });
  w.users.officer = await s.user({ role: 'officer', unit: u.G1.code, login: `${lo}-officer`, name: 'Cán bộ Cơ sở Một' });
  w.users.admin = await s.user({ role: 'admin', unit: u.G1.code, login: `${lo}-admin`, name: 'Quản trị Cơ sở Một' });
  w.users.auditor = await s.user({ role: 'auditor', unit: u.G1.code, login: `${lo}-auditor`, name: 'Kiểm tra Cơ sở Một' });
  w.targets.tIn = createUser(s.db, { role: 'secretary', unit: u.C1.code, login: `${lo}-target-in`, name: 'Đích Trong' });
  w.targets.tOut = createUser(s.db, { role: 'secretary', unit: u.C2.code, login: `${lo}-target-out`, name: 'Đích Ngoài' });
  return w;
}

export { signIn };
