// The import page: a bad CSV shows every row error in a table and imports
// nothing; a good one is checked first, then imported.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, startServer } from '../lib/server.mjs';
import { openBrowser, seed, useSession, visit } from './browser.mjs';

let server;
let browser;
let data;

const HEADER = 'Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào Đảng,Ngày chính thức,Mã chi bộ\r\n';

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

function csvFile(name, text) {
  return { name, mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${text}`, 'utf8') };
}

test('a CSV with bad rows shows each error in a table and imports nothing', async () => {
  const { page } = browser;
  const before = server.dump();
  await visit(page, `${server.url}/#/import?unit=${data.tokyo.id}`);
  const bad = HEADER
    + 'Phạm Văn Dũng,Nam,14/03/1985,999085012345,19/05/2010,19/05/2011,E2E-JP-01\r\n'
    + ',Nữ,01/01/1990,001190000222,01/02/2015,,E2E-JP-01\r\n'
    + 'Vũ Thị Lan,Nữ,01/01/1991,001191000333,01/02/2015,,KHONG-CO\r\n';
  await page.setInputFiles('#f-file', csvFile('sai.csv', bad));
  await page.getByText('sai.csv').waitFor();
  await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
  const table = page.locator('table.import-errors');
  await table.waitFor();
  const rows = await table.locator('tbody tr').count();
  assert.ok(rows >= 3, `one line per problem, got ${rows}`);
  const text = await table.innerText();
  assert.match(text, /Số CCCD/);
  assert.match(text, /Mã chi bộ/);
  assert.match(await page.locator('.import-result .alert-error').innerText(), /chưa nhập gì/);
  assert.equal(await page.getByRole('button', { name: /^Nhập .* vào hệ thống$/ }).count(), 0);
  assert.equal(server.dump(), before, 'nothing was imported');
});

test('a good CSV is checked, then imported', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/import`);
  const good = `${HEADER}Phạm Văn Dũng,Nam,14/03/1985,001085099999,19/05/2010,19/05/2011,E2E-JP-01\r\n`;
  await page.setInputFiles('#f-file', csvFile('dung.csv', good));
  const before = server.dump();
  await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
  await page.getByText(/Tệp hợp lệ: 1 dòng/).waitFor();
  assert.equal(server.dump(), before, 'checking writes nothing');
  await page.getByRole('button', { name: 'Nhập 1 dòng vào hệ thống' }).click();
  await page.getByText(/Đã nhập xong 1 dòng/).waitFor();
  const r = await api(server.url, 'GET', `/api/v1/members?q=${encodeURIComponent('pham van dung')}`);
  assert.equal(r.body.items.length, 1);
  assert.equal(r.body.items[0].unit.code, 'E2E-JP-01');
});

test('a file that is not UTF-8 is refused with the server\'s explanation', async () => {
  const { page } = browser;
  const before = server.dump();
  await visit(page, `${server.url}/#/import`);
  const latin1 = Buffer.concat([Buffer.from('Ho va ten,Gioi tinh\r\n'), Buffer.from([0x50, 0x68, 0xe1, 0x6d, 0x2c, 0x4e, 0x61, 0x6d, 0x0d, 0x0a])]);
  await page.setInputFiles('#f-file', { name: 'latin1.csv', mimeType: 'text/csv', buffer: latin1 });
  const answer = page.waitForResponse((res) => res.url().includes('/api/v1/imports'));
  await page.getByRole('button', { name: 'Kiểm tra tệp' }).click();
  const res = await answer;
  assert.equal(res.status(), 400);
  const { error } = await res.json();
  const box = page.locator('.import-result .alert-error');
  await box.waitFor();
  assert.match(await box.innerText(), /Không đọc được tệp/);
  assert.ok((await box.innerText()).includes(error.message), 'the server\'s message is shown');
  assert.equal(server.dump(), before);
});

test('the export link downloads the unit\'s members as CSV', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/import?unit=${data.tokyo.id}`);
  const link = page.getByRole('link', { name: /Tải danh sách của Chi bộ Tô-ky-ô/ });
  const href = await link.getAttribute('href');
  assert.equal(href, `/api/v1/members/export?unit=${data.tokyo.id}`);
  const res = await api(server.url, 'GET', href);
  assert.equal(res.status, 200);
  assert.match(res.body, /Đặng Văn An/);
});
