// calendar.test.mjs -- the calendar through the API and the CLI (issue 4,
// "Deadlines"; docs/api.md "Calendar"): the days off of 2026 with Tết and
// the compensatory day after the Hùng Kings' Sunday, working days across
// Tết, the lunar date both ways, and the administrator's overrides: added
// and removed by the installation administrator (and audited), refused to
// every other role with nothing changed, and seen by the CLI on the same
// database. The CLI answers the same whatever the server's time zone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertError, createUnit, refused, setup } from './helpers.mjs';

let ctx;
let officer; // an officer of unit LT
let unitAdmin; // an administrator bound to unit LT, not to the whole installation
before(async () => {
  ctx = await setup();
  await createUnit(ctx, { kind: 'committee', code: 'LT', name: 'Đảng bộ Lịch Thử' });
  officer = await ctx.s.user({ role: 'officer', unit: 'LT', login: 'lt-officer', name: 'Cán bộ Lịch' });
  unitAdmin = await ctx.s.user({ role: 'admin', unit: 'LT', login: 'lt-admin', name: 'Quản trị Lịch' });
});
after(async () => { await ctx?.s.stop(); });

const get = (path, opts = {}) => ctx.req('GET', path, opts);
const post = (path, body, opts = {}) => ctx.req('POST', path, { ...opts, body });
const byDate = (items) => Object.fromEntries(items.map((d) => [d.date, d]));
const ENV_NY = { env: { ...process.env, TZ: 'America/New_York' } };

describe('days off and working days', () => {
  test('holidays 2026: Tết from 15 to 19 February, 17 February is 1/1 lunar, and 27 April compensates the Hùng Kings\' Sunday', async () => {
    const r = await get('/calendar/holidays?year=2026');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.year, 2026);
    const days = byDate(r.body.items);
    assert.deepEqual(days['2026-02-17'], { date: '2026-02-17', name: 'Tết Nguyên đán', name_en: 'Lunar New Year (Tết)', kind: 'holiday' });
    for (const d of ['2026-02-15', '2026-02-16', '2026-02-18', '2026-02-19']) assert.equal(days[d]?.name, 'Tết Nguyên đán', d);
    assert.equal(days['2026-02-20'].kind, 'compensatory');
    assert.equal(days['2026-04-26'].name, 'Giỗ Tổ Hùng Vương (10/3 âm lịch)');
    assert.equal(days['2026-04-27'].kind, 'compensatory');
    assert.equal(days['2026-04-27'].name, 'Nghỉ bù Giỗ Tổ Hùng Vương');
    const dates = r.body.items.map((d) => d.date);
    assert.deepEqual(dates, [...dates].sort(), 'in date order');
    assert.equal(dates.length, 13);
  });

  test('add-workdays across Tết: one working day after Friday 13 February 2026 is Monday 23 February', async () => {
    const r = await get('/calendar/add-workdays?date=2026-02-13&n=1');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, { from: '2026-02-13', n: 1, date: '2026-02-23' });
    const zero = await get('/calendar/add-workdays?date=2026-02-17&n=0');
    assert.equal(zero.body.date, '2026-02-23', 'n = 0 on a day off: the next working day');
    const ten = await get('/calendar/add-workdays?date=2026-02-10&n=10');
    assert.equal(ten.body.date, '2026-03-03', '3 days before Tết, 7 after it');
  });

  test('lunar: 23 March 2023 is day 2 of the leap 2nd month, and back', async () => {
    const r = await get('/calendar/lunar?date=2023-03-23');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body, { day: 2, month: 2, leap: true, year: 2023, date: '2023-03-23' });
    const back = await get('/calendar/lunar?lunar_day=2&lunar_month=2&lunar_year=2023&leap=true');
    assert.equal(back.body.date, '2023-03-23');
    const hung = await get('/calendar/lunar?lunar_day=10&lunar_month=3&lunar_year=2026');
    assert.equal(hung.body.date, '2026-04-26');
    assert.equal(hung.body.leap, false);
  });

  test('every role reads the calendar', async () => {
    for (const s of [officer, unitAdmin]) {
      const r = await get('/calendar/holidays?year=2026', { session: s });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      const w = await get('/calendar/add-workdays?date=2026-02-13&n=1', { session: s });
      assert.equal(w.body.date, '2026-02-23');
    }
  });

  test('malformed and out-of-range questions are refused with the field named', async () => {
    await refused(ctx, () => get('/calendar/holidays?year=abc'), 400, 'query_value', 'year');
    await refused(ctx, () => get('/calendar/holidays?year=1990'), 422, 'calendar_year_range', 'year');
    await refused(ctx, () => get('/calendar/add-workdays?date=2026-02-13'), 400, 'required', 'n');
    await refused(ctx, () => get('/calendar/add-workdays?date=2026-02-30&n=1'), 400, 'query_value', 'date');
    await refused(ctx, () => get('/calendar/add-workdays?date=2026-02-13&n=3661'), 422, 'calendar_period_range', 'n');
    await refused(ctx, () => get('/calendar/add-workdays?date=2026-02-13&n=-1'), 422, 'calendar_period_range', 'n');
    await refused(ctx, () => get('/calendar/lunar?lunar_day=1&lunar_month=3&lunar_year=2026&leap=true'), 422, 'lunar_date_invalid', 'lunar');
    await refused(ctx, () => get('/calendar/lunar?date=2023-03-23&lunar_day=1'), 400, 'query_value', 'date');
    const en = await get('/calendar/holidays?year=1990', { lang: 'en' });
    assert.equal(en.body.error.message, 'The year 1990 is outside the holiday calendar (1995–2199).');
  });
});

describe('the administrator\'s overrides', () => {
  test('a make-up Saturday and an extra day off move the deadline; removing them restores it; both are audited', async () => {
    const sat = await post('/calendar/overrides', { date: '2026-02-21', kind: 'working_day', name: 'Làm bù cho ngày 20/2' });
    assert.equal(sat.status, 201, JSON.stringify(sat.body));
    assert.equal(sat.body.date, '2026-02-21');
    assert.equal(sat.body.kind, 'working_day');
    assert.equal(sat.body.created_by, 'test-admin');
    let w = await get('/calendar/add-workdays?date=2026-02-13&n=1');
    assert.equal(w.body.date, '2026-02-21');

    const off = await post('/calendar/overrides', { date: '2026-02-23', kind: 'day_off', name: '  Nghỉ thêm  theo thông báo ' });
    assert.equal(off.status, 201, JSON.stringify(off.body));
    assert.equal(off.body.name, 'Nghỉ thêm theo thông báo');
    w = await get('/calendar/add-workdays?date=2026-02-13&n=2');
    assert.equal(w.body.date, '2026-02-24');
    const h = byDate((await get('/calendar/holidays?year=2026')).body.items);
    assert.deepEqual(h['2026-02-23'], { date: '2026-02-23', name: 'Nghỉ thêm theo thông báo', name_en: 'Nghỉ thêm theo thông báo', kind: 'announced' });

    const list = await get('/calendar/overrides?year=2026');
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.items.map((o) => [o.date, o.kind]), [['2026-02-21', 'working_day'], ['2026-02-23', 'day_off']]);

    // The CLI sees what the API entered, and from another time zone too.
    const cli = ctx.s.cli(['calendar', 'add-workdays', '2026-02-13', '1', '--db', '$DB']);
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal(cli.stdout, '2026-02-21\n');
    const ny = ctx.s.cli(['calendar', 'add-workdays', '2026-02-13', '1', '--db', '$DB'], ENV_NY);
    assert.equal(ny.stdout, cli.stdout);

    for (const date of ['2026-02-21', '2026-02-23']) {
      const r = await post('/calendar/overrides/remove', { date });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.date, date);
    }
    w = await get('/calendar/add-workdays?date=2026-02-13&n=1');
    assert.equal(w.body.date, '2026-02-23');

    const audit = await ctx.get('/audit?action=calendar.*');
    assert.equal(audit.status, 200);
    assert.deepEqual(audit.body.items.map((e) => e.action),
      ['calendar.override_remove', 'calendar.override_remove', 'calendar.override_add', 'calendar.override_add']);
    assert.equal(audit.body.items[3].actor, 'test-admin');
    assert.equal(audit.body.items[3].record_type, 'calendar_override');
    assert.deepEqual(audit.body.items[3].after, { date: '2026-02-21', kind: 'working_day', name: 'Làm bù cho ngày 20/2' });
    assert.deepEqual(audit.body.items[0].before, { date: '2026-02-23', kind: 'day_off', name: 'Nghỉ thêm theo thông báo' });
    // Installation-wide entries: an auditor or administrator bound to a unit does not see them.
    const bound = await get('/audit?action=calendar.*', { session: unitAdmin });
    assert.equal(bound.status, 200);
    assert.deepEqual(bound.body.items, []);
  });

  test('other roles are refused with 403 and nothing changes', async () => {
    const body = { date: '2026-09-01', kind: 'day_off', name: 'Nghỉ Quốc khánh' };
    await refused(ctx, () => post('/calendar/overrides', body, { session: officer }), 403, 'forbidden');
    // An administrator bound to a unit may not change the whole country's calendar.
    await refused(ctx, () => post('/calendar/overrides', body, { session: unitAdmin }), 403, 'forbidden');
    await refused(ctx, () => get('/calendar/overrides?year=2026', { session: officer }), 403, 'forbidden');
    const mine = await post('/calendar/overrides', body);
    assert.equal(mine.status, 201);
    await refused(ctx, () => post('/calendar/overrides/remove', { date: '2026-09-01' }, { session: unitAdmin }), 403, 'forbidden');
    await refused(ctx, () => post('/calendar/overrides/remove', { date: '2026-09-01' }, { session: officer }), 403, 'forbidden');
    assert.equal((await post('/calendar/overrides/remove', { date: '2026-09-01' })).status, 200);
  });

  test('invalid overrides are refused, every problem named, and nothing changes', async () => {
    const r = await refused(ctx, () => post('/calendar/overrides', { date: '2026-02-30', kind: 'holiday' }), 422, 'date_invalid', 'date');
    assert.deepEqual(r.body.errors.map((e) => e.field), ['date', 'kind']);
    await refused(ctx, () => post('/calendar/overrides', { date: '2026-02-24', kind: 'day_off' }), 422, 'calendar_override_name_required', 'name');
    await refused(ctx, () => post('/calendar/overrides', { date: '1990-02-24', kind: 'working_day' }), 422, 'calendar_out_of_range', 'date');
    await refused(ctx, () => post('/calendar/overrides', { kind: 'working_day' }), 422, 'required', 'date');
    await refused(ctx, () => post('/calendar/overrides', { date: '2026-02-24', kind: 'working_day', extra: 1 }), 400, 'json_unknown_field', 'extra');
    await refused(ctx, () => post('/calendar/overrides', { date: '2026-02-24', kind: 'day_off', name: 'x'.repeat(301) }), 422, 'calendar_override_name_too_long', 'name');
    assert.equal((await post('/calendar/overrides', { date: '2026-02-24', kind: 'working_day' })).status, 201);
    await refused(ctx, () => post('/calendar/overrides', { date: '2026-02-24', kind: 'day_off', name: 'Nghỉ' }), 409, 'calendar_override_duplicate', 'date');
    await refused(ctx, () => post('/calendar/overrides/remove', { date: '2026-02-25' }), 404, 'calendar_override_not_found', 'date');
    await refused(ctx, () => post('/calendar/overrides/remove', {}), 422, 'required', 'date');
    assert.equal((await post('/calendar/overrides/remove', { date: '2026-02-24' })).status, 200);
  });
});

describe('caunoi calendar', () => {
  const cal = (args, opts) => ctx.s.cli(['calendar', ...args, '--db', '$DB'], opts);

  test('holidays YEAR: one day off a line, ISO date and the Vietnamese name; --json as the API', () => {
    const r = cal(['holidays', '2026']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 13);
    assert.ok(lines.includes('2026-02-17\tTết Nguyên đán'));
    assert.ok(lines.includes('2026-04-27\tNghỉ bù Giỗ Tổ Hùng Vương'));
    const j = cal(['holidays', '2026', '--json']);
    assert.equal(j.status, 0, j.stderr);
    const days = byDate(JSON.parse(j.stdout));
    assert.equal(days['2026-04-27'].kind, 'compensatory');
    assert.equal(days['2026-02-17'].name_en, 'Lunar New Year (Tết)');
  });

  test('lunar DATE: 2/2 nhuận/2023 and the JSON of DESIGN.md, the same in New York', () => {
    const r = cal(['lunar', '2023-03-23']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '2/2 nhuận/2023\n');
    const j = cal(['lunar', '2023-03-23', '--json']);
    assert.equal(j.stdout, '{"day":2,"month":2,"leap":true,"year":2023}\n');
    const ny = cal(['lunar', '2023-03-23', '--json'], ENV_NY);
    assert.equal(ny.stdout, j.stdout);
    const solar = cal(['solar', '1', '1', '2026']);
    assert.equal(solar.stdout, '2026-02-17\n');
  });

  test('add-workdays DATE N prints the date; --json as the API', () => {
    const r = cal(['add-workdays', '2026-02-13', '1', '--json']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { from: '2026-02-13', n: 1, date: '2026-02-23' });
  });

  test('override add and remove as the operator, audited; errors exit 1, usage 2', async () => {
    const add = cal(['override', 'add', '2026-09-04', 'day_off', 'Nghỉ thêm Quốc khánh']);
    assert.equal(add.status, 0, add.stderr);
    assert.match(add.stdout, /^2026-09-04\tday_off\tNghỉ thêm Quốc khánh\toperator\t/);
    const h = byDate((await get('/calendar/holidays?year=2026')).body.items);
    assert.equal(h['2026-09-04'].kind, 'announced');
    const again = cal(['override', 'add', '2026-09-04', 'day_off', 'Nghỉ']);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /2026-09-04 đã được khai báo/);
    const rm = cal(['override', 'remove', '2026-09-04']);
    assert.equal(rm.status, 0, rm.stderr);
    assert.equal(cal(['override', 'remove', '2026-09-04']).status, 1);
    const all = (await ctx.get('/audit?action=calendar.*')).body.items;
    assert.deepEqual(all.slice(0, 2).map((e) => [e.action, e.actor]),
      [['calendar.override_remove', 'operator'], ['calendar.override_add', 'operator']]);

    assert.equal(cal(['holidays', '1990']).status, 1);
    assert.equal(cal(['add-workdays', '2026-02-30', '1']).status, 1);
    assert.equal(cal(['holidays']).status, 2);
    assert.equal(cal(['holidays', 'abc']).status, 2);
    assert.equal(cal(['frobnicate']).status, 2);
    assert.equal(cal(['override', 'add', '2026-09-04']).status, 2);
    const help = ctx.s.cli(['calendar', 'holidays', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /caunoi calendar holidays NĂM/);
    const helpEn = ctx.s.cli(['calendar', '--help'], { env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' } });
    assert.match(helpEn.stdout, /caunoi calendar holidays YEAR/);
  });
});
