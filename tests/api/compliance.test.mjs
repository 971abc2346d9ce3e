// compliance.test.mjs -- the compliance engine and its alerts through the
// API (docs/api.md "Compliance and alerts"): a subtree's findings as of
// today and as of past dates (what was known then), kept to one rule, a
// member's own findings only, the scan that opens an alert once and
// resolves it when the violation is gone, and the refusals (unknown rule,
// bad dates, roles, another subtree's unit), each leaving the database
// unchanged.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMember, createTree, refused, setup } from './helpers.mjs';

let ctx;
let t;
const m = {};
const u = {};
let late; // a transfer issued 60 days ago, still in transit
let trip; // An's trip, submitted: waiting for the cell

const vnDay = (offset = 0) => new Date(Date.now() + 7 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
const TODAY = vnDay();

const as = (who) => ({
  get: (path, opts = {}) => ctx.req('GET', path, { ...opts, session: who }),
  post: (path, body, opts = {}) => ctx.req('POST', path, { ...opts, session: who, body }),
});

before(async () => {
  ctx = await setup();
  t = await createTree(ctx);
  m.an = await createMember(ctx, t.bd1.id, 'Đặng Văn An');
  m.binh = await createMember(ctx, t.bd1.id, 'Lê Thị Bình', { sex: 'F', birth_date: '1990-02-11' });
  m.dung = await createMember(ctx, t.hk1.id, 'Hoàng Văn Dũng');
  u.officer = await ctx.s.user({ role: 'officer', unit: 'HN-BD', login: 'canbo.bd' });
  u.officerHk = await ctx.s.user({ role: 'officer', unit: 'HN-HK', login: 'canbo.hk' });
  u.secretary = await ctx.s.user({ role: 'secretary', unit: 'HN-BD-01', login: 'bithu.bd01' });
  u.secretaryDe = await ctx.s.user({ role: 'secretary', unit: 'NN-DE-01', login: 'bithu.de01' });
  u.auditor = await ctx.s.user({ role: 'auditor', unit: 'HN-BD', login: 'kiemtra.bd' });
  u.an = await ctx.s.user({ role: 'member', unit: 'HN-BD-01', member: m.an.id, login: 'an.dang' });
  u.binh = await ctx.s.user({ role: 'member', unit: 'HN-BD-01', member: m.binh.id, login: 'binh.le' });
  // Bình's letter was issued 60 days ago and never presented: overdue.
  const x = await as(u.officer).post('/transfers', { member_id: m.binh.id, kind: 'temporary', to_unit_id: t.de1.id, issued_on: vnDay(-60) });
  assert.equal(x.status, 201, JSON.stringify(x.body));
  late = x.body;
  // An's trip, submitted today: the cell owes its opinion.
  const c = await as(u.an).post('/trips', { purpose: 'tourism', countries: ['TH'], payer: 'self', planned_departure: vnDay(30), planned_return: vnDay(40) });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const s = await as(u.an).post(`/trips/${c.body.id}/actions/submit`, {}, { ifMatch: `"${c.body.version}"` });
  assert.equal(s.status, 200, JSON.stringify(s.body));
  trip = s.body;
});
after(async () => { await ctx?.s.stop(); });

const find = (items, rule, memberId) => items.filter((f) => f.rule === rule && f.member.id === memberId);

describe('the check', () => {
  test('today: the letter not presented is a violation, the cell\'s opinion an obligation, each named', async () => {
    const r = await as(u.officer).get('/compliance');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const c = r.body;
    assert.equal(c.as_of, TODAY);
    assert.ok(c.members_checked >= 2, JSON.stringify(c));
    assert.equal(c.members_abroad, 0);
    assert.equal(c.violations, c.items.filter((f) => f.kind === 'violation').length);
    assert.equal(c.obligations, c.items.filter((f) => f.kind === 'obligation').length);
    const [v] = find(c.items, 'transfer.not_received', m.binh.id);
    assert.ok(v, JSON.stringify(c.items));
    assert.equal(v.kind, 'violation');
    assert.deepEqual(v.member, { id: m.binh.id, full_name: 'Lê Thị Bình' });
    assert.equal(v.transfer_id, late.id);
    assert.equal(v.trip_id, null);
    assert.equal(v.exemption_id, null);
    assert.equal(v.party, 'member');
    assert.equal(v.due, late.receive_due);
    assert.ok(v.since > v.due, JSON.stringify(v));
    assert.equal(v.rule_name, 'Giấy giới thiệu chưa được nộp cho nơi đến trong 30 ngày làm việc');
    const [o] = find(c.items, 'trip.opinion_pending', m.an.id);
    assert.ok(o, JSON.stringify(c.items));
    assert.equal(o.kind, 'obligation');
    assert.equal(o.trip_id, trip.id);
    assert.equal(o.party, 'cell');
    assert.equal(o.member.full_name, 'Đặng Văn An');
    // Violations come first.
    const kinds = c.items.map((f) => f.kind);
    assert.deepEqual(kinds, [...kinds].sort((a, b) => (a === b ? 0 : a === 'violation' ? -1 : 1)));
  });

  test('rule names in English on request', async () => {
    const r = await as(u.officer).get('/compliance?rule=transfer.not_received', { lang: 'en' });
    assert.equal(r.body.items[0].rule_name, 'Introduction letter not presented within 30 working days');
  });

  test('as of past dates: what was known then', async () => {
    // Thirty days ago the letter was in transit but not yet late.
    const month = await as(u.officer).get(`/compliance?as_of=${vnDay(-30)}`);
    assert.equal(month.status, 200, JSON.stringify(month.body));
    assert.equal(month.body.as_of, vnDay(-30));
    const [then] = find(month.body.items, 'transfer.not_received', m.binh.id);
    assert.equal(then.kind, 'obligation');
    assert.equal(then.due, late.receive_due);
    // Before it was issued there was nothing to present, and the trip did not exist.
    const before = await as(u.officer).get(`/compliance?as_of=${vnDay(-61)}`);
    assert.deepEqual(find(before.body.items, 'transfer.not_received', m.binh.id), []);
    assert.deepEqual(find(before.body.items, 'trip.opinion_pending', m.an.id), []);
  });

  test('rule= keeps one rule\'s findings, counted', async () => {
    const r = await as(u.officer).get('/compliance?rule=trip.opinion_pending');
    assert.ok(r.body.items.length >= 1);
    assert.ok(r.body.items.every((f) => f.rule === 'trip.opinion_pending'), JSON.stringify(r.body.items));
    assert.equal(r.body.obligations, r.body.items.length);
    assert.equal(r.body.violations, 0);
    const none = await as(u.officer).get('/compliance?rule=probation.abroad');
    assert.deepEqual(none.body.items, []);
    assert.equal(none.body.violations + none.body.obligations, 0);
  });

  test('a subtree by unit; another subtree sees none of it, and its unit is 404 to us', async () => {
    const cell = await as(u.officer).get(`/compliance?unit=${t.bd1.id}`);
    assert.equal(cell.status, 200);
    assert.ok(find(cell.body.items, 'transfer.not_received', m.binh.id).length === 1);
    const other = await as(u.officer).get(`/compliance?unit=${t.bd2.id}`);
    assert.deepEqual(other.body.items, []);
    const hk = await as(u.officerHk).get('/compliance');
    assert.ok(hk.body.items.every((f) => f.member.id === m.dung.id), JSON.stringify(hk.body.items));
    await refused(ctx, () => as(u.officerHk).get(`/compliance?unit=${t.bd.id}`), 404, 'unit_not_found');
  });

  test('a member sees their own findings only', async () => {
    const an = await as(u.an).get('/compliance');
    assert.equal(an.status, 200, JSON.stringify(an.body));
    assert.ok(an.body.items.length >= 1);
    assert.ok(an.body.items.every((f) => f.member.id === m.an.id), JSON.stringify(an.body.items));
    const binh = await as(u.binh).get('/compliance');
    assert.ok(binh.body.items.every((f) => f.member.id === m.binh.id));
    assert.equal(find(binh.body.items, 'transfer.not_received', m.binh.id).length, 1);
  });

  test('refused: an unknown rule (422), a malformed date (400), a date off the calendar (422)', async () => {
    const r = await refused(ctx, () => as(u.officer).get('/compliance?rule=trip.nothing'), 422, 'compliance_rule_unknown', 'rule');
    assert.equal(r.body.error.arg, 'trip.nothing');
    await refused(ctx, () => as(u.officer).get('/compliance?as_of=2026-13-01'), 400, 'query_value');
    await refused(ctx, () => as(u.officer).get('/compliance?as_of=1900-01-01'), 422, 'calendar_out_of_range');
    await refused(ctx, () => as(u.officer).get('/compliance?unit=abc'), 400, 'query_value');
  });
});

describe('the alerts', () => {
  test('a scan opens one alert per violation and lists it', async () => {
    const r = await as(u.officer).post('/alerts/scan', {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.as_of, TODAY);
    assert.ok(r.body.members_checked >= 2);
    const check = await as(u.officer).get('/compliance');
    assert.equal(r.body.opened, check.body.violations);
    assert.equal(r.body.open, check.body.violations);
    assert.equal(r.body.resolved, 0);
    const list = await as(u.officer).get('/alerts');
    assert.equal(list.status, 200);
    const [al] = list.body.items.filter((a) => a.rule === 'transfer.not_received');
    assert.ok(al, JSON.stringify(list.body));
    assert.deepEqual(al.member, { id: m.binh.id, full_name: 'Lê Thị Bình' });
    assert.equal(al.transfer_id, late.id);
    assert.equal(al.trip_id, null);
    assert.equal(al.party, 'member');
    assert.equal(al.due, late.receive_due);
    assert.match(al.opened_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal(al.resolved_at, null);
    assert.equal(al.rule_name, 'Giấy giới thiệu chưa được nộp cho nơi đến trong 30 ngày làm việc');
  });

  test('scanning again opens nothing twice and writes nothing', async () => {
    const before = ctx.s.dump();
    const r = await as(u.officer).post('/alerts/scan', { unit_id: t.bd.id });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.opened, 0);
    assert.equal(r.body.resolved, 0);
    assert.equal(ctx.s.dump(), before);
  });

  test('by member, by unit, and a member their own', async () => {
    assert.equal((await as(u.officer).get(`/alerts?member=${m.binh.id}`)).body.items.length, 1);
    assert.deepEqual((await as(u.officer).get(`/alerts?member=${m.an.id}`)).body.items, []);
    assert.equal((await as(u.officer).get(`/alerts?unit=${t.bd1.id}`)).body.items.length, 1);
    assert.deepEqual((await as(u.officer).get(`/alerts?unit=${t.bd2.id}`)).body.items, []);
    assert.equal((await as(u.binh).get('/alerts')).body.items.length, 1);
    assert.deepEqual((await as(u.an).get('/alerts')).body.items, []);
    await refused(ctx, () => as(u.an).get(`/alerts?member=${m.binh.id}`), 404, 'member_not_found');
    assert.deepEqual((await as(u.officerHk).get('/alerts')).body.items, []);
    await refused(ctx, () => as(u.officerHk).get(`/alerts?unit=${t.bd.id}`), 404, 'unit_not_found');
  });

  test('the scan is the officers\' and administrators\': others 403, another subtree\'s unit 404', async () => {
    await refused(ctx, () => as(u.secretary).post('/alerts/scan', {}), 403, 'forbidden');
    await refused(ctx, () => as(u.auditor).post('/alerts/scan', {}), 403, 'forbidden');
    await refused(ctx, () => as(u.an).post('/alerts/scan', {}), 403, 'forbidden');
    await refused(ctx, () => as(u.officerHk).post('/alerts/scan', { unit_id: t.bd.id }), 404, 'unit_not_found');
    await refused(ctx, () => as(u.officer).post('/alerts/scan', { unit: t.bd.id }), 400, 'json_unknown_field');
    await refused(ctx, () => as(u.officer).post('/alerts/scan', { unit_id: 'HN-BD' }), 400, 'json_type');
  });

  test('when the letter is presented the next scan resolves the alert; all=1 shows it resolved', async () => {
    const got = await as(u.secretaryDe).post(`/transfers/${late.id}/actions/receive`, {}, { ifMatch: `"${late.version}"` });
    assert.equal(got.status, 200, JSON.stringify(got.body));
    const r = await as(u.officer).post('/alerts/scan', {});
    assert.equal(r.status, 200);
    assert.equal(r.body.resolved, 1);
    assert.equal(r.body.opened, 0);
    assert.deepEqual((await as(u.officer).get('/alerts')).body.items.filter((a) => a.rule === 'transfer.not_received'), []);
    const all = await as(u.officer).get('/alerts?all=1');
    const [al] = all.body.items.filter((a) => a.rule === 'transfer.not_received');
    assert.match(al.resolved_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const audit = await ctx.get('/audit?action=alerts.scan');
    assert.equal(audit.body.items.length, 2); // the scans that changed something
  });

  test('paged newest first', async () => {
    const all = await as(u.officer).get('/alerts?all=1');
    const ids = all.body.items.map((a) => a.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
    if (ids.length > 1) {
      const p1 = await as(u.officer).get('/alerts?all=1&limit=1');
      assert.deepEqual(p1.body.items.map((a) => a.id), [ids[0]]);
      const p2 = await as(u.officer).get(`/alerts?all=1&limit=1&cursor=${p1.body.next_cursor}`);
      assert.deepEqual(p2.body.items.map((a) => a.id), [ids[1]]);
    } else {
      assert.equal((await as(u.officer).get('/alerts?all=1&limit=1')).body.next_cursor, undefined);
    }
    await refused(ctx, () => as(u.officer).get('/alerts?cursor=x'), 422, 'cursor_invalid');
  });
});
