// search.test.mjs -- the one search box (docs/api.md "Search", DOMAIN.md
// "Finding and listing members"): diacritic- and case-insensitive word
// prefixes in any order, NFD input, CCCD and card number, Vietnamese order
// (given, family, middle, birth date), query-diacritics first, cursor
// paging, and scoping to a subtree.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { allPages, createMember, createTree, refused, setup } from './helpers.mjs';

let ctx;
let t;
let sorting; // the cell holding the order fixture
const m = {};

before(async () => {
  ctx = await setup();
  t = await createTree(ctx);
  m.dangAn = await createMember(ctx, t.bd1.id, 'Đặng Văn An', { cccd: '001085012345', card_number: '12345678' });
  m.nguyenAn = await createMember(ctx, t.bd1.id, 'Nguyễn Văn An');
  m.dangYen = await createMember(ctx, t.bd2.id, 'Đặng Thị Yến', { sex: 'F' });
  m.dangBinh = await createMember(ctx, t.bd2.id, 'Đăng Văn Bình');
  m.abroad = await createMember(ctx, t.de1.id, 'Đặng Văn Anh');
  sorting = (await ctx.post('/units', { kind: 'cell', code: 'HN-HK-SORT', name: 'Chi bộ xếp thứ tự', parent_id: t.hk.id })).body;
  // Created in an order that is neither the expected one nor byte order.
  const names = [
    ['Nguyễn Văn Đức', {}], ['Trần Văn Bình', {}], ['Nguyễn Văn Dũng', { birth_date: '1980-01-01' }],
    ['Lê Thị Cúc', { sex: 'F' }], ['Bùi Văn Bình', {}], ['Đỗ Thị Ánh', { sex: 'F' }],
    ['Nguyễn Văn Dũng', { birth_date: '1975-05-05', admitted_on: '2000-01-01', official_on: '2001-01-01' }],
    ['Âu Văn Bình', {}], ['Lê Anh Cúc', { sex: 'F' }],
  ];
  m.sorted = [];
  for (const [n, over] of names) m.sorted.push(await createMember(ctx, sorting.id, n, over));
});
after(async () => { await ctx?.s.stop(); });

async function search(q, extra = '') {
  const r = await ctx.get(`/members?q=${encodeURIComponent(q)}${extra}`);
  assert.equal(r.status, 200, `q=${q}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.items;
}
const names = (items) => items.map((x) => x.full_name);

describe('search', () => {
  test('words in any order, case- and diacritic-insensitive', async () => {
    assert.deepEqual(names(await search('van an nguyen')), ['Nguyễn Văn An']);
    assert.deepEqual(names(await search('NGUYEN VAN')).filter((n) => n.endsWith(' An')), ['Nguyễn Văn An']);
    assert.ok(names(await search('NGUYEN VAN')).every((n) => n.startsWith('Nguyễn Văn')));
    for (const q of ['đặng', 'dang', 'ĐẶNG', 'Đặng'.normalize('NFD'), 'đặng văn an'.normalize('NFD'), 'an dang']) {
      const found = names(await search(q));
      assert.ok(found.includes('Đặng Văn An'), `q=${JSON.stringify(q)} did not find Đặng Văn An: ${found}`);
    }
    assert.deepEqual(names(await search('an dang van')), ['Đặng Văn An', 'Đặng Văn Anh'], 'prefix: "an" matches An and Anh');
  });

  test('NFD and NFC queries give the same answer', async () => {
    const nfc = await search('Đặng Văn');
    const nfd = await search('Đặng Văn'.normalize('NFD'));
    assert.deepEqual(nfd.map((x) => x.id), nfc.map((x) => x.id));
    assert.ok(nfc.length >= 3);
  });

  test('every word must match the start of a word', async () => {
    assert.deepEqual(await search('guyen'), [], 'not a prefix');
    assert.deepEqual(await search('nguyen xyz'), []);
  });

  test('names written with the query\'s diacritics come first', async () => {
    // "đặng" is written exactly in Đặng Thị Yến and Đặng Văn An...; Đăng Văn Bình
    // matches only when folded, so it comes after them despite Bình < Yến.
    const withMarks = names(await search('đặng', `&unit=${t.bd.id}`));
    assert.deepEqual(withMarks, ['Đặng Văn An', 'Đặng Thị Yến', 'Đăng Văn Bình']);
    const bare = names(await search('dang', `&unit=${t.bd.id}`));
    assert.deepEqual(bare, ['Đặng Văn An', 'Đăng Văn Bình', 'Đặng Thị Yến'], 'plain Vietnamese order');
  });

  test('a 12-digit query finds the CCCD, also with spaces and dots', async () => {
    assert.deepEqual((await search('001085012345')).map((x) => x.id), [m.dangAn.id]);
    assert.deepEqual((await search('001 085 012.345')).map((x) => x.id), [m.dangAn.id]);
    assert.deepEqual(await search('001085099999'), []);
    assert.deepEqual((await search(m.nguyenAn.cccd)).map((x) => x.id), [m.nguyenAn.id]);
  });

  test('a card-number query finds the card', async () => {
    assert.deepEqual((await search('12345678')).map((x) => x.id), [m.dangAn.id]);
    assert.deepEqual((await search(m.dangYen.card_number)).map((x) => x.id), [m.dangYen.id]);
  });

  test('Vietnamese order: given name, then family, then middle, then birth date', async () => {
    const expected = [
      'Đỗ Thị Ánh', 'Âu Văn Bình', 'Bùi Văn Bình', 'Trần Văn Bình', 'Lê Anh Cúc', 'Lê Thị Cúc',
      'Nguyễn Văn Dũng', 'Nguyễn Văn Dũng', 'Nguyễn Văn Đức',
    ];
    const list = await ctx.get(`/members?unit=${sorting.id}`);
    assert.equal(list.status, 200);
    assert.deepEqual(names(list.body.items), expected);
    const dungs = list.body.items.filter((x) => x.full_name === 'Nguyễn Văn Dũng');
    assert.deepEqual(dungs.map((x) => x.birth_date), ['1975-05-05', '1980-01-01']);
    // The same order under a search.
    const q = names(await search('van', `&unit=${sorting.id}`));
    assert.deepEqual(q, expected.filter((n) => n.includes(' Văn ')));
  });

  test('paging with a cursor returns each member once, in order', async () => {
    const full = await ctx.get(`/members?unit=${sorting.id}`);
    const { items, pages } = await allPages(ctx, `/members?unit=${sorting.id}`, 2);
    assert.equal(pages, 5);
    const ids = items.map((x) => x.id);
    assert.equal(new Set(ids).size, ids.length, 'a member appeared twice');
    assert.deepEqual(ids, full.body.items.map((x) => x.id));
    // Over the whole tree, with a query, page size 1.
    const q = await allPages(ctx, `/members?q=${encodeURIComponent('dang')}`, 1);
    const all = await search('dang');
    assert.deepEqual(q.items.map((x) => x.id), all.map((x) => x.id));
    assert.equal(new Set(q.items.map((x) => x.id)).size, q.items.length);
  });

  test('?unit= scopes the search to a subtree', async () => {
    const everywhere = names(await search('dang van an'));
    assert.deepEqual(everywhere, ['Đặng Văn An', 'Đặng Văn Anh']);
    assert.deepEqual(names(await search('dang van an', `&unit=${t.hn.id}`)), ['Đặng Văn An']);
    assert.deepEqual(names(await search('dang van an', `&unit=${t.nn.id}`)), ['Đặng Văn Anh']);
    assert.deepEqual(names(await search('dang van an', `&unit=${t.hk.id}`)), []);
    assert.deepEqual((await search(m.abroad.cccd, `&unit=${t.hn.id}`)), [], 'CCCD outside the subtree');
    await refused(ctx, () => ctx.get('/members?unit=999999'), 404, 'unit_not_found');
  });

  test('limits and bad parameters', async () => {
    await refused(ctx, () => ctx.get('/members?limit=501'), 400, 'query_value', 'limit');
    await refused(ctx, () => ctx.get('/members?limit=0'), 400, 'query_value', 'limit');
    assert.equal((await ctx.get('/members?limit=500')).status, 200);
    await refused(ctx, () => ctx.get('/members?cursor=not-a-cursor!!'), 400, 'cursor_invalid', 'cursor');
    await refused(ctx, () => ctx.get(`/members?q=${'a'.repeat(400)}`), 422, 'search_too_long', 'q');
    await refused(ctx, () => ctx.get(`/members?q=${encodeURIComponent('a b c d e f g h i')}`), 422, 'search_too_long', 'q');
    await refused(ctx, () => ctx.get('/members?status=sleeping'), 400, 'query_value');
    await refused(ctx, () => ctx.get('/members?limit=abc'), 400, 'query_value');
    await refused(ctx, () => ctx.get('/members?q=a&q=b'), 400, 'query_repeated');
  });
});
