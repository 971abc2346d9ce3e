// units.test.mjs -- the organization tree through the API (docs/api.md,
// "Units"): create, children with counts, paged subtree, breadcrumb, rename
// with If-Match, move with the subtree, dissolve, and the refusals, each
// proven to leave the database unchanged.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  allPages, assertError, assertMessage, createMember, createTree, createUnit, refused, setup,
} from './helpers.mjs';

let ctx;
let t;
before(async () => {
  ctx = await setup();
  t = await createTree(ctx);
});
after(async () => { await ctx?.s.stop(); });

describe('units', () => {
  test('create answers 201 with Location and the full unit', async () => {
    const r = await ctx.post('/units', { kind: 'cell', code: 'HN-HK-02', name: '  Chi bộ  Hàng Đào ', parent_id: t.hk.id, founded_on: '2015-01-10' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const u = r.body;
    assert.match(r.headers.get('location') || '', new RegExp(`/api/v1/units/${u.id}$`));
    assert.equal(u.kind, 'cell');
    assert.equal(u.code, 'HN-HK-02');
    assert.equal(u.name, 'Chi bộ Hàng Đào', 'name trimmed and inner spaces collapsed');
    assert.equal(u.parent_id, t.hk.id);
    assert.equal(u.path, `${t.hk.path}${u.id}/`);
    assert.equal(u.depth, 2);
    assert.equal(u.country, null);
    assert.equal(u.cell_type, null);
    assert.equal(u.temporary, false);
    assert.equal(u.founded_on, '2015-01-10');
    assert.equal(u.dissolved_on, null);
    assert.equal(u.version, 1);
    assert.equal(u.child_count, 0);
    assert.equal(u.member_count, 0);
  });

  test('the database digest sees an accepted change (so refusals prove something)', async () => {
    const before = ctx.s.dump();
    const u = await createUnit(ctx, { kind: 'cell', code: 'HN-HK-DIGEST', name: 'Chi bộ kiểm tra', parent_id: t.hk.id });
    assert.notEqual(ctx.s.dump(), before);
    const mid = ctx.s.dump();
    const r = await ctx.patch(`/units/${u.id}`, { name: 'Chi bộ kiểm tra lại' }, { ifMatch: '"1"' });
    assert.equal(r.status, 200);
    assert.notEqual(ctx.s.dump(), mid);
  });

  test('the tree: root, grassroots abroad with country and cell type, cells', async () => {
    assert.equal(t.hn.parent_id, null);
    assert.equal(t.hn.depth, 0);
    assert.equal(t.hn.path, `/${t.hn.id}/`);
    assert.equal(t.bd2.parent_id, t.bd.id, 'parent_code resolves');
    assert.equal(t.de.country, 'DE');
    assert.equal(t.de.cell_type, 'mixed');
    assert.equal(t.de1.country, 'DE');
    assert.equal(t.de1.cell_type, 'students');
    assert.equal(t.de1.path, `/${t.nn.id}/${t.de.id}/${t.de1.id}/`);
    const r = await ctx.get(`/units?code=NN-DE-01`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items.map((u) => u.id), [t.de1.id]);
  });

  test('roots list both committees', async () => {
    const r = await ctx.get('/units');
    assert.equal(r.status, 200);
    const codes = r.body.items.map((u) => u.code).sort();
    assert.deepEqual(codes, ['HN', 'NN']);
  });

  test('children in name order with child and member counts', async () => {
    const m = await createMember(ctx, t.bd1.id, 'Phạm Thị Lan');
    await createMember(ctx, t.bd1.id, 'Vũ Văn Hải');
    await createMember(ctx, t.bd2.id, 'Hoàng Văn Nam');
    const r = await ctx.get(`/units/${t.hn.id}/children`);
    assert.equal(r.status, 200);
    const items = r.body.items;
    assert.deepEqual(items.map((u) => u.code), ['HN-BD', 'HN-HK'], 'Ba Đình before Hoàn Kiếm');
    const bd = items.find((u) => u.code === 'HN-BD');
    assert.equal(bd.child_count, 2);
    assert.equal(bd.member_count, 3);
    const c = await ctx.get(`/units/${t.bd.id}/children`);
    assert.deepEqual(c.body.items.map((u) => [u.code, u.member_count, u.child_count]),
      [['HN-BD-01', 2, 0], ['HN-BD-02', 1, 0]]);
    const one = await ctx.get(`/units/${t.hn.id}`);
    assert.equal(one.body.member_count, 3);
    // A member who left no longer counts.
    const left = await ctx.post(`/members/${m.id}/status`, { status: 'left', on: '2024-02-01' }, { ifMatch: `"${m.version}"` });
    assert.equal(left.status, 200, JSON.stringify(left.body));
    const again = await ctx.get(`/units/${t.bd1.id}`);
    assert.equal(again.body.member_count, 1);
  });

  test('subtree is paged with a cursor, each unit once, parents first', async () => {
    const full = await ctx.get(`/units/${t.hn.id}/subtree`);
    assert.equal(full.status, 200);
    assert.equal(full.body.next_cursor, undefined, 'one page: no next_cursor');
    const { items, pages } = await allPages(ctx, `/units/${t.hn.id}/subtree`, 2);
    assert.ok(pages >= 3, `expected several pages, got ${pages}`);
    const ids = items.map((u) => u.id);
    assert.equal(new Set(ids).size, ids.length, 'a unit appeared twice');
    assert.deepEqual(ids, full.body.items.map((u) => u.id), 'pages concatenate to the full list');
    assert.equal(ids[0], t.hn.id, 'the subtree starts with its root');
    for (const code of ['HN', 'HN-BD', 'HN-BD-01', 'HN-BD-02', 'HN-HK', 'HN-HK-01']) {
      assert.ok(items.some((u) => u.code === code), `${code} missing from the subtree`);
    }
    assert.ok(!items.some((u) => u.code.startsWith('NN')), 'another subtree leaked in');
    const seen = new Set();
    for (const u of items) {
      if (u.id !== t.hn.id) assert.ok(seen.has(u.parent_id), `${u.code} before its parent`);
      seen.add(u.id);
    }
  });

  test('ancestors and breadcrumb, root first', async () => {
    const r = await ctx.get(`/units/${t.de1.id}/ancestors`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.items.map((u) => u.code), ['NN', 'NN-DE', 'NN-DE-01']);
    const u = await ctx.get(`/units/${t.de1.id}`);
    assert.equal(u.status, 200);
    assert.deepEqual(u.body.ancestors.map((a) => a.code).slice(0, 2), ['NN', 'NN-DE']);
    assert.deepEqual(Object.keys(u.body.ancestors[0]).sort(), ['code', 'id', 'kind', 'name']);
    assert.equal(u.body.ancestors[0].name, 'Đảng ủy Ngoài nước');
    assert.equal(u.headers.get('etag'), `"${u.body.version}"`);
  });

  test('rename with If-Match; stale 409; missing 428', async () => {
    const u = await createUnit(ctx, { kind: 'cell', code: 'HN-HK-03', name: 'Chi bộ Hàng Gai', parent_id: t.hk.id });
    const r = await ctx.patch(`/units/${u.id}`, { name: 'Chi bộ phố Hàng Gai' }, { ifMatch: '"1"' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.name, 'Chi bộ phố Hàng Gai');
    assert.equal(r.body.version, 2);
    assert.equal(r.body.code, 'HN-HK-03');
    const get = await ctx.get(`/units/${u.id}`);
    assert.equal(get.headers.get('etag'), '"2"');
    // The bare form N is accepted too.
    const r2 = await ctx.patch(`/units/${u.id}`, { name: 'Chi bộ Hàng Gai' }, { ifMatch: '2' });
    assert.equal(r2.status, 200, JSON.stringify(r2.body));
    assert.equal(r2.body.version, 3);
    await refused(ctx, () => ctx.patch(`/units/${u.id}`, { name: 'Tên cũ' }, { ifMatch: '"2"' }), 409, 'version_stale');
    await refused(ctx, () => ctx.patch(`/units/${u.id}`, { name: 'Không có If-Match' }), 428, 'precondition_required');
    assert.equal((await ctx.get(`/units/${u.id}`)).body.name, 'Chi bộ Hàng Gai');
    // A PATCH that changes nothing answers 200 with the unit as it was.
    const same = await refused(ctx, () => ctx.patch(`/units/${u.id}`, { name: 'Chi bộ  Hàng Gai', code: 'HN-HK-03' }, { ifMatch: '"3"' }), 200);
    assert.equal(same.body.version, 3);
    assert.equal(same.headers.get('etag'), '"3"');
    const empty = await refused(ctx, () => ctx.patch(`/units/${u.id}`, {}, { ifMatch: '"3"' }), 200);
    assert.equal(empty.body.version, 3);
  });

  test('move with subtree: descendants and members follow', async () => {
    // A new grassroots with a cell and a member, under HN; moved under NN? no:
    // abroad needs a country; move HN-HK under a new committee instead.
    const hcm = await createUnit(ctx, { kind: 'committee', code: 'HCM', name: 'Đảng bộ Thành phố Hồ Chí Minh' });
    const g = await createUnit(ctx, { kind: 'grassroots', code: 'HN-TH', name: 'Đảng bộ phường Tây Hồ', parent_id: t.hn.id });
    const c = await createUnit(ctx, { kind: 'cell', code: 'HN-TH-01', name: 'Chi bộ Quảng An', parent_id: g.id });
    const m = await createMember(ctx, c.id, 'Đinh Văn Tùng');
    const r = await ctx.post(`/units/${g.id}/move`, { parent_id: hcm.id, on: '2025-07-01' }, { ifMatch: `"${g.version}"` });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.parent_id, hcm.id);
    assert.equal(r.body.path, `/${hcm.id}/${g.id}/`);
    assert.equal(r.body.version, g.version + 1);
    const cell = (await ctx.get(`/units/${c.id}`)).body;
    assert.equal(cell.path, `/${hcm.id}/${g.id}/${c.id}/`);
    assert.deepEqual(cell.ancestors.map((a) => a.code).slice(0, 2), ['HCM', 'HN-TH']);
    assert.equal((await ctx.get(`/units/${hcm.id}`)).body.member_count, 1);
    const inNew = await ctx.get(`/members?unit=${hcm.id}`);
    assert.deepEqual(inNew.body.items.map((x) => x.id), [m.id], 'member found under the new parent');
    const inOld = await ctx.get(`/members?unit=${t.hn.id}&q=tung`);
    assert.deepEqual(inOld.body.items, [], 'member no longer under the old parent');
    // Into its own subtree: refused.
    const g2 = (await ctx.get(`/units/${g.id}`)).body;
    await refused(ctx, () => ctx.post(`/units/${g.id}/move`, { parent_id: c.id, on: '2025-07-02' }, { ifMatch: `"${g2.version}"` }), 422, 'unit_move_cycle');
    // A cell cannot hang under a committee.
    await refused(ctx, () => ctx.post(`/units/${c.id}/move`, { parent_id: hcm.id, on: '2025-07-02' }, { ifMatch: `"${cell.version}"` }), 422, 'unit_kind_parent');
    // Stale and missing If-Match.
    await refused(ctx, () => ctx.post(`/units/${g.id}/move`, { parent_id: t.hn.id, on: '2025-07-02' }, { ifMatch: '"1"' }), 409, 'version_stale');
    await refused(ctx, () => ctx.post(`/units/${g.id}/move`, { parent_id: t.hn.id, on: '2025-07-02' }), 428, 'precondition_required');
  });

  test('dissolve refused while members remain or children are active: 422', async () => {
    const c = await createUnit(ctx, { kind: 'cell', code: 'HN-BD-08', name: 'Chi bộ còn người', parent_id: t.bd.id });
    await createMember(ctx, c.id, 'Lý Văn Ở');
    await refused(ctx, () => ctx.post(`/units/${c.id}/dissolve`, { on: '2025-01-01' }, { ifMatch: `"${c.version}"` }), 422, 'unit_has_members');
    await refused(ctx, () => ctx.post(`/units/${t.bd.id}/dissolve`, { on: '2025-01-01' }, { ifMatch: `"${t.bd.version}"` }), 422, 'unit_has_active_children');
  });

  test('dissolve: done once the members have left, kept with its date', async () => {
    const c = await createUnit(ctx, { kind: 'cell', code: 'HN-BD-09', name: 'Chi bộ tạm', parent_id: t.bd.id, founded_on: '2020-01-01' });
    const m = await createMember(ctx, c.id, 'Lý Thị Mai');
    const busy = await refused(ctx, () => ctx.post(`/units/${c.id}/dissolve`, { on: '2025-01-01' }, { ifMatch: `"${c.version}"` }), undefined);
    assert.equal(busy.body.error.code, 'unit_has_members');
    const lm = await ctx.post(`/members/${m.id}/status`, { status: 'left', on: '2024-06-30' }, { ifMatch: `"${m.version}"` });
    assert.equal(lm.status, 200, JSON.stringify(lm.body));
    await refused(ctx, () => ctx.post(`/units/${c.id}/dissolve`, { on: '2019-12-31' }, { ifMatch: `"${c.version}"` }), 422, 'unit_dissolve_before_founded');
    await refused(ctx, () => ctx.post(`/units/${c.id}/dissolve`, { on: '2025-01-01' }), 428, 'precondition_required');
    const r = await ctx.post(`/units/${c.id}/dissolve`, { on: '2025-01-01' }, { ifMatch: `"${c.version}"` });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.dissolved_on, '2025-01-01');
    assert.equal(r.body.version, c.version + 1);
    const kids = await ctx.get(`/units/${t.bd.id}/children`);
    assert.ok(!kids.body.items.some((u) => u.id === c.id), 'dissolved unit hidden by default');
    const all = await ctx.get(`/units/${t.bd.id}/children?include_dissolved=1`);
    assert.ok(all.body.items.some((u) => u.id === c.id && u.dissolved_on === '2025-01-01'));
    // The unit had members: it is kept and still readable.
    assert.equal((await ctx.get(`/units/${c.id}`)).status, 200);
    await refused(ctx, () => ctx.post(`/units/${c.id}/dissolve`, { on: '2025-02-01' }, { ifMatch: `"${r.body.version}"` }), 409, 'unit_already_dissolved');
  });

  test('refusals on create: wrong parent kind, bad country, taken code, bad code, no name', async () => {
    await refused(ctx, () => ctx.post('/units', { kind: 'cell', code: 'BAD-1', name: 'Chi bộ sai chỗ', parent_id: t.hn.id }), 422, 'unit_kind_parent', 'kind');
    await refused(ctx, () => ctx.post('/units', { kind: 'cell', code: 'BAD-2', name: 'Chi bộ sai chỗ', parent_id: t.bd1.id }), 422, 'unit_kind_parent', 'kind');
    await refused(ctx, () => ctx.post('/units', { kind: 'grassroots', code: 'BAD-3', name: 'Đảng bộ tại Xứ Lạ', parent_id: t.nn.id, country: 'XY', cell_type: 'mixed' }), 422, 'unit_country', 'country');
    await refused(ctx, () => ctx.post('/units', { kind: 'grassroots', code: 'BAD-4', name: 'Đảng bộ tại Việt Nam', parent_id: t.nn.id, country: 'VN', cell_type: 'mixed' }), 422, 'unit_country', 'country');
    await refused(ctx, () => ctx.post('/units', { kind: 'cell', code: 'BAD-5', name: 'Chi bộ trong nước có loại', parent_id: t.bd.id, cell_type: 'students' }), 422, 'unit_cell_type_home', 'cell_type');
    await refused(ctx, () => ctx.post('/units', { kind: 'cell', code: 'HN-BD-01', name: 'Trùng mã', parent_id: t.bd.id }), 409, 'unit_code_taken', 'code');
    await refused(ctx, () => ctx.post('/units', { kind: 'cell', code: 'có dấu cách', name: 'Mã sai', parent_id: t.bd.id }), 422, 'unit_code_format', 'code');
    await refused(ctx, () => ctx.post('/units', { kind: 'cell', code: 'BAD-6', name: '   ', parent_id: t.bd.id }), 422, 'unit_name_required', 'name');
    // A parent in the body that names no unit is a field error (422), as an
    // unknown unit_id of a member is; 404 is for the unit the URL names.
    await refused(ctx, () => ctx.post('/units', { kind: 'cell', code: 'BAD-7', name: 'Cha không tồn tại', parent_id: 999999 }), 422, 'unit_not_found', 'parent_id');
    await refused(ctx, () => ctx.post('/units', { kind: 'cell', code: 'BAD-7', name: 'Cha không tồn tại', parent_code: 'NO-SUCH' }), 422, 'unit_not_found', 'parent_code');
    const bd2 = (await ctx.get(`/units/${t.bd2.id}`)).body;
    await refused(ctx, () => ctx.post(`/units/${bd2.id}/move`, { parent_id: 999999, on: '2025-01-01' }, { ifMatch: `"${bd2.version}"` }), 422, 'unit_not_found', 'parent_id');
    // parent_id and parent_code naming two different units: ambiguous, refused.
    await refused(ctx, () => ctx.post('/units', { kind: 'cell', code: 'BAD-8', name: 'Chi bộ hai cha', parent_id: t.bd.id, parent_code: 'HN-HK' }), 422, 'unit_parent_ambiguous', 'parent_code');
    const amb = await refused(ctx, () => ctx.post('/units', { kind: 'cell', code: 'BAD-8', name: 'Chi bộ hai cha', parent_id: t.bd.id, parent_code: 'HN-HK' }, { lang: 'en' }), 422);
    assertMessage('unit_parent_ambiguous', 'en', amb.body.error.message);
    // Both naming the same unit is accepted.
    const same = await createUnit(ctx, { kind: 'cell', code: 'HN-BD-SAME', name: 'Chi bộ một cha', parent_id: t.bd.id, parent_code: 'HN-BD' });
    assert.equal(same.parent_id, t.bd.id);
    // Several problems at once are all listed.
    const r = await refused(ctx, () => ctx.post('/units', { kind: 'cell', code: 'a b', name: '', parent_id: t.hn.id }), 422);
    const fields = r.body.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, ['code', 'kind', 'name']);
  });

  test('unknown unit answers 404 on every route', async () => {
    await refused(ctx, () => ctx.get('/units/999999'), 404, 'unit_not_found');
    await refused(ctx, () => ctx.get('/units/999999/children'), 404, 'unit_not_found');
    await refused(ctx, () => ctx.get('/units/999999/subtree'), 404, 'unit_not_found');
    await refused(ctx, () => ctx.get('/units/999999/ancestors'), 404, 'unit_not_found');
    await refused(ctx, () => ctx.patch('/units/999999', { name: 'X' }, { ifMatch: '"1"' }), 404, 'unit_not_found');
    await refused(ctx, () => ctx.post('/units/999999/move', { parent_id: t.hn.id, on: '2025-01-01' }, { ifMatch: '"1"' }), 404, 'unit_not_found');
    await refused(ctx, () => ctx.post('/units/999999/dissolve', { on: '2025-01-01' }, { ifMatch: '"1"' }), 404, 'unit_not_found');
    // ?code= filters the list: an unknown code gives an empty list.
    const code = await refused(ctx, () => ctx.get('/units?code=NO-SUCH'), 200);
    assert.deepEqual(code.body.items, []);
  });

  test('reference lists in the request\'s language', async () => {
    const vi = await ctx.get('/reference');
    assert.equal(vi.status, 200);
    assert.deepEqual(vi.body.cell_types.map((c) => c.code).sort(),
      ['business', 'mission', 'mixed', 'residents', 'students', 'workers']);
    assert.equal(vi.body.cell_types.find((c) => c.code === 'students').name, 'Lưu học sinh');
    assert.equal(vi.body.countries.find((c) => c.code === 'DE').name, 'Đức');
    assert.ok(!vi.body.countries.some((c) => c.code === 'VN'), 'VN is not a country abroad');
    assert.deepEqual(vi.body.unit_kinds.map((k) => k.code), ['committee', 'grassroots', 'cell', 'group']);
    assert.deepEqual(vi.body.member_statuses.map((k) => k.code), ['probationary', 'official', 'left', 'deceased']);
    const en = await ctx.get('/reference', { lang: 'en' });
    assert.equal(en.body.countries.find((c) => c.code === 'DE').name, 'Germany');
    assert.equal(en.body.cell_types.find((c) => c.code === 'students').name, 'Students');
  });

  test('PATCH: a taken code 409, the kind and path cannot be patched', async () => {
    const u = (await ctx.get(`/units/${t.bd2.id}`)).body;
    await refused(ctx, () => ctx.patch(`/units/${u.id}`, { code: 'HN-BD-01' }, { ifMatch: `"${u.version}"` }), 409, 'unit_code_taken', 'code');
    await refused(ctx, () => ctx.patch(`/units/${u.id}`, { kind: 'grassroots' }, { ifMatch: `"${u.version}"` }), 400, 'json_unknown_field', 'kind');
    await refused(ctx, () => ctx.patch(`/units/${u.id}`, { cell_type: 'students' }, { ifMatch: `"${u.version}"` }), 422, 'unit_cell_type_home', 'cell_type');
    const r = await ctx.patch(`/units/${u.id}`, { code: 'HN-BD-2' }, { ifMatch: `"${u.version}"` });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.code, 'HN-BD-2');
    assert.equal((await ctx.get('/units?code=HN-BD-2')).body.items[0].id, u.id);
  });

  test('a unit without a kind: required, named', async () => {
    await refused(ctx, () => ctx.post('/units', { code: 'NO-KIND', name: 'Không loại', parent_id: t.bd.id }), 422, 'required', 'kind');
    await refused(ctx, () => ctx.post('/units', { kind: 'branch', code: 'BAD-KIND', name: 'Sai loại', parent_id: t.bd.id }), 422, 'unit_kind_invalid', 'kind');
  });

  test('messages: Vietnamese by default, English on request', async () => {
    const body = { kind: 'cell', code: 'BAD-8', name: 'Chi bộ sai chỗ', parent_id: t.hn.id };
    const vi = await refused(ctx, () => ctx.post('/units', body), 422, 'unit_kind_parent');
    const en = await refused(ctx, () => ctx.post('/units', body, { lang: 'en-US,en;q=0.9' }), 422, 'unit_kind_parent');
    assert.notEqual(vi.body.error.message, en.body.error.message);
    assert.match(vi.body.error.message, /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i);
    assertError(en, 422, 'unit_kind_parent', 'kind');
    assertMessage('unit_kind_parent', 'vi', vi.body.error.message);
    assertMessage('unit_kind_parent', 'en', en.body.error.message);
  });

  // Last: it reshapes the tree. Provinces merge (2025): a whole root
  // committee moves under another committee, its subtree and members along.
  test('a root committee moves under another committee with its subtree', async () => {
    const hn = (await ctx.get(`/units/${t.hn.id}`)).body;
    const r = await ctx.post(`/units/${hn.id}/move`, { parent_id: t.nn.id, on: '2025-07-01' }, { ifMatch: `"${hn.version}"` });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.path, `/${t.nn.id}/${hn.id}/`);
    assert.equal(r.body.depth, 1);
    const cell = (await ctx.get(`/units/${t.bd1.id}`)).body;
    assert.equal(cell.path, `/${t.nn.id}/${hn.id}/${t.bd.id}/${t.bd1.id}/`);
    assert.equal(cell.depth, 3);
    const roots = (await ctx.get('/units')).body.items.map((u) => u.code).sort();
    assert.ok(!roots.includes('HN'), `HN is still a root: ${roots}`);
    const under = await ctx.get(`/members?unit=${t.nn.id}&status=all`);
    assert.ok(under.body.items.some((m) => m.full_name === 'Vũ Văn Hải'), 'members follow the move');
  });
});
