// exemptions.test.mjs -- exemptions from party activity through the API
// (docs/api.md "Exemptions"): granting a temporary one and a full one,
// listing (by member, expired only), revoking with If-Match, and every
// refusal DOMAIN.md names (too long, dates out of order, a full one at
// home, a unit abroad the member can attend, abroad where a unit exists),
// each with its status and code and the database unchanged. Scope: another
// subtree gets 404.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, createMember, createTree, refused, setup } from './helpers.mjs';

let ctx;
let t;
const m = {};
const u = {};

const vnDay = (offset = 0) => new Date(Date.now() + 7 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
const TODAY = vnDay();

before(async () => {
  ctx = await setup();
  t = await createTree(ctx);
  m.an = await createMember(ctx, t.bd1.id, 'Đặng Văn An');
  m.binh = await createMember(ctx, t.bd1.id, 'Lê Thị Bình', { sex: 'F', birth_date: '1990-02-11' });
  m.chi = await createMember(ctx, t.bd2.id, 'Phạm Văn Chí');
  m.dao = await createMember(ctx, t.bd2.id, 'Ngô Thị Đào', { sex: 'F', birth_date: '1988-08-08' });
  m.dung = await createMember(ctx, t.hk1.id, 'Hoàng Văn Dũng');
  u.officer = await ctx.s.user({ role: 'officer', unit: 'HN-BD', login: 'canbo.bd' });
  u.officerHk = await ctx.s.user({ role: 'officer', unit: 'HN-HK', login: 'canbo.hk' });
  u.secretary = await ctx.s.user({ role: 'secretary', unit: 'HN-BD-02', login: 'bithu.bd02' });
  u.auditor = await ctx.s.user({ role: 'auditor', unit: 'HN-BD', login: 'kiemtra.bd' });
  u.member = await ctx.s.user({ role: 'member', unit: 'HN-BD-01', member: m.an.id, login: 'an.dang' });
});
after(async () => { await ctx?.s.stop(); });

const as = (who) => ({
  get: (path) => ctx.req('GET', path, { session: who }),
  post: (path, body, opts = {}) => ctx.req('POST', path, { ...opts, session: who, body }),
});
const grant = (who, body) => as(who).post('/exemptions', body);
const temporary = (memberId, over = {}) => ({
  member_id: memberId, kind: 'temporary', reason: 'Điều trị bệnh dài ngày', decision_number: '15-QĐ/ĐU',
  starts_on: TODAY, ends_on: vnDay(90), ...over,
});

// A trip of `memberId` to `countries`, approved, leaving in 5 days for 40.
async function approvedTrip(memberId, countries) {
  const step = async (who, trip, action, body = {}) => {
    const r = await as(who).post(`/trips/${trip.id}/actions/${action}`, body, { ifMatch: `"${trip.version}"` });
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const c = await as(u.secretary).post('/trips', {
    member_id: memberId, purpose: 'tourism', countries, payer: 'self',
    planned_departure: vnDay(5), planned_return: vnDay(45),
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  let trip = await step(u.secretary, c.body, 'submit');
  trip = await step(u.secretary, trip, 'opinion', { outcome: 'agree' });
  return step(u.officer, trip, 'decide', { outcome: 'approved' });
}

describe('granting and revoking', () => {
  let x;

  test('a temporary exemption: 201, the officer\'s unit approving, decided today', async () => {
    const r = await grant(u.officer, temporary(m.an.id));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    x = r.body;
    assert.equal(r.headers.get('etag'), `"${x.version}"`);
    assert.deepEqual(x.member, { id: m.an.id, full_name: 'Đặng Văn An' });
    assert.equal(x.kind, 'temporary');
    assert.equal(x.reason, 'Điều trị bệnh dài ngày');
    assert.equal(x.decision_number, '15-QĐ/ĐU');
    assert.equal(x.starts_on, TODAY);
    assert.equal(x.ends_on, vnDay(90));
    assert.equal(x.decided_on, TODAY);
    assert.equal(x.revoked_on, null);
    assert.deepEqual(x.approving_unit, { id: t.bd.id, name: 'Đảng bộ phường Ba Đình' });
    assert.equal(x.expired, false);
    assert.equal(x.created_by, 'canbo.bd');
  });

  test('listed for the subtree, by member; not for another subtree', async () => {
    const all = await as(u.officer).get('/exemptions');
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.items.map((i) => i.id), [x.id]);
    assert.deepEqual((await as(u.officer).get(`/exemptions?member=${m.binh.id}`)).body.items, []);
    assert.deepEqual((await as(u.auditor).get(`/exemptions?member=${m.an.id}`)).body.items.map((i) => i.id), [x.id]);
    assert.deepEqual((await as(u.officerHk).get('/exemptions')).body.items, []);
  });

  test('one that ended before today is expired, and ?expired=1 keeps only those', async () => {
    const r = await grant(u.officer, temporary(m.binh.id, { starts_on: vnDay(-100), ends_on: vnDay(-10), decided_on: vnDay(-101) }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.expired, true);
    assert.equal(r.body.decided_on, vnDay(-101));
    const expired = await as(u.officer).get('/exemptions?expired=1');
    assert.deepEqual(expired.body.items.map((i) => i.id), [r.body.id]);
    const both = await as(u.officer).get('/exemptions?expired=0&limit=1');
    assert.equal(both.body.items.length, 1);
    assert.ok(both.body.next_cursor, 'a second page');
    const next = await as(u.officer).get(`/exemptions?limit=1&cursor=${both.body.next_cursor}`);
    assert.deepEqual([...both.body.items, ...next.body.items].map((i) => i.id), [r.body.id, x.id]);
  });

  test('revoking needs If-Match, the current version, a date neither future nor before the decision', async () => {
    const path = `/exemptions/${x.id}/revoke`;
    await refused(ctx, () => as(u.officer).post(path, { on: TODAY }), 428, 'precondition_required');
    await refused(ctx, () => as(u.officer).post(path, { on: TODAY }, { ifMatch: '"7"' }), 409, 'version_stale');
    await refused(ctx, () => as(u.officer).post(path, { on: vnDay(1) }, { ifMatch: `"${x.version}"` }), 422, 'date_future', 'on');
    const e = assertError(await refused(ctx, () => as(u.officer).post(path, { on: vnDay(-1) }, { ifMatch: `"${x.version}"` })),
      422, 'exemption_revoke_before_decision', 'on');
    assert.equal(e.arg, TODAY);
    await refused(ctx, () => as(u.officerHk).post(path, { on: TODAY }, { ifMatch: `"${x.version}"` }), 404, 'exemption_not_found');
    await refused(ctx, () => as(u.secretary).post(path, { on: TODAY }, { ifMatch: `"${x.version}"` }), 403, 'forbidden');
    await refused(ctx, () => as(u.officer).post(path, { when: TODAY }, { ifMatch: `"${x.version}"` }), 400, 'json_unknown_field');
  });

  test('revoked today (no date means today); a second revocation is 409', async () => {
    const r = await as(u.officer).post(`/exemptions/${x.id}/revoke`, {}, { ifMatch: `"${x.version}"` });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.revoked_on, TODAY);
    assert.equal(r.body.version, x.version + 1);
    assert.equal(r.headers.get('etag'), `"${x.version + 1}"`);
    const again = await refused(ctx, () => as(u.officer).post(`/exemptions/${x.id}/revoke`, { on: TODAY }, { ifMatch: `"${r.body.version}"` }),
      409, 'exemption_already_revoked');
    assert.equal(again.body.error.arg, TODAY);
    const audit = await ctx.get(`/audit?record_type=exemption&record_id=${x.id}`);
    assert.deepEqual(audit.body.items.map((a) => a.action).sort(), ['exemption.grant', 'exemption.revoke']);
  });
});

describe('refusals of DOMAIN.md', () => {
  test('12 months or more is too long; ends before it starts; reason and end required', async () => {
    await refused(ctx, () => grant(u.officer, temporary(m.chi.id, { ends_on: null })), 422, 'required', 'ends_on');
    const long = await refused(ctx, () => grant(u.officer, temporary(m.chi.id, { starts_on: '2025-01-10', ends_on: '2026-01-10', decided_on: '2025-01-09' })),
      422, 'exemption_too_long', 'ends_on');
    assert.equal(long.body.error.arg, '12');
    // One day short of 12 months is allowed.
    const r = await grant(u.officer, temporary(m.chi.id, { starts_on: '2025-01-10', ends_on: '2026-01-09', decided_on: '2025-01-09' }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
  });

  test('every field problem at once: reason, order of dates, a decision in the future', async () => {
    const r = await refused(ctx, () => grant(u.officer, temporary(m.dao.id, { reason: '', starts_on: vnDay(10), ends_on: vnDay(5), decided_on: vnDay(2) })), 422);
    const codes = r.body.errors.map((e) => `${e.code}:${e.field}`).sort();
    assert.deepEqual(codes, ['date_future:decided_on', 'exemption_dates_order:ends_on', 'required:reason']);
  });

  test('a full exemption is for a member abroad where no unit exists', async () => {
    await refused(ctx, () => grant(u.officer, { member_id: m.dao.id, kind: 'full', reason: 'Định cư ở nước ngoài', starts_on: TODAY }),
      422, 'exemption_full_needs_abroad', 'kind');
    await refused(ctx, () => grant(u.officer, { member_id: m.dao.id, kind: 'forever', reason: 'x', starts_on: TODAY }),
      422, 'exemption_kind_invalid');
  });

  test('abroad where a unit exists, a transfer is required instead; abroad where none does, a full one is granted', async () => {
    await approvedTrip(m.chi.id, ['DE']);
    await refused(ctx, () => grant(u.officer, temporary(m.chi.id, { starts_on: vnDay(10), ends_on: vnDay(40) })),
      422, 'exemption_unit_exists', 'kind');
    await approvedTrip(m.dao.id, ['TH']);
    const r = await grant(u.officer, { member_id: m.dao.id, kind: 'full', reason: 'Ở một mình, không có tổ chức đảng', starts_on: vnDay(10) });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.kind, 'full');
    assert.equal(r.body.ends_on, null);
  });

  test('transferred to a unit abroad the member can attend: refused', async () => {
    const x = await as(u.officer).post('/transfers', { member_id: m.binh.id, kind: 'temporary', to_unit_id: t.de1.id });
    assert.equal(x.status, 201, JSON.stringify(x.body));
    await refused(ctx, () => grant(u.officer, temporary(m.binh.id)), 422, 'exemption_unit_attendable', 'kind');
  });

  test('by roles that do not decide (403), for a member outside the scope (404), approved by a unit outside it (422)', async () => {
    await refused(ctx, () => grant(u.secretary, temporary(m.chi.id)), 403, 'forbidden');
    await refused(ctx, () => grant(u.auditor, temporary(m.chi.id)), 403, 'forbidden');
    await refused(ctx, () => grant(u.member, temporary(m.an.id)), 403, 'forbidden');
    await refused(ctx, () => grant(u.officer, temporary(m.dung.id)), 404, 'member_not_found');
    await refused(ctx, () => grant(u.officer, temporary(m.an.id, { approving_unit_id: t.hk.id })), 422, 'unit_not_found', 'approving_unit_id');
    await refused(ctx, () => grant(u.officer, { ...temporary(m.an.id), member_id: 'một' }), 400, 'json_type');
    await refused(ctx, () => as(u.member).get('/exemptions'), 403, 'forbidden');
  });
});
