// reviews.test.mjs -- disciplinary reviews through the API (docs/api.md
// "Disciplinary reviews"): only the dates, kept by a committee officer;
// one open at a time; closing needs If-Match and a date not before the
// opening; staff in scope read them; everyone else is refused, and every
// refusal leaves the database unchanged.
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
  u.member = await ctx.s.user({ role: 'member', unit: 'HN-BD-01', member: m.an.id });
  u.secretary = await ctx.s.user({ role: 'secretary', unit: 'HN-BD-01' });
  u.officer = await ctx.s.user({ role: 'officer', unit: 'HN-BD' });
  u.officerHk = await ctx.s.user({ role: 'officer', unit: 'HN-HK' });
  u.admin = await ctx.s.user({ role: 'admin', unit: 'HN-BD' });
});
after(async () => { await ctx?.s.stop(); });

const as = (who) => ({
  get: (path) => ctx.req('GET', path, { session: who }),
  post: (path, body, opts = {}) => ctx.req('POST', path, { ...opts, session: who, body }),
});

describe('disciplinary reviews', () => {
  let rv;

  test('an officer opens one: 201 with the dates only', async () => {
    await refused(ctx, () => as(u.officer).post(`/members/${m.an.id}/reviews`, { opened_on: vnDay(2) }), 422, undefined, 'opened_on');
    const r = await as(u.officer).post(`/members/${m.an.id}/reviews`, { opened_on: vnDay(-3) });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    rv = r.body;
    assert.equal(r.headers.get('etag'), `"${rv.version}"`);
    assert.deepEqual(Object.keys(rv).sort(), ['closed_on', 'created_at', 'created_by', 'id', 'member_id', 'opened_on', 'version']);
    assert.equal(rv.member_id, m.an.id);
    assert.equal(rv.opened_on, vnDay(-3));
    assert.equal(rv.closed_on, null);
  });

  test('a second open review is 409 review_already_open', async () => {
    await refused(ctx, () => as(u.officer).post(`/members/${m.an.id}/reviews`, { opened_on: vnDay(0) }), 409, 'review_already_open');
  });

  test('staff in scope read them; a member and others are refused', async () => {
    const r = await as(u.secretary).get(`/members/${m.an.id}/reviews`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.items.map((x) => x.id), [rv.id]);
    assertError(await as(u.member).get(`/members/${m.an.id}/reviews`), 403, 'forbidden');
    assertError(await as(u.officerHk).get(`/members/${m.an.id}/reviews`), 404);
    await refused(ctx, () => as(u.secretary).post(`/members/${m.an.id}/reviews`, { opened_on: vnDay(0) }), 403, 'forbidden');
    await refused(ctx, () => as(u.admin).post(`/members/${m.an.id}/reviews`, { opened_on: vnDay(0) }), 403, 'forbidden');
    await refused(ctx, () => as(u.officerHk).post(`/members/${m.an.id}/reviews/${rv.id}/close`, { closed_on: vnDay(0) }, { ifMatch: `"${rv.version}"` }), 404);
  });

  test('closing needs If-Match and a date not before the opening', async () => {
    const path = `/members/${m.an.id}/reviews/${rv.id}/close`;
    await refused(ctx, () => as(u.officer).post(path, { closed_on: vnDay(0) }), 428, 'precondition_required');
    await refused(ctx, () => as(u.officer).post(path, { closed_on: vnDay(-5) }, { ifMatch: `"${rv.version}"` }), 422, 'review_close_before_open', 'closed_on');
    await refused(ctx, () => as(u.officer).post(path, { closed_on: vnDay(0) }, { ifMatch: '"77"' }), 409, 'version_stale');
    const r = await as(u.officer).post(path, { closed_on: vnDay(0) }, { ifMatch: `"${rv.version}"` });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.closed_on, vnDay(0));
    assert.equal(r.body.version, rv.version + 1);
    const again = await as(u.officer).post(`/members/${m.an.id}/reviews`, { opened_on: vnDay(0) });
    assert.equal(again.status, 201, 'a new review may open once the last is closed');
  });
});
