// auth.test.mjs -- signing in and staying signed in (issue 3, "Accounts and
// sessions"; docs/api.md "Signing in, sessions and roles"): brute-force
// throttling and lockout, session expiry, logout, password change, the
// one-time password, two-factor enrolment and sign-in with codes computed
// here (RFC 6238), recovery codes, two-factor required by role, the same
// answer for an unknown login and a wrong password, security headers and
// the session cookie's attributes.
//
// Waiting is avoided where the clock can be moved instead: the tests move
// the sign-in counters' and sessions' timestamps back in the database with
// the sqlite3 CLI (as time passing would), so a 15-minute lock or a
// 30-minute idle timeout is checked in milliseconds with the real settings.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TEST_PASSWORD, createUser, startServer } from '../lib/server.mjs';
import { API, createUnit, rawHttp, setup } from './helpers.mjs';
import {
  STATE_CHANGING, as, call, codeOf, loginPatiently, rawLogin, routeKey, routesFromSource, setSettings, show, sleep, sql, totp,
} from './auth_helpers.mjs';

let ctx;
let unit;
let cell;
before(async () => {
  ctx = await setup();
  unit = await createUnit(ctx, { kind: 'committee', code: 'AU', name: 'Đảng bộ Kiểm thử' });
  cell = await createUnit(ctx, { kind: 'grassroots', code: 'AU-01', name: 'Đảng bộ cơ sở Kiểm thử', parent_id: unit.id });
});
after(async () => { await ctx?.s.stop(); });

const url = () => ctx.s.url;
let n = 0;
// A fresh officer account (never signed in): {login, password, id}.
const account = (role = 'officer', name = 'Phạm Thị Thử') => createUser(ctx.s.db, { role, unit: role === 'admin' ? undefined : 'AU', login: `u${++n}-${role}`, name });
// A fresh officer, signed in, one-time password already changed.
const officer = async () => ctx.s.user({ role: 'officer', unit: 'AU', login: `s${++n}-officer`, name: 'Phạm Thị Thử' });

const q = (s) => s.replace(/'/g, "''");
const userRow = (login) => {
  const out = sql(ctx.s.db, `SELECT failed_logins, COALESCE(locked_until, ''), COALESCE(last_failed_at, '') FROM users WHERE login = '${q(login)}'`, { readonly: true }).trim();
  const [failed, locked, last] = out.split('|');
  return { failed: Number(failed), locked, last };
};
// Move the last failure far back, as if the wait had passed.
// (10 minutes: longer than any wait before the lock, 2^8 s.)
const forgetWait = (login) => sql(ctx.s.db, `UPDATE users SET last_failed_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-600 seconds') WHERE login = '${q(login)}' AND last_failed_at IS NOT NULL`);

// The audit entries about a user (as the installation administrator).
async function auditOf(userId) {
  const r = await ctx.get(`/audit?record_type=user&record_id=${userId}&limit=500`);
  assert.equal(r.status, 200, show(r));
  return r.body.items;
}

describe('failed sign-ins', () => {
  // The timestamps are whole seconds: a 2-second base wait (setting
  // login_backoff_ms) makes "at once, throttled" certain; the tests move the
  // clock rather than wait it out.
  before(() => setSettings(ctx.s.db, { login_backoff_ms: 2000 }));
  after(() => sql(ctx.s.db, "DELETE FROM settings WHERE key = 'login_backoff_ms'"));

  test('an unknown login and a wrong password get the same answer', async () => {
    const a = account();
    const unknown = await rawLogin(url(), 'khong-co-ai', 'Mật khẩu sai hẳn 123');
    const wrong = await rawLogin(url(), a.login, 'Mật khẩu sai hẳn 123');
    assert.equal(unknown.status, 401, show(unknown));
    assert.equal(wrong.status, 401, show(wrong));
    assert.equal(codeOf(wrong), 'login_failed');
    assert.deepEqual(unknown.body, wrong.body);
    assert.equal(unknown.headers.get('set-cookie'), null);
    const en1 = await call(url(), 'POST', '/session', { body: { login: 'khong-co-ai', password: 'x' }, headers: { 'accept-language': 'en' } });
    assert.equal(en1.status, 401);
    assert.equal(codeOf(en1), 'login_failed');
  });

  test('after a failure the next attempt waits (429 login_throttled, Retry-After), doubling', async () => {
    const a = account();
    const first = await rawLogin(url(), a.login, 'sai-mat-khau-1');
    assert.equal(first.status, 401, show(first));
    // At once: throttled, even with the right password; nothing counted.
    const t1 = await rawLogin(url(), a.login, a.password);
    assert.equal(t1.status, 429, show(t1));
    assert.equal(codeOf(t1), 'login_throttled');
    const ra = Number(t1.headers.get('retry-after'));
    assert.ok(Number.isInteger(ra) && ra >= 1, `Retry-After: ${t1.headers.get('retry-after')}`);
    assert.equal(userRow(a.login).failed, 1, 'a throttled attempt is not a failure');
    // After the wait the right password signs in (and the count resets).
    await sleep(ra * 1000 + 100);
    const ok = await rawLogin(url(), a.login, a.password);
    assert.equal(ok.status, 200, show(ok));
    assert.equal(userRow(a.login).failed, 0);
    // The wait doubles with each failure: after three it is longer than after one.
    const b = account();
    assert.equal((await rawLogin(url(), b.login, 'sai-1-xxxxxx')).status, 401);
    // (2 s after one failure, 8 s after three.)
    const w1 = Number((await rawLogin(url(), b.login, 'sai-2-xxxxxx')).headers.get('retry-after'));
    for (let i = 2; i <= 3; i++) {
      forgetWait(b.login);
      const f = await rawLogin(url(), b.login, `sai-${i}-xxxxxx`);
      assert.equal(f.status, 401, show(f));
    }
    const t3 = await rawLogin(url(), b.login, 'sai-4-xxxxxx');
    assert.equal(t3.status, 429, show(t3));
    const w3 = Number(t3.headers.get('retry-after'));
    assert.ok(w1 >= 1 && w1 <= 2 && w3 >= 7 && w3 <= 8, `the wait doubles: ${w1} s after one failure, ${w3} s after three`);
  });

  test('after 10 failures the account is locked for 15 minutes, even for the right password; the lock and its end are audited', async () => {
    const a = account();
    let last;
    for (let i = 1; i <= 10; i++) {
      forgetWait(a.login);
      last = await rawLogin(url(), a.login, `sai-mat-khau-${i}`);
      if (i < 10) assert.equal(last.status, 401, `failure ${i}: ${show(last)}`);
    }
    // The tenth failure locks (it may say so at once).
    assert.ok(last.status === 401 || (last.status === 429 && codeOf(last) === 'login_locked'), show(last));
    const row = userRow(a.login);
    assert.ok(row.locked, 'locked_until is set');
    const end = Date.parse(row.locked);
    assert.ok(Math.abs(end - Date.now() - 15 * 60 * 1000) < 120 * 1000, `lock ends ${row.locked}, about 15 minutes from now`);
    forgetWait(a.login);
    const right = await rawLogin(url(), a.login, a.password);
    assert.equal(right.status, 429, show(right));
    assert.equal(codeOf(right), 'login_locked');
    assert.ok(right.headers.get('retry-after'), 'Retry-After on a lock');
    assert.ok(Number(right.headers.get('retry-after')) > 60, `Retry-After ${right.headers.get('retry-after')}`);
    // The message says until when (the lock's end, as a time of day).
    const hhmm = new Date(end);
    const times = [hhmm.toISOString().slice(11, 16), `${String((hhmm.getUTCHours() + 7) % 24).padStart(2, '0')}:${String(hhmm.getUTCMinutes()).padStart(2, '0')}`];
    assert.ok(times.some((t) => right.body.error.message.includes(t)) || right.body.error.message.includes(row.locked.slice(0, 16)),
      `the message names the lock's end (${times.join(' or ')}): ${right.body.error.message}`);
    // Audited: the lock with its end.
    const entries = await auditOf(a.id);
    const lock = entries.find((e) => /lock/.test(e.action));
    assert.ok(lock, `no lock entry in ${JSON.stringify(entries.map((e) => e.action))}`);
    assert.ok(JSON.stringify(lock.after || {}).includes(row.locked.slice(0, 16)), `the lock entry names its end: ${JSON.stringify(lock)}`);
    // When the lock has passed, the right password works again.
    sql(ctx.s.db, `UPDATE users SET locked_until = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 minutes') WHERE login = '${a.login}'`);
    forgetWait(a.login);
    const again = await rawLogin(url(), a.login, a.password);
    assert.equal(again.status, 200, show(again));
  });

  test('an administrator\'s password reset clears the lock', async () => {
    const a = account();
    for (let i = 1; i <= 10; i++) {
      forgetWait(a.login);
      await rawLogin(url(), a.login, `sai-mat-khau-${i}`);
    }
    assert.ok(userRow(a.login).locked);
    const u = await ctx.get(`/users/${a.id}`);
    assert.equal(u.status, 200, show(u));
    const r = await ctx.req('POST', `/users/${a.id}/reset-password`, { ifMatch: `"${u.body.version}"` });
    assert.equal(r.status, 200, show(r));
    assert.ok(r.body.one_time_password, show(r));
    assert.equal(userRow(a.login).locked, '');
    const ok = await rawLogin(url(), a.login, r.body.one_time_password);
    assert.equal(ok.status, 200, show(ok));
    assert.equal(ok.body.must_change_password, true);
  });
});

describe('sessions', () => {
  test('the cookie is HttpOnly, SameSite=Strict, Path=/, and not Secure over plain HTTP', async () => {
    const a = account();
    const r = await rawLogin(url(), a.login, a.password);
    assert.equal(r.status, 200, show(r));
    const sc = r.headers.get('set-cookie');
    assert.match(sc, /^caunoi_session=[A-Za-z0-9_-]{20,};/);
    assert.match(sc, /;\s*HttpOnly/i);
    assert.match(sc, /;\s*SameSite=Strict/i);
    assert.match(sc, /;\s*Path=\//i);
    assert.doesNotMatch(sc, /;\s*Secure/i);
    // The cookie's value is not in the body; the CSRF token is, and differs.
    const value = sc.split(';')[0].split('=')[1];
    assert.ok(!r.text.includes(value), 'the session token is in the body');
    assert.ok(r.body.csrf_token && r.body.csrf_token !== value);
    assert.ok(r.body.expires_at);
    assert.equal(typeof r.body.must_change_password, 'boolean');
    assert.equal(typeof r.body.totp_enrolment_required, 'boolean');
    assert.equal(r.body.user.login, a.login);
    assert.equal(r.body.user.password_hash, undefined);
    assert.equal(r.body.user.totp_secret, undefined);
  });

  test('with serve --secure-cookies the cookie is Secure', async () => {
    const s2 = await startServer({ anonymous: true, args: ['--secure-cookies'] });
    try {
      const a = createUser(s2.db, { role: 'admin', login: 'secure-admin', name: 'Quản trị' });
      const r = await rawLogin(s2.url, a.login, a.password);
      assert.equal(r.status, 200, show(r));
      assert.match(r.headers.get('set-cookie'), /;\s*Secure/i);
      assert.match(r.headers.get('set-cookie'), /;\s*HttpOnly/i);
    } finally {
      await s2.stop();
    }
  });

  test('logout ends the session on the server: the old cookie is 401 session_invalid', async () => {
    const s = await officer();
    assert.equal((await as(url(), s, 'GET', '/me')).status, 200);
    const out = await as(url(), s, 'DELETE', '/session');
    assert.equal(out.status, 204, show(out));
    const sc = out.headers.get('set-cookie') || '';
    assert.match(sc, /^caunoi_session=/, 'the cookie is cleared');
    assert.match(sc, /Max-Age=0|Expires=Thu, 01 Jan 1970/i, `cleared cookie: ${sc}`);
    for (const [m, p] of [['GET', '/me'], ['GET', '/units'], ['DELETE', '/session']]) {
      const r = await as(url(), s, m, p);
      assert.equal(r.status, 401, `${m} ${p}: ${show(r)}`);
      assert.equal(codeOf(r), 'session_invalid');
    }
    // Other sessions of the same user are not ended by it.
    const s2 = await rawLogin(url(), s.login, s.password);
    const s3 = await rawLogin(url(), s.login, s.password);
    assert.equal((await as(url(), s2.session, 'DELETE', '/session')).status, 204);
    assert.equal((await as(url(), s3.session, 'GET', '/me')).status, 200);
  });

  test('a session idle past 30 minutes is 401 session_invalid, and stays ended', async () => {
    const s = await officer();
    assert.equal((await as(url(), s, 'GET', '/me')).status, 200);
    sql(ctx.s.db, `UPDATE sessions SET last_seen_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-29 minutes') WHERE user_id = ${s.user.id}`);
    assert.equal((await as(url(), s, 'GET', '/me')).status, 200, 'idle 29 minutes is still alive');
    sql(ctx.s.db, `UPDATE sessions SET last_seen_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-31 minutes') WHERE user_id = ${s.user.id}`);
    const r = await as(url(), s, 'GET', '/me');
    assert.equal(r.status, 401, show(r));
    assert.equal(codeOf(r), 'session_invalid');
    // Ended on the server: moving the clock forward again does not revive it.
    sql(ctx.s.db, `UPDATE sessions SET last_seen_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE user_id = ${s.user.id}`);
    assert.equal((await as(url(), s, 'GET', '/me')).status, 401);
  });

  test('a session older than 12 hours is 401 session_invalid even when active', async () => {
    const s = await officer();
    sql(ctx.s.db, `UPDATE sessions SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-13 hours'), expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 hours') WHERE user_id = ${s.user.id}`);
    const r = await as(url(), s, 'GET', '/me');
    assert.equal(r.status, 401, show(r));
    assert.equal(codeOf(r), 'session_invalid');
  });

  // The same with the clock running: the limits are settings rows
  // (session_idle_s, session_absolute_s), lowered for a few seconds. The
  // test administrator sends nothing meanwhile, so its session is not judged
  // by them.
  test('idle past the setting ends a quiet session', async () => {
    // Clocks are moved in the database, not waited for: no timing in tests.
    const s = await officer();
    sql(ctx.s.db, `UPDATE sessions SET last_seen_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-29 minutes') WHERE user_id = ${s.user.id} AND ended_at IS NULL`);
    const alive = await as(url(), s, 'GET', '/me');
    assert.equal(alive.status, 200, `29 minutes quiet (idle limit 30): ${show(alive)}`);
    sql(ctx.s.db, `UPDATE sessions SET last_seen_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-31 minutes') WHERE user_id = ${s.user.id} AND ended_at IS NULL`);
    const r = await as(url(), s, 'GET', '/me');
    assert.equal(r.status, 401, show(r));
    assert.equal(codeOf(r), 'session_invalid');
  });

  test('a request refreshes the idle clock (last seen, written at most every few seconds)', async () => {
    const s = await officer();
    sql(ctx.s.db, `UPDATE sessions SET last_seen_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-20 minutes') WHERE user_id = ${s.user.id}`);
    assert.equal((await as(url(), s, 'GET', '/me')).status, 200);
    const seen = sql(ctx.s.db, `SELECT last_seen_at FROM sessions WHERE user_id = ${s.user.id} AND ended_at IS NULL`, { readonly: true }).trim();
    assert.ok(Math.abs(Date.parse(seen) - Date.now()) < 5000, `last_seen_at ${seen}`);
    // Twenty more minutes of quiet: still alive, since the request above.
    sql(ctx.s.db, `UPDATE sessions SET last_seen_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-20 minutes') WHERE user_id = ${s.user.id}`);
    assert.equal((await as(url(), s, 'GET', '/me')).status, 200);
  });

  test('the absolute limit ends even a busy session', async () => {
    const s = await officer();
    const where = `user_id = ${s.user.id} AND ended_at IS NULL`;
    sql(ctx.s.db, `UPDATE sessions SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-11 hours', '-59 minutes') WHERE ${where}`);
    assert.equal((await as(url(), s, 'GET', '/me')).status, 200, 'a minute before the 12-hour limit');
    sql(ctx.s.db, `UPDATE sessions SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-12 hours', '-1 minutes'), expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 minutes') WHERE ${where}`);
    const r = await as(url(), s, 'GET', '/me'); // busy: last seen just now
    assert.equal(r.status, 401, show(r));
    assert.equal(codeOf(r), 'session_invalid');
  });
});

describe('password change', () => {
  test('wrong current password, too short, common, personal: refused and nothing changed', async () => {
    const s = await officer();
    const before = sql(ctx.s.db, `SELECT password_hash, version FROM users WHERE id = ${s.user.id}`, { readonly: true });
    const tries = [
      [{ current_password: 'khong-phai-mat-khau', new_password: 'Trăng rằm tháng Tám 2026' }, 'password_wrong', 'current_password'],
      [{ current_password: s.password, new_password: 'Ngắn1!' }, 'password_too_short', 'new_password'],
      [{ current_password: s.password, new_password: 'matkhau123' }, 'password_common', 'new_password'],
      [{ current_password: s.password, new_password: 'Password123' }, 'password_common', 'new_password'],
      [{ current_password: s.password, new_password: `${s.login}-Sông-Hồng-99` }, 'password_personal', 'new_password'],
      [{ current_password: s.password, new_password: 'Phạm Thị Thử rất vui 77' }, 'password_personal', 'new_password'],
    ];
    for (const [body, code, field] of tries) {
      const r = await as(url(), s, 'POST', '/me/password', { body });
      assert.ok(r.status >= 400 && r.status < 500 && r.status !== 401, `${body.new_password}: ${show(r)}`);
      if (code !== 'password_wrong') assert.equal(r.status, 422, `${body.new_password}: ${show(r)}`);
      assert.equal(codeOf(r), code, `${body.new_password}: ${show(r)}`);
      assert.equal(r.body.error.field, field, `${body.new_password}: ${show(r)}`);
    }
    assert.equal(sql(ctx.s.db, `SELECT password_hash, version FROM users WHERE id = ${s.user.id}`, { readonly: true }), before);
    // The session survived the refusals and the old password still signs in.
    assert.equal((await as(url(), s, 'GET', '/me')).status, 200);
    assert.equal((await loginPatiently(url(), s.login, s.password)).status, 200);
  });

  test('a change ends the user\'s other sessions, keeps this one; the old password no longer signs in', async () => {
    const s = await officer();
    const other = (await rawLogin(url(), s.login, s.password)).session;
    const third = (await rawLogin(url(), s.login, s.password)).session;
    assert.equal((await as(url(), other, 'GET', '/me')).status, 200);
    const fresh = 'Hoa sen nở giữa đầm 1975';
    const r = await as(url(), s, 'POST', '/me/password', { body: { current_password: s.password, new_password: fresh } });
    assert.ok(r.status === 200 || r.status === 204, show(r));
    assert.equal((await as(url(), s, 'GET', '/me')).status, 200, 'this session is kept');
    for (const x of [other, third]) {
      const g = await as(url(), x, 'GET', '/me');
      assert.equal(g.status, 401, show(g));
      assert.equal(codeOf(g), 'session_invalid');
    }
    const old = await rawLogin(url(), s.login, s.password);
    assert.equal(old.status, 401, show(old));
    assert.equal(codeOf(old), 'login_failed');
    const now = await loginPatiently(url(), s.login, fresh);
    assert.equal(now.status, 200, show(now));
    assert.equal(now.body.must_change_password, false);
  });

  test('a one-time password must be changed first: 403 password_change_required elsewhere', async () => {
    const a = account();
    const r = await rawLogin(url(), a.login, a.password);
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.must_change_password, true);
    const s = r.session;
    for (const [m, p, body] of [['GET', '/units'], ['GET', '/members'], ['GET', '/health'], ['POST', '/units', {}], ['POST', '/me/totp']]) {
      const x = await as(url(), s, m, p, { body });
      assert.equal(x.status, 403, `${m} ${p}: ${show(x)}`);
      assert.equal(codeOf(x), 'password_change_required');
    }
    const me = await as(url(), s, 'GET', '/me');
    assert.equal(me.status, 200, show(me));
    assert.equal(me.body.must_change_password ?? me.body.user?.must_change_password, true);
    // The one-time password itself is not accepted as the new one.
    const same = await as(url(), s, 'POST', '/me/password', { body: { current_password: a.password, new_password: a.password } });
    assert.ok(same.status >= 400 && same.status < 500, show(same));
    const ch = await as(url(), s, 'POST', '/me/password', { body: { current_password: a.password, new_password: TEST_PASSWORD } });
    assert.ok(ch.status === 200 || ch.status === 204, show(ch));
    const units = await as(url(), s, 'GET', '/units');
    assert.equal(units.status, 200, show(units));
    assert.deepEqual(units.body.items.map((u) => u.code), ['AU']);
  });
});

describe('two-factor sign-in', () => {
  let s;
  let secret;
  let recovery;
  test('enrolment: a secret and otpauth URI, a wrong code refused, a right one turns it on with 10 recovery codes', async () => {
    s = await officer();
    const b = await as(url(), s, 'POST', '/me/totp');
    assert.equal(b.status, 200, show(b));
    secret = b.body.secret;
    assert.match(secret, /^[A-Z2-7]{32}$/);
    assert.match(b.body.uri, /^otpauth:\/\/totp\//);
    assert.ok(b.body.uri.includes(`secret=${secret}`), b.body.uri);
    assert.match(b.body.uri, /issuer=caunoi/);
    // Not active before confirmation: password alone still signs in.
    const pre = await rawLogin(url(), s.login, s.password);
    assert.equal(pre.status, 200, show(pre));
    const wrong = String((Number(totp(secret)) + 500000) % 1000000).padStart(6, '0');
    const bad = await as(url(), s, 'POST', '/me/totp/confirm', { body: { code: wrong } });
    assert.ok(bad.status >= 400 && bad.status < 500, show(bad));
    assert.equal(codeOf(bad), 'totp_invalid');
    const ok = await as(url(), s, 'POST', '/me/totp/confirm', { body: { code: totp(secret) } });
    assert.equal(ok.status, 200, show(ok));
    recovery = ok.body.recovery_codes;
    assert.equal(recovery.length, 10);
    assert.equal(new Set(recovery).size, 10);
    for (const c of recovery) assert.match(c, /^[a-z0-9]{5}-[a-z0-9]{5}$/);
    const me = await as(url(), s, 'GET', '/me');
    assert.equal(me.body.totp_enabled ?? me.body.user?.totp_enabled, true, show(me));
    // Stored as hashes, never in clear.
    const stored = sql(ctx.s.db, 'SELECT code_hash FROM recovery_codes', { readonly: true });
    for (const c of recovery) assert.ok(!stored.includes(c) && !stored.includes(c.replace('-', '')));
  });

  test('sign-in: the password alone is 401 totp_required; a wrong code 401 totp_invalid; a right code signs in once', async () => {
    assert.ok(secret, 'enrolment ran');
    const noCode = await loginPatiently(url(), s.login, s.password);
    assert.equal(noCode.status, 401, show(noCode));
    assert.equal(codeOf(noCode), 'totp_required');
    assert.equal(noCode.body.error.field, 'code');
    assert.equal(noCode.headers.get('set-cookie'), null);
    const wrong = String((Number(totp(secret)) + 123457) % 1000000).padStart(6, '0');
    const bad = await loginPatiently(url(), s.login, s.password, wrong);
    assert.equal(bad.status, 401, show(bad));
    assert.equal(codeOf(bad), 'totp_invalid');
    // The next step's code (within the drift window): the confirmation used this one.
    const code = totp(secret, Date.now() / 1000 + 30);
    const ok = await loginPatiently(url(), s.login, s.password, code);
    assert.equal(ok.status, 200, show(ok));
    assert.equal((await as(url(), ok.session, 'GET', '/units')).status, 200);
    // The same code again: refused (a code is used once).
    const again = await loginPatiently(url(), s.login, s.password, code);
    assert.equal(again.status, 401, show(again));
    assert.equal(codeOf(again), 'totp_invalid');
    // A wrong password with a right code is a plain login_failed.
    const pw = await loginPatiently(url(), s.login, 'không phải mật khẩu', totp(secret, Date.now() / 1000 + 30));
    assert.equal(pw.status, 401);
    assert.equal(codeOf(pw), 'login_failed');
  });

  test('a recovery code signs in once, in any case and spacing', async () => {
    assert.ok(recovery, 'enrolment ran');
    const r0 = await loginPatiently(url(), s.login, s.password, recovery[0]);
    assert.equal(r0.status, 200, show(r0));
    const reuse = await loginPatiently(url(), s.login, s.password, recovery[0]);
    assert.equal(reuse.status, 401, show(reuse));
    assert.equal(codeOf(reuse), 'totp_invalid');
    const upper = recovery[1].toUpperCase().replace('-', ' ');
    const r1 = await loginPatiently(url(), s.login, s.password, upper);
    assert.equal(r1.status, 200, show(r1));
    const used = sql(ctx.s.db, `SELECT count(*) FROM recovery_codes WHERE user_id = ${s.user.id} AND used_at IS NOT NULL`, { readonly: true }).trim();
    assert.equal(used, '2');
  });

  test('turning it off needs the password', async () => {
    const s2 = (await loginPatiently(url(), s.login, s.password, recovery[2])).session;
    const bad = await as(url(), s2, 'POST', '/me/totp/disable', { body: { password: 'sai mật khẩu rồi' } });
    assert.ok(bad.status >= 400 && bad.status < 500 && bad.status !== 401, show(bad));
    const ok = await as(url(), s2, 'POST', '/me/totp/disable', { body: { password: s.password } });
    assert.ok(ok.status === 200 || ok.status === 204, show(ok));
    const plain = await loginPatiently(url(), s.login, s.password);
    assert.equal(plain.status, 200, show(plain));
  });

  test('required by role: enrolment is forced (403 totp_enrolment_required), then sign-in needs a code', async () => {
    const sec = await ctx.req('GET', '/settings/security');
    assert.equal(sec.status, 200, show(sec));
    const set = await ctx.req('PATCH', '/settings/security', { body: { totp_required: { auditor: true } } });
    assert.equal(set.status, 200, show(set));
    assert.equal(set.body.totp_required.auditor, true);
    assert.equal(set.body.totp_required.officer, false);
    try {
      const a = createUser(ctx.s.db, { role: 'auditor', unit: 'AU', login: `aud${++n}`, name: 'Kiểm tra viên' });
      const first = await rawLogin(url(), a.login, a.password);
      assert.equal(first.status, 200, show(first));
      const ch = await as(url(), first.session, 'POST', '/me/password', { body: { current_password: a.password, new_password: TEST_PASSWORD } });
      assert.ok(ch.status === 200 || ch.status === 204, show(ch));
      const si = await loginPatiently(url(), a.login, TEST_PASSWORD);
      assert.equal(si.status, 200, show(si));
      assert.equal(si.body.totp_enrolment_required, true);
      for (const p of ['/units', '/members', '/audit']) {
        const r = await as(url(), si.session, 'GET', p);
        assert.equal(r.status, 403, `${p}: ${show(r)}`);
        assert.equal(codeOf(r), 'totp_enrolment_required');
      }
      assert.equal((await as(url(), si.session, 'GET', '/me')).status, 200);
      const b = await as(url(), si.session, 'POST', '/me/totp');
      assert.equal(b.status, 200, show(b));
      const c = await as(url(), si.session, 'POST', '/me/totp/confirm', { body: { code: totp(b.body.secret) } });
      assert.equal(c.status, 200, show(c));
      const units = await as(url(), si.session, 'GET', '/units');
      assert.equal(units.status, 200, `after enrolment: ${show(units)}`);
      // Cannot be turned off while the role requires it.
      const off = await as(url(), si.session, 'POST', '/me/totp/disable', { body: { password: TEST_PASSWORD } });
      assert.ok(off.status >= 400 && off.status < 500, show(off));
      const noCode = await loginPatiently(url(), a.login, TEST_PASSWORD);
      assert.equal(codeOf(noCode), 'totp_required', show(noCode));
    } finally {
      const reset = await ctx.req('PATCH', '/settings/security', { body: { totp_required: { auditor: false } } });
      assert.equal(reset.status, 200, show(reset));
    }
  });

  test('an administrator resets a user\'s two-factor sign-in', async () => {
    const t = await officer();
    const b = await as(url(), t, 'POST', '/me/totp');
    assert.equal((await as(url(), t, 'POST', '/me/totp/confirm', { body: { code: totp(b.body.secret) } })).status, 200);
    const u = await ctx.req('GET', `/users/${t.user.id}`);
    assert.equal(u.body.totp_enabled, true, show(u));
    const r = await ctx.req('POST', `/users/${t.user.id}/reset-totp`, { ifMatch: `"${u.body.version}"` });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.body.totp_enabled ?? r.body.user?.totp_enabled, false);
    assert.equal((await loginPatiently(url(), t.login, t.password)).status, 200);
  });
});

describe('security headers', () => {
  function check(r, label, { api }) {
    const csp = r.headers.get('content-security-policy');
    assert.ok(csp, `${label}: no Content-Security-Policy`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, `${label}: ${csp}`);
    assert.match(csp, /frame-ancestors 'none'/, `${label}: ${csp}`);
    assert.match(csp, /(default-src|script-src) [^;]*'self'/, `${label}: ${csp}`);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', label);
    assert.match(r.headers.get('referrer-policy') || '', /^(no-referrer|same-origin|strict-origin)/, label);
    if (api) assert.match(r.headers.get('cache-control') || '', /no-store/, `${label}: Cache-Control ${r.headers.get('cache-control')}`);
  }
  test('on API answers, errors and static files', async () => {
    const admin = ctx.s.admin;
    check(await as(url(), admin, 'GET', '/health'), 'GET /health', { api: true });
    check(await as(url(), admin, 'GET', '/me'), 'GET /me', { api: true });
    check(await call(url(), 'GET', '/units'), '401', { api: true });
    check(await as(url(), admin, 'GET', '/nothing'), '404', { api: true });
    check(await as(url(), admin, 'PUT', '/members', { body: {} }), '405', { api: true });
    check(await as(url(), admin, 'POST', '/units', { body: {} }), '422', { api: true });
    check(await call(url(), 'POST', '/units', { body: {}, cookie: admin.cookie }), '403 csrf', { api: true });
    check(await call(url(), 'POST', '/session', { body: { login: 'x', password: 'y' } }), 'failed sign-in', { api: true });
    check(await as(url(), admin, 'GET', '/members/export'), 'CSV export', { api: true });
    for (const p of ['/', '/index.html', '/app/main.js', '/styles.css', '/some/client/route']) {
      check(await call(url(), 'GET', p, { abs: true }), `static ${p}`, { api: false });
    }
    const raw = await rawHttp(url(), `GET /%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.match(raw.head, /\r\ncontent-security-policy: [^\r]*frame-ancestors 'none'/i, raw.head);
    assert.match(raw.head, /\r\nx-content-type-options: nosniff/i, raw.head);
  });
  test('the web page loads no inline script', async () => {
    const r = await call(url(), 'GET', '/', { abs: true });
    const scripts = [...r.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    for (const [, attrs, body] of scripts) {
      assert.match(attrs, /\bsrc=/, 'a script without src');
      assert.equal(body.trim(), '', 'an inline script body');
    }
    assert.doesNotMatch(r.text, /\son[a-z]+\s*=/i, 'an inline event handler');
  });
});

describe('nothing but signing in answers without a session', () => {
  test('every route of the table but POST /session: 401 without a session', async () => {
    const problems = [];
    for (const r of routesFromSource()) {
      if (r.access === 'public') continue;
      const path = r.path.replace(/\{[^}]+\}/g, '1');
      const bodies = { BODY_CSV: { raw: '', type: 'text/csv' }, BODY_FILE: { raw: '%PDF-1.4\n', type: 'application/pdf' } };
      const opts = STATE_CHANGING.has(r.method) ? (bodies[r.body] ?? { body: {} }) : {};
      const x = await call(url(), r.method, path, opts);
      if (x.status !== 401) problems.push(`${routeKey(r)}: ${show(x)}`);
    }
    assert.deepEqual(problems, []);
    const pub = routesFromSource().filter((r) => r.access === 'public').map(routeKey);
    assert.deepEqual(pub, ['POST /session']);
    // An unknown API path needs a session too? It is simply not found.
    const unknown = await call(url(), 'GET', `${API}/nothing`, { abs: true });
    assert.ok([401, 404].includes(unknown.status), show(unknown));
  });
});
