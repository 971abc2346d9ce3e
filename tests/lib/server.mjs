// server.mjs -- start a real caunoi server on a temporary database for the
// black-box API tests and the browser tests, and look at its database from
// outside (to prove a refused request changed nothing).
//
// Every API call needs a session (issue 3). startServer() creates an
// installation administrator with the CLI, signs in, changes the one-time
// password, and registers that session for the server's URL: api(url, ...)
// then sends its cookie and CSRF token unless told otherwise
// ({session: null} for an anonymous call, {session: s} for another user).
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

// Sessions by server URL: the administrator of each running test server.
const adminSessions = new Map();

export const TEST_PASSWORD = 'Cầu nối bền vững 2026!';

// Create an account with the CLI: {login, password} (one-time password).
export function createUser(db, { role, unit, member, login, name } = {}) {
  const args = ['user', 'add', '--db', db, '--role', role, '--json'];
  if (unit) args.push('--unit', unit);
  if (member) args.push('--member', String(member));
  if (login) args.push('--login', login);
  if (name) args.push('--name', name);
  const r = cli(args);
  if (r.status !== 0) throw new Error(`caunoi user add failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout);
  return { login: out.login, password: out.password, id: out.id };
}

// Sign in; when the account still has its one-time password, change it to
// TEST_PASSWORD (or `newPassword`). Returns {cookie, csrf, user, login,
// password}. Throws with the server's answer when sign-in fails.
export async function signIn(url, login, password, { code, newPassword = TEST_PASSWORD } = {}) {
  const body = { login, password };
  if (code) body.code = code;
  const res = await fetch(`${url}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`sign-in as ${login} failed: ${res.status} ${text}`);
  const json = JSON.parse(text);
  const cookie = (res.headers.get('set-cookie') || '').split(';')[0];
  const session = { cookie, csrf: json.csrf_token, user: json.user, login, password };
  if (json.must_change_password) {
    const r = await api(url, 'POST', '/api/v1/me/password', {
      session, body: { current_password: password, new_password: newPassword },
    });
    if (r.status >= 300) throw new Error(`password change for ${login} failed: ${r.status} ${JSON.stringify(r.body)}`);
    session.password = newPassword;
  }
  return session;
}

// Start a server. options.demo loads the demo data first; options.anonymous
// starts it without signing anyone in.
// Returns {url, db, dir, admin, stop(), cli(args), dump(), output(), user(opts)}.
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
      const res = await fetch(`${url}/`);
      if (res.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`caunoi serve did not start:\n${output}`);
    await new Promise((res) => setTimeout(res, 100));
  }

  let admin = null;
  if (!options.anonymous) {
    const acct = createUser(db, { role: 'admin', login: 'test-admin', name: 'Quản trị kiểm thử' });
    admin = await signIn(url, acct.login, acct.password);
    adminSessions.set(url, admin);
  }

  return {
    url,
    db,
    dir,
    admin,
    // Create an account and sign it in: {cookie, csrf, user, login, password}.
    async user(opts) {
      const acct = createUser(db, opts);
      return signIn(url, acct.login, acct.password);
    },
    output: () => output,
    alive: () => exited === null,
    cli: (a, o) => cli(a.map((x) => (x === '$DB' ? db : x)), o),
    // A digest of every user table's rows, to prove a request changed nothing.
    dump: () => dumpDb(db),
    async stop() {
      adminSessions.delete(url);
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
// FTS shadow tables whose layout is SQLite's business and the sessions
// table, whose last-seen time moves with every request.
export function dumpDb(db) {
  const tables = spawnSync('sqlite3', ['-readonly', db,
    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'members_fts%' AND name NOT LIKE 'sqlite_%' AND name <> 'sessions' ORDER BY name"],
  { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
  const h = createHash('sha256');
  for (const t of tables) {
    const rows = spawnSync('sqlite3', ['-readonly', db, `SELECT * FROM "${t}" ORDER BY rowid`], { encoding: 'utf8' }).stdout;
    h.update(`${t}\n${rows}`);
  }
  return h.digest('hex');
}

// fetch + JSON: returns {status, headers, body} (body parsed when JSON).
// Sends the session registered for `base` (the test administrator) unless
// `session` is given: null for none, or a session from signIn().
// Every request is bounded (REQUEST_TIMEOUT_MS): a server that never answers
// fails the test that asked, by name, instead of hanging the run.
const REQUEST_TIMEOUT_MS = 120000;
export async function api(base, method, path, { body, headers = {}, raw, session } = {}) {
  const init = { method, headers: { ...headers }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) };
  const s = session === undefined ? adminSessions.get(base) : session;
  if (s) {
    init.headers.cookie ??= s.cookie;
    if (method !== 'GET' && method !== 'HEAD') init.headers['x-csrf-token'] ??= s.csrf;
  }
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
