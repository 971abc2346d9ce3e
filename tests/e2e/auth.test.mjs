// Signing in and the roles in the browser: the sign-in page (wrong password,
// the wait after it, no hint whether a login exists), the first sign-in
// with a one-time password, a cell secretary who sees only the cell, a
// member who sees only their own record, signing out (Back shows nothing,
// the API answers 401), and two-factor enrolment and sign-in with a code
// and with a recovery code. Every new page is checked on a 360 px phone
// with axe-core.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import { api, createUser, startServer, TEST_PASSWORD } from '../lib/server.mjs';
import { axeProblems, horizontalOverflow, openBrowser, PHONE, screenshot, seed, signInPage, visit } from './browser.mjs';

let server;
let data;
const open = [];

before(async () => {
  server = await startServer();
  data = await seed(server.url);
});

after(async () => {
  for (const b of open) await b.close();
  await server?.stop();
});

async function browserFor() {
  const b = await openBrowser();
  open.push(b);
  return b;
}

// 360 px, axe-core, a screenshot: the checks every page gets.
async function checkPage(page, name) {
  await page.waitForLoadState('networkidle');
  const width = await horizontalOverflow(page);
  assert.ok(width <= PHONE.width, `${name}: scrollWidth ${width}`);
  assert.deepEqual(await axeProblems(page), [], name);
  await screenshot(page, name);
}

// RFC 6238 code for a base32 secret at time `now` (seconds).
function totp(secret, now = Date.now() / 1000) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of secret.replace(/[\s=]/g, '').toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(now / 30)));
  const mac = createHmac('sha1', key).update(msg).digest();
  const o = mac[mac.length - 1] & 0xf;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

test('the sign-in page: a wrong password says so without naming the field, then asks to wait', async () => {
  const { page, problems } = await browserFor();
  const acct = createUser(server.db, { role: 'officer', unit: 'E2E-HN' });
  await visit(page, `${server.url}/#/units/${data.root.id}`);
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  assert.match(page.url(), /#\/signin\?next=/, 'the address remembers where to come back');
  assert.equal(await page.getByText('Tổ chức đảng').count(), 0, 'nothing of the data before signing in');
  assert.equal(await page.getByLabel('Tên đăng nhập').getAttribute('autocomplete'), 'username');
  assert.equal(await page.getByLabel('Mật khẩu', { exact: true }).getAttribute('autocomplete'), 'current-password');
  await checkPage(page, 'signin');

  await page.getByLabel('Tên đăng nhập').fill('khong-co-ai');
  await page.getByLabel('Mật khẩu', { exact: true }).fill('sai mật khẩu rồi');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const alert = page.locator('.signin-page .alert-error');
  await alert.waitFor();
  const unknownLogin = await alert.innerText();
  assert.match(unknownLogin, /Tên đăng nhập hoặc mật khẩu không đúng/);

  await page.getByLabel('Tên đăng nhập').fill(acct.login);
  await page.getByLabel('Mật khẩu', { exact: true }).fill('sai mật khẩu rồi');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForResponse((r) => r.url().endsWith('/api/v1/session'));
  await alert.waitFor();
  assert.equal(await alert.innerText(), unknownLogin, 'a known login gets the same words as an unknown one');

  // The next attempt comes before the wait is over (1 s, then doubling).
  const wait = page.locator('.signin-page .alert-error', { hasText: /xin đợi \d+ giây/ });
  for (let i = 0; i < 4 && await wait.count() === 0; i++) {
    await page.getByLabel('Mật khẩu', { exact: true }).fill('sai lần nữa rồi');
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/session'));
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await answered;
    await page.waitForTimeout(50);
  }
  await wait.waitFor();
  assert.deepEqual(await axeProblems(page), []);
  await screenshot(page, 'signin-throttled');
  assert.deepEqual(problems, []);
});

test('a cell secretary signs in, changes the one-time password, and sees only the cell', async () => {
  const { page, problems } = await browserFor();
  const acct = createUser(server.db, { role: 'secretary', unit: 'E2E-JP-01', name: 'Bí thư Tô-ky-ô' });
  const binh = data.members['Nguyễn Thị Bình'];
  const cuong = data.members['Trần Văn Cường'];
  // A deep link: sign in, change the password, then land on it.
  await visit(page, `${server.url}/#/members/${binh.id}`);
  await page.getByLabel('Tên đăng nhập').fill(acct.login);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(acct.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('heading', { name: 'Đặt mật khẩu mới' }).waitFor();
  assert.equal(await page.locator('.site-nav').count(), 0, 'no menu before the password is changed');
  await checkPage(page, 'password-first');

  // Rules explained, problems beside their fields.
  await page.getByLabel('Mật khẩu dùng một lần').fill(acct.password);
  await page.getByLabel(/^Mật khẩu mới/).fill('123456789a');
  await page.getByLabel(/^Nhập lại mật khẩu mới/).fill('123456789a');
  await page.getByRole('button', { name: 'Lưu mật khẩu mới' }).click();
  await page.locator('#f-new_password-error').waitFor();
  await checkPage(page, 'password-refused');
  await page.getByLabel(/^Mật khẩu mới/).fill(TEST_PASSWORD);
  await page.getByLabel(/^Nhập lại mật khẩu mới/).fill(`${TEST_PASSWORD}x`);
  await page.getByRole('button', { name: 'Lưu mật khẩu mới' }).click();
  await page.locator('#f-new_password_repeat-error', { hasText: 'chưa giống nhau' }).waitFor();
  await page.getByLabel(/^Nhập lại mật khẩu mới/).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Lưu mật khẩu mới' }).click();
  await page.locator('h1', { hasText: 'Nguyễn Thị Bình' }).waitFor();
  assert.match(page.url(), new RegExp(`#/members/${binh.id}$`));

  // The menu of a secretary: the cell first, search, own account.
  const menu = await page.locator('.site-nav a').allInnerTexts();
  assert.deepEqual(menu, ['Chi bộ của tôi', 'Việc cần xử lý', 'Chuyến đi', 'Chuyển sinh hoạt', 'Tổng quan', 'Thống kê', 'Cẩm nang', 'Tìm đảng viên', 'Tài khoản của tôi']);
  await page.locator('.site-nav').getByRole('link', { name: 'Chi bộ của tôi' }).click();
  await page.locator('h1', { hasText: 'Chi bộ Tô-ky-ô' }).waitFor();
  await page.locator('.members-table').waitFor();
  const names = await page.locator('.members-table tbody a').allInnerTexts();
  assert.ok(names.includes('Đặng Văn An') && names.includes('Nguyễn Thị Bình'), names.join(', '));
  assert.ok(!names.includes('Trần Văn Cường'), 'a member of another cell is not listed');
  assert.equal(await page.getByRole('link', { name: 'Thêm đảng viên' }).count(), 0);
  assert.equal(await page.locator('.breadcrumb a').count(), 1, 'no units above the cell in the breadcrumb');

  const found = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/members' && new URL(r.url()).searchParams.get('q') === 'dang');
  await visit(page, `${server.url}/#/search?q=dang`);
  const items = (await (await found).json()).items;
  assert.deepEqual(items.map((m) => m.full_name), ['Đặng Văn An'], 'Đặng Thị Hoa of another cell is not found');

  await visit(page, `${server.url}/#/members/${cuong.id}`);
  await page.locator('h1', { hasText: 'Không tìm thấy trang này' }).waitFor();
  await visit(page, `${server.url}/#/units/${data.hnCell.id}`);
  await page.locator('h1', { hasText: 'Không tìm thấy trang này' }).waitFor();
  assert.deepEqual(problems, []);
});

test('a member signs in and sees only their own record', async () => {
  const { page, problems } = await browserFor();
  const an = data.members['Đặng Văn An'];
  const s = await server.user({ role: 'member', member: an.id });
  await signInPage(page, server.url, s.login, s.password);
  await page.locator('h1', { hasText: 'Đặng Văn An' }).waitFor();
  assert.deepEqual(await page.locator('.site-nav a').allInnerTexts(), ['Chuyến đi của tôi', 'Hồ sơ của tôi', 'Cẩm nang', 'Tài khoản của tôi']);
  assert.equal(await page.getByRole('link', { name: 'Sửa thông tin' }).count(), 0, 'no edit button');
  assert.equal(await page.locator('.breadcrumb').count(), 0);
  assert.equal(await page.locator('main a[href^="#/units/"]').count(), 0, 'no links to unit pages');
  await checkPage(page, 'member-own-record');

  await visit(page, `${server.url}/#/members/${data.members['Nguyễn Thị Bình'].id}`);
  await page.locator('h1', { hasText: 'Không tìm thấy trang này' }).waitFor();
  await visit(page, `${server.url}/#/units/${data.tokyo.id}`);
  await page.locator('h1', { hasText: 'Bạn không có quyền làm việc này' }).waitFor();

  await page.getByRole('link', { name: 'Tài khoản của tôi' }).click();
  await page.locator('h1', { hasText: 'Tài khoản của tôi' }).waitFor();
  assert.match(await page.locator('dl.fields').innerText(), /Đảng viên/);
  await checkPage(page, 'my-account');
  assert.deepEqual(problems, []);
});

test('signing out ends the session: Back shows no data and the API answers 401', async () => {
  const { page, ctx, problems } = await browserFor();
  const acct = createUser(server.db, { role: 'officer', unit: 'E2E-NN' });
  await signInPage(page, server.url, acct.login, acct.password);
  const an = data.members['Đặng Văn An'];
  await visit(page, `${server.url}/#/members/${an.id}`);
  await page.locator('h1', { hasText: 'Đặng Văn An' }).waitFor();
  const cookie = (await ctx.cookies()).find((c) => c.name === 'caunoi_session');
  assert.ok(cookie, 'the session cookie is set');
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Strict');

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await page.getByText('Bạn đã đăng xuất').waitFor();
  await page.goBack();
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  assert.doesNotMatch(await page.locator('main').innerText(), /Đặng Văn An|001085012345/);

  const inPage = await page.evaluate(async (id) => (await fetch(`/api/v1/members/${id}`)).status, an.id);
  assert.equal(inPage, 401);
  const old = await api(server.url, 'GET', `/api/v1/members/${an.id}`,
    { session: { cookie: `${cookie.name}=${cookie.value}`, csrf: '' } });
  assert.equal(old.status, 401, 'the old cookie no longer works');
  assert.deepEqual(problems, []);
});

test('two-factor sign-in: enrol on the page, then sign in with a code and with a recovery code', async () => {
  const { page, problems } = await browserFor();
  const acct = createUser(server.db, { role: 'officer', unit: 'E2E-HN' });
  await signInPage(page, server.url, acct.login, acct.password);
  await page.getByRole('link', { name: 'Tài khoản của tôi' }).click();
  await page.getByRole('link', { name: 'Bật đăng nhập hai bước' }).click();
  const secretEl = page.locator('.secret');
  await secretEl.waitFor();
  const secret = (await secretEl.innerText()).replace(/\s/g, '');
  assert.match(secret, /^[A-Z2-7]{16,}$/);
  assert.match(await page.getByRole('link', { name: /Mở bằng ứng dụng xác thực/ }).getAttribute('href'), /^otpauth:\/\/totp\//);
  // The QR code, drawn in the browser, when the Makefile serves the module.
  if (await page.evaluate(async () => (await fetch('/vendor/uqr.module.js')).ok)) {
    await page.locator('.qr svg path').waitFor();
    assert.match(await page.locator('.qr svg path').getAttribute('d'), /^M\d+ \d+h1v1h-1z/);
  }
  await checkPage(page, 'totp-enrol');

  await page.getByLabel('Mã 6 chữ số trong ứng dụng').fill('000000');
  await page.getByRole('button', { name: 'Xác nhận và bật' }).click();
  await page.locator('#f-code-error').waitFor();
  await page.getByLabel('Mã 6 chữ số trong ứng dụng').fill(totp(secret));
  await page.getByRole('button', { name: 'Xác nhận và bật' }).click();
  const codes = page.locator('.recovery-codes li');
  await codes.first().waitFor();
  assert.equal(await codes.count(), 10);
  const recovery = (await codes.allInnerTexts()).map((c) => c.trim());
  await checkPage(page, 'totp-recovery-codes');
  const done = page.getByRole('button', { name: 'Xong' });
  assert.equal(await done.isDisabled(), true, 'done only after saying the codes are saved');
  await page.getByLabel('Tôi đã in hoặc chép lại các mã dự phòng').check();
  await done.click();
  await page.locator('h1', { hasText: 'Tài khoản của tôi' }).waitFor();
  await page.getByText('Đang bật.').waitFor();

  // Sign in again: the password, then the code asked for.
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByLabel('Tên đăng nhập').fill(acct.login);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const code = page.getByLabel('Mã xác thực');
  await code.waitFor();
  assert.equal(await code.getAttribute('autocomplete'), 'one-time-code');
  assert.match(await page.locator('#f-code-hint').innerText(), /mã dự phòng/);
  await checkPage(page, 'signin-code');
  await code.fill(recovery[0]);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.getByRole('button', { name: 'Đăng xuất' }).waitFor();

  // The same recovery code does not work twice.
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.getByLabel('Tên đăng nhập').fill(acct.login);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await code.waitFor();
  await code.fill(recovery[0]);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.locator('#f-code-error').or(page.locator('.signin-page .alert-error')).first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Đăng xuất' }).count(), 0);
  assert.deepEqual(problems, []);
});

test('a locked account is told until when, in Vietnam time', async () => {
  const { page, problems } = await browserFor();
  // The lock takes ten failures and minutes of doubling waits; the page's
  // side is what is tested here: the server's 429 and its Retry-After.
  await page.route('**/api/v1/session', (route) => route.fulfill({
    status: 429,
    headers: { 'Content-Type': 'application/json', 'Retry-After': '900' },
    body: JSON.stringify({ error: { code: 'login_locked', field: null, message: 'locked' } }),
  }));
  await visit(page, `${server.url}/#/`);
  await page.getByLabel('Tên đăng nhập').fill('ai-do');
  await page.getByLabel('Mật khẩu', { exact: true }).fill('mật khẩu nào đó');
  const before = Date.now();
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const alert = page.locator('.signin-page .alert-error', { hasText: 'tạm bị khoá' });
  await alert.waitFor();
  const vn = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const ends = [vn.format(new Date(before + 900e3)), vn.format(new Date(before + 960e3))];
  const text = await alert.innerText();
  assert.ok(ends.some((hm) => text.includes(hm)), `${text} names ${ends.join(' or ')}`);
  assert.match(text, /giờ Việt Nam/);
  await page.unroute('**/api/v1/session');
  assert.deepEqual(problems, []);
});

test('an auditor reads without edit buttons and has the audit trail', async () => {
  const { page, problems } = await browserFor();
  const s = await server.user({ role: 'auditor', unit: 'E2E-NN' });
  await signInPage(page, server.url, s.login, s.password);
  assert.deepEqual(await page.locator('.site-nav a').allInnerTexts(), ['Tổ chức', 'Chuyến đi', 'Chuyển sinh hoạt', 'Tổng quan', 'Thống kê', 'Cẩm nang', 'Tìm đảng viên', 'Nhật ký', 'Tài khoản của tôi']);
  await visit(page, `${server.url}/#/members/${data.members['Đặng Văn An'].id}`);
  await page.locator('dl.fields').first().waitFor();
  assert.equal(await page.getByRole('link', { name: 'Sửa thông tin' }).count(), 0);
  await visit(page, `${server.url}/#/units/${data.tokyo.id}`);
  await page.locator('.members-table').waitFor();
  assert.equal(await page.getByRole('link', { name: 'Thêm đảng viên' }).count(), 0);
  assert.equal(await page.getByRole('link', { name: /Nhập danh sách từ tệp/ }).count(), 0);
  await visit(page, `${server.url}/#/audit`);
  await page.locator('.audit-list').waitFor();
  await visit(page, `${server.url}/#/users`);
  await page.locator('h1', { hasText: 'Bạn không có quyền làm việc này' }).waitFor();
  assert.deepEqual(problems, []);
});

test('when a role must use two-factor sign-in, its first sign-in leads to the enrolment page only', async () => {
  const { page, problems } = await browserFor();
  const set = await api(server.url, 'PATCH', '/api/v1/settings/security', { body: { totp_required: { secretary: true } } });
  assert.equal(set.status, 200, JSON.stringify(set.body));
  try {
    const acct = createUser(server.db, { role: 'secretary', unit: 'E2E-HN-01' });
    await signInPage(page, server.url, acct.login, acct.password);
    await page.locator('h1', { hasText: 'Bật đăng nhập hai bước' }).waitFor();
    await page.getByText('Đơn vị yêu cầu vai trò của bạn dùng đăng nhập hai bước').waitFor();
    assert.equal(await page.locator('.site-nav').count(), 0, 'no menu until it is on');
    await visit(page, `${server.url}/#/units/${data.hnCell.id}`);
    await page.locator('h1', { hasText: 'Bật đăng nhập hai bước' }).waitFor();
    const secret = (await page.locator('.secret').innerText()).replace(/\s/g, '');
    await page.getByLabel('Mã 6 chữ số trong ứng dụng').fill(totp(secret));
    await page.getByRole('button', { name: 'Xác nhận và bật' }).click();
    await page.locator('.recovery-codes li').first().waitFor();
    await page.getByLabel('Tôi đã in hoặc chép lại các mã dự phòng').check();
    await page.getByRole('button', { name: 'Xong' }).click();
    await page.locator('.site-nav').waitFor();
    await page.locator('h1', { hasText: 'Chi bộ khu phố 1' }).waitFor();
  } finally {
    await api(server.url, 'PATCH', '/api/v1/settings/security', { body: { totp_required: { secretary: false } } });
  }
  assert.deepEqual(problems, []);
});
