// cli.test.mjs -- the CLI faces of import and export (DESIGN.md
// "Interfaces"): `caunoi import members FILE` and `caunoi export members`
// on the database a running server uses, --help for the program and each
// subcommand, errors to stderr with a non-zero exit; `caunoi trip` and
// `caunoi rules` on the trips the server files, in the API's shapes, with
// a step the state does not allow refused as the API refuses it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, assertAlive, createMember, createTree, setup } from './helpers.mjs';

const FIX = join(ROOT, 'tests/api/fixtures');

let ctx;
let tree;
before(async () => {
  ctx = await setup();
  tree = await createTree(ctx);
});
after(async () => { await ctx?.s.stop(); });

const run = (...args) => ctx.s.cli([...args]);
// The CLI in Vietnamese whatever the test's environment says, so its JSON
// words "missing" as the API does by default.
const runVi = (...args) => ctx.s.cli([...args], { env: { ...process.env, LC_ALL: '', LANG: 'vi_VN.UTF-8' } });
const vnDay = (offset = 0) => new Date(Date.now() + 7 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);

describe('cli', () => {
  test('caunoi --help and each subcommand --help exit 0', () => {
    const top = run('--help');
    assert.equal(top.status, 0, top.stderr);
    for (const sub of ['init', 'demo', 'serve', 'import', 'export', 'units']) {
      assert.match(top.stdout, new RegExp(`\\b${sub}\\b`), `--help does not mention ${sub}`);
      const r = run(sub, '--help');
      assert.equal(r.status, 0, `${sub} --help: ${r.stderr}`);
      assert.ok(r.stdout.length > 0, `${sub} --help printed nothing on stdout`);
      assert.match(r.stdout, /--db/, `${sub} --help does not document --db`);
    }
  });

  test('an unknown subcommand exits non-zero with a message on stderr', () => {
    const r = run('frobnicate');
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /frobnicate/);
    assert.equal(r.stdout, '');
    const o = run('import', 'members', '--no-such-option', '--db', '$DB');
    assert.notEqual(o.status, 0);
    assert.ok(o.stderr.length > 0);
  });

  test('import members FILE: exit 0 and the counts', async () => {
    const before = ctx.s.dump();
    const dry = run('import', 'members', join(FIX, 'members_cli.csv'), '--dry-run', '--db', '$DB');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /^tạo mới\t2$/m, `counts: ${dry.stdout}`);
    assert.equal(ctx.s.dump(), before, '--dry-run wrote something');
    const r = run('import', 'members', join(FIX, 'members_cli.csv'), '--db', '$DB');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^số dòng\t2$/m, `counts: ${r.stdout}`);
    assert.match(r.stdout, /^tạo mới\t2$/m, `counts: ${r.stdout}`);
    const list = await ctx.get('/members?q=cuong');
    assert.deepEqual(list.body.items.map((m) => m.full_name), ['Lưu Văn Cường'], 'the server sees the import');
    const again = run('import', 'members', join(FIX, 'members_cli.csv'), '--db', '$DB');
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /^tạo mới\t0$/m, `counts: ${again.stdout}`);
    assert.match(again.stdout, /^không đổi\t2$/m, `counts: ${again.stdout}`);
    assert.equal((await ctx.get('/members?q=duyen')).body.items.length, 1, 'no duplicate');
  });

  test('import members with a bad file: exit 1, row errors on stderr, nothing changed', async () => {
    const before = ctx.s.dump();
    const r = run('import', 'members', join(FIX, 'members_errors.csv'), '--db', '$DB');
    assert.equal(r.status, 1, `exit ${r.status}; stdout: ${r.stdout}`);
    for (const row of ['3', '5', '7']) assert.match(r.stderr, new RegExp(`\\b${row}\\b`), `row ${row} not on stderr`);
    assert.match(r.stderr, /Số CCCD/);
    assert.match(r.stderr, /Ngày sinh/);
    assert.equal(ctx.s.dump(), before);
    const enc = run('import', 'members', join(FIX, 'members_cp1258.csv'), '--db', '$DB');
    assert.notEqual(enc.status, 0);
    assert.match(enc.stderr, /UTF-8/);
    const missing = run('import', 'members', join(FIX, 'no-such-file.csv'), '--db', '$DB');
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /no-such-file\.csv/);
    assert.equal(ctx.s.dump(), before);
    await assertAlive(ctx);
  });

  test('export members --unit CODE: CSV with BOM on stdout', () => {
    const r = run('export', 'members', '--unit', 'HN-BD', '--db', '$DB');
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.startsWith('\uFEFFHọ và tên,'), r.stdout.slice(0, 40));
    assert.ok(r.stdout.includes('Lưu Văn Cường'));
    assert.ok(r.stdout.includes('Tô Thị Duyên'));
    const none = run('export', 'members', '--unit', 'NO-SUCH', '--db', '$DB');
    assert.notEqual(none.status, 0);
    assert.match(none.stderr, /NO-SUCH|không|not found/i);
  });

  test('units lists code, kind, parent code and name, one a line', () => {
    const r = run('units', '--db', '$DB');
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    const de1 = lines.find((l) => l.startsWith('NN-DE-01'));
    assert.ok(de1, r.stdout);
    assert.deepEqual(de1.split('\t'), ['NN-DE-01', 'cell', 'NN-DE', 'Chi bộ lưu học sinh Berlin']);
    assert.equal(lines.length, 9);
  });

  test('a missing database is an error, not a new file', () => {
    const r = run('export', 'members', '--db', join(ctx.s.dir, 'missing.db'));
    assert.notEqual(r.status, 0);
    assert.ok(r.stderr.length > 0);
  });
});

describe('cli: trips and rule sets', () => {
  let trip; // a draft the member filed through the API

  before(async () => {
    const an = await createMember(ctx, tree.bd1.id, 'Đặng Văn An');
    const member = await ctx.s.user({ role: 'member', unit: 'HN-BD-01', member: an.id, login: 'an.cli' });
    const r = await ctx.req('POST', '/trips', {
      session: member,
      body: { purpose: 'relatives', countries: ['JP', 'KR'], planned_departure: vnDay(20), planned_return: vnDay(30), payer: 'self' },
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    trip = r.body;
  });

  test('trip and rules --help exit 0 and document --db; the overview names them', () => {
    const top = run('--help');
    for (const sub of ['trip', 'rules']) {
      assert.match(top.stdout, new RegExp(`\\b${sub}\\b`), `--help does not mention ${sub}`);
      const r = run(sub, '--help');
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /--db/);
      assert.match(r.stdout, /--json/);
    }
    assert.equal(run('trip').status, 2);
    assert.equal(run('trip', 'fly').status, 2);
  });

  test('trip list: one trip a line, filters by unit, member and state', () => {
    const r = run('trip', 'list', '--db', '$DB');
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1, r.stdout);
    assert.deepEqual(lines[0].split('\t'), [String(trip.id), 'draft', 'Đặng Văn An', 'HN-BD-01', 'relatives',
      'JP,KR', vnDay(20), vnDay(30), 'member', vnDay(20)]);
    const filtered = (...f) => run('trip', 'list', '--db', '$DB', ...f).stdout.trim();
    assert.equal(filtered('--unit', 'HN-BD').split('\t')[0], String(trip.id));
    assert.equal(filtered('--unit', 'HN-HK'), '');
    assert.equal(filtered('--member', String(trip.member.id)).split('\t')[0], String(trip.id));
    assert.equal(filtered('--state', 'open').split('\t')[0], String(trip.id));
    assert.equal(filtered('--state', 'submitted'), '');
    const bad = run('trip', 'list', '--db', '$DB', '--state', 'flying');
    assert.equal(bad.status, 1);
    assert.ok(bad.stderr.length > 0);
    const noUnit = run('trip', 'list', '--db', '$DB', '--unit', 'NO-SUCH');
    assert.equal(noUnit.status, 1);
    assert.equal(noUnit.stdout, '');
    assert.equal(run('trip', 'list', '--db', '$DB', '--member', 'x').status, 2);
  });

  test('trip list --json and trip show --json are the API trip objects', async () => {
    const list = runVi('trip', 'list', '--db', '$DB', '--json');
    assert.equal(list.status, 0, list.stderr);
    const api = await ctx.get('/trips');
    assert.equal(api.status, 200);
    assert.deepEqual(JSON.parse(list.stdout), api.body.items);
    const show = runVi('trip', 'show', String(trip.id), '--db', '$DB', '--json');
    assert.equal(show.status, 0, show.stderr);
    const one = await ctx.get(`/trips/${trip.id}`);
    assert.deepEqual(JSON.parse(show.stdout), one.body);
    assert.equal(JSON.parse(show.stdout).missing[0].code, 'trip_document_missing');
  });

  test('trip show: the fields, the deadlines and the timeline, one a line', () => {
    const r = run('trip', 'show', String(trip.id), '--db', '$DB');
    assert.equal(r.status, 0, r.stderr);
    const kv = Object.fromEntries(r.stdout.trim().split('\n').map((l) => l.split('\t')).filter((f) => f.length === 2));
    assert.equal(kv.state, 'draft');
    assert.equal(kv.countries, 'JP,KR');
    assert.equal(kv.next_deadline, vnDay(20));
    assert.equal(kv.days_left, '20');
    assert.equal(kv.waiting_for, 'member');
    assert.match(r.stdout, /^missing\tattachments\ttrip_document_missing\trelatives_commitment$/m);
    assert.match(r.stdout, /^event\t\d{4}-\d\d-\d\d\tcreate\t\tdraft\tan\.cli\tmember\t/m);
    const none = run('trip', 'show', '999999', '--db', '$DB');
    assert.equal(none.status, 1);
    assert.equal(none.stdout, '');
    assert.equal(run('trip', 'show', 'abc', '--db', '$DB').status, 2);
  });

  test('trip act: a step the state does not allow is refused with the allowed list, nothing changed', () => {
    const before = ctx.s.dump();
    const r = run('trip', 'act', String(trip.id), 'opinion', '--outcome', 'agree', '--db', '$DB');
    assert.equal(r.status, 1, r.stdout);
    assert.match(r.stderr, /submit,withdraw/);
    assert.equal(r.stdout, '');
    const stale = run('trip', 'act', String(trip.id), 'opinion', '--version', '99', '--db', '$DB');
    assert.equal(stale.status, 1);
    assert.equal(run('trip', 'act', String(trip.id), 'fly', '--db', '$DB').status, 2);
    assert.equal(run('trip', 'act', String(trip.id), '--db', '$DB').status, 2);
    assert.equal(run('trip', 'act', '999999', 'submit', '--db', '$DB').status, 1);
    assert.equal(ctx.s.dump(), before);
  });

  test('rules effective, add and list: the defaults, a subtree set from today, history kept', async () => {
    const def = run('rules', 'effective', '--db', '$DB');
    assert.equal(def.status, 0, def.stderr);
    assert.match(def.stdout, /^report_days\t7$/m);
    assert.match(def.stdout, /^return_grace_workdays\t2$/m);
    const defJson = JSON.parse(run('rules', 'effective', '--db', '$DB', '--json').stdout);
    assert.equal(defJson.id, 0);
    assert.equal(defJson.unit, null);

    const before = ctx.s.dump();
    const past = run('rules', 'add', '--unit', 'HN', '--effective-from', '2020-01-01', '--db', '$DB');
    assert.equal(past.status, 1);
    assert.ok(past.stderr.length > 0);
    assert.equal(run('rules', 'add', '--unit', 'HN', '--report-days', 'seven', '--db', '$DB').status, 2);
    assert.equal(run('rules', 'add', '--unit', 'HN', '--review-blocks-approval', 'maybe', '--db', '$DB').status, 2);
    const range = run('rules', 'add', '--unit', 'HN', '--effective-from', vnDay(0), '--report-days', '61', '--db', '$DB');
    assert.equal(range.status, 1);
    assert.match(range.stderr, /0\.\.60/);
    assert.equal(ctx.s.dump(), before, 'refused rule sets changed nothing');

    const add = run('rules', 'add', '--unit', 'HN', '--effective-from', vnDay(0), '--report-days', '15',
      '--report-in-calendar-days', 'true', '--note', 'Thành ủy: 15 ngày', '--db', '$DB', '--json');
    assert.equal(add.status, 0, add.stderr);
    const set = JSON.parse(add.stdout);
    assert.equal(set.report_days, 15);
    assert.equal(set.report_in_calendar_days, true);
    assert.equal(set.return_grace_workdays, 2, 'values not given come from the set in force');

    const cell = JSON.parse(run('rules', 'effective', '--unit', 'HN-BD-01', '--db', '$DB', '--json').stdout);
    assert.equal(cell.id, set.id);
    const api = await ctx.get(`/rule-sets/effective?unit=${tree.bd1.id}`);
    assert.deepEqual(cell, api.body);
    const yesterday = JSON.parse(run('rules', 'effective', '--unit', 'HN-BD-01', '--on', vnDay(-1), '--db', '$DB', '--json').stdout);
    assert.equal(yesterday.id, 0, 'a set never reaches back before its day');
    const other = JSON.parse(run('rules', 'effective', '--unit', 'NN-DE-01', '--db', '$DB', '--json').stdout);
    assert.equal(other.id, 0);
    assert.equal(run('rules', 'effective', '--on', '2026-02-30', '--db', '$DB').status, 1);

    const list = run('rules', 'list', '--db', '$DB');
    assert.equal(list.status, 0, list.stderr);
    assert.equal(list.stdout.trim().split('\n').length, 1);
    assert.equal(list.stdout.split('\t')[0], String(set.id));
  });
});
