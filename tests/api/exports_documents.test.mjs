// exports_documents.test.mjs -- the downloads of issue 6 (docs/api.md
// "Exports", "Documents") and the follow-ups of issue 5 (the receivers of
// a transfer, GET /exemptions by unit and expiring, GET /compliance with
// several rules), on data built through the API:
// - GET /exports/trips as XLSX read back with openpyxl equals GET /trips
//   (ids, names, real date cells, frozen header), CSV likewise; each export
//   audited export.*, each refusal with status and code and the database
//   unchanged;
// - a trip's application and a transfer's letter as PDF whose text
//   (pdftotext) holds the member's name with its diacritics; who may print
//   what, and the documents that do not apply or are not ready.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { allPages, createMember, createTree, createUnit, refused, setup } from './helpers.mjs';
import { as, auditCount, download, readPdf, readXlsx, tripOf, vnDay } from './issue6_helpers.mjs';

let ctx;
let t;
const m = {};
const u = {};
const trips = {};
let transfer;
const TODAY = vnDay();

before(async () => {
  ctx = await setup();
  t = await createTree(ctx);
  m.an = await createMember(ctx, t.bd1.id, 'Nguyễn Thị Ánh Tuyết', { sex: 'F', birth_date: '1986-04-30' });
  m.binh = await createMember(ctx, t.bd1.id, 'Lê Văn Bình');
  m.dung = await createMember(ctx, t.hk1.id, 'Hoàng Văn Dũng');
  u.officer = await ctx.s.user({ role: 'officer', unit: 'HN', login: 'canbo.hn' });
  u.officerBd = await ctx.s.user({ role: 'officer', unit: 'HN-BD', login: 'canbo.bd' });
  u.sec1 = await ctx.s.user({ role: 'secretary', unit: 'HN-BD-01', login: 'bithu.bd01' });
  u.secHk = await ctx.s.user({ role: 'secretary', unit: 'HN-HK-01', login: 'bithu.hk01' });
  u.member = await ctx.s.user({ role: 'member', unit: 'HN-BD-01', member: m.an.id, login: 'tuyet.nguyen' });
  u.binh = await ctx.s.user({ role: 'member', unit: 'HN-BD-01', member: m.binh.id, login: 'binh.le' });
  trips.an = await tripOf(ctx, u.sec1, u.officer, m.an.id, { purpose: 'relatives', countries: ['JP', 'KR'], days: 20 });
  trips.binh = await tripOf(ctx, u.sec1, u.officer, m.binh.id, { countries: ['TH'], until: 'returned' });
  trips.dung = await tripOf(ctx, u.secHk, u.officer, m.dung.id, { purpose: 'medical', countries: ['SG'], until: 'approved' });
  const x = await as(ctx, u.officer).post('/transfers', { member_id: m.an.id, kind: 'temporary', to_unit_id: t.de1.id });
  assert.equal(x.status, 201, JSON.stringify(x.body));
  transfer = x.body;
});
after(async () => { await ctx?.s.stop(); });

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('GET /exports/{list}', () => {
  test('trips as XLSX: the rows of GET /trips, real date cells, title and frozen header; audited export.trips', async () => {
    const before = await auditCount(ctx, 'export.trips');
    const d = await download(ctx, u.officer, `/exports/trips?unit=${t.hn.id}`);
    assert.equal(d.status, 200, d.bytes.toString());
    assert.equal(d.headers.get('content-type'), XLSX);
    assert.match(d.headers.get('content-disposition'), /^attachment; filename="trips-[^"]*\.xlsx"/);
    assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(d.headers.get('cache-control'), 'no-store');
    const sheet = (await readXlsx(d.bytes)).sheets[0];
    assert.match(String(sheet.rows[0][0]), /Đảng bộ Thành phố Hà Nội/);
    assert.equal(sheet.freeze, 'A3');
    const head = sheet.rows[1];
    assert.deepEqual(head.slice(0, 2), ['Mã chuyến đi', 'Họ và tên']);
    const list = (await allPages(ctx, `/trips?unit=${t.hn.id}`, 50)).items;
    const rows = sheet.rows.slice(2);
    assert.equal(rows.length, list.length);
    const byId = new Map(rows.map((r) => [r[0], r]));
    const col = (name) => head.indexOf(name);
    for (const trip of list) {
      const r = byId.get(trip.id);
      assert.ok(r, `trip ${trip.id} missing from the sheet`);
      assert.equal(r[col('Họ và tên')], trip.member.full_name);
      assert.deepEqual(r[col('Ngày đi dự kiến')], { date: trip.planned_departure });
      assert.deepEqual(r[col('Ngày đi thực tế')], trip.actual_departure ? { date: trip.actual_departure } : null);
    }
    assert.equal(await auditCount(ctx, 'export.trips'), before + 1);
  });

  test('trips as CSV in English with the list\'s filters: the same rows as GET /trips?state=abroad', async () => {
    const d = await download(ctx, u.officer, `/exports/trips?format=csv&state=abroad&unit=${t.hn.id}`, { lang: 'en' });
    assert.equal(d.status, 200, d.bytes.toString());
    assert.match(d.headers.get('content-type'), /^text\/csv; charset=utf-8/);
    const text = d.bytes.toString('utf8').replace(/^\uFEFF/, '');
    const lines = text.split('\r\n').filter(Boolean);
    assert.match(lines[0], /^Trip,Full name,/);
    const abroad = (await allPages(ctx, `/trips?state=abroad&unit=${t.hn.id}`, 50)).items;
    assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',')[0])).sort(), abroad.map((x) => x.id).sort());
    assert.ok(text.includes('Nguyễn Thị Ánh Tuyết'));
  });

  test('members, transfers and alerts export their lists', async () => {
    const mem = await readXlsx((await download(ctx, u.officerBd, '/exports/members')).bytes);
    const members = (await allPages(ctx, `/members?unit=${t.bd.id}`, 50)).items;
    assert.equal(mem.sheets[0].rows.length - 2, members.length);
    const xs = await download(ctx, u.officer, '/exports/transfers?format=csv&state=open');
    assert.equal(xs.status, 200);
    assert.ok(xs.bytes.toString('utf8').includes(transfer.letter_number));
    const al = await download(ctx, u.member, '/exports/alerts?all=1');
    assert.equal(al.status, 200, al.bytes.toString());
  });

  test('a member exports their own trips only', async () => {
    const sheet = (await readXlsx((await download(ctx, u.member, '/exports/trips')).bytes)).sheets[0];
    assert.deepEqual(sheet.rows.slice(2).map((r) => r[0]), [trips.an.id]);
  });

  test('refusals: each with its status and code, nothing written', async () => {
    const get = (who, path) => async () => { const d = await download(ctx, who, path); return { status: d.status, body: d.json }; };
    await refused(ctx, get(u.officer, '/exports/trips?format=pdf'), 422, 'export_format_invalid', 'format');
    await refused(ctx, get(u.officer, '/exports/transfers?from=2026-05-01&to=2026-04-01'), 422, 'export_period', 'from');
    await refused(ctx, get(u.officer, '/exports/trips?from=1-5-2026'), 400, 'date_invalid', 'from');
    await refused(ctx, get(u.officer, '/exports/trips?state=flying'), 422, 'trip_state_invalid');
    await refused(ctx, get(u.officerBd, `/exports/members?unit=${t.hk.id}`), 404, 'unit_not_found');
    await refused(ctx, get(u.member, '/exports/members'), 403, 'forbidden');
    await refused(ctx, get(u.member, '/exports/transfers'), 403, 'forbidden');
  });
});

describe('printed documents', () => {
  test('the application as PDF: the member\'s name with its diacritics, the destinations; read by the member, nothing written', async () => {
    const before = ctx.s.dump();
    for (const who of [u.member, u.sec1, u.officer]) {
      const d = await download(ctx, who, `/trips/${trips.an.id}/documents/application`);
      assert.equal(d.status, 200, d.bytes.toString());
      assert.equal(d.headers.get('content-type'), 'application/pdf');
      assert.equal(d.headers.get('content-disposition'), `attachment; filename="trip-${trips.an.id}-application.pdf"`);
      assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
      const pdf = await readPdf(d.bytes);
      assert.ok(pdf.pages >= 1);
      assert.match(pdf.text, /Nguyễn Thị Ánh Tuyết/i);
      assert.match(pdf.text, /Nhật Bản/);
    }
    assert.equal(ctx.s.dump(), before, 'printing changed the database');
  });

  test('the commitment of a visit to relatives; the report of a trip back', async () => {
    const c = await download(ctx, u.member, `/trips/${trips.an.id}/documents/commitment`);
    assert.equal(c.status, 200, c.bytes.toString());
    assert.match((await readPdf(c.bytes)).text, /CAM KẾT/);
    const r = await download(ctx, u.sec1, `/trips/${trips.binh.id}/documents/report`);
    assert.equal(r.status, 200, r.bytes.toString());
    assert.match((await readPdf(r.bytes)).text, /Lê Văn Bình/);
  });

  test('the transfer\'s letter: both sides print it, a member may not', async () => {
    const d = await download(ctx, u.officer, `/transfers/${transfer.id}/letter`);
    assert.equal(d.status, 200, d.bytes.toString());
    assert.equal(d.headers.get('content-disposition'), `attachment; filename="transfer-${transfer.id}-letter.pdf"`);
    const text = (await readPdf(d.bytes)).text;
    assert.match(text, /Nguyễn Thị Ánh Tuyết/i);
    assert.ok(text.includes(transfer.letter_number), 'the letter number');
  });

  test('refusals: unknown kind, not applicable, not ready, another member\'s trip, a member and the letter; nothing written', async () => {
    const get = (who, path) => async () => { const d = await download(ctx, who, path); return { status: d.status, body: d.json }; };
    await refused(ctx, get(u.member, `/trips/${trips.an.id}/documents/passport`), 422, 'document_kind_invalid', 'kind');
    await refused(ctx, get(u.sec1, `/trips/${trips.binh.id}/documents/commitment`), 409, 'document_not_applicable');
    await refused(ctx, get(u.member, `/trips/${trips.an.id}/documents/report`), 409, 'document_not_ready');
    await refused(ctx, get(u.binh, `/trips/${trips.an.id}/documents/application`), 404, 'trip_not_found');
    await refused(ctx, get(u.officerBd, `/trips/${trips.dung.id}/documents/application`), 404, 'trip_not_found');
    await refused(ctx, get(u.member, `/transfers/${transfer.id}/letter`), 403, 'forbidden');
    await refused(ctx, get(u.officer, '/transfers/999999/letter'), 404, 'transfer_not_found');
  });
});

describe('issue 5 follow-ups', () => {
  test('GET /units/receivers: the overseas committee first, then the units abroad by country and code; no dissolved one', async () => {
    const gone = await createUnit(ctx, { kind: 'cell', code: 'NN-DE-02', name: 'Chi bộ cũ', parent_id: t.de.id, country: 'DE', cell_type: 'workers' });
    const dis = await ctx.post(`/units/${gone.id}/dissolve`, { on: TODAY }, { ifMatch: `"${gone.version}"` });
    assert.equal(dis.status, 200, JSON.stringify(dis.body));
    const r = await as(ctx, u.officerBd).get('/units/receivers');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.items.map((x) => x.code), ['NN', 'NN-DE', 'NN-DE-01']);
    assert.deepEqual(r.body.items[0], { id: t.nn.id, code: 'NN', name: 'Đảng ủy Ngoài nước', kind: 'committee', country: null, cell_type: null, overseas_committee: true });
    assert.deepEqual(r.body.items[2], { id: t.de1.id, code: 'NN-DE-01', name: 'Chi bộ lưu học sinh Berlin', kind: 'cell', country: 'DE', cell_type: 'students', overseas_committee: false });
    await refused(ctx, () => as(ctx, u.sec1).get('/units/receivers'), 403, 'forbidden');
  });

  test('GET /exemptions?unit= and ?expiring=1 equal the dashboard\'s count', async () => {
    const grant = async (member, ends) => {
      const r = await as(ctx, u.officer).post('/exemptions', { member_id: member, kind: 'temporary', reason: 'Ốm', starts_on: vnDay(-100), ends_on: ends, decided_on: vnDay(-100) });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      return r.body;
    };
    const soon = await grant(m.binh.id, vnDay(10));
    const later = await grant(m.dung.id, vnDay(90));
    const bd = (await as(ctx, u.officer).get(`/exemptions?unit=${t.bd.id}`)).body.items.map((x) => x.id);
    assert.deepEqual(bd, [soon.id]);
    const hk = (await as(ctx, u.officer).get(`/exemptions?unit=${t.hk.id}`)).body.items.map((x) => x.id);
    assert.deepEqual(hk, [later.id]);
    const exp = (await as(ctx, u.officer).get('/exemptions?expiring=1')).body.items.map((x) => x.id);
    assert.deepEqual(exp, [soon.id]);
    const dash = (await as(ctx, u.officer).get('/dashboard')).body;
    assert.equal(dash.exemptions_expiring, exp.length);
    // Paged: the cursor walks the filtered list.
    const all = await allPages(ctx, `/exemptions?unit=${t.hn.id}`, 1);
    assert.deepEqual(all.items.map((x) => x.id), [later.id, soon.id]);
    await refused(ctx, () => as(ctx, u.officerBd).get(`/exemptions?unit=${t.hk.id}`), 404, 'unit_not_found');
    await refused(ctx, () => as(ctx, u.officer).get('/exemptions?expiring=soon'), 400, 'query_value', 'expiring');
  });

  test('GET /compliance?rules=: the union of each rule\'s findings; headline = the four arrangement rules and exemption.expired', async () => {
    const one = async (rule) => (await as(ctx, u.officer).get(`/compliance?rule=${rule}`)).body.items;
    const key = (f) => `${f.rule}/${f.member.id}/${f.trip_id}/${f.transfer_id}/${f.exemption_id}`;
    const rules = ['trip.report_due', 'transfer.not_received'];
    const both = (await as(ctx, u.officer).get(`/compliance?rules=${rules.join(',')}`)).body;
    const expect = (await Promise.all(rules.map(one))).flat();
    assert.deepEqual(both.items.map(key).sort(), expect.map(key).sort());
    assert.equal(both.violations + both.obligations, expect.length);
    const headline = ['arrangement.group', 'arrangement.temporary_transfer', 'arrangement.official_transfer', 'arrangement.single', 'exemption.expired'];
    const h = (await as(ctx, u.officer).get('/compliance?rules=headline')).body;
    assert.ok(h.items.every((f) => headline.includes(f.rule)), JSON.stringify(h.items.map((f) => f.rule)));
    const all = (await as(ctx, u.officer).get('/compliance')).body.items.filter((f) => headline.includes(f.rule));
    assert.deepEqual(h.items.map(key).sort(), all.map(key).sort());
    await refused(ctx, () => as(ctx, u.officer).get('/compliance?rules=trip.report_due,nonsense'), 422, 'compliance_rule_unknown', 'rules');
  });
});
