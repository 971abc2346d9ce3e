// cli.test.mjs -- the CLI faces of import and export (DESIGN.md
// "Interfaces"): `caunoi import members FILE` and `caunoi export members`
// on the database a running server uses, --help for the program and each
// subcommand, errors to stderr with a non-zero exit.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, assertAlive, createTree, setup } from './helpers.mjs';

const FIX = join(ROOT, 'tests/api/fixtures');

let ctx;
before(async () => {
  ctx = await setup();
  await createTree(ctx);
});
after(async () => { await ctx?.s.stop(); });

const run = (...args) => ctx.s.cli([...args]);

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
