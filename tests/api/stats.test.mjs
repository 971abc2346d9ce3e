// stats.test.mjs -- GET /stats, GET /stats/review and the review as a file
// (docs/api.md "Statistics"), on data built through the API: every figure
// against a count made another way, from the API's own lists (trips by
// purpose, country and unit from GET /trips, members abroad from GET
// /trips?state=abroad, transfers from GET /transfers, exemptions from GET
// /exemptions, reports pending from the trips back); the review's current
// period equal to GET /stats of it and its previous period to GET /stats
// of the period before; the CLI's JSON equal to the API's; refusals with
// status, code and field, the database unchanged.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { allPages, createMember, createTree, refused, setup } from './helpers.mjs';
import { as, auditCount, download, readPdf, readXlsx, tripOf, vnDay } from './issue6_helpers.mjs';

let ctx;
let t;
const m = {};
const u = {};
const FROM = vnDay(-30);
const TO = vnDay();
const period = (unit) => `unit=${unit}&from=${FROM}&to=${TO}`;

// The day before `iso`, and the start of the period of equal length before [from, to].
const dayMs = 86400e3;
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
const PREV_TO = iso(Date.parse(FROM) - dayMs);
const PREV_FROM = iso(Date.parse(FROM) - (Date.parse(TO) - Date.parse(FROM) + dayMs));

before(async () => {
  ctx = await setup();
  t = await createTree(ctx);
  m.an = await createMember(ctx, t.bd1.id, 'Đặng Văn An');
  m.binh = await createMember(ctx, t.bd1.id, 'Lê Thị Bình', { sex: 'F', birth_date: '1990-02-11' });
  m.cuong = await createMember(ctx, t.bd2.id, 'Trịnh Văn Cường');
  m.dung = await createMember(ctx, t.hk1.id, 'Hoàng Văn Dũng');
  m.em = await createMember(ctx, t.hk1.id, 'Phạm Thị Hoa', { sex: 'F', birth_date: '1988-07-01' });
  u.officer = await ctx.s.user({ role: 'officer', unit: 'HN', login: 'canbo.hn' });
  u.officerBd = await ctx.s.user({ role: 'officer', unit: 'HN-BD', login: 'canbo.bd' });
  u.sec1 = await ctx.s.user({ role: 'secretary', unit: 'HN-BD-01', login: 'bithu.bd01' });
  u.sec2 = await ctx.s.user({ role: 'secretary', unit: 'HN-BD-02', login: 'bithu.bd02' });
  u.secHk = await ctx.s.user({ role: 'secretary', unit: 'HN-HK-01', login: 'bithu.hk01' });
  u.member = await ctx.s.user({ role: 'member', unit: 'HN-BD-01', member: m.an.id, login: 'an.dang' });
  // Left today: An to Japan (studies), Bình to Thailand and Korea, Dũng to
  // Japan; Cường left for Germany and is back today; Hoa approved only.
  await tripOf(ctx, u.sec1, u.officer, m.an.id, { purpose: 'study', countries: ['JP'], days: 200 });
  await tripOf(ctx, u.sec1, u.officer, m.binh.id, { countries: ['TH', 'KR'] });
  await tripOf(ctx, u.secHk, u.officer, m.dung.id, { purpose: 'medical', countries: ['JP'] });
  await tripOf(ctx, u.sec2, u.officer, m.cuong.id, { countries: ['DE'], until: 'returned' });
  await tripOf(ctx, u.secHk, u.officer, m.em.id, { countries: ['FR'], until: 'approved' });
  // Arrangements decided today: An's temporary transfer to Berlin, an
  // exemption of Dũng.
  const x = await as(ctx, u.officer).post('/transfers', { member_id: m.an.id, kind: 'temporary', to_unit_id: t.de1.id });
  assert.equal(x.status, 201, JSON.stringify(x.body));
  const e = await as(ctx, u.officer).post('/exemptions', {
    member_id: m.cuong.id, kind: 'temporary', reason: 'Điều trị dài ngày', starts_on: TO, ends_on: vnDay(60),
  });
  assert.equal(e.status, 201, JSON.stringify(e.body));
});
after(async () => { await ctx?.s.stop(); });

// {key: n} of a breakdown.
const byKey = (list) => Object.fromEntries(list.map((c) => [c.key, c.n]));
const inPeriod = (d) => d && d >= FROM && d <= TO;
const tally = (keys) => keys.reduce((o, k) => ({ ...o, [k]: (o[k] || 0) + 1 }), {});

describe('GET /stats: every figure equals a count over the lists', () => {
  let s;
  let trips;

  before(async () => {
    const r = await as(ctx, u.officer).get(`/stats?${period(t.hn.id)}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    s = r.body;
    trips = (await allPages(ctx, `/trips?unit=${t.hn.id}`, 50)).items.filter((x) => inPeriod(x.actual_departure));
  });

  test('the subtree and the period as asked; abroad_on is today', () => {
    assert.deepEqual(s.unit, { id: t.hn.id, code: 'HN', name: 'Đảng bộ Thành phố Hà Nội' });
    assert.equal(s.from, FROM);
    assert.equal(s.to, TO);
    assert.equal(s.abroad_on, TO);
  });

  test('trips: total, by purpose, by country, by unit, by year from GET /trips', async () => {
    assert.equal(trips.length, 4);
    assert.equal(s.trips.total, trips.length);
    assert.deepEqual(byKey(s.trips.by_purpose), tally(trips.map((x) => x.purpose)));
    assert.deepEqual(byKey(s.trips.by_country), tally(trips.flatMap((x) => x.countries)));
    const child = (code) => (code.startsWith('HN-BD') ? 'HN-BD' : code.startsWith('HN-HK') ? 'HN-HK' : code);
    assert.deepEqual(byKey(s.trips.by_unit), tally(trips.map((x) => child(x.unit.code))));
    assert.equal(s.trips.by_year.reduce((a, c) => a + c.n, 0), s.trips.total);
    assert.deepEqual(s.trips.by_year.map((c) => c.key), [...new Set([FROM.slice(0, 4), TO.slice(0, 4)])]);
    // The same through the list's own filters.
    for (const c of s.trips.by_purpose) {
      const l = (await allPages(ctx, `/trips?unit=${t.hn.id}&purpose=${c.key}`, 50)).items.filter((x) => inPeriod(x.actual_departure));
      assert.equal(l.length, c.n, c.key);
    }
    assert.equal(s.trips.by_purpose.find((c) => c.key === 'study').name, 'Đi học tập');
  });

  test('members abroad = GET /trips?state=abroad, by first destination', async () => {
    const abroad = (await allPages(ctx, `/trips?state=abroad&unit=${t.hn.id}`, 50)).items;
    assert.equal(abroad.length, 3);
    assert.equal(s.abroad.total, new Set(abroad.map((x) => x.member.id)).size);
    assert.deepEqual(byKey(s.abroad.by_country), tally(abroad.map((x) => x.countries[0])));
    assert.equal(s.abroad.by_cell_type.reduce((a, c) => a + c.n, 0), s.abroad.total);
  });

  test('arrangements = GET /transfers and GET /exemptions decided in the period', async () => {
    const xs = (await allPages(ctx, `/transfers?unit=${t.hn.id}`, 50)).items.filter((x) => inPeriod(x.issued_on) && x.state !== 'cancelled');
    assert.deepEqual(byKey(s.arrangements.transfers_by_kind), tally(xs.filter((x) => !x.back).map((x) => x.kind)));
    assert.equal(s.arrangements.transfers_back, xs.filter((x) => x.back).length);
    const es = (await allPages(ctx, `/exemptions?unit=${t.hn.id}`, 50)).items.filter((x) => inPeriod(x.decided_on));
    assert.deepEqual(byKey(s.arrangements.exemptions_by_kind), tally(es.map((x) => x.kind)));
    assert.equal(s.arrangements.groups_formed, 0);
  });

  test('reports: the trips back in the period, none filed yet and none due', async () => {
    const back = (await allPages(ctx, `/trips?unit=${t.hn.id}`, 50)).items.filter((x) => inPeriod(x.actual_return));
    assert.equal(back.length, 1);
    assert.deepEqual(s.reports, { on_time: 0, late: 0, overdue: 0, pending: back.length, avg_delay_days: 0 });
  });

  test('a child subtree counts its own: HN-BD as its officer sees it by default', async () => {
    const r = await as(ctx, u.officerBd).get(`/stats?from=${FROM}&to=${TO}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.unit.code, 'HN-BD');
    const mine = trips.filter((x) => x.unit.code.startsWith('HN-BD'));
    assert.equal(r.body.trips.total, mine.length);
    assert.deepEqual(byKey(r.body.trips.by_unit), tally(mine.map((x) => x.unit.code)));
  });

  test('names follow Accept-Language', async () => {
    const r = await as(ctx, u.officer).get(`/stats?${period(t.hn.id)}`, { lang: 'en' });
    assert.equal(r.body.trips.by_country.find((c) => c.key === 'JP').name, 'Japan');
    assert.equal(s.trips.by_country.find((c) => c.key === 'JP').name, 'Nhật Bản');
  });
});

describe('GET /stats/review', () => {
  test('current = GET /stats of the period, previous = GET /stats of the period before, changes between them', async () => {
    const r = await as(ctx, u.officer).get(`/stats/review?${period(t.hn.id)}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const cur = (await as(ctx, u.officer).get(`/stats?${period(t.hn.id)}`)).body;
    const prev = (await as(ctx, u.officer).get(`/stats?unit=${t.hn.id}&from=${PREV_FROM}&to=${PREV_TO}`)).body;
    assert.deepEqual(r.body.current, cur);
    assert.deepEqual(r.body.previous, prev);
    assert.equal(r.body.generated_on, TO);
    assert.deepEqual(r.body.changes.map((c) => c.key), ['trips', 'abroad', 'transfers', 'transfers_back', 'exemptions',
      'groups_formed', 'reports_on_time', 'reports_late', 'reports_overdue', 'violations']);
    const sum = (l) => l.reduce((a, c) => a + c.n, 0);
    const expect = {
      trips: [cur.trips.total, prev.trips.total], abroad: [cur.abroad.total, prev.abroad.total],
      transfers: [sum(cur.arrangements.transfers_by_kind), sum(prev.arrangements.transfers_by_kind)],
      exemptions: [sum(cur.arrangements.exemptions_by_kind), sum(prev.arrangements.exemptions_by_kind)],
      violations: [cur.violations.total, prev.violations.total],
    };
    for (const c of r.body.changes) {
      assert.equal(c.change, c.current - c.previous, c.key);
      if (expect[c.key]) assert.deepEqual([c.current, c.previous], expect[c.key], c.key);
    }
  });

  test('caunoi report review --format json prints the object the API answers', async () => {
    const api = (await ctx.get(`/stats/review?${period(t.hn.id)}`)).body;
    const r = ctx.s.cli(['report', 'review', '--unit', 'HN', '--from', FROM, '--to', TO, '--db', '$DB']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), api);
  });

  test('XLSX: a summary sheet whose figures are the review\'s, its header frozen, audited export.stats', async () => {
    const before = await auditCount(ctx, 'export.stats');
    const review = (await as(ctx, u.officer).get(`/stats/review?${period(t.hn.id)}`)).body;
    const d = await download(ctx, u.officer, `/stats/review.xlsx?${period(t.hn.id)}`);
    assert.equal(d.status, 200, d.bytes.toString());
    assert.equal(d.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(d.headers.get('content-disposition'), /^attachment; filename="[^"]+\.xlsx"/);
    assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
    const book = await readXlsx(d.bytes);
    assert.ok(book.sheets.length >= 2, JSON.stringify(book.sheets.map((x) => x.title)));
    // The summary sheet: title row, header row (frozen below it), then a
    // row a figure keyed by its code, with this period, the previous one
    // and the change, each equal to the review's.
    const sheet = book.sheets[0];
    assert.equal(sheet.freeze, 'A3');
    assert.deepEqual(sheet.rows[1].slice(0, 5), ['Chỉ tiêu', 'Mã', 'Kỳ này', 'Kỳ trước', 'Thay đổi']);
    const rows = new Map(sheet.rows.slice(2).map((r) => [r[1], r]));
    for (const key of ['trips', 'abroad', 'violations']) assert.ok(rows.has(key), `no summary row ${key}`);
    for (const c of review.changes) {
      const row = rows.get(c.key);
      if (row) assert.deepEqual(row.slice(2, 5), [c.current, c.previous, c.change], c.key);
    }
    assert.equal(await auditCount(ctx, 'export.stats'), before + 1);
  });

  test('CSV: UTF-8 with BOM, one long table', async () => {
    const d = await download(ctx, u.officer, `/stats/review.csv?${period(t.hn.id)}`);
    assert.equal(d.status, 200);
    assert.match(d.headers.get('content-type'), /^text\/csv; charset=utf-8/);
    assert.deepEqual([...d.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(d.bytes.toString('utf8').includes('Đi học tập'));
  });

  test('PDF: real text in Vietnamese with the unit\'s name, nothing audited', async () => {
    const before = ctx.s.dump();
    const d = await download(ctx, u.officer, `/stats/review.pdf?${period(t.hn.id)}`);
    assert.equal(d.status, 200, d.bytes.toString());
    assert.equal(d.headers.get('content-type'), 'application/pdf');
    assert.match(d.headers.get('content-disposition'), new RegExp(`filename="review-${FROM}-${TO}\\.pdf"`));
    const pdf = await readPdf(d.bytes);
    assert.ok(pdf.pages >= 1);
    assert.match(pdf.text, /BÁO CÁO/);
    assert.match(pdf.text, /Nhật Bản/);
    assert.equal(ctx.s.dump(), before, 'printing the review changed the database');
  });
});

describe('refusals change nothing', () => {
  test('a member account: 403 forbidden on every statistics route', async () => {
    for (const p of ['/stats', '/stats/review', '/stats/review.xlsx', '/stats/review.csv', '/stats/review.pdf']) {
      await refused(ctx, () => as(ctx, u.member).get(`${p}?from=${FROM}&to=${TO}`), 403, 'forbidden');
    }
  });
  test('no period: 422 stats_period on from; from after to likewise', async () => {
    await refused(ctx, () => as(ctx, u.officer).get('/stats'), 422, 'stats_period', 'from');
    await refused(ctx, () => as(ctx, u.officer).get(`/stats/review?from=${TO}&to=${FROM}`), 422, 'stats_period', 'from');
    await refused(ctx, () => as(ctx, u.officer).get(`/stats/review.xlsx?from=${TO}&to=${FROM}`), 422, 'stats_period', 'from');
  });
  test('a malformed date: 400 date_invalid naming the parameter', async () => {
    await refused(ctx, () => as(ctx, u.officer).get(`/stats?from=${FROM}&to=31-12-2026`), 400, 'date_invalid', 'to');
    await refused(ctx, () => as(ctx, u.officer).get(`/stats/review.pdf?from=2026-02-30&to=${TO}`), 400, 'date_invalid', 'from');
  });
  test('a year outside the calendar: 422 calendar_out_of_range', async () => {
    await refused(ctx, () => as(ctx, u.officer).get('/stats?from=1990-01-01&to=1990-12-31'), 422, 'calendar_out_of_range');
  });
  test('a unit outside the subtree: 404 unit_not_found, as for one that does not exist', async () => {
    await refused(ctx, () => as(ctx, u.officerBd).get(`/stats?${period(t.hk.id)}`), 404, 'unit_not_found');
    await refused(ctx, () => as(ctx, u.officerBd).get(`/stats/review.csv?${period(t.hk.id)}`), 404, 'unit_not_found');
    await refused(ctx, () => as(ctx, u.officerBd).get(`/stats/review.pdf?${period(999999)}`), 404, 'unit_not_found');
  });
});
