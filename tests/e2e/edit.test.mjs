// Editing a member: a change is saved and shown; a value the rules refuse is
// explained beside its field and changes nothing in the database; a record
// changed by someone else meanwhile is explained (409) with a reload button.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, startServer } from '../lib/server.mjs';
import { openBrowser, seed, useSession, visit } from './browser.mjs';

let server;
let browser;
let an;

before(async () => {
  server = await startServer();
  const data = await seed(server.url);
  an = data.members['Đặng Văn An'];
  browser = await openBrowser();
  await useSession(browser, server.url, server.admin);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('changing the phone number is saved and shown on the profile and through the API', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/members/${an.id}`);
  await page.getByRole('link', { name: 'Sửa thông tin' }).click();
  await page.getByLabel('Điện thoại').fill('+819012345678');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await page.waitForURL(new RegExp(`#/members/${an.id}$`));
  await page.getByText('Đã lưu các thay đổi.').waitFor();
  const r = await api(server.url, 'GET', `/api/v1/members/${an.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.phone, '+819012345678');
  assert.match(await page.locator('dl.fields').first().innerText(), /\+819012345678/);
  assert.equal(r.body.version, an.version + 1);
});

test('a citizen ID whose sex digit disagrees is shown beside its field and nothing changes', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/members/${an.id}/edit`);
  const cccd = page.getByLabel('Số căn cước công dân (CCCD)');
  // Opening the record is audited: take the snapshot once the form has it.
  await page.waitForFunction(() => document.querySelector('#f-cccd')?.value);
  const before = server.dump();
  await cccd.fill('001185012345'); // digit 4 = 1: a woman born in the 1900s
  const answer = page.waitForResponse((res) => res.request().method() === 'PATCH');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  const res = await answer;
  assert.ok([400, 422].includes(res.status()), `status ${res.status()}`);
  const body = await res.json();
  const problem = (body.errors || [body.error]).find((e) => e.field === 'cccd');
  assert.ok(problem, `an error names the cccd field: ${JSON.stringify(body)}`);
  const shown = page.locator('#f-cccd-error');
  await shown.waitFor();
  assert.match(await shown.innerText(), new RegExp(problem.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.equal(await cccd.getAttribute('aria-invalid'), 'true');
  assert.match(await cccd.getAttribute('aria-describedby'), /f-cccd-error/);
  assert.equal(await page.locator('#f-phone-error').count(), 0, 'no error beside other fields');
  assert.match(page.url(), /\/edit$/, 'stays on the form');
  assert.equal(server.dump(), before, 'the database is unchanged');
});

test('a date that is not day/month/year is refused before sending', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/members/${an.id}/edit`);
  await page.getByLabel('Ngày sinh').fill('14031985');
  let sent = false;
  page.on('request', (rq) => { if (rq.method() === 'PATCH') sent = true; });
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await page.locator('#f-birth_date-error').waitFor();
  assert.match(await page.locator('#f-birth_date-error').innerText(), /ngày\/tháng\/năm/);
  assert.equal(sent, false);
});

test('a record changed by someone else meanwhile is explained, and reload shows the new version', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/members/${an.id}/edit`);
  await page.getByLabel('Thư điện tử (email)').waitFor();
  const cur = await api(server.url, 'GET', `/api/v1/members/${an.id}`);
  const other = await api(server.url, 'PATCH', `/api/v1/members/${an.id}`,
    { body: { email: 'an.moi@example.vn' }, headers: { 'If-Match': `"${cur.body.version}"` } });
  assert.equal(other.status, 200);
  const before = server.dump();
  await page.getByLabel('Thư điện tử (email)').fill('an.cu@example.vn');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await page.getByText('Hồ sơ vừa được người khác sửa').waitFor();
  assert.equal(server.dump(), before, 'the stale save changed nothing');
  await page.getByRole('button', { name: 'Tải lại hồ sơ mới nhất' }).click();
  await page.waitForFunction(() => document.querySelector('#f-email')?.value === 'an.moi@example.vn');
  assert.equal(await page.getByText('Hồ sơ vừa được người khác sửa').count(), 0);
});

test('a new member is created in a cell with the same form', async () => {
  const { page } = browser;
  const cell = an.unit.id;
  await visit(page, `${server.url}/#/units/${cell}`);
  await page.getByRole('link', { name: 'Thêm đảng viên' }).click();
  await page.getByLabel('Họ và tên').fill('Lê Thị Mai');
  await page.getByLabel('Nữ').check();
  await page.getByLabel('Ngày sinh').fill('05/09/1992');
  await page.getByLabel('Số căn cước công dân (CCCD)').fill('001192345678');
  await page.getByLabel('Ngày vào Đảng').fill('12/12/2018');
  await page.getByLabel('Ngày chính thức').fill('12/12/2019');
  await page.getByRole('button', { name: 'Thêm đảng viên' }).click();
  await page.locator('h1', { hasText: 'Lê Thị Mai' }).waitFor();
  await page.getByText('Đã thêm đảng viên mới.').waitFor();
  const found = await api(server.url, 'GET', `/api/v1/members?q=${encodeURIComponent('le thi mai')}`);
  assert.equal(found.body.items.length, 1);
  assert.equal(found.body.items[0].birth_date, '1992-09-05');
  assert.equal(found.body.items[0].unit.id, cell);
});

test('a save that cannot reach the server keeps what was typed and says so beside the button', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/members/${an.id}/edit`);
  await page.getByLabel('Số thẻ đảng viên').waitFor();
  const before = server.dump();
  await page.route('**/api/v1/**', (route) => route.abort('internetdisconnected'));
  await page.getByLabel('Điện thoại').fill('+84900000001');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  const near = page.locator('form .alert-error', { hasText: 'Không kết nối được với máy chủ' });
  await near.waitFor();
  await page.locator('.banner-offline').waitFor();
  assert.equal(await page.getByLabel('Điện thoại').inputValue(), '+84900000001');
  assert.equal(server.dump(), before);
  await page.unroute('**/api/v1/**');
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await page.getByText('Đã lưu các thay đổi.').waitFor();
  assert.equal((await api(server.url, 'GET', `/api/v1/members/${an.id}`)).body.phone, '+84900000001');
  assert.equal(await page.locator('.banner-offline').count(), 0);
  browser.problems.length = 0; // the refused requests were logged on purpose
});
