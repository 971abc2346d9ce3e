// Searching without diacritics finds "Đặng Văn An" and opens the profile;
// the profile shows the fields and the history of units.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, startServer } from '../lib/server.mjs';
import { openBrowser, search, seed, useSession, visit } from './browser.mjs';

let server;
let browser;
let data;

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

test('typing "dang van an" without diacritics finds and opens Đặng Văn An', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/units/${data.root.id}`);
  const items = await search(page, /Tìm đảng viên trong/, 'dang van an');
  assert.deepEqual(items.map((m) => m.full_name), ['Đặng Văn An'], 'only Đặng Văn An matches all three words');
  assert.equal(await page.locator('.result-count').innerText(), 'Tìm thấy 1 người');
  await page.locator('.members-table a', { hasText: 'Đặng Văn An' }).click();
  await page.waitForURL(new RegExp(`#/members/${data.members['Đặng Văn An'].id}$`));
  assert.equal(await page.locator('h1').innerText(), 'Đặng Văn An');
  const personal = await page.locator('dl.fields').first().innerText();
  assert.match(personal, /14\/03\/1985/);
  assert.match(personal, /001085012345/);
  assert.match(await page.locator('main').innerText(), /Chi bộ Tô-ky-ô/);
  assert.deepEqual(browser.problems, []);
});

test('the search keeps its words when coming back from a profile', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/search`);
  await search(page, 'Tìm theo họ tên, số CCCD hoặc số thẻ đảng viên', 'đặng');
  const names = await page.locator('.members-table td.cell-main').allInnerTexts();
  assert.deepEqual(names, ['Đặng Văn An', 'Đặng Thị Hoa'], 'Vietnamese order: by given name');
  await page.locator('.members-table a', { hasText: 'Đặng Thị Hoa' }).click();
  await page.locator('h1', { hasText: 'Đặng Thị Hoa' }).waitFor();
  await page.goBack();
  await page.locator('.members-table a', { hasText: 'Đặng Văn An' }).waitFor();
  assert.equal(await page.locator('#q').inputValue(), 'đặng');
});

test('the organization tree goes down to a cell and back up by the breadcrumb', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/units/${data.root.id}`);
  await page.locator('.unit-cards a', { hasText: 'Đảng bộ Ngoài nước (thử)' }).click();
  await page.locator('.unit-cards a', { hasText: 'Đảng bộ cơ sở tại Nhật Bản' }).click();
  await page.locator('h1', { hasText: 'Đảng bộ cơ sở tại Nhật Bản' }).waitFor();
  const card = page.locator('.unit-cards li', { hasText: 'Chi bộ Tô-ky-ô' });
  assert.match(await card.innerText(), /2 đảng viên/);
  await card.locator('a').click();
  await page.locator('h1', { hasText: 'Chi bộ Tô-ky-ô' }).waitFor();
  assert.match(await page.locator('.facts').innerText(), /Nhật Bản/);
  await page.locator('.breadcrumb a', { hasText: 'Đảng bộ Ngoài nước (thử)' }).click();
  await page.locator('h1', { hasText: 'Đảng bộ Ngoài nước (thử)' }).waitFor();
});

test('dissolved units are hidden until asked for', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/units/${data.home.id}`);
  await page.locator('.unit-cards a', { hasText: 'Chi bộ khu phố 1' }).waitFor();
  assert.equal(await page.locator('.unit-cards a', { hasText: 'Chi bộ khu phố 2' }).count(), 0);
  await page.getByLabel(/Hiện cả đơn vị đã giải thể/).check();
  const card = page.locator('.unit-cards li', { hasText: 'Chi bộ khu phố 2' });
  await card.waitFor();
  assert.match(await card.innerText(), /Đã giải thể ngày 01\/01\/2020/);
});

test('"Xem thêm" loads the next page of a long list', async () => {
  const { page } = browser;
  const given = ['Anh', 'Bảo', 'Cảnh', 'Châu', 'Danh', 'Đạt', 'Đức', 'Giang', 'Hải', 'Hiếu', 'Hoàng', 'Huy', 'Khải',
    'Khoa', 'Kiên', 'Lâm', 'Long', 'Minh', 'Nam', 'Nghĩa', 'Phong', 'Phúc', 'Quang', 'Sơn', 'Tài', 'Thắng', 'Thành',
    'Toàn', 'Trung', 'Vinh'];
  for (let i = 0; i < given.length; i++) {
    const r = await api(server.url, 'POST', '/api/v1/members', { body: {
      full_name: `Lê Văn ${given[i]}`,
      sex: 'M', birth_date: '1980-01-01', cccd: `0010800${String(i).padStart(5, '0')}`,
      admitted_on: '2005-01-01', official_on: '2006-01-01', unit_id: data.hnCell.id } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  await visit(page, `${server.url}/#/units/${data.hnCell.id}`);
  await page.locator('.members-table tbody tr').first().waitFor();
  const first = await page.locator('.members-table tbody tr').count();
  assert.equal(first, 25);
  await page.getByRole('button', { name: 'Xem thêm' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.members-table tbody tr').length === 32);
  assert.equal(await page.getByRole('button', { name: 'Xem thêm' }).count(), 0, 'no more pages');
  const links = await page.locator('.members-table td.cell-main a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.equal(new Set(links).size, 32, 'every member once');
});
