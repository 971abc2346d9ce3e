// handbook.test.mjs -- /handbook (docs/api.md "Handbook") through the
// route table: the installation's administrator writes, changes with
// If-Match, archives and restores; everyone signed in reads the page as
// Markdown and safe HTML; a unit's administrator and a member cannot
// write; each refusal with its status and code and the database unchanged.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createMember, createTree, refused, setup } from './helpers.mjs';
import { as } from './issue6_helpers.mjs';

let ctx;
const u = {};
let page;

before(async () => {
  ctx = await setup();
  const t = await createTree(ctx);
  const m = await createMember(ctx, t.bd1.id, 'Đặng Văn An');
  u.member = await ctx.s.user({ role: 'member', unit: 'HN-BD-01', member: m.id, login: 'an.dang' });
  u.unitAdmin = await ctx.s.user({ role: 'admin', unit: 'HN', login: 'quantri.hn' });
});
after(async () => { await ctx?.s.stop(); });

test('the installation administrator writes a page; a member reads it as Markdown and safe HTML', async () => {
  const r = await ctx.post('/handbook', { slug: 'truoc-chuyen-di', title: 'Trước chuyến đi', body: '# Hồ sơ\n\nNộp **đơn** trước 15 ngày. <script>alert(1)</script>' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.headers.get('etag'), `"${r.body.version}"`);
  page = r.body;
  const g = await as(ctx, u.member).get('/handbook/truoc-chuyen-di');
  assert.equal(g.status, 200, JSON.stringify(g.body));
  assert.match(g.body.html, /<h1>Hồ sơ<\/h1>/);
  assert.match(g.body.html, /<strong>đơn<\/strong>/);
  assert.ok(!g.body.html.includes('<script>'), g.body.html);
  const l = await as(ctx, u.member).get('/handbook');
  assert.deepEqual(l.body.items.map((p) => p.slug), ['truoc-chuyen-di']);
  assert.equal(l.body.items[0].body, undefined);
});

test('a change with If-Match keeps a revision; archive hides the page from readers, restore brings it back', async () => {
  const c = await ctx.patch('/handbook/truoc-chuyen-di', { title: 'Trước khi đi' }, { ifMatch: `"${page.version}"` });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  const revs = await ctx.get('/handbook/truoc-chuyen-di/revisions');
  assert.equal(revs.status, 200);
  assert.deepEqual(revs.body.items.map((x) => x.title), ['Trước khi đi', 'Trước chuyến đi']);
  const first = await ctx.get(`/handbook/truoc-chuyen-di/revisions/${revs.body.items[1].version}`);
  assert.equal(first.body.title, 'Trước chuyến đi');
  const a = await ctx.post('/handbook/truoc-chuyen-di/archive', undefined, { ifMatch: `"${c.body.version}"` });
  assert.equal(a.status, 200, JSON.stringify(a.body));
  assert.equal((await as(ctx, u.member).get('/handbook/truoc-chuyen-di')).status, 404);
  const back = await ctx.post('/handbook/truoc-chuyen-di/restore', undefined, { ifMatch: `"${a.body.version}"` });
  assert.equal(back.status, 200, JSON.stringify(back.body));
  page = back.body;
  assert.equal((await as(ctx, u.member).get('/handbook/truoc-chuyen-di')).status, 200);
});

test('refusals change nothing', async () => {
  const body = { slug: 'trang-moi', title: 'Trang mới', body: 'Nội dung' };
  await refused(ctx, () => as(ctx, u.member).post('/handbook', body), 403, 'forbidden');
  await refused(ctx, () => as(ctx, u.unitAdmin).post('/handbook', body), 403, 'forbidden');
  await refused(ctx, () => as(ctx, u.unitAdmin).get('/handbook?include_archived=1'), 403, 'forbidden');
  await refused(ctx, () => ctx.post('/handbook', { ...body, slug: 'Trang Mới' }), 422, 'handbook_slug_invalid', 'slug');
  await refused(ctx, () => ctx.post('/handbook', { ...body, slug: 'truoc-chuyen-di' }), 409, 'handbook_slug_taken');
  await refused(ctx, () => ctx.patch('/handbook/truoc-chuyen-di', { title: 'X' }), 428, 'precondition_required');
  await refused(ctx, () => ctx.patch('/handbook/truoc-chuyen-di', { title: 'X' }, { ifMatch: '"999"' }), 409, 'version_stale');
  await refused(ctx, () => ctx.patch('/handbook/truoc-chuyen-di', { slug: 'khac' }, { ifMatch: `"${page.version}"` }), 400, 'json_unknown_field', 'slug');
  await refused(ctx, () => as(ctx, u.member).get('/handbook/khong-co'), 404, 'handbook_page_not_found');
});
