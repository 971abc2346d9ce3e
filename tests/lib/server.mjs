// server.mjs -- start a real caunoi server on a temporary database for the
// black-box API tests and the browser tests, and look at its database from
// outside (to prove a refused request changed nothing).
//
// The binary is $CAUNOI_BIN (make test sets the sanitizer build), else
// build/asan/caunoi, else build/caunoi.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function caunoiBin() {
  if (process.env.CAUNOI_BIN) return process.env.CAUNOI_BIN;
  for (const p of ['build/asan/caunoi', 'build/caunoi']) {
    if (existsSync(join(ROOT, p))) return join(ROOT, p);
  }
  throw new Error('no caunoi binary: run make first');
}

// Run the CLI synchronously; returns {status, stdout, stderr}.
export function cli(args, opts = {}) {
  const r = spawnSync(caunoiBin(), args, { encoding: 'utf8', cwd: ROOT, timeout: 120000, ...opts });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

// Start a server. options.demo loads the demo data first.
// Returns {url, db, dir, stop(), cli(args), dump(), output()}.
export async function startServer(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'caunoi-test-'));
  const db = join(dir, 'caunoi.db');
  let r = cli(['init', '--db', db]);
  if (r.status !== 0) throw new Error(`caunoi init failed: ${r.stderr}`);
  if (options.demo) {
    r = cli(['demo', '--db', db]);
    if (r.status !== 0) throw new Error(`caunoi demo failed: ${r.stderr}`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = ['serve', '--db', db, '--listen', `127.0.0.1:${port}`,
    '--web', join(ROOT, 'web'), '--vendor', join(ROOT, 'build/vendor'), ...(options.args || [])];
  const child = spawn(caunoiBin(), args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  let exited = null;
  // A test run that is killed must not leave its server behind.
  const reap = () => { if (!exited) child.kill('SIGKILL'); };
  process.on('exit', reap);
  child.on('exit', (code, signal) => { exited = { code, signal }; process.off('exit', reap); });

  const deadline = Date.now() + 30000;
  for (;;) {
    if (exited) throw new Error(`caunoi serve exited ${JSON.stringify(exited)}:\n${output}`);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`caunoi serve did not start:\n${output}`);
    await new Promise((res) => setTimeout(res, 100));
  }

  return {
    url,
    db,
    dir,
    output: () => output,
    alive: () => exited === null,
    cli: (a, o) => cli(a.map((x) => (x === '$DB' ? db : x)), o),
    // A digest of every user table's rows, to prove a request changed nothing.
    dump: () => dumpDb(db),
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        await new Promise((res) => {
          const t = setTimeout(() => { child.kill('SIGKILL'); res(); }, 10000);
          child.on('exit', () => { clearTimeout(t); res(); });
        });
      }
      rmSync(dir, { recursive: true, force: true });
      // A sanitizer report means the server misbehaved even if every test passed.
      if (/ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:/.test(output)) {
        throw new Error(`sanitizer report from caunoi serve:\n${output}`);
      }
    },
  };
}

// Hash of the rows of every table (sqlite3 CLI, read-only), excluding the
// FTS shadow tables whose layout is SQLite's business.
export function dumpDb(db) {
  const tables = spawnSync('sqlite3', ['-readonly', db,
    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'members_fts%' AND name NOT LIKE 'sqlite_%' ORDER BY name"],
  { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
  const h = createHash('sha256');
  for (const t of tables) {
    const rows = spawnSync('sqlite3', ['-readonly', db, `SELECT * FROM "${t}" ORDER BY rowid`], { encoding: 'utf8' }).stdout;
    h.update(`${t}\n${rows}`);
  }
  return h.digest('hex');
}

// fetch + JSON: returns {status, headers, body} (body parsed when JSON).
export async function api(base, method, path, { body, headers = {}, raw } = {}) {
  const init = { method, headers: { ...headers } };
  if (raw !== undefined) {
    init.body = raw;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, init);
  const text = await res.text();
  let parsed = text;
  if ((res.headers.get('content-type') || '').includes('json') && text) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed };
}
