// The administrator's pages: accounts (create with a one-time password shown
// once, change the role, reset the password, a stale version explained),
// security settings (two-factor required per role), and the audit page
// (filters, the field-by-field changes, the CSV export, the integrity
// check). Each page fits a 360 px phone and passes axe-core.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, signIn, startServer } from '../lib/server.mjs';
import { axeProblems, horizontalOverflow, openBrowser, PHONE, screenshot, seed, useSession, visit } from './browser.mjs';

let server;
let data;
let browser;

before(async () => {
  server = await startServer();
  data = await seed(server.url);
  browser = await openBrowser();
  await useSession(browser, server.url, server.admin);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function checkPage(page, name) {
  await page.waitForLoadState('networkidle');
  const width = await horizontalOverflow(page);
  assert.ok(width <= PHONE.width, `${name}: scrollWidth ${width}`);
  assert.deepEqual(await axeProblems(page), [], name);
  await screenshot(page, name);
}

test('an administrator creates a secretary account and sees the one-time password once', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/users`);
  await page.locator('.users-table').waitFor();
  assert.deepEqual(await page.locator('.site-nav a').allInnerTexts(),
    ['Tổ chức', 'Chuyến đi', 'Chuyển sinh hoạt', 'Tổng quan', 'Thống kê', 'Cẩm nang', 'Tìm đảng viên', 'Nhập danh sách', 'Tài khoản', 'Nhật ký', 'Tài khoản của tôi']);
  await checkPage(page, 'users');
  await page.getByRole('link', { name: 'Tạo tài khoản mới' }).click();
  await page.getByLabel(/^Bí thư chi bộ/).check();
  await checkPage(page, 'user-new');
  // A unit code that does not exist is explained beside its field.
  await page.getByLabel(/^Mã đơn vị/).fill('KHONG-CO');
  await page.getByLabel(/^Họ và tên/).fill('Phạm Thị Thu');
  await page.getByLabel(/^Tên đăng nhập/).fill('thu.pham');
  await page.getByRole('button', { name: 'Tạo tài khoản mới' }).click();
  await page.locator('#f-unit_code-error').waitFor();
  await checkPage(page, 'user-new-errors');
  await page.getByLabel(/^Mã đơn vị/).fill('E2E-JP-01');
  await page.getByRole('button', { name: 'Tạo tài khoản mới' }).click();
  const panel = page.locator('.otp-panel');
  await panel.waitFor();
  const text = await panel.innerText();
  assert.match(text, /thu\.pham/);
  assert.match(text, /chuyển mật khẩu này riêng/);
  const otp = (await panel.locator('.big-code').nth(1).innerText()).trim();
  assert.match(otp, /^[A-Za-z0-9-]{16,}$/);
  await checkPage(page, 'user-created');
  const s = await signIn(server.url, 'thu.pham', otp);
  assert.equal(s.user.role, 'secretary');
  assert.equal(s.user.unit.code, 'E2E-JP-01');
});

test('an account is changed with If-Match, a stale version is explained, and a reset shows a new password', async () => {
  const { page } = browser;
  const u = await api(server.url, 'POST', '/api/v1/users', { body: { login: 'cuong.officer', display_name: 'Trần Văn Cường', role: 'secretary', unit_code: 'E2E-HN-01' } });
  assert.equal(u.status, 201);
  const id = u.body.user.id;
  await visit(page, `${server.url}/#/users/${id}`);
  await page.locator('h1', { hasText: 'Trần Văn Cường' }).waitFor();
  await checkPage(page, 'user-page');
  await page.getByLabel(/^Cán bộ cấp ủy/).check();
  await page.getByLabel(/^Mã đơn vị/).fill('E2E-HN');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await page.locator('.facts', { hasText: 'Cán bộ cấp ủy' }).waitFor();
  let now = await api(server.url, 'GET', `/api/v1/users/${id}`);
  assert.equal(now.body.role, 'officer');
  assert.equal(now.body.unit.code, 'E2E-HN');

  // Someone else changes it meanwhile: the next save is refused and explained.
  const other = await api(server.url, 'PATCH', `/api/v1/users/${id}`,
    { body: { display_name: 'Trần Văn Cường (văn phòng)' }, headers: { 'If-Match': `"${now.body.version}"` } });
  assert.equal(other.status, 200);
  const before = server.dump();
  await page.getByLabel(/^Tắt tài khoản/).check();
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await page.getByText('Tài khoản vừa được người khác sửa').waitFor();
  assert.equal(server.dump(), before, 'the stale save changed nothing');
  await page.getByRole('button', { name: 'Tải lại hồ sơ mới nhất' }).click();
  await page.locator('h1', { hasText: '(văn phòng)' }).waitFor();

  await page.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
  await page.getByText(/Mật khẩu cũ sẽ không dùng được nữa/).waitFor();
  await page.getByRole('group').getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
  const panel = page.locator('.otp-panel');
  await panel.waitFor();
  const otp = (await panel.locator('.big-code').nth(1).innerText()).trim();
  const s = await signIn(server.url, 'cuong.officer', otp);
  assert.equal(s.user.login, 'cuong.officer');
  now = await api(server.url, 'GET', `/api/v1/users/${id}`);
  assert.equal(now.body.must_change_password, false, 'the harness changed it at sign-in');
});

test('security settings: two-factor sign-in required for a role', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/settings/security`);
  await page.getByLabel('Cán bộ cấp ủy').waitFor();
  await checkPage(page, 'security');
  await page.getByLabel('Cán bộ cấp ủy').check();
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await page.getByText('Đã lưu các thay đổi.').waitFor();
  const r = await api(server.url, 'GET', '/api/v1/settings/security');
  assert.equal(r.body.totp_required.officer, true);
  assert.equal(r.body.totp_required.secretary, false);
  await page.getByLabel('Cán bộ cấp ủy').uncheck();
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await page.getByText('Đã lưu các thay đổi.').waitFor();
  assert.equal((await api(server.url, 'GET', '/api/v1/settings/security')).body.totp_required.officer, false);
});

test('the audit page: filters, the changes field by field, the export and the integrity check', async () => {
  const { page } = browser;
  const made = await api(server.url, 'POST', '/api/v1/users',
    { body: { login: 'lan.vu', display_name: 'Vũ Thị Lan', role: 'auditor', unit_code: 'E2E-NN' } });
  assert.equal(made.status, 201);
  const id = made.body.user.id;
  const changed = await api(server.url, 'PATCH', `/api/v1/users/${id}`,
    { body: { display_name: 'Vũ Thị Lan (kiểm tra)' }, headers: { 'If-Match': `"${made.body.user.version}"` } });
  assert.equal(changed.status, 200);
  await visit(page, `${server.url}/#/audit`);
  await page.locator('.audit-list').waitFor();
  await checkPage(page, 'audit');
  const first = await page.locator('.audit-entry').first().innerText();
  assert.match(first, /Sửa tài khoản/, 'newest first: the change just made');
  assert.match(first, /\d{2}:\d{2}:\d{2} ngày \d{2}\/\d{2}\/\d{4}/, 'when, in Vietnam time');
  assert.match(first, /127\.0\.0\.1/, 'from where');
  assert.match(first, /test-admin/, 'who');

  await page.getByLabel('Loại hồ sơ').selectOption('user');
  await page.getByLabel(/^Số hồ sơ/).fill(String(id));
  await page.getByLabel(/^Người thực hiện/).fill('test-admin');
  await page.getByLabel(/^Từ ngày/).fill('1/1/2000');
  const filtered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/audit' && r.url().includes('record_id='));
  await page.getByRole('button', { name: 'Lọc', exact: true }).click();
  await filtered;
  await page.waitForURL(/record_id=/);
  assert.match(page.url(), /from=2000-01-01/);
  assert.match(page.url(), /user=test-admin/, 'the API filters by the login itself');
  const entry = page.locator('.audit-entry', { hasText: 'Sửa tài khoản' }).first();
  await entry.waitFor();
  assert.equal(await page.locator('.audit-entry').count(), 2, 'the creation and the change of that account');
  const rows = await entry.locator('.audit-diff tbody tr').allInnerTexts();
  assert.equal(rows.length, 1, 'only the field that changed');
  assert.match(rows[0], /Họ và tên[\s\S]*Vũ Thị Lan[\s\S]*Vũ Thị Lan \(kiểm tra\)/, 'the name, before, then after');
  await checkPage(page, 'audit-filtered');

  const link = page.getByRole('link', { name: 'Tải nhật ký về máy (CSV)' });
  const href = await link.getAttribute('href');
  assert.match(href, /^\/api\/v1\/audit\/export\?/);
  assert.match(href, new RegExp(`record_id=${id}`));
  const csv = await api(server.url, 'GET', href);
  assert.equal(csv.status, 200);
  assert.match(csv.body, /kiểm tra/);

  await page.getByLabel(/^Đến ngày/).fill('31-31-2020');
  await page.getByRole('button', { name: 'Lọc', exact: true }).click();
  await page.locator('#f-to-error').waitFor();

  await page.getByRole('button', { name: 'Kiểm tra tính toàn vẹn' }).click();
  await page.getByText(/Nhật ký nguyên vẹn: đã kiểm tra \d+ mục/).waitFor();
  assert.deepEqual(browser.problems, []);
});

test('my account and the two-factor page of an administrator fit and pass axe-core', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/account`);
  await page.locator('h1', { hasText: 'Tài khoản của tôi' }).waitFor();
  assert.match(await page.locator('dl.fields').innerText(), /Toàn hệ thống/);
  await checkPage(page, 'account-admin');
  await visit(page, `${server.url}/#/password`);
  await page.locator('h1', { hasText: 'Đổi mật khẩu' }).waitFor();
  await checkPage(page, 'password');
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.locator('h1', { hasText: 'Change password' }).waitFor();
  await visit(page, `${server.url}/#/audit`);
  await page.locator('h1', { hasText: 'Audit trail' }).waitFor();
  await checkPage(page, 'audit-en');
  await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
  await page.locator('h1', { hasText: 'Nhật ký' }).waitFor();
});
