// helpers.mjs -- shared pieces of the black-box API tests (tests/api/).
//
// Built on tests/lib/server.mjs (startServer, api, dump). Adds:
// - a per-file context with request shortcuts under /api/v1,
// - refused(): run a request that must be refused and prove it changed
//   nothing (database digest unchanged) and that the server still answers,
// - factories for valid units and members (CCCD, card numbers that pass the
//   checks of DOMAIN.md), unique within one server,
// - the route templates the tests call (ROUTES), which openapi.test.mjs
//   checks against the served OpenAPI document; every 2xx call is checked
//   to match one of them so the list cannot silently fall behind,
// - rawHttp(): a request over a bare socket, for what fetch would clean up
//   (dot segments, huge headers, missing Content-Type); sessionLines() and
//   sessionHeaders() carry the test administrator's session into it and
//   into a bare fetch (every API route needs one since issue 3).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { api, startServer, ROOT } from '../lib/server.mjs';

export { ROOT };
export const API = '/api/v1';

// Every route template the API tests call with success (relative to /api/v1).
export const ROUTES = [
  ['get', '/health'],
  ['get', '/openapi.json'],
  ['get', '/reference'],
  ['get', '/units'],
  ['post', '/units'],
  ['get', '/units/{id}'],
  ['patch', '/units/{id}'],
  ['get', '/units/{id}/children'],
  ['get', '/units/{id}/subtree'],
  ['get', '/units/{id}/ancestors'],
  ['post', '/units/{id}/move'],
  ['post', '/units/{id}/dissolve'],
  ['get', '/members'],
  ['post', '/members'],
  ['get', '/members/export'],
  ['get', '/members/{id}'],
  ['patch', '/members/{id}'],
  ['post', '/members/{id}/status'],
  ['get', '/members/{id}/units'],
  ['post', '/imports'],
  // issue 3: signing in, accounts, settings, the audit trail
  ['post', '/session'],
  ['delete', '/session'],
  ['get', '/me'],
  ['post', '/me/password'],
  ['post', '/me/totp'],
  ['post', '/me/totp/confirm'],
  ['post', '/me/totp/disable'],
  ['get', '/users'],
  ['post', '/users'],
  ['get', '/users/{id}'],
  ['patch', '/users/{id}'],
  ['post', '/users/{id}/reset-password'],
  ['post', '/users/{id}/reset-totp'],
  ['get', '/calendar/holidays'],
  ['get', '/calendar/add-workdays'],
  ['get', '/calendar/lunar'],
  ['get', '/calendar/overrides'],
  ['post', '/calendar/overrides'],
  ['post', '/calendar/overrides/remove'],
  ['get', '/settings/security'],
  ['patch', '/settings/security'],
  ['get', '/audit'],
  ['get', '/audit/export'],
  ['get', '/audit/verify'],
  // issue 4: trips abroad, delegations, disciplinary reviews, rule sets
  ['get', '/trips'],
  ['post', '/trips'],
  ['get', '/trips/inbox'],
  ['get', '/trips/{id}'],
  ['patch', '/trips/{id}'],
  ['post', '/trips/{id}/actions/{action}'],
  ['post', '/trips/{id}/attachments'],
  ['get', '/trips/{id}/attachments/{aid}'],
  ['delete', '/trips/{id}/attachments/{aid}'],
  ['get', '/delegations'],
  ['post', '/delegations'],
  ['get', '/delegations/{id}'],
  ['patch', '/delegations/{id}'],
  ['get', '/members/{id}/reviews'],
  ['post', '/members/{id}/reviews'],
  ['post', '/members/{id}/reviews/{rid}/close'],
  ['get', '/rule-sets'],
  ['get', '/rule-sets/effective'],
  ['post', '/rule-sets'],
  // issue 5: transfers, exemptions, temporary groups, compliance, alerts, the dashboard
  ['post', '/delegations/{id}/group'],
  ['post', '/delegations/{id}/group/dissolve'],
  ['get', '/transfers'],
  ['post', '/transfers'],
  ['get', '/transfers/{id}'],
  ['post', '/transfers/{id}/actions/{action}'],
  ['get', '/exemptions'],
  ['post', '/exemptions'],
  ['post', '/exemptions/{id}/revoke'],
  ['get', '/compliance'],
  ['get', '/alerts'],
  ['post', '/alerts/scan'],
  ['get', '/dashboard'],
  // issue 6: statistics, exports, printed documents; issue 5 follow-ups
  ['get', '/stats'],
  ['get', '/stats/review'],
  ['get', '/stats/review.xlsx'],
  ['get', '/stats/review.csv'],
  ['get', '/exports/members'],
  ['get', '/exports/trips'],
  ['get', '/exports/alerts'],
  ['get', '/exports/transfers'],
  ['get', '/trips/{id}/documents/{kind}'],
  ['get', '/transfers/{id}/letter'],
  ['get', '/units/receivers'],
  ['get', '/stats/review.pdf'],
  ['get', '/handbook'],
  ['post', '/handbook'],
  ['get', '/handbook/{slug}'],
  ['patch', '/handbook/{slug}'],
  ['post', '/handbook/{slug}/archive'],
  ['post', '/handbook/{slug}/restore'],
  ['get', '/handbook/{slug}/revisions'],
  ['get', '/handbook/{slug}/revisions/{version}'],
];

function routeOf(method, path) {
  const p = path.split('?')[0];
  for (const [m, t] of ROUTES) {
    if (m !== method.toLowerCase()) continue;
    const re = new RegExp('^' + t.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+') + '$');
    if (re.test(p)) return t;
  }
  return null;
}

// Start one server for a test file. Returns a context:
//   s            the server (url, dump(), cli(), stop(), output())
//   req(method, path, opts)   api() under /api/v1; opts as api() plus `lang`
//   get/post/patch shortcuts
export async function setup(options = {}) {
  const s = await startServer(options);
  const ctx = {
    s,
    async req(method, path, opts = {}) {
      const headers = { ...(opts.headers || {}) };
      if (opts.lang) headers['accept-language'] = opts.lang;
      if (opts.ifMatch !== undefined) headers['if-match'] = String(opts.ifMatch);
      const res = await api(s.url, method, API + path, { ...opts, headers });
      if (res.status >= 200 && res.status < 300 && !opts.anyRoute) {
        assert.ok(routeOf(method, path), `${method} ${path} succeeded but is not in helpers ROUTES`);
      }
      return res;
    },
    get(path, opts) { return ctx.req('GET', path, opts); },
    post(path, body, opts = {}) { return ctx.req('POST', path, { ...opts, body }); },
    patch(path, body, opts = {}) { return ctx.req('PATCH', path, { ...opts, body }); },
  };
  return ctx;
}

// Assert the shape of an error answer: status, error.code, and (when given)
// error.field. Returns the error object.
export function assertError(res, status, code, field) {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  assert.equal(typeof res.body, 'object', `error body is not JSON: ${res.body}`);
  assert.ok(res.body.error, `no "error" in ${JSON.stringify(res.body)}`);
  const e = res.body.error;
  if (code !== undefined) assert.equal(e.code, code, `error code: ${JSON.stringify(res.body)}`);
  if (field !== undefined) assert.equal(e.field, field, `error field: ${JSON.stringify(res.body)}`);
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 0, 'error message is empty');
  return e;
}

// The server answers /api/v1/health with {"status": "ok"}.
export async function assertAlive(ctx) {
  assert.ok(ctx.s.alive(), `server died:\n${ctx.s.output()}`);
  const h = await api(ctx.s.url, 'GET', API + '/health');
  assert.equal(h.status, 200);
  assert.equal(h.body.status, 'ok');
}

// Run `fn` (a request that must be refused), check status/code/field when
// given, and prove the database is unchanged and the server alive.
// Returns the response.
export async function refused(ctx, fn, status, code, field) {
  const before = ctx.s.dump();
  const res = await fn();
  if (status !== undefined) {
    if (res.body && typeof res.body === 'object' && 'error' in res.body) assertError(res, status, code, field);
    else assert.equal(res.status, status, `expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  assert.equal(ctx.s.dump(), before, 'a refused request changed the database');
  await assertAlive(ctx);
  return res;
}

// ---- factories ----

let seq = 0;
export function nextSeq() { return ++seq; }

// A CCCD consistent with sex and birth date: province code, century/sex
// digit, two digits of the year, six serial digits (unique per process).
export function makeCccd(sex, birthDate, { province = '001', serial } = {}) {
  const year = Number(birthDate.slice(0, 4));
  const century = Math.floor((year - 1900) / 100) * 2 + (sex === 'F' ? 1 : 0);
  const s = serial ?? String(100000 + nextSeq()).padStart(6, '0');
  return `${province}${century}${String(year % 100).padStart(2, '0')}${s}`;
}

export function makeCard() { return String(10000000 + nextSeq() * 7).padStart(8, '0'); }

// A valid member body for unit `unitId`; `over` replaces fields.
export function memberBody(unitId, fullName, over = {}) {
  const sex = over.sex ?? 'M';
  const birth = over.birth_date ?? '1985-03-14';
  return {
    full_name: fullName,
    sex,
    birth_date: birth,
    cccd: makeCccd(sex, birth),
    born_abroad: false,
    card_number: makeCard(),
    admitted_on: '2010-05-19',
    official_on: '2011-05-19',
    unit_id: unitId,
    ...over,
  };
}

// Create a unit; asserts 201 and returns the unit object.
export async function createUnit(ctx, body) {
  const r = await ctx.post('/units', body);
  assert.equal(r.status, 201, `create unit ${body.code}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

// Create a member; asserts 201 and returns the member object.
export async function createMember(ctx, unitId, fullName, over = {}) {
  const b = memberBody(unitId, fullName, over);
  const r = await ctx.post('/members', b);
  assert.equal(r.status, 201, `create member ${fullName}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

// The standard tree of a test file:
//   HN (committee) > HN-BD (grassroots) > HN-BD-01, HN-BD-02 (cells)
//                  > HN-HK (grassroots) > HN-HK-01 (cell)
//   NN (committee, overseas) > NN-DE (grassroots, DE, students) > NN-DE-01 (cell)
export async function createTree(ctx) {
  const t = {};
  t.hn = await createUnit(ctx, { kind: 'committee', code: 'HN', name: 'Đảng bộ Thành phố Hà Nội', founded_on: '1930-02-03' });
  t.bd = await createUnit(ctx, { kind: 'grassroots', code: 'HN-BD', name: 'Đảng bộ phường Ba Đình', parent_id: t.hn.id });
  t.bd1 = await createUnit(ctx, { kind: 'cell', code: 'HN-BD-01', name: 'Chi bộ khu phố 1', parent_id: t.bd.id });
  t.bd2 = await createUnit(ctx, { kind: 'cell', code: 'HN-BD-02', name: 'Chi bộ khu phố 2', parent_code: 'HN-BD' });
  t.hk = await createUnit(ctx, { kind: 'grassroots', code: 'HN-HK', name: 'Đảng bộ phường Hoàn Kiếm', parent_id: t.hn.id });
  t.hk1 = await createUnit(ctx, { kind: 'cell', code: 'HN-HK-01', name: 'Chi bộ Hàng Bạc', parent_id: t.hk.id });
  t.nn = await createUnit(ctx, { kind: 'committee', code: 'NN', name: 'Đảng ủy Ngoài nước' });
  t.de = await createUnit(ctx, { kind: 'grassroots', code: 'NN-DE', name: 'Đảng bộ cơ sở tại Đức', parent_id: t.nn.id, country: 'DE', cell_type: 'mixed' });
  t.de1 = await createUnit(ctx, { kind: 'cell', code: 'NN-DE-01', name: 'Chi bộ lưu học sinh Berlin', parent_id: t.de.id, country: 'DE', cell_type: 'students' });
  return t;
}

// Every page of a list endpoint (follows next_cursor); returns all items
// and the number of pages.
export async function allPages(ctx, path, limit) {
  const items = [];
  let cursor = null;
  let pages = 0;
  const sep = path.includes('?') ? '&' : '?';
  for (;;) {
    const p = `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const r = await ctx.get(p);
    assert.equal(r.status, 200, `${p}: ${r.status} ${JSON.stringify(r.body)}`);
    assert.ok(Array.isArray(r.body.items));
    assert.ok(r.body.items.length <= limit, `page larger than limit ${limit}`);
    items.push(...r.body.items);
    pages++;
    assert.ok(pages < 1000, 'paging does not end');
    if (!r.body.next_cursor) break;
    assert.ok(r.body.items.length > 0, 'an empty page with a next_cursor');
    cursor = r.body.next_cursor;
  }
  return { items, pages };
}

// ---- the message catalogue, for exact message checks ----

let catalogue = null;
// All MSG(code, vi, en) rows of src/*/messages.def: code -> {vi, en}.
export function messages() {
  if (catalogue) return catalogue;
  catalogue = new Map();
  const src = join(ROOT, 'src');
  for (const d of readdirSync(src)) {
    const f = join(src, d, 'messages.def');
    if (!existsSync(f)) continue;
    const text = readFileSync(f, 'utf8');
    const re = /MSG\(\s*"((?:[^"\\]|\\.)*)"\s*,\s*"((?:[^"\\]|\\.)*)"\s*,\s*"((?:[^"\\]|\\.)*)"\s*\)/g;
    for (const m of text.matchAll(re)) catalogue.set(m[1], { vi: m[2], en: m[3] });
  }
  return catalogue;
}

// Assert `message` is the catalogue text of `code` in `lang` ({} in the
// template stands for the interpolated argument).
export function assertMessage(code, lang, message) {
  const row = messages().get(code);
  assert.ok(row, `no catalogue row for ${code}`);
  const tpl = row[lang].replace(/\\"/g, '"');
  const re = new RegExp('^' + tpl.split('{}').map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 's');
  assert.match(message, re, `${code} in ${lang}`);
}

// ---- raw HTTP ----

// The test administrator's session as raw header lines ("Cookie: ...\r\n"
// and, for a state-changing method, "X-CSRF-Token: ...\r\n").
export function sessionLines(ctx, method = 'GET') {
  const a = ctx.s.admin;
  if (!a) return '';
  const csrf = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) ? `X-CSRF-Token: ${a.csrf}\r\n` : '';
  return `Cookie: ${a.cookie}\r\n${csrf}`;
}

// The same as headers for fetch().
export function sessionHeaders(ctx, method = 'GET') {
  const a = ctx.s.admin;
  if (!a) return {};
  const h = { cookie: a.cookie };
  if (['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) h['x-csrf-token'] = a.csrf;
  return h;
}

// Send `request` (a string or Buffer: request line, headers, blank line,
// body) over a bare socket; resolve {status, head, body, closed} or
// {status: 0, error} when the server closed without an answer.
export function rawHttp(url, request, timeoutMs = 10000) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const sock = connect(Number(port), hostname);
    const chunks = [];
    let done = false;
    const finish = (err) => {
      if (done) return;
      done = true;
      sock.destroy();
      const buf = Buffer.concat(chunks);
      const text = buf.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      const i = text.indexOf('\r\n\r\n');
      resolve({
        status: m ? Number(m[1]) : 0,
        head: i >= 0 ? text.slice(0, i) : text,
        body: i >= 0 ? buf.subarray(i + 4).toString('utf8') : '',
        error: err ? String(err) : undefined,
      });
    };
    sock.setTimeout(timeoutMs, () => finish(new Error('timeout')));
    sock.on('data', (d) => {
      chunks.push(d);
      // Stop once the headers and a Content-Length body have arrived.
      const text = Buffer.concat(chunks).toString('latin1');
      const i = text.indexOf('\r\n\r\n');
      if (i >= 0) {
        const cl = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, i));
        if (cl && Buffer.concat(chunks).length >= i + 4 + Number(cl[1])) finish();
      }
    });
    sock.on('end', () => finish());
    sock.on('error', (e) => finish(e));
    sock.on('connect', () => sock.write(request));
  });
}
