// groups.test.mjs -- delegations' temporary groups through the API
// (docs/api.md "Delegations' temporary groups"): formed with If-Match as a
// temporary unit under the delegation's unit, led by the delegation's
// leader, its members given temporary periods in it, and dissolved on
// return, the periods closed; the delegation carries its "group". Every
// refusal (no leader, formed twice, not formed, dissolved twice or before
// it was formed, a future date, stale or missing If-Match, roles, another
// cell) leaves the database unchanged.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMember, createTree, refused, setup } from './helpers.mjs';

let ctx;
let t;
const m = {};
const u = {};
const vnDay = (offset = 0) => new Date(Date.now() + 7 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
const TODAY = vnDay();

const as = (who) => ({
  get: (path) => ctx.req('GET', path, { session: who }),
  post: (path, body, opts = {}) => ctx.req('POST', path, { ...opts, session: who, body }),
});

before(async () => {
  ctx = await setup();
  t = await createTree(ctx);
  m.an = await createMember(ctx, t.bd1.id, 'Đặng Văn An');
  m.lan = await createMember(ctx, t.bd1.id, 'Vũ Thị Lan', { sex: 'F', birth_date: '1982-08-20' });
  m.binh = await createMember(ctx, t.bd1.id, 'Lê Thị Bình', { sex: 'F', birth_date: '1990-02-11' });
  u.member = await ctx.s.user({ role: 'member', unit: 'HN-BD-01', member: m.an.id, login: 'an.dang' });
  u.secretary = await ctx.s.user({ role: 'secretary', unit: 'HN-BD-01', login: 'bithu.bd01' });
  u.secretary2 = await ctx.s.user({ role: 'secretary', unit: 'HN-BD-02', login: 'bithu.bd02' });
  u.officer = await ctx.s.user({ role: 'officer', unit: 'HN-BD', login: 'canbo.bd' });
  u.auditor = await ctx.s.user({ role: 'auditor', unit: 'HN-BD', login: 'kiemtra.bd' });
});
after(async () => { await ctx?.s.stop(); });

async function delegation(body) {
  const r = await as(u.secretary).post('/delegations', {
    unit_code: 'HN-BD-01', planned_departure: vnDay(20), planned_return: vnDay(60), ...body,
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

const open = async (memberId) => (await ctx.get(`/members/${memberId}/units`)).body.items.filter((p) => p.end_date === null);

describe('a delegation of three forms its group and dissolves it on return', () => {
  let d;
  let groupUnit;

  test('a delegation has no group until one is formed', async () => {
    d = await delegation({ name: 'Đoàn khảo sát Hàn Quốc', leader_member_id: m.an.id });
    // Submitted trips: a draft promises nothing, and its member joins no group.
    for (const id of [m.an.id, m.lan.id, m.binh.id]) {
      const r = await as(u.secretary).post('/trips', {
        member_id: id, purpose: 'tourism', countries: ['KR'],
        planned_departure: vnDay(20), planned_return: vnDay(60), payer: 'self', delegation_id: d.id,
      });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const s = await as(u.secretary).post(`/trips/${r.body.id}/actions/submit`, {}, { ifMatch: `"${r.body.version}"` });
      assert.equal(s.status, 200, JSON.stringify(s.body));
    }
    const r = await as(u.secretary).get(`/delegations/${d.id}`);
    assert.equal(r.body.group, null);
    d = r.body;
  });

  test('forming needs If-Match and the current version, a date not in the future, a staff role of the scope', async () => {
    const path = `/delegations/${d.id}/group`;
    await refused(ctx, () => as(u.secretary).post(path, { on: TODAY }), 428, 'precondition_required');
    await refused(ctx, () => as(u.secretary).post(path, { on: TODAY }, { ifMatch: '"99"' }), 409, 'version_stale');
    await refused(ctx, () => as(u.secretary).post(path, { on: vnDay(1) }, { ifMatch: `"${d.version}"` }), 422, 'date_future', 'on');
    await refused(ctx, () => as(u.secretary2).post(path, { on: TODAY }, { ifMatch: `"${d.version}"` }), 404, 'delegation_not_found');
    await refused(ctx, () => as(u.auditor).post(path, { on: TODAY }, { ifMatch: `"${d.version}"` }), 403, 'forbidden');
    await refused(ctx, () => as(u.member).post(path, { on: TODAY }, { ifMatch: `"${d.version}"` }), 403, 'forbidden');
    await refused(ctx, () => as(u.secretary).post(path, { on: TODAY, leader: 1 }, { ifMatch: `"${d.version}"` }), 400, 'json_unknown_field');
    await refused(ctx, () => as(u.secretary).post(`/delegations/${d.id}/group/dissolve`, { on: TODAY }, { ifMatch: `"${d.version}"` }),
      409, 'group_not_formed');
  });

  test('formed: a temporary group under the cell, each member a temporary period in it', async () => {
    const r = await as(u.secretary).post(`/delegations/${d.id}/group`, { on: TODAY }, { ifMatch: `"${d.version}"` });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.version, d.version + 1);
    assert.equal(r.headers.get('etag'), `"${d.version + 1}"`);
    assert.equal(r.body.group.formed_on, TODAY);
    assert.equal(r.body.group.dissolved_on, null);
    assert.equal(r.body.trips.length, 3);
    d = r.body;
    groupUnit = (await as(u.officer).get(`/units/${d.group.unit_id}`)).body;
    assert.equal(groupUnit.kind, 'group');
    assert.equal(groupUnit.temporary, true);
    assert.equal(groupUnit.parent_id, t.bd1.id);
    assert.equal(groupUnit.code, `HN-BD-01.DG${d.id}`);
    assert.equal(groupUnit.name, 'Đoàn khảo sát Hàn Quốc');
    for (const id of [m.an.id, m.lan.id, m.binh.id]) {
      const p = await open(id);
      assert.deepEqual(p.map((x) => [x.unit_code, x.kind]).sort(), [['HN-BD-01', 'official'], [groupUnit.code, 'temporary']]);
    }
    const list = await as(u.officer).get('/delegations');
    assert.deepEqual(list.body.items.find((x) => x.id === d.id).group, d.group);
  });

  test('formed twice is 409; dissolved before it was formed 422', async () => {
    await refused(ctx, () => as(u.officer).post(`/delegations/${d.id}/group`, { on: TODAY }, { ifMatch: `"${d.version}"` }),
      409, 'group_already_formed');
    const r = await refused(ctx, () => as(u.officer).post(`/delegations/${d.id}/group/dissolve`, { on: vnDay(-1) }, { ifMatch: `"${d.version}"` }),
      422, 'group_dissolve_before_formed', 'on');
    assert.equal(r.body.error.arg, TODAY);
  });

  test('dissolved on return: the unit dissolved, the periods closed, a second time 409', async () => {
    const r = await as(u.officer).post(`/delegations/${d.id}/group/dissolve`, {}, { ifMatch: `"${d.version}"` });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.group.dissolved_on, TODAY);
    d = r.body;
    assert.equal((await as(u.officer).get(`/units/${groupUnit.id}`)).body.dissolved_on, TODAY);
    assert.deepEqual((await open(m.an.id)).map((x) => x.unit_code), ['HN-BD-01']);
    await refused(ctx, () => as(u.officer).post(`/delegations/${d.id}/group/dissolve`, { on: TODAY }, { ifMatch: `"${d.version}"` }),
      409, 'group_already_dissolved');
    const audit = await ctx.get(`/audit?record_type=delegation&record_id=${d.id}`);
    const actions = audit.body.items.map((a) => a.action);
    assert.ok(actions.includes('group.form') && actions.includes('group.dissolve'), JSON.stringify(actions));
  });
});

test('a delegation without a leader cannot form its group (422 group_leader_required)', async () => {
  const d = await delegation({ name: 'Đoàn chưa có trưởng đoàn' });
  await refused(ctx, () => as(u.secretary).post(`/delegations/${d.id}/group`, { on: TODAY }, { ifMatch: `"${d.version}"` }),
    422, 'group_leader_required', 'leader_member_id');
});
