// rule_sets.test.mjs -- rule sets through the API (docs/api.md "Rule
// sets"): the defaults (id 0) until an administrator adds a set for a
// subtree from today or later; the set in force for a unit on a date;
// staff read, administrators write; a date in the past, a value out of
// range or a duplicate is refused and changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, createTree, refused, setup } from './helpers.mjs';

let ctx;
let t;
const u = {};
const vnDay = (offset = 0) => new Date(Date.now() + 7 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);

before(async () => {
  ctx = await setup();
  t = await createTree(ctx);
  u.secretary = await ctx.s.user({ role: 'secretary', unit: 'HN-BD-01' });
  u.officer = await ctx.s.user({ role: 'officer', unit: 'HN-BD' });
  u.admin = await ctx.s.user({ role: 'admin', unit: 'HN-BD' });
  u.adminHk = await ctx.s.user({ role: 'admin', unit: 'HN-HK' });
});
after(async () => { await ctx?.s.stop(); });

const as = (who) => ({
  get: (path) => ctx.req('GET', path, { session: who }),
  post: (path, body) => ctx.req('POST', path, { session: who, body }),
});

describe('rule sets', () => {
  test('without a set, the defaults of DOMAIN.md are in force (id 0)', async () => {
    const r = await as(u.secretary).get('/rule-sets/effective');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.id, 0);
    assert.equal(r.body.report_days, 7);
    assert.equal(r.body.report_in_calendar_days, false);
    assert.equal(r.body.return_grace_workdays, 2);
    assert.equal(r.body.review_blocks_approval, true);
    assert.equal(r.body.official_transfer_months, 12);
  });

  test('an administrator adds a set for a subtree from a future date; it is in force there from then', async () => {
    const r = await as(u.admin).post('/rule-sets', {
      unit_id: t.bd.id, effective_from: vnDay(10), report_days: 15, report_in_calendar_days: true, note: 'Quyết định 01/QĐ',
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.ok(r.body.id > 0);
    assert.equal(r.body.unit.id, t.bd.id);
    assert.equal(r.body.report_days, 15);
    assert.equal(r.body.report_in_calendar_days, true);
    assert.equal(r.body.return_grace_workdays, 2, 'a number not given comes from the set in force');
    assert.equal(r.body.note, 'Quyết định 01/QĐ');
    const before10 = await as(u.secretary).get(`/rule-sets/effective?unit=${t.bd1.id}&on=${vnDay(9)}`);
    assert.equal(before10.body.id, 0);
    const on10 = await as(u.secretary).get(`/rule-sets/effective?unit=${t.bd1.id}&on=${vnDay(10)}`);
    assert.equal(on10.body.id, r.body.id);
    assert.equal(on10.body.report_days, 15);
    const list = await as(u.officer).get('/rule-sets');
    assert.equal(list.status, 200);
    assert.ok(list.body.items.some((x) => x.id === r.body.id));
    const other = await as(u.adminHk).get(`/rule-sets/effective?on=${vnDay(10)}`);
    assert.equal(other.body.id, 0, 'another subtree keeps the defaults');
  });

  test('refusals change nothing: the past, out of range, a duplicate, another subtree, a non-administrator', async () => {
    await refused(ctx, () => as(u.admin).post('/rule-sets', { unit_id: t.bd.id, effective_from: vnDay(-1) }), 422, 'rule_set_in_past', 'effective_from');
    await refused(ctx, () => as(u.admin).post('/rule-sets', { unit_id: t.bd.id, effective_from: vnDay(20), report_days: 99 }), 422, 'rule_value_range', 'report_days');
    await refused(ctx, () => as(u.admin).post('/rule-sets', { unit_id: t.bd.id, effective_from: vnDay(20), report_days: -1 }), 400, 'json_count_invalid', 'report_days');
    await refused(ctx, () => as(u.admin).post('/rule-sets', { unit_id: t.bd.id, effective_from: vnDay(20), report_days: '7' }), 400, 'json_type', 'report_days');
    await refused(ctx, () => as(u.admin).post('/rule-sets', { unit_id: t.bd.id, effective_from: vnDay(10) }), 409, 'rule_set_duplicate');
    await refused(ctx, () => as(u.admin).post('/rule-sets', { unit_id: t.hk.id, effective_from: vnDay(10) }), 422, 'unit_not_found', 'unit_id');
    await refused(ctx, () => as(u.officer).post('/rule-sets', { unit_id: t.bd.id, effective_from: vnDay(30) }), 403, 'forbidden');
    assertError(await as(u.secretary).get('/rule-sets/effective?on=2026-13-01'), 400, 'query_value', 'on');
  });
});
