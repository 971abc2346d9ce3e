// browser.mjs -- what the browser tests share: Debian's chromium through
// playwright-core with a fresh profile, a small data set created through the
// public API (never the demo data), axe-core, and screenshots.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { api, ROOT, TEST_PASSWORD } from '../lib/server.mjs';

export const PHONE = { width: 360, height: 740 };
export const SHOTS = join(ROOT, 'tests/e2e/screenshots');
const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

// A browser with a fresh user data dir; close() removes it. Console errors
// and uncaught exceptions (a Content-Security-Policy refusal among them) are
// collected in `problems` for the tests to assert on.
export async function openBrowser({ viewport = PHONE, locale = 'vi-VN' } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'caunoi-chromium-'));
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport,
    locale,
  });
  const page = ctx.pages()[0] || await ctx.newPage();
  const problems = [];
  // The API's 4xx answers (401 before signing in, 404 outside the scope,
  // 422 refusals) are logged by the browser as failed resources: expected.
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  return {
    ctx,
    page,
    problems,
    async close() {
      await ctx.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Run axe-core on the page; returns the serious and critical violations as
// readable lines. axe is evaluated through the DevTools protocol because the
// page's Content-Security-Policy (default-src 'self') refuses injected
// <script> tags, and the policy must stay on to catch our own violations.
export async function axeProblems(page) {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => (await globalThis.axe.run(document)).violations);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

export async function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

async function must(base, method, path, body, okStatus = [200, 201]) {
  const r = await api(base, method, path, { body });
  if (!okStatus.includes(r.status)) throw new Error(`${method} ${path} -> ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

// The test data: a root (the scope's own, or a new committee), a committee
// for members abroad, a grassroots organization in Japan with one cell, a
// home branch with a cell and a dissolved cell, and four members, "Đặng Văn An" among them.
export async function seed(base) {
  const ref = await must(base, 'GET', '/api/v1/reference');
  const cellType = ref.cell_types?.[0]?.code;
  const roots = (await must(base, 'GET', '/api/v1/units')).items || [];
  const root = roots[0] || await must(base, 'POST', '/api/v1/units',
    { kind: 'committee', code: 'E2E-TW', name: 'Đảng bộ Khối thử nghiệm', founded_on: '2000-01-01' });
  const abroad = await must(base, 'POST', '/api/v1/units',
    { kind: 'committee', code: 'E2E-NN', name: 'Đảng bộ Ngoài nước (thử)', parent_id: root.id, founded_on: '2000-01-01' });
  const jp = await must(base, 'POST', '/api/v1/units',
    { kind: 'grassroots', code: 'E2E-JP', name: 'Đảng bộ cơ sở tại Nhật Bản', parent_id: abroad.id, country: 'JP', cell_type: cellType, founded_on: '2001-01-01' });
  const tokyo = await must(base, 'POST', '/api/v1/units',
    { kind: 'cell', code: 'E2E-JP-01', name: 'Chi bộ Tô-ky-ô', parent_id: jp.id, country: 'JP', cell_type: cellType, founded_on: '2001-01-01' });
  const home = await must(base, 'POST', '/api/v1/units',
    { kind: 'grassroots', code: 'E2E-HN', name: 'Đảng bộ phường Ba Đình', parent_id: root.id, founded_on: '2000-01-01' });
  const hnCell = await must(base, 'POST', '/api/v1/units',
    { kind: 'cell', code: 'E2E-HN-01', name: 'Chi bộ khu phố 1', parent_id: home.id, founded_on: '2000-01-01' });
  const old = await must(base, 'POST', '/api/v1/units',
    { kind: 'cell', code: 'E2E-HN-02', name: 'Chi bộ khu phố 2 (đã sáp nhập)', parent_id: home.id, founded_on: '2000-01-01' });
  const dissolved = await api(base, 'POST', `/api/v1/units/${old.id}/dissolve`,
    { body: { on: '2020-01-01' }, headers: { 'If-Match': `"${old.version}"` } });
  if (dissolved.status !== 200) throw new Error(`dissolve -> ${dissolved.status} ${JSON.stringify(dissolved.body)}`);
  const people = [
    { full_name: 'Đặng Văn An', sex: 'M', birth_date: '1985-03-14', cccd: '001085012345', card_number: '12345678',
      admitted_on: '2010-05-19', official_on: '2011-05-19', unit_id: tokyo.id, phone: '+84912345678', email: 'an@example.vn' },
    { full_name: 'Nguyễn Thị Bình', sex: 'F', birth_date: '1990-07-01', cccd: '079190000111',
      admitted_on: '2015-02-03', official_on: '2016-02-03', unit_id: tokyo.id },
    { full_name: 'Trần Văn Cường', sex: 'M', birth_date: '1978-11-20', cccd: '001078123456',
      admitted_on: '2005-01-10', official_on: '2006-01-10', unit_id: hnCell.id },
    { full_name: 'Đặng Thị Hoa', sex: 'F', birth_date: '1988-02-29', cccd: '001188654321',
      admitted_on: '2020-06-01', unit_id: hnCell.id },
  ];
  const members = {};
  for (const p of people) members[p.full_name] = await must(base, 'POST', '/api/v1/members', p);
  return { root, abroad, jp, tokyo, home, hnCell, old, members };
}

// Open `url` as a fresh page load, even when only the hash differs from the
// current address (a same-document navigation would keep the old state).
export async function visit(page, url) {
  await page.goto('about:blank');
  await page.goto(url);
}

// Type into the search box and wait for the server's answer to that query
// to be shown; returns the answer's items.
export async function search(page, label, words) {
  const answered = page.waitForResponse((res) => {
    const u = new URL(res.url());
    return u.pathname === '/api/v1/members' && u.searchParams.get('q') === words;
  });
  await page.getByLabel(label).fill(words);
  const res = await answered;
  const items = (await res.json()).items || [];
  await page.waitForFunction((n) => document.querySelectorAll('.members-table tbody tr').length === n
    && !document.querySelector('.member-list .loading'), items.length);
  return items;
}

// Give the browser a session the harness signed in (server.admin, or one
// from server.user()): its cookie on the context; the page asks /me for the
// rest. Most tests use this; auth.test.mjs signs in through the page.
export async function useSession(browser, url, session) {
  const [name, ...rest] = session.cookie.split('=');
  await browser.ctx.addCookies([{ name, value: rest.join('='), url }]);
}

// Sign in through the sign-in page; when the account still has its
// one-time password, change it on the page that follows to `newPassword`.
// Waits until the signed-in frame (the sign-out button) shows.
export async function signInPage(page, url, login, password, { newPassword = TEST_PASSWORD, hash = '#/' } = {}) {
  await visit(page, `${url}/${hash}`);
  await page.getByLabel('Tên đăng nhập').fill(login);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const first = page.getByRole('heading', { name: 'Đặt mật khẩu mới' });
  const out = page.getByRole('button', { name: 'Đăng xuất' });
  await first.or(out).first().waitFor();
  if (await first.count()) {
    await page.getByLabel('Mật khẩu dùng một lần').fill(password);
    await page.getByLabel(/^Mật khẩu mới/).fill(newPassword);
    await page.getByLabel(/^Nhập lại mật khẩu mới/).fill(newPassword);
    await page.getByRole('button', { name: 'Lưu mật khẩu mới' }).click();
    await first.waitFor({ state: 'detached' });
  }
  await out.waitFor();
}
