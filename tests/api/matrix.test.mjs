// matrix.test.mjs -- the authorization matrix (issue 3, "Tests"), generated
// from the router's own route table: every route of GET /api/v1/openapi.json
// (x-caunoi-access, x-caunoi-roles; checked here against the rows of
// src/api/routes.c) is called without a session, and as every role, with an
// {id} inside and outside the caller's subtree. A route added to the table
// is covered without editing this file; a route without a declared rule, or
// with an {id} this file cannot fill, fails.
//
// The tree (auth_helpers.roleTree): P > G1 > C1, P > G2 > C2. The officer,
// administrator and auditor are bound to G1, the secretary to C1, the member
// is member m1 of C1. "Inside" is a record of C1, "outside" one of C2.
// Expected (docs/api.md "Signing in, sessions and roles"):
//   no session                          401 session_required
//   role not in the route's roles       403 forbidden
//   allowed, record outside the scope   404
//   ACCESS_SELF, member, another member 404
//   allowed and inside                  anything but 401/403/404 and 5xx
// State-changing calls send If-Match "999" (a stale version: the call is
// authorized but changes nothing) and a plausible body; a missing or wrong
// X-CSRF-Token is 403 csrf_invalid and changes nothing.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { TEST_PASSWORD } from '../lib/server.mjs';
import { assertAlive, memberBody, setup } from './helpers.mjs';
import {
  ROLES, STATE_CHANGING, as, call, codeOf, rawLogin, roleTree, routeKey, routesFromOpenapi,
  routesFromSource, show,
} from './auth_helpers.mjs';

const ctx = await setup();
after(async () => { await ctx?.s.stop(); });
const w = await roleTree(ctx);
const root = ctx.s.admin; // the installation administrator (no unit)
const rec = await tripRecords();

const doc = (await ctx.get('/openapi.json')).body;
const served = routesFromOpenapi(doc);
const source = routesFromSource();
const sourceByKey = new Map(source.map((r) => [routeKey(r), r]));

// Routes docs/api.md reserves to the installation (an administrator with no
// unit, an auditor of the whole tree): a caller bound to a unit whose role
// is listed still gets 403.
const installationOnly = (c) => c.access === 'installation';

// The cases: every route of either source (the declaration tests below fail
// when the two differ), with the served rule, else the source's.
const servedByKey = new Map(served.map((r) => [routeKey(r), r]));
const allKeys = [...new Set([...served.map(routeKey), ...source.map(routeKey)])];
const cases = allKeys.map((key) => {
  const r = servedByKey.get(key);
  const src = sourceByKey.get(key);
  const requestTypes = r?.requestTypes || [];
  return {
    method: (r || src).method,
    path: (r || src).path,
    key,
    access: r?.access ?? src?.access,
    roles: r?.roles ?? src?.roles,
    bodyKind: src?.body ?? (requestTypes.includes('text/csv') ? 'BODY_CSV' : requestTypes.length ? 'BODY_JSON' : 'BODY_NONE'),
  };
});

function vnDay(offset = 0) { return new Date(Date.now() + 7 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10); }
function vnToday() { return vnDay(); }

// The records of issues 4, 5 and 6 the matrix needs, inside (C1) and outside
// (C2): a draft trip of m1 and of m2 with an attachment each, a delegation
// of each cell, a disciplinary review of each member, a transfer and an
// exemption of m1b and of m2. Made by accounts of
// their own (a secretary and an officer of C2's side), since an
// installation administrator files no trip.
async function tripRecords() {
  const s2 = await ctx.s.user({ role: 'secretary', unit: w.units.C2.code, login: 'p-secretary-c2' });
  const o2 = await ctx.s.user({ role: 'officer', unit: w.units.G2.code, login: 'p-officer-g2' });
  const ok = (r, what) => { assert.ok(r.status >= 200 && r.status < 300, `${what}: ${show(r)}`); return r.body; };
  const trip = { purpose: 'tourism', countries: ['TH'], payer: 'self' };
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  const attach = async (s, id) => ok(await as(ctx.s.url, s, 'POST', `/trips/${id}/attachments?kind=other&name=a.png`, { raw: png, type: 'image/png' }), 'attach');
  const r = {};
  r.tripIn = ok(await as(ctx.s.url, w.users.secretary, 'POST', '/trips', { body: { ...trip, member_id: w.members.m1.id } }), 'trip in C1');
  r.tripOut = ok(await as(ctx.s.url, s2, 'POST', '/trips', { body: { ...trip, member_id: w.members.m2.id } }), 'trip in C2');
  r.attIn = await attach(w.users.secretary, r.tripIn.id);
  r.attOut = await attach(s2, r.tripOut.id);
  // A fresh attachment for each call that removes one.
  r.freshAtt = async () => ({ id: r.tripIn.id, aid: (await attach(w.users.secretary, r.tripIn.id)).id });
  const deleg = (unit) => ({ name: `Đoàn ${unit.code}`, unit_id: unit.id });
  r.delegIn = ok(await as(ctx.s.url, w.users.secretary, 'POST', '/delegations', { body: deleg(w.units.C1) }), 'delegation in C1');
  r.delegOut = ok(await as(ctx.s.url, s2, 'POST', '/delegations', { body: deleg(w.units.C2) }), 'delegation in C2');
  const today = vnToday();
  r.reviewIn = ok(await as(ctx.s.url, w.users.officer, 'POST', `/members/${w.members.m1.id}/reviews`, { body: { opened_on: today } }), 'review of m1');
  r.reviewOut = ok(await as(ctx.s.url, o2, 'POST', `/members/${w.members.m2.id}/reviews`, { body: { opened_on: today } }), 'review of m2');
  // Issue 5: a transfer and an exemption of m1b (C1, sent to C2) and of m2
  // (C2, sent to G2: nothing of it in G1's subtree).
  r.transferIn = ok(await as(ctx.s.url, w.users.officer, 'POST', '/transfers', { body: { member_id: w.members.m1b.id, kind: 'temporary', to_unit_id: w.units.C2.id } }), 'transfer of m1b');
  r.transferOut = ok(await as(ctx.s.url, o2, 'POST', '/transfers', { body: { member_id: w.members.m2.id, kind: 'temporary', to_unit_id: w.units.G2.id } }), 'transfer of m2');
  const exemption = (id) => ({ member_id: id, kind: 'temporary', reason: 'Điều trị dài ngày', starts_on: today, ends_on: vnDay(30) });
  r.exemptionIn = ok(await as(ctx.s.url, w.users.officer, 'POST', '/exemptions', { body: exemption(w.members.m1b.id) }), 'exemption of m1b');
  r.exemptionOut = ok(await as(ctx.s.url, o2, 'POST', '/exemptions', { body: exemption(w.members.m2.id) }), 'exemption of m2');
  // Issue 6: two handbook pages of the installation, one archived (which
  // only an administrator of the whole installation reads: "outside" for
  // every bound caller).
  const page = (slug) => ({ slug, title: `Trang ${slug}`, body: '# Cẩm nang\n\nNội dung thử quyền.' });
  r.pageIn = ok(await as(ctx.s.url, ctx.s.admin, 'POST', '/handbook', { body: page('thu-quyen') }), 'handbook page');
  const archived = ok(await as(ctx.s.url, ctx.s.admin, 'POST', '/handbook', { body: page('da-luu-tru') }), 'handbook page to archive');
  r.pageOut = ok(await as(ctx.s.url, ctx.s.admin, 'POST', '/handbook/da-luu-tru/archive', { headers: { 'if-match': `"${archived.version}"` } }), 'archive');
  return r;
}

// Which records fill the path's parameters: inside (C1), outside (C2), and
// for ACCESS_SELF another member of the member's own cell. A value is an
// id for every parameter, an object naming each parameter's value, or a
// function answering such an object (a record made for that one call).
function idsFor(path) {
  if (!/\{[^}]+\}/.test(path)) return null;
  if (/^\/units\/\{[^}]+\}/.test(path)) return { in: w.units.C1.id, out: w.units.C2.id };
  if (/^\/members\/\{[^}]+\}\/reviews\/\{[^}]+\}/.test(path)) {
    return { in: { id: w.members.m1.id, rid: rec.reviewIn.id }, out: { id: w.members.m2.id, rid: rec.reviewOut.id } };
  }
  if (/^\/members\/\{[^}]+\}/.test(path)) return { in: w.members.m1.id, out: w.members.m2.id, other: w.members.m1b.id };
  if (/^\/users\/\{[^}]+\}/.test(path)) return { in: w.targets.tIn.id, out: w.targets.tOut.id };
  if (/^\/trips\/\{[^}]+\}\/actions\/\{[^}]+\}$/.test(path)) {
    return { in: { id: rec.tripIn.id, action: 'submit' }, out: { id: rec.tripOut.id, action: 'submit' } };
  }
  if (/^\/trips\/\{[^}]+\}\/attachments\/\{[^}]+\}$/.test(path)) {
    const out = { id: rec.tripOut.id, aid: rec.attOut.id };
    return { in: { id: rec.tripIn.id, aid: rec.attIn.id }, fresh: rec.freshAtt, out };
  }
  if (/^\/trips\/\{[^}]+\}\/documents\/\{[^}]+\}$/.test(path)) {
    return { in: { id: rec.tripIn.id, kind: 'application' }, out: { id: rec.tripOut.id, kind: 'application' } };
  }
  if (/^\/trips\/\{[^}]+\}/.test(path)) return { in: rec.tripIn.id, out: rec.tripOut.id };
  if (/^\/delegations\/\{[^}]+\}/.test(path)) return { in: rec.delegIn.id, out: rec.delegOut.id };
  if (/^\/transfers\/\{[^}]+\}\/actions\/\{[^}]+\}$/.test(path)) {
    return { in: { id: rec.transferIn.id, action: 'receive' }, out: { id: rec.transferOut.id, action: 'receive' } };
  }
  if (/^\/transfers\/\{[^}]+\}/.test(path)) return { in: rec.transferIn.id, out: rec.transferOut.id };
  if (/^\/exemptions\/\{[^}]+\}/.test(path)) return { in: rec.exemptionIn.id, out: rec.exemptionOut.id };
  if (/^\/handbook\/\{[^}]+\}\/revisions\/\{[^}]+\}$/.test(path)) {
    return { in: { slug: rec.pageIn.slug, version: 1 }, out: { slug: rec.pageOut.slug, version: 1 } };
  }
  if (/^\/handbook\/\{[^}]+\}/.test(path)) return { in: rec.pageIn.slug, out: rec.pageOut.slug };
  throw new Error(`matrix: no records to fill the {id} of ${path}: add its kind to idsFor()`);
}
const fill = (path, v) => path.replace(/\{([^}]+)\}/g, (_, name) => String(typeof v === 'object' ? v[name] : v));
// The path of case `c` for `where`, making the record first when needed.
// A DELETE that succeeds would leave the next caller nothing to delete.
async function pathFor(c, ids, where) {
  const v = where === 'in' && c.method === 'DELETE' && ids.fresh ? ids.fresh : ids[where];
  return fill(c.path, typeof v === 'function' ? await v() : v);
}

// Plausible bodies, so a handler that validates before it looks the record
// up still reaches the scope check. Routes not listed get {} (JSON) or an
// empty CSV; with If-Match "999" none of these changes anything.
const BODIES = {
  'PATCH /units/{}': () => ({ name: 'Tên thử quyền' }),
  'POST /units/{}/move': () => ({ parent_id: w.units.G1.id }),
  'POST /units/{}/dissolve': () => ({ on: '2025-01-01' }),
  'PATCH /members/{}': () => ({ phone: '+84912345678' }),
  'POST /members/{}/status': () => ({ status: 'left', on: '2025-01-01' }),
  'PATCH /users/{}': () => ({ display_name: 'Tên thử quyền' }),
  'POST /trips': () => ({ purpose: 'tourism', member_id: w.members.m1.id }),
  'PATCH /trips/{}': () => ({ payer: 'host' }),
  'POST /delegations': () => ({ name: 'Đoàn thử quyền', unit_id: w.units.C1.id }),
  'PATCH /delegations/{}': () => ({ name: 'Đoàn đổi tên' }),
  'POST /members/{}/reviews/{}/close': () => ({ closed_on: vnToday() }),
  'POST /rule-sets': () => ({ unit_id: w.units.G1.id, effective_from: vnToday(), note: 'thử quyền' }),
  'POST /delegations/{}/group': () => ({ on: vnToday() }),
  'POST /delegations/{}/group/dissolve': () => ({ on: vnToday() }),
  'POST /transfers/{}/actions/{}': () => ({ date: vnToday() }),
  'POST /exemptions/{}/revoke': () => ({ on: vnToday() }),
  'POST /alerts/scan': () => ({}),
};

function requestOpts(c) {
  const o = {};
  if (STATE_CHANGING.has(c.method)) o.headers = { 'if-match': '"999"' };
  if (c.bodyKind === 'BODY_FILE') {
    o.raw = Buffer.from('%PDF-1.4\n%%EOF\n');
    o.type = 'application/pdf';
  } else if (c.bodyKind === 'BODY_CSV') {
    o.raw = '';
    o.type = 'text/csv';
  } else if (c.bodyKind === 'BODY_JSON') {
    o.body = (BODIES[c.key] || (() => ({})))();
  }
  return o;
}

// Calls that end the caller's session are made with a session of their own.
const ENDS_SESSION = new Set(['DELETE /session']);
const callers = () => [
  ...ROLES.map((r) => ({ name: `${r} of ${r === 'member' || r === 'secretary' ? 'C1' : 'G1'}`, role: r, s: w.users[r], bound: true })),
  { name: 'installation admin', role: 'admin', s: root, bound: false },
];
async function sessionFor(c, key) {
  if (!ENDS_SESSION.has(key)) return c.s;
  const r = await rawLogin(ctx.s.url, c.s.login, c.s.password ?? TEST_PASSWORD);
  assert.equal(r.status, 200, `fresh session for ${c.name}: ${show(r)}`);
  return r.session;
}

// What a caller must get: {status} exact, or {allowed: true}.
function expected(c, caller, where) {
  if (c.access === 'public') return { public: true };
  if (!c.roles.includes(caller.role)) return { status: 403, code: 'forbidden' };
  if (caller.bound && installationOnly(c)) return { status: 403, code: 'forbidden' };
  if (where === 'out') return { status: 404 };
  if (where === 'other' && c.access === 'self' && caller.role === 'member') return { status: 404 };
  return { allowed: true };
}

function judge(r, exp, label, problems) {
  if (r.status >= 500) problems.push(`${label}: server error ${show(r)}`);
  else if (exp.public) {
    // Signing in with an empty body may fail as a sign-in (401 login_failed),
    // never for want of a session, role or token.
    if (['session_required', 'session_invalid', 'forbidden', 'csrf_invalid'].includes(codeOf(r))) problems.push(`${label}: ${show(r)}`);
  } else if (exp.allowed) {
    if ([401, 403, 404].includes(r.status)) problems.push(`${label}: expected to pass authorization, got ${show(r)}`);
  } else if (r.status !== exp.status || (exp.code && codeOf(r) !== exp.code)) {
    problems.push(`${label}: expected ${exp.status}${exp.code ? ` ${exp.code}` : ''}, got ${show(r)}`);
  }
}

describe('the route table declares a rule for every route', () => {
  test('openapi.json lists x-caunoi-access and x-caunoi-roles on every operation', () => {
    const bad = served.filter((r) => !['public', 'session', 'self', 'installation'].includes(r.access)
      || (r.access !== 'public' && !(Array.isArray(r.roles) && r.roles.length > 0)));
    assert.deepEqual(bad.map((r) => `${routeKey(r)}: access ${r.access} roles ${JSON.stringify(r.roles)}`), [],
      'operations without a declared rule');
  });
  test('every row of src/api/routes.c has an access and roles', () => {
    const bad = source.filter((r) => !['public', 'session', 'self', 'installation'].includes(r.access)
      || (r.access !== 'public' && r.roles.length === 0));
    assert.deepEqual(bad.map((r) => `${routeKey(r)}: ${r.access} ${r.roles}`), [], 'routes without a declared rule');
  });
  test('openapi.json and src/api/routes.c list the same routes with the same rule', () => {
    const a = served.map((r) => `${routeKey(r)} ${r.access} ${(r.roles || []).join(',')}`).sort();
    const b = source.map((r) => `${routeKey(r)} ${r.access} ${r.access === 'public' && r.roles.length === 0 ? '' : r.roles.join(',')}`).sort();
    // A public route may list no roles in either place.
    const norm = (x) => x.map((l) => l.replace(/ public .*$/, ' public'));
    assert.deepEqual(norm(a), norm(b));
  });
  test('only POST /session is public', () => {
    assert.deepEqual(source.filter((r) => r.access === 'public').map(routeKey), ['POST /session']);
    assert.deepEqual(served.filter((r) => r.access === 'public').map(routeKey), ['POST /session']);
  });
  test('the matrix covers every route of the table', () => {
    const covered = new Set(cases.map((c) => c.key));
    assert.deepEqual(source.map(routeKey).filter((k) => !covered.has(k)), []);
  });
});

describe('without a session', () => {
  test('every route but POST /session answers 401 session_required; a made-up cookie 401 too', async () => {
    const problems = [];
    const before = ctx.s.dump();
    // Non-public routes first: they must change nothing. (A failed sign-in
    // through the public route is audited, as it must be.)
    const ordered = [...cases.filter((c) => c.access !== 'public'), ...cases.filter((c) => c.access === 'public')];
    let after = null;
    for (const c of ordered) {
      const ids = idsFor(c.path);
      const path = ids ? fill(c.path, ids.in) : c.path;
      if (c.access === 'public' && after === null) after = ctx.s.dump();
      const r = await call(ctx.s.url, c.method, path, requestOpts(c));
      if (c.access === 'public') {
        if (r.status >= 500 || codeOf(r) === 'session_required') problems.push(`${c.key}: ${show(r)}`);
        continue;
      }
      if (r.status !== 401 || codeOf(r) !== 'session_required') problems.push(`${c.method} ${path} without session: ${show(r)}`);
      const f = await call(ctx.s.url, c.method, path, { ...requestOpts(c), cookie: 'caunoi_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', csrf: 'x' });
      if (f.status !== 401 || !['session_invalid', 'session_required'].includes(codeOf(f))) {
        problems.push(`${c.method} ${path} with a made-up cookie: ${show(f)}`);
      }
    }
    assert.deepEqual(problems, []);
    assert.equal(after ?? ctx.s.dump(), before, 'a request without a session changed the database');
  });
  test('static files need no session', async () => {
    const r = await call(ctx.s.url, 'GET', '/', { abs: true });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') || '', /text\/html/);
  });
});

describe('every route as every role, inside and outside the scope', () => {
  for (const c of cases) {
    test(`${c.key} (${c.access}; ${(c.roles || []).join(', ')})`, async () => {
      assert.ok(c.access && (c.access === 'public' || c.roles?.length), `${c.key} has no declared rule`);
      const ids = idsFor(c.path);
      const problems = [];
      for (const caller of callers()) {
        const s = await sessionFor(caller, c.key);
        const wheres = ids ? ['in', ...(caller.bound ? ['out'] : []), ...(ids.other ? ['other'] : [])] : ['none'];
        for (const where of wheres) {
          const path = ids ? await pathFor(c, ids, where) : c.path;
          const sess = where === wheres[0] ? s : await sessionFor(caller, c.key);
          const r = await as(ctx.s.url, sess, c.method, path, requestOpts(c));
          judge(r, expected(c, caller, where), `${caller.name}: ${c.method} ${path} (${where})`, problems);
        }
      }
      assert.deepEqual(problems, [], problems.join('\n'));
    });
  }

  test('the member reads their own record and periods; another member of the same cell is 404', async () => {
    const m = w.users.member;
    const own = await as(ctx.s.url, m, 'GET', `/members/${w.members.m1.id}`);
    assert.equal(own.status, 200, show(own));
    assert.equal(own.body.full_name, 'Nguyễn Văn Một');
    assert.equal((await as(ctx.s.url, m, 'GET', `/members/${w.members.m1.id}/units`)).status, 200);
    const other = await as(ctx.s.url, m, 'GET', `/members/${w.members.m1b.id}`);
    assert.equal(other.status, 404, show(other));
    // As if it did not exist: the same answer as an id nobody has.
    const none = await as(ctx.s.url, m, 'GET', '/members/99999999');
    assert.equal(other.body.error.code, none.body.error.code);
  });

  test('an outside record answers exactly like a record that does not exist', async () => {
    for (const role of ['secretary', 'officer', 'admin', 'auditor']) {
      const s = w.users[role];
      const out = await as(ctx.s.url, s, 'GET', `/members/${w.members.m2.id}`);
      const none = await as(ctx.s.url, s, 'GET', '/members/99999999');
      assert.equal(out.status, 404, `${role}: ${show(out)}`);
      assert.deepEqual(out.body, none.body, role);
    }
    const o = await as(ctx.s.url, w.users.officer, 'GET', `/units/${w.units.G2.id}`);
    const n = await as(ctx.s.url, w.users.officer, 'GET', '/units/99999999');
    assert.equal(o.status, 404);
    assert.deepEqual(o.body, n.body);
  });

  test('lists show only the caller\'s subtree', async () => {
    const names = async (s) => {
      const r = await as(ctx.s.url, s, 'GET', '/members?limit=500');
      assert.equal(r.status, 200, show(r));
      return r.body.items.map((x) => x.full_name).sort();
    };
    assert.deepEqual(await names(w.users.secretary), ['Nguyễn Văn Một', 'Trần Thị Bên']);
    assert.deepEqual(await names(w.users.officer), ['Nguyễn Văn Một', 'Trần Thị Bên']);
    assert.deepEqual(await names(w.users.auditor), ['Nguyễn Văn Một', 'Trần Thị Bên']);
    const roots = await as(ctx.s.url, w.users.officer, 'GET', '/units');
    assert.equal(roots.status, 200, show(roots));
    assert.deepEqual(roots.body.items.map((u) => u.code), [w.units.G1.code]);
    const sec = await as(ctx.s.url, w.users.secretary, 'GET', '/units');
    assert.deepEqual(sec.body.items.map((u) => u.code), [w.units.C1.code]);
  });

  test('an officer cannot create a record outside the subtree (422 unit_not_found naming the field)', async () => {
    const before = ctx.s.dump();
    const r = await as(ctx.s.url, w.users.officer, 'POST', '/members', { body: memberBody(w.units.C2.id, 'Ngoài Phạm Vi') });
    assert.equal(r.status, 422, show(r));
    assert.equal(r.body.error.code, 'unit_not_found');
    assert.equal(r.body.error.field, 'unit_id');
    const u = await as(ctx.s.url, w.users.officer, 'POST', '/units', { body: { kind: 'cell', code: 'P-G2-C9', name: 'Chi bộ lạ', parent_id: w.units.G2.id } });
    assert.equal(u.status, 422, show(u));
    assert.equal(u.body.error.field, 'parent_id');
    assert.equal(ctx.s.dump(), before);
  });
});

describe('CSRF', () => {
  const guarded = () => cases.filter((c) => STATE_CHANGING.has(c.method) && c.access !== 'public');

  test('every state-changing route without X-CSRF-Token, or with a wrong one, is 403 csrf_invalid and changes nothing', async () => {
    const problems = [];
    const before = ctx.s.dump();
    const other = w.users.admin; // another session's token is wrong too
    for (const c of guarded()) {
      const ids = idsFor(c.path);
      const path = ids ? fill(c.path, ids.in) : c.path;
      for (const [label, csrf] of [['no token', undefined], ['wrong token', 'x'.repeat(43)], ["another session's token", other.csrf], ['empty token', '']]) {
        const o = requestOpts(c);
        const headers = { ...(o.headers || {}) };
        if (csrf !== undefined) headers['x-csrf-token'] = csrf;
        const r = await call(ctx.s.url, c.method, path, { ...o, headers, cookie: root.cookie });
        if (r.status !== 403 || codeOf(r) !== 'csrf_invalid') problems.push(`${c.method} ${path} (${label}): ${show(r)}`);
      }
    }
    assert.deepEqual(problems, [], problems.join('\n'));
    assert.equal(ctx.s.dump(), before, 'a request refused for CSRF changed the database');
    // DELETE /session without the token did not end the session.
    assert.equal((await as(ctx.s.url, root, 'GET', '/me')).status, 200);
    await assertAlive(ctx);
  });

  test('requests that would succeed are refused without the token', async () => {
    const unit = { kind: 'cell', code: 'P-G1-C7', name: 'Chi bộ Bảy', parent_id: w.units.G1.id };
    const m = (await as(ctx.s.url, root, 'GET', `/members/${w.members.m1b.id}`)).body;
    const before = ctx.s.dump(); // after the read: opening a record is audited
    const attempts = [
      ['POST', '/units', { body: unit }],
      ['PATCH', `/members/${m.id}`, { body: { phone: '+84911111111' }, headers: { 'if-match': `"${m.version}"` } }],
      ['POST', '/users', { body: { login: 'csrf-victim', display_name: 'Nạn nhân', role: 'officer', unit_id: w.units.G1.id } }],
    ];
    for (const [method, path, o] of attempts) {
      const r = await call(ctx.s.url, method, path, { ...o, cookie: root.cookie });
      assert.equal(r.status, 403, `${method} ${path}: ${show(r)}`);
      assert.equal(codeOf(r), 'csrf_invalid');
    }
    assert.equal(ctx.s.dump(), before);
    // With the token the same unit is created: the refusal was the token's.
    const ok = await as(ctx.s.url, root, 'POST', '/units', { body: unit });
    assert.equal(ok.status, 201, show(ok));
  });

  test('GET needs no CSRF token', async () => {
    const r = await call(ctx.s.url, 'GET', '/me', { cookie: root.cookie });
    assert.equal(r.status, 200, show(r));
  });
});
