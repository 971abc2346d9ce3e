// delegations.test.mjs -- delegations through the API (docs/api.md
// "Delegations"): a secretary or officer creates one for a unit of their
// subtree, trips join it by delegation_id, it is read with its trips and
// changed with If-Match. Members may not touch them, another subtree gets
// 404, and every refusal leaves the database unchanged.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, createMember, createTree, refused, setup } from './helpers.mjs';

let ctx;
let t;
const m = {};
const u = {};
const vnDay = (offset = 0) => new Date(Date.now() + 7 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);

before(async () => {
  ctx = await setup();
  t = await createTree(ctx);
  m.an = await createMember(ctx, t.bd1.id, 'Đặng Văn An');
  m.lan = await createMember(ctx, t.bd1.id, 'Vũ Thị Lan', { sex: 'F', birth_date: '1982-08-20' });
  u.member = await ctx.s.user({ role: 'member', unit: 'HN-BD-01', member: m.an.id });
  u.secretary = await ctx.s.user({ role: 'secretary', unit: 'HN-BD-01' });
  u.secretary2 = await ctx.s.user({ role: 'secretary', unit: 'HN-BD-02' });
  u.officer = await ctx.s.user({ role: 'officer', unit: 'HN-BD' });
  u.auditor = await ctx.s.user({ role: 'auditor', unit: 'HN-BD' });
});
after(async () => { await ctx?.s.stop(); });

const as = (who) => ({
  get: (path) => ctx.req('GET', path, { session: who }),
  post: (path, body, opts = {}) => ctx.req('POST', path, { ...opts, session: who, body }),
  patch: (path, body, opts = {}) => ctx.req('PATCH', path, { ...opts, session: who, body }),
});

describe('delegations', () => {
  let d;

  test('a secretary creates one for their cell, with a leader: 201 and ETag', async () => {
    const r = await as(u.secretary).post('/delegations', {
      name: 'Đoàn công tác Nhật Bản', unit_code: 'HN-BD-01', leader_member_id: m.an.id,
      planned_departure: vnDay(30), planned_return: vnDay(40),
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    d = r.body;
    assert.equal(r.headers.get('etag'), `"${d.version}"`);
    assert.equal(d.name, 'Đoàn công tác Nhật Bản');
    assert.deepEqual(d.unit, { id: t.bd1.id, code: 'HN-BD-01', name: 'Chi bộ khu phố 1' });
    assert.deepEqual(d.leader, { id: m.an.id, full_name: 'Đặng Văn An' });
    assert.equal(d.planned_departure, vnDay(30));
    assert.equal(d.trips, 0);
  });

  test('trips join it; the delegation shows them, the trip names it', async () => {
    for (const id of [m.an.id, m.lan.id]) {
      const r = await as(u.secretary).post('/trips', {
        member_id: id, purpose: 'official', countries: ['JP'], decision_number: '12/QĐ-UBND',
        planned_departure: vnDay(30), planned_return: vnDay(40), payer: 'agency', delegation_id: d.id,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.deepEqual(r.body.delegation, { id: d.id, name: 'Đoàn công tác Nhật Bản' });
    }
    const g = await as(u.officer).get(`/delegations/${d.id}`);
    assert.equal(g.status, 200, JSON.stringify(g.body));
    assert.equal(g.body.trips.length, 2);
    assert.deepEqual(g.body.trips.map((x) => x.member.full_name).sort(), ['Vũ Thị Lan', 'Đặng Văn An'].sort());
    const list = await as(u.auditor).get('/delegations');
    assert.equal(list.status, 200);
    const item = list.body.items.find((x) => x.id === d.id);
    assert.equal(item.trips, 2);
  });

  test('PATCH with If-Match renames it; without 428, stale 409', async () => {
    await refused(ctx, () => as(u.officer).patch(`/delegations/${d.id}`, { name: 'Đoàn mới' }), 428, 'precondition_required');
    await refused(ctx, () => as(u.officer).patch(`/delegations/${d.id}`, { name: 'Đoàn mới' }, { ifMatch: `"${d.version + 5}"` }), 409, 'version_stale');
    const r = await as(u.officer).patch(`/delegations/${d.id}`, { name: 'Đoàn công tác Nhật Bản - Hàn Quốc' }, { ifMatch: `"${d.version}"` });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.name, 'Đoàn công tác Nhật Bản - Hàn Quốc');
    assert.equal(r.body.version, d.version + 1);
    d = r.body;
  });

  test('refusals: a member 403, another cell 404, a unit outside 422, bad dates 422', async () => {
    await refused(ctx, () => as(u.member).post('/delegations', { name: 'X', unit_id: t.bd1.id }), 403, 'forbidden');
    await refused(ctx, () => as(u.member).get('/delegations'), 403, 'forbidden');
    await refused(ctx, () => as(u.auditor).post('/delegations', { name: 'X', unit_id: t.bd1.id }), 403, 'forbidden');
    assertError(await as(u.secretary2).get(`/delegations/${d.id}`), 404);
    await refused(ctx, () => as(u.secretary2).patch(`/delegations/${d.id}`, { name: 'X' }, { ifMatch: `"${d.version}"` }), 404);
    await refused(ctx, () => as(u.secretary).post('/delegations', { name: 'Đoàn lạ', unit_id: t.hk1.id }), 422, 'unit_not_found', 'unit_id');
    await refused(ctx, () => as(u.secretary).post('/delegations', { name: 'Đoàn', unit_id: t.bd1.id, planned_departure: vnDay(10), planned_return: vnDay(5) }), 422);
    await refused(ctx, () => as(u.secretary).post('/delegations', { name: 'Đoàn', unit_id: t.bd1.id, size: 3 }), 400, 'json_unknown_field', 'size');
    const list = await as(u.secretary2).get('/delegations');
    assert.ok(!list.body.items.some((x) => x.id === d.id));
  });
});
