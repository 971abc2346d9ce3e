// members.test.mjs -- the member registry through the API (docs/api.md,
// "Members") and every rule of DOMAIN.md ("Records") as an API answer:
// create, read with ETag, update with If-Match, status changes, unit
// history as periods, CCCD checks, dates, duplicates, normalization, and
// messages in both languages. Every refusal leaves the database unchanged.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  assertMessage, createMember, createTree, makeCard, makeCccd, memberBody, messages,
  refused, setup,
} from './helpers.mjs';

let ctx;
let t;
before(async () => {
  ctx = await setup();
  t = await createTree(ctx);
});
after(async () => { await ctx?.s.stop(); });

const NEXT_YEAR = `${new Date().getFullYear() + 1}-01-01`;
const VI_LETTER = /[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i;

describe('members', () => {
  let full; // the member created with every field

  test('create with every field answers 201 with the full record', async () => {
    const body = {
      full_name: 'Đặng Văn An', sex: 'M', birth_date: '1985-03-14', cccd: '001085012345',
      born_abroad: false, cmnd: '012345678', card_number: '12345678', record_number: '123456HN',
      admitted_on: '2010-05-19', official_on: '2011-05-19', unit_id: t.bd1.id,
      phone: '+84912345678', email: 'an@example.vn',
    };
    const r = await ctx.post('/members', body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    full = r.body;
    assert.match(r.headers.get('location') || '', new RegExp(`/api/v1/members/${full.id}$`));
    assert.equal(full.version, 1);
    assert.equal(full.full_name, 'Đặng Văn An');
    assert.equal(full.family_name, 'Đặng');
    assert.equal(full.middle_name, 'Văn');
    assert.equal(full.given_name, 'An');
    assert.equal(full.sex, 'M');
    assert.equal(full.birth_date, '1985-03-14');
    assert.equal(full.cccd, '001085012345');
    assert.equal(full.born_abroad, false);
    assert.equal(full.cmnd, '012345678');
    assert.equal(full.card_number, '12345678');
    assert.equal(full.record_number, '123456HN');
    assert.equal(full.admitted_on, '2010-05-19');
    assert.equal(full.official_on, '2011-05-19');
    assert.equal(full.status, 'official');
    assert.equal(full.status_date, '2011-05-19');
    assert.deepEqual(full.unit, { id: t.bd1.id, code: 'HN-BD-01', name: 'Chi bộ khu phố 1' });
    assert.equal(full.phone, '+84912345678');
    assert.equal(full.email, 'an@example.vn');
    assert.deepEqual(full.warnings, []);
    assert.match(full.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(full.updated_at, full.created_at);
  });

  test('a probationary member has no official date', async () => {
    const m = await createMember(ctx, t.bd1.id, 'Trịnh Thị Hoa', { sex: 'F', birth_date: '2001-08-02', admitted_on: '2024-09-02', official_on: null, unit_id: undefined, unit_code: 'HN-BD-01' });
    assert.equal(m.status, 'probationary');
    assert.equal(m.official_on, null);
    assert.equal(m.status_date, '2024-09-02');
    assert.equal(m.unit.id, t.bd1.id, 'unit_code resolves');
  });

  test('read with ETag', async () => {
    const r = await ctx.get(`/members/${full.id}`);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('etag'), '"1"');
    assert.deepEqual(r.body, full);
    await refused(ctx, () => ctx.get('/members/999999'), 404, 'member_not_found');
  });

  test('update with If-Match; stale update 409 changes nothing; missing 428', async () => {
    const r = await ctx.patch(`/members/${full.id}`, { phone: '+84 987 654 321', email: 'An.Dang@Example.VN' }, { ifMatch: '"1"' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.version, 2);
    assert.equal(r.body.phone, '+84987654321');
    assert.equal(r.body.email, 'An.Dang@example.vn', 'domain lowercased');
    assert.equal(r.body.cccd, full.cccd, 'fields not sent are kept');
    assert.equal(r.body.full_name, 'Đặng Văn An');
    const get = await ctx.get(`/members/${full.id}`);
    assert.equal(get.headers.get('etag'), '"2"');
    await refused(ctx, () => ctx.patch(`/members/${full.id}`, { phone: '+84911111111' }, { ifMatch: '"1"' }), 409, 'version_stale');
    await refused(ctx, () => ctx.patch(`/members/${full.id}`, { phone: '+84911111111' }), 428, 'precondition_required');
    assert.equal((await ctx.get(`/members/${full.id}`)).body.phone, '+84987654321');
    // "" clears an optional field.
    const c = await ctx.patch(`/members/${full.id}`, { email: '' }, { ifMatch: '"2"' });
    assert.equal(c.status, 200, JSON.stringify(c.body));
    assert.equal(c.body.email, null);
    assert.equal(c.body.version, 3);
    // An invalid update is refused whole: the valid field beside it is not saved.
    await refused(ctx, () => ctx.patch(`/members/${full.id}`, { phone: '+84922222222', birth_date: '1999-02-30' }, { ifMatch: '"3"' }), 422, 'date_invalid', 'birth_date');
    await refused(ctx, () => ctx.patch('/members/999999', { phone: '+84922222222' }, { ifMatch: '"1"' }), 404, 'member_not_found');
    // A PATCH that changes nothing (only unit_change_on, or the stored values)
    // answers 200 with the record as it was: same version, nothing written.
    const none = await refused(ctx, () => ctx.patch(`/members/${full.id}`, { unit_change_on: '2020-01-01' }, { ifMatch: '"3"' }), 200);
    assert.equal(none.body.version, 3);
    assert.equal(none.headers.get('etag'), '"3"');
    const same = await refused(ctx, () => ctx.patch(`/members/${full.id}`, { phone: '+84987654321', full_name: 'Đặng  Văn An', unit_id: full.unit.id }, { ifMatch: '"3"' }), 200);
    assert.equal(same.body.version, 3);
    assert.equal(same.body.phone, '+84987654321');
  });

  test('two updates from the same version at once: one wins, the other 409', async () => {
    const m = await createMember(ctx, t.bd1.id, 'Chu Văn Đua');
    const [a, b] = await Promise.all([
      ctx.patch(`/members/${m.id}`, { phone: '0911111111' }, { ifMatch: '"1"' }),
      ctx.patch(`/members/${m.id}`, { phone: '0922222222' }, { ifMatch: '"1"' }),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409]);
    const winner = a.status === 200 ? a : b;
    const now = (await ctx.get(`/members/${m.id}`)).body;
    assert.equal(now.version, 2);
    assert.equal(now.phone, winner.body.phone);
  });

  test('concurrent creates: distinct records; one CCCD or unit code wins once', async () => {
    const b = memberBody(t.bd1.id, 'Trùng Văn Số');
    const same = await Promise.all(Array.from({ length: 12 }, () => ctx.post('/members', b)));
    assert.deepEqual(same.map((r) => r.status).sort(), [201, ...Array(11).fill(409)]);
    assert.ok(same.filter((r) => r.status === 409).every((r) => r.body.error.code === 'cccd_taken'));
    const many = await Promise.all(Array.from({ length: 30 }, (_, i) => ctx.post('/members', memberBody(i % 2 ? t.bd1.id : t.de1.id, 'Song Văn Hành'))));
    assert.ok(many.every((r) => r.status === 201), many.map((r) => r.status).join());
    assert.equal(new Set(many.map((r) => r.body.id)).size, 30);
    const units = await Promise.all(Array.from({ length: 10 }, (_, i) => ctx.post('/units', { kind: 'cell', code: 'SAME-CODE', name: `Chi bộ ${i}`, parent_id: t.hk.id })));
    assert.deepEqual(units.map((r) => r.status).sort(), [201, ...Array(9).fill(409)]);
  });

  test('a rename re-indexes the search; a birth date off the CCCD is refused', async () => {
    const m = await createMember(ctx, t.bd1.id, 'Đoàn Văn Cũ');
    const r = await ctx.patch(`/members/${m.id}`, { full_name: 'Đoàn Văn Mới' }, { ifMatch: '"1"' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.given_name, 'Mới');
    assert.deepEqual((await ctx.get('/members?q=doan moi')).body.items.map((x) => x.id), [m.id]);
    assert.deepEqual((await ctx.get('/members?q=doan cu')).body.items, []);
    await refused(ctx, () => ctx.patch(`/members/${m.id}`, { birth_date: '1986-03-14' }, { ifMatch: '"2"' }), 422, 'cccd_year_mismatch', 'cccd');
    await refused(ctx, () => ctx.patch(`/members/${m.id}`, { sex: 'F' }, { ifMatch: '"2"' }), 422, 'cccd_sex_mismatch', 'cccd');
  });

  test('unit change keeps history as periods', async () => {
    const m = await createMember(ctx, t.bd1.id, 'Ngô Văn Khải', { admitted_on: '2012-03-01', official_on: '2013-03-01' });
    const r = await ctx.patch(`/members/${m.id}`, { unit_id: t.de1.id, unit_change_on: '2024-06-01' }, { ifMatch: `"${m.version}"` });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.unit.id, t.de1.id);
    assert.equal(r.body.unit.code, 'NN-DE-01');
    const p = await ctx.get(`/members/${m.id}/units`);
    assert.equal(p.status, 200, JSON.stringify(p.body));
    const items = p.body.items ?? p.body;
    assert.equal(items.length, 2, JSON.stringify(items));
    assert.deepEqual(items.map((x) => [x.unit_id, x.unit_code, x.kind, x.end_date]), [
      [t.bd1.id, 'HN-BD-01', 'official', '2024-05-31'],
      [t.de1.id, 'NN-DE-01', 'official', null],
    ]);
    assert.equal(items[1].start_date, '2024-06-01');
    assert.equal(items[1].unit_name, 'Chi bộ lưu học sinh Berlin');
    assert.ok(items[0].start_date <= '2024-05-31');
    // Moving by code, a second time.
    const r2 = await ctx.patch(`/members/${m.id}`, { unit_code: 'HN-HK-01', unit_change_on: '2025-01-15' }, { ifMatch: `"${r.body.version}"` });
    assert.equal(r2.status, 200, JSON.stringify(r2.body));
    const p2 = await ctx.get(`/members/${m.id}/units`);
    const items2 = p2.body.items ?? p2.body;
    assert.deepEqual(items2.map((x) => [x.unit_code, x.start_date >= '2000', x.end_date]), [
      ['HN-BD-01', true, '2024-05-31'], ['NN-DE-01', true, '2025-01-14'], ['HN-HK-01', true, null],
    ]);
    // To a unit that does not exist: refused, history unchanged.
    await refused(ctx, () => ctx.patch(`/members/${m.id}`, { unit_id: 999999 }, { ifMatch: `"${r2.body.version}"` }), 422, 'unit_not_found', 'unit_id');
    await refused(ctx, () => ctx.get('/members/999999/units'), 404, 'member_not_found');
    // A corrected admission date moves the start of the first official
    // period with it; one after that period ended is refused, nothing saved.
    const r3 = await ctx.patch(`/members/${m.id}`, { admitted_on: '2011-03-01', official_on: '2012-03-01' }, { ifMatch: `"${r2.body.version}"` });
    assert.equal(r3.status, 200, JSON.stringify(r3.body));
    const items3 = (await ctx.get(`/members/${m.id}/units`)).body.items;
    assert.deepEqual(items3.map((x) => [x.unit_code, x.start_date, x.end_date]), [
      ['HN-BD-01', '2011-03-01', '2024-05-31'], ['NN-DE-01', '2024-06-01', '2025-01-14'], ['HN-HK-01', '2025-01-15', null],
    ]);
    await refused(ctx, () => ctx.patch(`/members/${m.id}`, { admitted_on: '2024-06-15', official_on: '2025-06-15' }, { ifMatch: `"${r3.body.version}"` }), 422, 'member_admission_period', 'admitted_on');
    assert.equal((await ctx.get(`/members/${m.id}/units`)).body.items[0].start_date, '2011-03-01');
  });

  test('status change to left and deceased with a date', async () => {
    const m = await createMember(ctx, t.hk1.id, 'Bùi Văn Toàn');
    await refused(ctx, () => ctx.post(`/members/${m.id}/status`, { status: 'left', on: '2024-03-01' }), 428, 'precondition_required');
    await refused(ctx, () => ctx.post(`/members/${m.id}/status`, { status: 'left', on: '2024-03-01' }, { ifMatch: '"9"' }), 409, 'version_stale');
    await refused(ctx, () => ctx.post(`/members/${m.id}/status`, { status: 'left', on: '2009-01-01' }, { ifMatch: `"${m.version}"` }), 422, 'member_status_date');
    await refused(ctx, () => ctx.post(`/members/${m.id}/status`, { status: 'left', on: NEXT_YEAR }, { ifMatch: `"${m.version}"` }), 422, 'member_status_date');
    await refused(ctx, () => ctx.post(`/members/${m.id}/status`, { status: 'official', on: '2024-03-01' }, { ifMatch: `"${m.version}"` }), 422, 'member_status_invalid', 'status');
    const r = await ctx.post(`/members/${m.id}/status`, { status: 'left', on: '2024-03-01' }, { ifMatch: `"${m.version}"` });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'left');
    assert.equal(r.body.status_date, '2024-03-01');
    assert.equal(r.body.official_on, m.official_on, 'the official date is kept');
    assert.equal(r.body.version, m.version + 1);
    // Left members are not in the default list, but are with status=all or left.
    const act = await ctx.get(`/members?unit=${t.hk1.id}`);
    assert.ok(!act.body.items.some((x) => x.id === m.id));
    const all = await ctx.get(`/members?unit=${t.hk1.id}&status=all`);
    assert.ok(all.body.items.some((x) => x.id === m.id));
    const left = await ctx.get(`/members?unit=${t.hk1.id}&status=left`);
    assert.deepEqual(left.body.items.map((x) => x.id), [m.id]);
    // Left, then deceased; never back.
    const d = await ctx.post(`/members/${m.id}/status`, { status: 'deceased', on: '2025-01-10' }, { ifMatch: `"${r.body.version}"` });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    assert.equal(d.body.status, 'deceased');
    assert.equal(d.body.status_date, '2025-01-10');
    await refused(ctx, () => ctx.post(`/members/${m.id}/status`, { status: 'left', on: '2025-02-01' }, { ifMatch: `"${d.body.version}"` }), 409, 'member_status_transition', 'status');
  });

  describe('CCCD', () => {
    const base = () => memberBody(t.bd2.id, 'Phan Văn Lực');
    test('sex digit must agree with sex', async () => {
      const b = base();
      b.cccd = makeCccd('F', b.birth_date); // female digit, male member
      await refused(ctx, () => ctx.post('/members', b), 422, 'cccd_sex_mismatch', 'cccd');
    });
    test('century digit must agree with the birth year', async () => {
      const b = base();
      b.cccd = makeCccd('M', '2005-03-14'); // 2 = male born 2000-2099; member born 1985
      b.cccd = b.cccd.slice(0, 4) + '85' + b.cccd.slice(6);
      await refused(ctx, () => ctx.post('/members', b), 422, 'cccd_century_mismatch', 'cccd');
    });
    test('year digits must agree with the birth year', async () => {
      const b = base();
      b.cccd = makeCccd('M', '1986-03-14');
      await refused(ctx, () => ctx.post('/members', b), 422, 'cccd_year_mismatch', 'cccd');
    });
    test('letters, wrong length refused', async () => {
      const b = base();
      b.cccd = '00108501234A';
      await refused(ctx, () => ctx.post('/members', b), 422, 'cccd_char', 'cccd');
      b.cccd = '00108501234';
      await refused(ctx, () => ctx.post('/members', b), 422, 'cccd_length', 'cccd');
    });
    test('required for a new member', async () => {
      const b = base();
      delete b.cccd;
      await refused(ctx, () => ctx.post('/members', b), 422, 'required', 'cccd');
    });
    test('province code off the list refused, accepted with cccd_foreign when born abroad', async () => {
      const b = base();
      b.cccd = makeCccd('M', b.birth_date, { province: '003' });
      await refused(ctx, () => ctx.post('/members', b), 422, 'cccd_province', 'cccd');
      b.born_abroad = true;
      const r = await ctx.post('/members', b);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.born_abroad, true);
      assert.equal(r.body.cccd, b.cccd);
      assert.deepEqual(r.body.warnings, ['cccd_foreign']);
    });
    test('a former-province code stays valid', async () => {
      const b = memberBody(t.bd2.id, 'Tạ Văn Hưng');
      b.cccd = makeCccd('M', b.birth_date, { province: '027' });
      const r = await ctx.post('/members', b);
      assert.equal(r.status, 201, JSON.stringify(r.body));
    });
    test('full-width digits, spaces and dots are normalized', async () => {
      const b = memberBody(t.bd2.id, 'Mạc Thị Thu', { sex: 'F', birth_date: '1990-11-20' });
      const plain = makeCccd('F', '1990-11-20');
      b.cccd = ` ${plain.slice(0, 3)}.${plain.slice(3, 6)} ${plain.slice(6, 9)}.${plain.slice(9)} `;
      const r = await ctx.post('/members', b);
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal(r.body.cccd, plain);
      const b2 = memberBody(t.bd2.id, 'Mạc Thị Thơ', { sex: 'F', birth_date: '1990-11-20' });
      const plain2 = makeCccd('F', '1990-11-20');
      b2.cccd = [...plain2].map((d) => String.fromCharCode(0xff10 + Number(d))).join('');
      const r2 = await ctx.post('/members', b2);
      assert.equal(r2.status, 201, JSON.stringify(r2.body));
      assert.equal(r2.body.cccd, plain2);
    });
    test('duplicate CCCD 409, also in another notation', async () => {
      const b = memberBody(t.bd2.id, 'Kiều Văn Sơn', { cccd: full.cccd });
      await refused(ctx, () => ctx.post('/members', b), 409, 'cccd_taken', 'cccd');
      b.cccd = `${full.cccd.slice(0, 6)} ${full.cccd.slice(6)}`;
      await refused(ctx, () => ctx.post('/members', b), 409, 'cccd_taken', 'cccd');
      const c = memberBody(t.bd2.id, 'Kiều Văn Sơn', { card_number: full.card_number });
      await refused(ctx, () => ctx.post('/members', c), 409, 'card_taken', 'card_number');
    });
  });

  describe('dates and other fields', () => {
    test('admission before 18 refused, at 18 accepted', async () => {
      const b = memberBody(t.bd2.id, 'Hồ Văn Trẻ', { birth_date: '1990-06-15', admitted_on: '2008-06-14', official_on: '2009-06-14' });
      await refused(ctx, () => ctx.post('/members', b), 422, 'member_admission_age', 'admitted_on');
      b.admitted_on = '2008-06-15';
      b.official_on = '2009-06-15';
      b.cccd = makeCccd('M', '1990-06-15');
      const r = await ctx.post('/members', b);
      assert.equal(r.status, 201, JSON.stringify(r.body));
    });
    test('official date less than 12 months after admission refused', async () => {
      const b = memberBody(t.bd2.id, 'Hồ Văn Vội', { admitted_on: '2010-05-19', official_on: '2011-05-18' });
      await refused(ctx, () => ctx.post('/members', b), 422, 'member_official_early', 'official_on');
    });
    test('admission in the future refused', async () => {
      const b = memberBody(t.bd2.id, 'Hồ Văn Sớm', { admitted_on: NEXT_YEAR, official_on: null });
      await refused(ctx, () => ctx.post('/members', b), 422, 'member_admission_future', 'admitted_on');
    });
    test('every field error is listed at once', async () => {
      const b = memberBody(t.bd2.id, 'Một', { sex: 'X', birth_date: '1985-13-01', card_number: '12', email: 'not-an-email' });
      const r = await refused(ctx, () => ctx.post('/members', b), 422);
      const fields = r.body.errors.map((e) => e.field);
      for (const f of ['full_name', 'sex', 'birth_date', 'card_number', 'email']) {
        assert.ok(fields.includes(f), `no error for ${f}: ${JSON.stringify(r.body.errors)}`);
      }
      const byField = Object.fromEntries(r.body.errors.map((e) => [e.field, e.code]));
      assert.equal(byField.full_name, 'name_one_word');
      assert.equal(byField.card_number, 'card_format');
      assert.equal(byField.email, 'email_format');
      assert.equal(byField.birth_date, 'date_invalid');
      assert.equal(byField.sex, 'member_sex');
    });
    test('unknown unit refused', async () => {
      // A unit named in the body is a field error (422), beside its field.
      await refused(ctx, () => ctx.post('/members', memberBody(999999, 'Lạc Văn Đường')), 422, 'unit_not_found', 'unit_id');
      await refused(ctx, () => ctx.post('/members', memberBody(undefined, 'Lạc Văn Đường', { unit_code: 'NO-SUCH' })), 422, 'unit_not_found', 'unit_code');
    });
    test('names are NFC and single-spaced; an NFD name is stored as NFC', async () => {
      const m = await createMember(ctx, t.bd2.id, '  Lương   Thị  Ngọc '.normalize('NFD'), { sex: 'F' });
      assert.equal(m.full_name, 'Lương Thị Ngọc');
      assert.equal(m.full_name, m.full_name.normalize('NFC'));
      assert.equal(m.given_name, 'Ngọc');
      assert.equal(m.middle_name, 'Thị');
    });
  });

  test('messages in Vietnamese by default and English with Accept-Language: en', async () => {
    const b = memberBody(t.bd2.id, 'Hồ Văn Vội', { admitted_on: '2010-05-19', official_on: '2011-01-01' });
    const vi = await refused(ctx, () => ctx.post('/members', b), 422, 'member_official_early', 'official_on');
    const en = await refused(ctx, () => ctx.post('/members', b, { lang: 'en' }), 422, 'member_official_early', 'official_on');
    assert.match(vi.body.error.message, VI_LETTER);
    assert.doesNotMatch(en.body.error.message, VI_LETTER);
    assert.notEqual(vi.body.error.message, en.body.error.message);
    if (messages().has('member_official_early')) {
      assertMessage('member_official_early', 'vi', vi.body.error.message);
      assertMessage('member_official_early', 'en', en.body.error.message);
    }
    const s = await refused(ctx, () => ctx.patch(`/members/${full.id}`, { phone: '+84933333333' }, { ifMatch: '"1"', lang: 'en' }), 409, 'version_stale');
    assert.doesNotMatch(s.body.error.message, VI_LETTER);
    const n = await refused(ctx, () => ctx.get('/members/999999', { lang: 'vi' }), 404, 'member_not_found');
    assert.match(n.body.error.message, VI_LETTER);
  });

  test('card number must match the pattern setting', async () => {
    const b = memberBody(t.bd2.id, 'Châu Văn Thẻ', { card_number: '1234567' });
    await refused(ctx, () => ctx.post('/members', b), 422, 'card_format', 'card_number');
    b.card_number = makeCard();
    b.record_number = '12345';
    await refused(ctx, () => ctx.post('/members', b), 422, 'record_number_format', 'record_number');
    b.record_number = '123456abc';
    const r = await ctx.post('/members', b);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.record_number, '123456ABC');
  });
});

