// dashboard.test.mjs -- GET /dashboard (docs/api.md "Dashboard"): the
// figures of a subtree today, each equal to the count of the list it links
// to (trips abroad and open, transfers in transit and overdue, exemptions
// expired, the compliance findings and the headline), a figure moving when
// a transfer is received abroad, and scope: staff only, another subtree's
// unit 404, a member 403, the default the caller's own unit.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { allPages, createMember, createTree, refused, setup } from './helpers.mjs';

let ctx;
let t;
const m = {};
const u = {};
let pending; // a transfer in transit since 60 days

const vnDay = (offset = 0) => new Date(Date.now() + 7 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
const TODAY = vnDay();

const as = (who) => ({
  get: (path, opts = {}) => ctx.req('GET', path, { ...opts, session: who }),
  post: (path, body, opts = {}) => ctx.req('POST', path, { ...opts, session: who, body }),
});

// File a trip for `memberId` as the secretary, approve it and, with
// `depart`, record the departure today.
async function tripOf(memberId, countries, days, { depart = true } = {}) {
  const step = async (who, trip, action, body = {}) => {
    const r = await as(who).post(`/trips/${trip.id}/actions/${action}`, body, { ifMatch: `"${trip.version}"` });
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const c = await as(u.secretary).post('/trips', {
    member_id: memberId, purpose: 'tourism', countries, payer: 'self',
    planned_departure: TODAY, planned_return: vnDay(days),
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  let trip = await step(u.secretary, c.body, 'submit');
  trip = await step(u.secretary, trip, 'opinion', { outcome: 'agree' });
  trip = await step(u.officer, trip, 'decide', { outcome: 'approved' });
  return depart ? step(u.secretary, trip, 'depart', { date: TODAY }) : trip;
}

before(async () => {
  ctx = await setup();
  t = await createTree(ctx);
  m.an = await createMember(ctx, t.bd1.id, 'Đặng Văn An');
  m.binh = await createMember(ctx, t.bd1.id, 'Lê Thị Bình', { sex: 'F', birth_date: '1990-02-11' });
  m.cuong = await createMember(ctx, t.bd1.id, 'Trịnh Văn Cường');
  m.dung = await createMember(ctx, t.hk1.id, 'Hoàng Văn Dũng');
  u.officer = await ctx.s.user({ role: 'officer', unit: 'HN-BD', login: 'canbo.bd' });
  u.officerHk = await ctx.s.user({ role: 'officer', unit: 'HN-HK', login: 'canbo.hk' });
  u.secretary = await ctx.s.user({ role: 'secretary', unit: 'HN-BD-01', login: 'bithu.bd01' });
  u.secretaryDe = await ctx.s.user({ role: 'secretary', unit: 'NN-DE-01', login: 'bithu.de01' });
  u.auditor = await ctx.s.user({ role: 'auditor', unit: 'HN-BD', login: 'kiemtra.bd' });
  u.member = await ctx.s.user({ role: 'member', unit: 'HN-BD-01', member: m.an.id, login: 'an.dang' });
  // An abroad in Japan for half a year with no arrangement; Cường in Thailand for a week.
  await tripOf(m.an.id, ['JP'], 180);
  await tripOf(m.cuong.id, ['TH'], 7);
  // Bình approved for Korea but not gone yet: not abroad, though in progress.
  await tripOf(m.binh.id, ['KR'], 10, { depart: false });
  // Bình's letter to Berlin, issued 60 days ago and not yet presented.
  const x = await as(u.officer).post('/transfers', { member_id: m.binh.id, kind: 'temporary', to_unit_id: t.de1.id, issued_on: vnDay(-60) });
  assert.equal(x.status, 201, JSON.stringify(x.body));
  pending = x.body;
  // An exemption of Cường that ended ten days ago.
  const e = await as(u.officer).post('/exemptions', {
    member_id: m.cuong.id, kind: 'temporary', reason: 'Ốm', starts_on: vnDay(-100), ends_on: vnDay(-10), decided_on: vnDay(-100),
  });
  assert.equal(e.status, 201, JSON.stringify(e.body));
});
after(async () => { await ctx?.s.stop(); });

describe('the figures and the lists behind them', () => {
  let d;

  test('the officer\'s dashboard: its unit, today, every figure present', async () => {
    const r = await as(u.officer).get('/dashboard');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    d = r.body;
    assert.equal(d.as_of, TODAY);
    assert.deepEqual(d.unit, { id: t.bd.id, code: 'HN-BD', name: 'Đảng bộ phường Ba Đình' });
    for (const k of ['abroad_without_arrangement', 'abroad_now', 'trips_in_progress', 'reports_due', 'reports_overdue',
      'transfers_pending', 'transfers_overdue', 'exemptions_expiring', 'exemptions_expired', 'violations', 'obligations']) {
      assert.equal(typeof d[k], 'number', k);
    }
    assert.equal(d.abroad_now, 2);
    assert.deepEqual(d.abroad_by_country.map((c) => [c.country, c.n]).sort(), [['JP', 1], ['TH', 1]]);
    assert.equal(d.abroad_by_cell_type.reduce((a, c) => a + c.n, 0), 2);
    assert.equal(d.transfers_pending, 1);
    assert.equal(d.transfers_overdue, 1);
    assert.equal(d.exemptions_expired, 1);
    assert.ok(d.abroad_without_arrangement >= 1, JSON.stringify(d));
  });

  test('members abroad = GET /trips?state=abroad&unit=, by country with &country=', async () => {
    const abroad = await allPages(ctx, `/trips?state=abroad&unit=${t.bd.id}`, 50);
    assert.equal(abroad.items.length, d.abroad_now);
    assert.ok(abroad.items.every((i) => ['departed', 'extension_requested'].includes(i.state)));
    for (const c of d.abroad_by_country) {
      const r = await as(u.officer).get(`/trips?state=abroad&unit=${t.bd.id}&country=${c.country}`);
      assert.equal(r.body.items.length, c.n, c.country);
    }
  });

  test('trips in progress = GET /trips?state=open; transfers = GET /transfers?state=open; expired = GET /exemptions?expired=1', async () => {
    const open = await allPages(ctx, `/trips?state=open&unit=${t.bd.id}`, 50);
    assert.equal(open.items.length, d.trips_in_progress);
    const transfers = (await as(u.officer).get(`/transfers?state=open&unit=${t.bd.id}`)).body.items;
    assert.equal(transfers.length, d.transfers_pending);
    assert.equal(transfers.filter((x) => x.overdue).length, d.transfers_overdue);
    const expired = (await as(u.officer).get('/exemptions?expired=1')).body.items;
    assert.equal(expired.length, d.exemptions_expired);
  });

  test('violations, obligations, the headline and each rule = GET /compliance?unit=&rule=', async () => {
    const c = (await as(u.officer).get(`/compliance?unit=${t.bd.id}`)).body;
    assert.equal(d.violations, c.violations);
    assert.equal(d.obligations, c.obligations);
    assert.equal(d.abroad_without_arrangement, c.abroad_without_arrangement);
    assert.equal(d.violations_by_rule.reduce((a, r) => a + r.n, 0), d.violations);
    for (const r of d.violations_by_rule) {
      const one = (await as(u.officer).get(`/compliance?unit=${t.bd.id}&rule=${r.rule}`)).body;
      assert.equal(one.violations, r.n, r.rule);
      assert.equal(typeof r.rule_name, 'string');
    }
    assert.ok(d.violations_by_rule.some((r) => r.rule === 'transfer.not_received'), JSON.stringify(d.violations_by_rule));
    const reports = (await as(u.officer).get(`/compliance?unit=${t.bd.id}&rule=trip.report_due`)).body;
    assert.equal(reports.obligations, d.reports_due);
    assert.equal(reports.violations, d.reports_overdue);
  });

  test('rule names in English on request', async () => {
    const r = await as(u.officer).get('/dashboard', { lang: 'en' });
    const rule = r.body.violations_by_rule.find((x) => x.rule === 'transfer.not_received');
    assert.equal(rule.rule_name, 'Introduction letter not presented within 30 working days');
  });
});

describe('moving figures and scope', () => {
  test('a transfer received abroad leaves the pending figures', async () => {
    const got = await as(u.secretaryDe).post(`/transfers/${pending.id}/actions/receive`, {}, { ifMatch: `"${pending.version}"` });
    assert.equal(got.status, 200, JSON.stringify(got.body));
    const d = (await as(u.officer).get('/dashboard')).body;
    assert.equal(d.transfers_pending, 0);
    assert.equal(d.transfers_overdue, 0);
    assert.ok(!d.violations_by_rule.some((r) => r.rule === 'transfer.not_received'));
  });

  test('a cell\'s dashboard by unit; the installation administrator\'s covers the whole tree', async () => {
    const cell = await as(u.officer).get(`/dashboard?unit=${t.bd2.id}`);
    assert.equal(cell.status, 200);
    assert.equal(cell.body.unit.code, 'HN-BD-02');
    assert.equal(cell.body.abroad_now, 0);
    const sec = await as(u.secretary).get('/dashboard');
    assert.equal(sec.body.unit.code, 'HN-BD-01');
    assert.equal(sec.body.abroad_now, 2);
    const aud = await as(u.auditor).get('/dashboard');
    assert.equal(aud.status, 200);
    const all = await ctx.get('/dashboard');
    assert.equal(all.status, 200);
    assert.equal(all.body.unit, null);
    assert.ok(all.body.abroad_now >= 2);
  });

  test('another subtree sees none of it, and our unit is 404 to it; a member is 403', async () => {
    const hk = (await as(u.officerHk).get('/dashboard')).body;
    assert.equal(hk.abroad_now, 0);
    assert.equal(hk.unit.code, 'HN-HK');
    await refused(ctx, () => as(u.officerHk).get(`/dashboard?unit=${t.bd.id}`), 404, 'unit_not_found');
    await refused(ctx, () => as(u.member).get('/dashboard'), 403, 'forbidden');
    await refused(ctx, () => as(u.officer).get('/dashboard?unit=0'), 400, 'query_value');
  });

  test('reading the dashboard writes nothing', async () => {
    const before = ctx.s.dump();
    assert.equal((await as(u.officer).get('/dashboard')).status, 200);
    assert.equal(ctx.s.dump(), before);
  });
});
