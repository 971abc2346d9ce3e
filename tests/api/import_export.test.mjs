// import_export.test.mjs -- CSV import and export through the API
// (docs/api.md "Imports", "GET /members/export"): spreadsheet files (BOM,
// CRLF, Vietnamese headers), English headers in another order, quoted
// fields, every row error at once with nothing imported, dry runs,
// idempotent re-imports, non-UTF-8 files, and export -> import round trips.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { API, ROOT, assertAlive, assertMessage, createTree, rawHttp, refused, sessionHeaders, sessionLines, setup } from './helpers.mjs';

const FIX = join(ROOT, 'tests/api/fixtures');
const fixture = (name) => readFileSync(join(FIX, name));

let ctx;
let t;
before(async () => {
  ctx = await setup();
  t = await createTree(ctx);
});
after(async () => { await ctx?.s.stop(); });

const importCsv = (data, query = '', headers = {}) =>
  ctx.req('POST', `/imports${query}`, { raw: data, headers: { 'content-type': 'text/csv', ...headers } });

async function members(extra = '') {
  const r = await ctx.get(`/members?status=all&limit=500${extra}`);
  assert.equal(r.status, 200);
  return r.body.items;
}

// GET the export as bytes (fetch's text() would drop the BOM).
async function exportCsv(query = '') {
  const res = await fetch(`${ctx.s.url}${API}/members/export${query}`, { headers: sessionHeaders(ctx) });
  const buf = Buffer.from(await res.arrayBuffer());
  return { status: res.status, type: res.headers.get('content-type') || '', disposition: res.headers.get('content-disposition') || '', buf };
}

// Every error code in an answer, whatever its shape.
const codes = (body) => [body.error?.code, ...(body.errors || []).map((e) => e.code)].filter(Boolean);

const VI_HEADERS = ['Họ và tên', 'Giới tính', 'Ngày sinh', 'Số CCCD', 'Sinh ở nước ngoài', 'Số CMND',
  'Số thẻ đảng viên', 'Số lý lịch', 'Ngày vào Đảng', 'Ngày chính thức', 'Mã chi bộ', 'Điện thoại', 'Thư điện tử'];

describe('import', () => {
  test('every row error is reported together, and nothing is imported', async () => {
    const r = await refused(ctx, () => importCsv(fixture('members_errors.csv'), '?file_name=members_errors.csv'), 422);
    assert.equal(r.body.committed, false, JSON.stringify(r.body));
    assert.equal(r.body.rows, 6);
    // Row 2 is good, but nothing was saved: the counts say so.
    assert.deepEqual([r.body.created, r.body.updated, r.body.unchanged], [0, 0, 0]);
    assert.equal(r.body.import_id, undefined);
    // Rows are spreadsheet rows (records, the header being row 1): the
    // quoted name of row 4 spans two lines of the file but is one row.
    assert.deepEqual(r.body.errors.map((e) => [e.row, e.column, e.field, e.code]), [
      [3, 'Số CCCD', 'cccd', 'cccd_province'],
      [4, 'Họ và tên', 'full_name', 'text_control'],
      [5, 'Ngày sinh', 'birth_date', 'import_date_invalid'],
      [6, 'Mã chi bộ', 'unit_code', 'unit_not_found'],
      [7, 'Ngày vào Đảng', 'admitted_on', 'member_admission_age'],
    ]);
    for (const e of r.body.errors) assert.ok(e.message && e.message.length > 0, 'error without message');
    // The importer's date error names both forms a file may use.
    assertMessage('import_date_invalid', 'vi', r.body.errors[2].message);
    assert.match(r.body.errors[2].message, /YYYY-MM-DD hoặc DD\/MM\/YYYY/);
    assert.deepEqual(await members(), []);
  });

  test('English messages for row errors with Accept-Language: en', async () => {
    const vi = await refused(ctx, () => importCsv(fixture('members_errors.csv')), 422);
    const en = await refused(ctx, () => importCsv(fixture('members_errors.csv'), '', { 'accept-language': 'en' }), 422);
    assertMessage('import_date_invalid', 'en', en.body.errors[2].message);
    assert.notEqual(vi.body.errors[0].message, en.body.errors[0].message);
    assert.equal(vi.body.errors[0].column, en.body.errors[0].column, 'the column is named as the file wrote it');
  });

  test('dry_run checks and writes nothing', async () => {
    const r = await refused(ctx, () => importCsv(fixture('members_vi.csv'), '?dry_run=1&file_name=members_vi.csv'), 200);
    assert.deepEqual(
      [r.body.rows, r.body.created, r.body.updated, r.body.unchanged, r.body.committed],
      [5, 5, 0, 0, false]);
    assert.deepEqual(r.body.errors, []);
    assert.deepEqual(await members(), []);
    // A dry run of a file with errors still counts what the good rows would do.
    const bad = await refused(ctx, () => importCsv(fixture('members_errors.csv'), '?dry_run=1'), 422);
    assert.deepEqual([bad.body.created, bad.body.updated, bad.body.unchanged, bad.body.committed], [1, 0, 0, false]);
  });

  test('UTF-8 with BOM and CRLF, Vietnamese headers, DD/MM/YYYY dates', async () => {
    const r = await importCsv(fixture('members_vi.csv'), '?file_name=members_vi.csv');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(
      [r.body.rows, r.body.created, r.body.updated, r.body.unchanged, r.body.committed],
      [5, 5, 0, 0, true]);
    assert.equal(typeof r.body.import_id, 'number');
    assert.deepEqual(r.body.errors, []);
    const all = await members();
    assert.equal(all.length, 5);
    const hang = all.find((m) => m.cccd === '001188000101');
    assert.equal(hang.full_name, 'Nguyễn Thị Hằng', 'first column read despite the BOM');
    assert.equal(hang.sex, 'F');
    assert.equal(hang.birth_date, '1988-04-12');
    assert.equal(hang.admitted_on, '2012-06-15');
    assert.equal(hang.official_on, '2013-06-15');
    assert.equal(hang.record_number, '100001HN');
    assert.equal(hang.unit.code, 'HN-BD-01');
    assert.equal(hang.email, 'hang@example.vn', 'last column read despite the CRLF');
    const trang = all.find((m) => m.cccd === '036301000103');
    assert.equal(trang.status, 'probationary');
    assert.equal(trang.official_on, null);
    const tuan = all.find((m) => m.cccd === '250092000105');
    assert.equal(tuan.born_abroad, true);
    assert.deepEqual(tuan.warnings, ['cccd_foreign']);
    const dong = all.find((m) => m.cccd === '040065000104');
    assert.equal(dong.cmnd, '012345678');
  });

  test('re-importing the same file: 0 created, all unchanged, no duplicates', async () => {
    const r = await importCsv(fixture('members_vi.csv'), '?file_name=members_vi.csv');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual([r.body.rows, r.body.created, r.body.updated, r.body.unchanged], [5, 0, 0, 5]);
    assert.equal((await members()).length, 5);
  });

  test('a changed row updates by CCCD', async () => {
    const text = fixture('members_vi.csv').toString('utf8').replace('0912345601', '0912345699');
    const r = await importCsv(Buffer.from(text));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual([r.body.created, r.body.updated, r.body.unchanged], [0, 1, 4]);
    const hang = (await members()).find((m) => m.cccd === '001188000101');
    assert.equal(hang.phone, '0912345699');
    assert.equal(hang.version, 2);
    assert.equal((await members()).length, 5);
  });

  test('English headers in another order, quoted fields, LF', async () => {
    const r = await importCsv(fixture('members_en.csv'), '?file_name=members_en.csv');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual([r.body.rows, r.body.created, r.body.updated, r.body.unchanged], [2, 2, 0, 0]);
    const bao = (await members()).find((m) => m.cccd === '024083000202');
    assert.equal(bao.full_name, 'Đỗ Văn Bảo');
    assert.equal(bao.unit.code, 'HN-HK-01');
    assert.equal(bao.email, 'bao@example.vn');
    assert.equal(bao.record_number, '654321AB');
    assert.equal(bao.cmnd, '123456789');
    assert.equal(bao.sex, 'M');
  });

  test('headers match ignoring case, diacritics and spaces', async () => {
    const csv = ' ho va ten ,GIOI TINH,ngay sinh,so cccd,NGAY VAO DANG,ngày chính thức,ma chi bo\n'
      + 'Hà Văn Khang,Nam,1984-04-04,001084000501,2010-10-10,2011-10-10,HN-BD-02\n';
    const r = await importCsv(Buffer.from(csv));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.created, 1);
  });

  test('a quoted field with a comma and a line break is one field', async () => {
    const csv = 'Full name,Sex,Date of birth,Citizen ID,Admission date,Official date,Unit code,Phone\r\n'
      + '"Tôn Nữ Thị ""Xuân""",F,1986-06-06,001186000601,2010-06-07,2011-06-07,HN-BD-02,"0912,345"\r\n'
      + 'Cao Văn Minh,M,1986-06-06,001086000602,2010-06-07,2011-06-07,"HN-BD\r\n-02",\r\n';
    const r = await refused(ctx, () => importCsv(Buffer.from(csv)), 422);
    // Row 2: the quotes in the name and the comma in the phone stay inside
    // their fields (so exactly those two fields are wrong); row 3: the line
    // break is inside the unit code, and the row count is not thrown off.
    const got = r.body.errors.map((e) => [e.row, e.column]);
    assert.deepEqual(got, [[2, 'Full name'], [2, 'Phone'], [3, 'Unit code']], JSON.stringify(r.body.errors));
  });

  test('a CCCD repeated inside the file is a row error', async () => {
    const csv = 'Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào Đảng,Mã chi bộ\n'
      + 'Lê Văn Một,Nam,1980-01-01,001080000901,2005-01-01,HN-BD-01\n'
      + 'Lê Văn Hai,Nam,1980-01-01,001080000901,2005-01-01,HN-BD-01\n';
    const r = await refused(ctx, () => importCsv(Buffer.from(csv)), 422);
    assert.deepEqual(r.body.errors.map((e) => [e.row, e.column, e.code]), [[3, 'Số CCCD', 'import_cccd_repeated']]);
  });

  test('text/csv; charset=utf-8 is accepted; JSON is not a CSV', async () => {
    const csv = 'Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào Đảng,Mã chi bộ\n'
      + 'Lê Văn Ba,Nam,1980-01-01,001080000903,2005-01-01,HN-BD-01\n';
    const r = await importCsv(Buffer.from(csv), '?dry_run=1', { 'content-type': 'text/csv; charset=utf-8' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.created, 1);
  });

  test('a CSV over 16 MiB is refused 413 before it is read', async () => {
    const before = ctx.s.dump();
    const r = await rawHttp(ctx.s.url, `POST ${API}/imports HTTP/1.1\r\nHost: x\r\n${sessionLines(ctx, 'POST')}Content-Type: text/csv\r\n`
      + `Content-Length: ${16 * 1024 * 1024 + 1}\r\nConnection: close\r\n\r\n`);
    assert.equal(r.status, 413, r.head);
    assert.equal(JSON.parse(r.body).error.code, 'body_too_large');
    assert.equal(ctx.s.dump(), before);
    await assertAlive(ctx);
  });

  test('a file that is not UTF-8 is refused 400 with a clear error', async () => {
    const r = await refused(ctx, () => importCsv(fixture('members_cp1258.csv'), '?file_name=members_cp1258.csv'), 400);
    const c = codes(r.body);
    assert.equal(r.body.error.code, 'import_not_utf8', `codes: ${c}`);
    const msg = r.body.error?.message ?? r.body.errors[0].message;
    assert.match(msg, /UTF-8/);
    const en = await refused(ctx, () => importCsv(fixture('members_cp1258.csv'), '', { 'accept-language': 'en' }), 400);
    assert.match(en.body.error?.message ?? en.body.errors[0].message, /UTF-8/);
  });

  test('unreadable files: no header, unknown or repeated column, missing required column', async () => {
    await refused(ctx, () => importCsv(Buffer.from('')), 400, 'import_no_header');
    await refused(ctx, () => importCsv(Buffer.from('\uFEFF\r\n')), 400, 'import_no_header');
    const unknown = await refused(ctx, () => importCsv(Buffer.from('Họ và tên,Màu áo\nA B,đỏ\n')), 400);
    assert.ok(codes(unknown.body).includes('import_column_unknown'), codes(unknown.body).join());
    const rep = await refused(ctx, () => importCsv(Buffer.from('Họ và tên,Full name\nA B,A B\n')), 400);
    assert.ok(codes(rep.body).includes('import_column_repeated'), codes(rep.body).join());
    const miss = await refused(ctx, () => importCsv(Buffer.from('Họ và tên,Giới tính\nLê Văn Tám,Nam\n')), 400, 'import_column_missing');
    assert.match(miss.body.error.message, /Ngày sinh|Ngày vào Đảng|Mã chi bộ/, 'names the missing column');
    const quote = await refused(ctx, () => importCsv(Buffer.from(`${VI_HEADERS.join(',')}\n"Lê Văn Tám,Nam\n`)), 400);
    assert.ok(codes(quote.body).includes('csv_quote'), codes(quote.body).join());
  });
});

describe('export', () => {
  test('a subtree as CSV with BOM, CRLF and diacritics intact', async () => {
    const r = await exportCsv(`?unit=${t.hn.id}`);
    assert.equal(r.status, 200);
    assert.match(r.type, /^text\/csv/);
    assert.deepEqual([...r.buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    const text = r.buf.subarray(3).toString('utf8');
    const lines = text.split('\r\n');
    assert.equal(lines.at(-1), '', 'ends with CRLF');
    assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
    const head = lines[0].split(',');
    for (const h of VI_HEADERS) assert.ok(head.includes(h), `missing header ${h}: ${lines[0]}`);
    assert.ok(text.includes('Nguyễn Thị Hằng'));
    assert.ok(text.includes('Đỗ Văn Bảo'));
    assert.ok(!text.includes('Lê Thị Thu Trang'), 'a member of another subtree was exported');
    assert.ok(!text.includes('Hoàng Minh Tuấn'), 'a member of another subtree was exported');
    const inHn = await members(`&unit=${t.hn.id}`);
    assert.equal(lines.length - 2, inHn.length, 'one line per member of the subtree');
  });

  test('export -> import round trip is unchanged', async () => {
    const before = await members();
    const r = await exportCsv('');
    assert.equal(r.status, 200);
    const imp = await importCsv(r.buf, '?file_name=export.csv');
    assert.equal(imp.status, 200, JSON.stringify(imp.body));
    assert.deepEqual([imp.body.rows, imp.body.created, imp.body.updated, imp.body.unchanged],
      [before.length, 0, 0, before.length]);
    assert.deepEqual(await members(), before, 'no record changed, not even its version');
  });

  test('export of an unknown unit 404', async () => {
    const r = await exportCsv('?unit=999999');
    assert.equal(r.status, 404);
  });
});
