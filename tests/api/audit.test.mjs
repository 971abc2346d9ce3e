// audit.test.mjs -- the audit trail (issue 3, "Audit trail"; docs/api.md
// "The audit trail"): every create, update, status change, move,
// dissolution, import, export, sign-in (success and failure), sign-out and
// account change is in GET /audit with who, when, from which address, what,
// and the values before and after; opening a member's full record is there
// too; an auditor sees their subtree's entries only; filters by user, record,
// action and period; CSV export; `caunoi audit verify` passes a whole chain
// and names the entry of a chain altered with the sqlite3 CLI (triggers
// dropped first, as an attacker with the file would), with a row deleted,
// or with the newest row deleted.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createUser } from '../lib/server.mjs';
import { createMember, createUnit, setup } from './helpers.mjs';
import { as, call, codeOf, rawLogin, show, sql } from './auth_helpers.mjs';

let ctx;
let u; // units
let m; // members
let auditor;
let officerG2;
const T0 = new Date(Date.now() - 2000).toISOString();
before(async () => {
  ctx = await setup();
  u = {};
  u.P = await createUnit(ctx, { kind: 'committee', code: 'KT', name: 'Đảng bộ Kiểm tra' });
  u.G1 = await createUnit(ctx, { kind: 'grassroots', code: 'KT-G1', name: 'Đảng bộ cơ sở Một', parent_id: u.P.id });
  u.G2 = await createUnit(ctx, { kind: 'grassroots', code: 'KT-G2', name: 'Đảng bộ cơ sở Hai', parent_id: u.P.id });
  u.C1 = await createUnit(ctx, { kind: 'cell', code: 'KT-G1-C1', name: 'Chi bộ Một', parent_id: u.G1.id });
  u.C2 = await createUnit(ctx, { kind: 'cell', code: 'KT-G2-C2', name: 'Chi bộ Hai', parent_id: u.G2.id });
  m = {};
  m.a = await createMember(ctx, u.C1.id, 'Vũ Văn An', { phone: '+84911000001' });
  m.b = await createMember(ctx, u.C2.id, 'Hồ Thị Bình', { sex: 'F', birth_date: '1992-02-02' });
  auditor = await ctx.s.user({ role: 'auditor', unit: 'KT-G1', login: 'kt-auditor', name: 'Kiểm tra viên Một' });
  officerG2 = await ctx.s.user({ role: 'officer', unit: 'KT-G2', login: 'kt-officer2', name: 'Cán bộ Hai' });
});
after(async () => { await ctx?.s.stop(); });

const admin = () => ctx.s.admin;
const url = () => ctx.s.url;

// Every entry the installation administrator sees matching `query`.
async function entries(query = '', s = admin()) {
  const out = [];
  let cursor = null;
  for (let page = 0; page < 100; page++) {
    const sep = query ? '&' : '';
    const r = await as(url(), s, 'GET', `/audit?${query}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(r.status, 200, show(r));
    out.push(...r.body.items);
    if (!r.body.next_cursor) return out;
    cursor = r.body.next_cursor;
  }
  throw new Error('audit paging does not end');
}

// The newest entry about a record with an action matching `action`.
async function entryFor(recordType, recordId, action) {
  const list = await entries(`record_type=${recordType}&record_id=${recordId}`);
  const e = list.find((x) => action.test(x.action));
  assert.ok(e, `no ${action} entry for ${recordType} ${recordId}: ${JSON.stringify(list.map((x) => x.action))}`);
  return e;
}

// Who, when, where, what.
function assertWho(e, s = admin()) {
  assert.equal(e.user_id, s.user.id, JSON.stringify(e));
  assert.equal(e.actor, s.login, JSON.stringify(e));
  assert.equal(e.ip, '127.0.0.1', JSON.stringify(e));
  assert.match(e.at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
  assert.ok(Date.parse(e.at) >= Date.parse(T0) - 1000 && Date.parse(e.at) <= Date.now() + 1000, `at ${e.at}`);
  assert.match(e.hash, /^[0-9a-f]{64}$/);
  assert.ok(Number.isInteger(e.id));
}

const obj = (v) => (typeof v === 'string' ? JSON.parse(v) : v);

describe('what is recorded', () => {
  test('unit create, update, move and dissolve, with before and after', async () => {
    const x = await createUnit(ctx, { kind: 'cell', code: 'KT-G1-C9', name: 'Chi bộ Chín', parent_id: u.G1.id });
    const cr = await entryFor('unit', x.id, /^unit\.create$/);
    assertWho(cr);
    assert.equal(obj(cr.after).code, 'KT-G1-C9');
    assert.ok(cr.before === null || cr.before === undefined || Object.keys(obj(cr.before)).length === 0);

    const up = await ctx.patch(`/units/${x.id}`, { name: 'Chi bộ Chín Mới' }, { ifMatch: '"1"' });
    assert.equal(up.status, 200, show(up));
    const ue = await entryFor('unit', x.id, /^unit\.update$/);
    assertWho(ue);
    assert.equal(obj(ue.before).name, 'Chi bộ Chín');
    assert.equal(obj(ue.after).name, 'Chi bộ Chín Mới');

    const mv = await ctx.post(`/units/${x.id}/move`, { parent_id: u.G2.id }, { ifMatch: `"${up.body.version}"` });
    assert.equal(mv.status, 200, show(mv));
    const me = await entryFor('unit', x.id, /^unit\.move$/);
    assertWho(me);
    assert.ok(JSON.stringify(me.before).includes(String(u.G1.id)) || JSON.stringify(me.before).includes('KT-G1'), JSON.stringify(me));
    assert.ok(JSON.stringify(me.after).includes(String(u.G2.id)) || JSON.stringify(me.after).includes('KT-G2'), JSON.stringify(me));

    const ds = await ctx.post(`/units/${x.id}/dissolve`, { on: '2025-06-30' }, { ifMatch: `"${mv.body.version}"` });
    assert.equal(ds.status, 200, show(ds));
    const de = await entryFor('unit', x.id, /^unit\.dissolve$/);
    assertWho(de);
    assert.ok(JSON.stringify(de.after).includes('2025-06-30'), JSON.stringify(de));
  });

  test('member create, update, status change, with before and after; opening the full record is recorded', async () => {
    const x = await createMember(ctx, u.C1.id, 'Đinh Công Tráng', { phone: '+84911000002' });
    const cr = await entryFor('member', x.id, /^member\.create$/);
    assertWho(cr);
    assert.equal(obj(cr.after).full_name, 'Đinh Công Tráng');

    const up = await ctx.patch(`/members/${x.id}`, { phone: '+84911000003' }, { ifMatch: '"1"' });
    assert.equal(up.status, 200, show(up));
    const ue = await entryFor('member', x.id, /^member\.update$/);
    assertWho(ue);
    assert.equal(obj(ue.before).phone, '+84911000002');
    assert.equal(obj(ue.after).phone, '+84911000003');
    // Only what changed (and never more than the record holds).
    assert.equal(obj(ue.after).full_name ?? 'Đinh Công Tráng', 'Đinh Công Tráng');

    const st = await ctx.post(`/members/${x.id}/status`, { status: 'left', on: '2025-01-15' }, { ifMatch: `"${up.body.version}"` });
    assert.equal(st.status, 200, show(st));
    const se = await entryFor('member', x.id, /^member\.status$/);
    assertWho(se);
    assert.ok(JSON.stringify(se.after).includes('left'), JSON.stringify(se));
    assert.ok(JSON.stringify(se.before).includes('active'), JSON.stringify(se));

    const before = (await entries(`record_type=member&record_id=${x.id}`)).length;
    const g = await ctx.get(`/members/${x.id}`);
    assert.equal(g.status, 200);
    const list = await entries(`record_type=member&record_id=${x.id}`);
    assert.equal(list.length, before + 1, 'opening the record adds one entry');
    assertWho(list[0]);
    assert.match(list[0].action, /^member\.(read|view|open)$/);
    // A search does not open full records.
    await ctx.get('/members?q=trang');
    assert.equal((await entries(`record_type=member&record_id=${x.id}`)).length, before + 1);
  });

  test('import and export', async () => {
    const csv = 'Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào Đảng,Mã chi bộ\n'
      + 'Mạc Văn Nhập,Nam,1980-01-01,001080000771,2005-01-01,KT-G1-C1\n';
    const im = await ctx.req('POST', '/imports?file_name=ds.csv', { raw: Buffer.from(csv), headers: { 'content-type': 'text/csv' } });
    assert.equal(im.status, 200, show(im));
    const all = await entries();
    const imports = all.filter((e) => /import/.test(e.action));
    const ie = imports.find((e) => JSON.stringify(e).includes('ds.csv')) || imports[0];
    assert.ok(ie, `no import entry: ${JSON.stringify(all.slice(0, 8).map((e) => e.action))}`);
    assertWho(ie);
    assert.ok(JSON.stringify(ie.after).includes('1'), JSON.stringify(ie));
    // The created member has its own entry too, or the import names it.
    const ex = await call(url(), 'GET', '/members/export?unit=' + u.G1.id, { cookie: admin().cookie });
    assert.equal(ex.status, 200);
    const exports = (await entries()).filter((e) => /export/.test(e.action) && e.action !== 'audit.export');
    assert.ok(exports.length >= 1, 'no export entry');
    assertWho(exports[0]);
  });

  test('sign-in success and failure, sign-out, account changes', async () => {
    const acct = createUser(ctx.s.db, { role: 'officer', unit: 'KT-G1', login: 'kt-nhatky', name: 'Nhật Ký' });
    const created = await entryFor('user', acct.id, /^user\.create$/);
    assert.equal(created.actor, 'operator', 'an account made with the CLI is the operator\'s');
    assert.equal(created.user_id ?? null, null);
    assert.ok(!JSON.stringify(created).includes(acct.password), 'the one-time password is in the trail');

    const bad = await rawLogin(url(), 'kt-nhatky', 'sai mật khẩu rồi nhé');
    assert.equal(bad.status, 401);
    const unknown = await rawLogin(url(), 'khong-ton-tai', 'sai mật khẩu rồi nhé');
    assert.equal(unknown.status, 401);
    await new Promise((r) => setTimeout(r, 1100)); // the wait after a failure
    const ok = await rawLogin(url(), 'kt-nhatky', acct.password);
    assert.equal(ok.status, 200, show(ok));
    const s = ok.session;
    const ch = await as(url(), s, 'POST', '/me/password', { body: { current_password: acct.password, new_password: 'Ngọn đèn biển xa khơi 88' } });
    assert.ok(ch.status < 300, show(ch));
    const out = await as(url(), s, 'DELETE', '/session');
    assert.equal(out.status, 204);

    const all = await entries();
    const fails = all.filter((e) => /^login\.fail/.test(e.action));
    const f1 = fails.find((e) => e.actor === 'kt-nhatky' || e.record_id === acct.id);
    assert.ok(f1, `no failure entry for kt-nhatky: ${JSON.stringify(fails)}`);
    assert.equal(f1.ip, '127.0.0.1');
    assert.ok(!JSON.stringify(f1).includes('sai mật khẩu'), 'a typed password is in the trail');
    assert.ok(fails.some((e) => JSON.stringify(e).includes('khong-ton-tai')), 'the failure of an unknown login names what was typed');
    const mine = await entries(`user=${acct.id}`);
    const actions = mine.map((e) => e.action);
    assert.ok(actions.some((a) => /^login\.(success|ok)$/.test(a)), JSON.stringify(actions));
    assert.ok(actions.some((a) => /^(logout|session\.end|login\.logout)$/.test(a)), JSON.stringify(actions));
    assert.ok(actions.some((a) => /^user\.password/.test(a)), JSON.stringify(actions));
    for (const e of mine) assert.ok(!JSON.stringify(e).includes('Ngọn đèn biển'), 'a new password is in the trail');

    // Account changes by an administrator: update with before and after.
    const g = await ctx.req('GET', `/users/${acct.id}`);
    const p = await ctx.req('PATCH', `/users/${acct.id}`, { body: { display_name: 'Nhật Ký Mới' }, ifMatch: `"${g.body.version}"` });
    assert.equal(p.status, 200, show(p));
    const ue = await entryFor('user', acct.id, /^user\.update$/);
    assertWho(ue);
    assert.equal(obj(ue.before).display_name, 'Nhật Ký');
    assert.equal(obj(ue.after).display_name, 'Nhật Ký Mới');
    const c = await ctx.req('POST', '/users', { body: { login: 'kt-moi', display_name: 'Người Mới', role: 'secretary', unit_code: 'KT-G1-C1' } });
    assert.equal(c.status, 201, show(c));
    const ce = await entryFor('user', c.body.user.id, /^user\.create$/);
    assertWho(ce);
    assert.equal(obj(ce.after).login, 'kt-moi');
    assert.ok(!JSON.stringify(ce).includes(c.body.one_time_password));
  });
});

describe('reading the trail', () => {
  test('entries are newest first with the documented fields', async () => {
    const list = await entries();
    assert.ok(list.length > 10);
    for (let i = 1; i < list.length; i++) assert.ok(list[i - 1].id > list[i].id, 'newest first');
    for (const k of ['id', 'at', 'user_id', 'actor', 'ip', 'action', 'record_type', 'record_id', 'before', 'after', 'hash']) {
      assert.ok(k in list[0], `entry without ${k}: ${JSON.stringify(list[0])}`);
    }
    // Paging: small pages give the same entries, none twice.
    const paged = [];
    let cursor = null;
    for (;;) {
      const r = await as(url(), admin(), 'GET', `/audit?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(r.status, 200, show(r));
      assert.ok(r.body.items.length <= 7);
      paged.push(...r.body.items.map((e) => e.id));
      if (!r.body.next_cursor) break;
      cursor = r.body.next_cursor;
    }
    assert.equal(new Set(paged).size, paged.length, 'an entry on two pages');
    // Reading is not audited, so the pages hold exactly the trail as it is.
    assert.deepEqual(paged, (await entries()).map((e) => e.id));
  });

  test('an auditor of G1 sees the entries of G1 only; reading is not audited', async () => {
    const mine = await entries('', auditor);
    assert.ok(mine.length > 0, 'the auditor sees nothing');
    const ids = new Set(mine.map((e) => e.id));
    // Every record of G1's subtree, none of G2's or above.
    const all = await entries();
    const g2 = all.filter((e) => (e.record_type === 'unit' && [u.G2.id, u.C2.id, u.P.id].includes(e.record_id))
      || (e.record_type === 'member' && e.record_id === m.b.id));
    assert.ok(g2.length >= 3);
    for (const e of g2) assert.ok(!ids.has(e.id), `the auditor of G1 sees ${JSON.stringify(e)}`);
    const g1 = all.filter((e) => (e.record_type === 'unit' && [u.G1.id, u.C1.id].includes(e.record_id))
      || (e.record_type === 'member' && e.record_id === m.a.id));
    assert.ok(g1.length >= 3);
    for (const e of g1) assert.ok(ids.has(e.id), `the auditor of G1 misses ${JSON.stringify(e)}`);
    // The installation administrator's sign-in is not G1's business.
    assert.ok(!mine.some((e) => e.user_id === admin().user.id && /^login\./.test(e.action)));
    // Reading the trail adds nothing.
    const count = all.length;
    await entries('', auditor);
    assert.equal((await entries()).length, count);
    // Another subtree's officer may not read the trail at all.
    const r = await as(url(), officerG2, 'GET', '/audit');
    assert.equal(r.status, 403, show(r));
    assert.equal(codeOf(r), 'forbidden');
  });

  test('filters: user, record, action (exact and prefix), period', async () => {
    const byUser = await entries(`user=${admin().user.id}`);
    assert.ok(byUser.length > 0);
    assert.ok(byUser.every((e) => e.user_id === admin().user.id));
    const byRecord = await entries(`record_type=member&record_id=${m.a.id}`);
    assert.ok(byRecord.length > 0);
    assert.ok(byRecord.every((e) => e.record_type === 'member' && e.record_id === m.a.id));
    const exact = await entries('action=unit.create');
    assert.ok(exact.length >= 5);
    assert.ok(exact.every((e) => e.action === 'unit.create'));
    const prefix = await entries('action=member.*');
    assert.ok(prefix.length > 0);
    assert.ok(prefix.every((e) => e.action.startsWith('member.')));
    assert.ok(new Set(prefix.map((e) => e.action)).size > 1, 'a prefix matches several actions');
    const today = new Date().toISOString().slice(0, 10);
    const day = (d) => new Date(Date.now() + d * 86400000).toISOString().slice(0, 10);
    const all = await entries();
    assert.equal((await entries(`from=${day(-1)}&to=${day(1)}`)).length, all.length);
    assert.equal((await entries(`from=${day(1)}`)).length, 0);
    assert.equal((await entries(`to=${day(-1)}`)).length, 0);
    assert.ok((await entries(`from=${today}&to=${today}`)).length > 0 || new Date().getUTCHours() < 1);
    const both = await entries(`user=${admin().user.id}&action=member.*`);
    assert.ok(both.every((e) => e.user_id === admin().user.id && e.action.startsWith('member.')));
    // 'user=abc' was refused while only numbers were accepted; a login is
    // accepted now (next test), so a value no login can be stands for it.
    for (const bad of ['from=2025-02-30', 'limit=0', 'user=ab%20c', 'user=0', 'cursor=%21%21']) {
      const r = await as(url(), admin(), 'GET', `/audit?${bad}`);
      assert.equal(r.status, 400, `${bad}: ${show(r)}`);
    }
  });

  test('user= takes a login as well as a number; an unknown login is an empty list', async () => {
    const byId = await entries(`user=${admin().user.id}`);
    const byLogin = await entries(`user=${encodeURIComponent(admin().login)}`);
    assert.ok(byLogin.length > 0);
    assert.deepEqual(byLogin.map((e) => e.id), byId.map((e) => e.id));
    const upper = await entries(`user=${encodeURIComponent(admin().login.toUpperCase())}`);
    assert.equal(upper.length, byId.length, 'a login in another case is the same login');
    // The auditor of G1 filters by the officer's login: only G1's entries.
    const mine = await entries(`user=${encodeURIComponent(auditor.login)}`, auditor);
    assert.ok(mine.every((e) => e.user_id === auditor.user.id));
    for (const unknown of ['abc', 'khong-co-ai', '12ab']) {
      const r = await as(url(), admin(), 'GET', `/audit?user=${unknown}`);
      assert.equal(r.status, 200, `${unknown}: ${show(r)}`);
      assert.deepEqual(r.body.items, [], unknown);
    }
    const csv = await call(url(), 'GET', `/audit/export?user=${encodeURIComponent(admin().login)}&action=member.*`, { cookie: admin().cookie });
    assert.equal(csv.status, 200, show(csv));
    const rows = csv.text.replace(/^\uFEFF/, '').split(/\r\n/).filter(Boolean);
    assert.equal(rows.length - 1, (await entries(`user=${admin().user.id}&action=member.*`)).length);
  });

  test('CSV export of the same entries, itself audited', async () => {
    const list = await entries('action=member.*');
    const r = await call(url(), 'GET', '/audit/export?action=member.*', { cookie: admin().cookie });
    assert.equal(r.status, 200, show(r));
    assert.match(r.headers.get('content-type') || '', /^text\/csv/);
    const text = r.text.replace(/^\uFEFF/, '');
    const lines = text.split(/\r\n/).filter(Boolean);
    assert.ok(lines.length >= list.length + 1, `${lines.length} lines for ${list.length} entries`);
    for (const e of list.slice(0, 5)) assert.ok(text.includes(e.action) && text.includes(String(e.id)), `entry ${e.id} not in the CSV`);
    const ex = (await entries()).filter((e) => /^audit\.export$/.test(e.action));
    assert.ok(ex.length >= 1, 'the audit export is not itself audited');
    const au = await call(url(), 'GET', '/audit/export', { cookie: auditor.cookie });
    assert.equal(au.status, 200);
    assert.ok(!au.text.includes('Hồ Thị Bình'), 'the auditor of G1 exports G2 data');
  });
});

describe('caunoi audit verify', () => {
  // A consistent copy of the live database to tamper with.
  let copies = 0;
  function copy() {
    const p = join(ctx.s.dir, `copy-${++copies}.db`);
    sql(ctx.s.db, `.backup '${p}'`, { readonly: false });
    sql(p, 'DROP TRIGGER IF EXISTS audit_no_update; DROP TRIGGER IF EXISTS audit_no_delete;');
    return p;
  }
  const verify = (db) => ctx.s.cli(['audit', 'verify', '--db', db]);
  const ids = (db) => sql(db, 'SELECT id FROM audit_log ORDER BY id', { readonly: true }).trim().split('\n').map(Number);

  test('a whole chain verifies (exit 0), from the CLI and GET /audit/verify', async () => {
    const r = verify('$DB');
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    const n = ids(ctx.s.db).length;
    assert.ok(n >= 5);
    assert.match(r.stdout, new RegExp(`\\b${n}\\b`), `the count of entries: ${r.stdout}`);
    const api = await as(url(), admin(), 'GET', '/audit/verify');
    assert.equal(api.status, 200, show(api));
    assert.equal(api.body.ok, true);
    assert.ok(api.body.entries >= n);
    assert.ok(!api.body.first_bad_id);
  });

  test('an altered entry is named', () => {
    const db = copy();
    const all = ids(db);
    const k = all[Math.floor(all.length / 2)];
    sql(db, `UPDATE audit_log SET actor = 'ke-gian' WHERE id = ${k}`);
    const r = verify(db);
    assert.equal(r.status, 1, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout + r.stderr, new RegExp(`\\b${k}\\b`), `entry ${k} not named: ${r.stdout}${r.stderr}`);
    // Altering the values, the hash kept: named too.
    const db2 = copy();
    const k2 = all[3];
    sql(db2, `UPDATE audit_log SET after = '{"phone":"+84900000000"}' WHERE id = ${k2}`);
    const r2 = verify(db2);
    assert.equal(r2.status, 1);
    assert.match(r2.stdout + r2.stderr, new RegExp(`\\b${k2}\\b`));
  });

  test('a deleted entry is found', () => {
    const db = copy();
    const all = ids(db);
    const k = all[Math.floor(all.length / 3)];
    sql(db, `DELETE FROM audit_log WHERE id = ${k}`);
    const r = verify(db);
    assert.equal(r.status, 1, `${r.stdout}${r.stderr}`);
    const out = r.stdout + r.stderr;
    assert.ok(new RegExp(`\\b(${k}|${k + 1})\\b`).test(out), `entry ${k} (or the one after it) not named: ${out}`);
  });

  test('a deleted newest entry is found', () => {
    const db = copy();
    const all = ids(db);
    const k = all[all.length - 1];
    sql(db, `DELETE FROM audit_log WHERE id = ${k}`);
    const r = verify(db);
    assert.equal(r.status, 1, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout + r.stderr, new RegExp(`\\b(${k}|${k - 1})\\b`));
  });

  test('an inserted entry is found', () => {
    const db = copy();
    const all = ids(db);
    const last = all[all.length - 1];
    const prev = sql(db, `SELECT hash FROM audit_log WHERE id = ${last}`, { readonly: true }).trim();
    sql(db, `INSERT INTO audit_log (id, at, user_id, actor, ip, action, record_type, record_id, scope_path, before, after, prev_hash, hash)
      VALUES (${last + 1}, '2026-01-01T00:00:00Z', NULL, 'operator', '', 'member.update', 'member', ${m.a.id}, '/', NULL, '{"phone":"x"}', '${prev}', '${'ab'.repeat(32)}')`);
    const r = verify(db);
    assert.equal(r.status, 1, `${r.stdout}${r.stderr}`);
    assert.match(r.stdout + r.stderr, new RegExp(`\\b${last + 1}\\b`));
  });

  test('the live database altered under the running server: GET /audit/verify names it', async () => {
    const all = ids(ctx.s.db);
    const k = all[5];
    sql(ctx.s.db, `DROP TRIGGER audit_no_update; UPDATE audit_log SET ip = '10.0.0.1' WHERE id = ${k}`);
    const api = await as(url(), admin(), 'GET', '/audit/verify');
    assert.equal(api.status, 200, show(api));
    assert.equal(api.body.ok, false);
    assert.equal(api.body.first_bad_id, k);
    assert.equal(api.body.problem, 'altered');
    const r = verify('$DB');
    assert.equal(r.status, 1);
    assert.match(r.stdout + r.stderr, new RegExp(`\\b${k}\\b`));
  });
});

describe('append-only through SQL', () => {
  test('UPDATE and DELETE on audit_log are refused by the database', () => {
    const p = join(ctx.s.dir, 'append-only.db');
    sql(ctx.s.db, `.backup '${p}'`);
    // The copy keeps the delete trigger (the live test above dropped only the update one).
    assert.throws(() => sql(p, 'DELETE FROM audit_log WHERE id = 1'), /audit_append_only/);
  });
});
