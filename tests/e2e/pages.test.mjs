// Every page on a 360 px phone: no sideways scrolling, no serious or critical
// axe-core violation, no console error (a CSP refusal would be one), and a
// screenshot in tests/e2e/screenshots/. Also: the English switch, the
// not-found page, and the message when the server cannot be reached.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer } from '../lib/server.mjs';
import { PHONE, axeProblems, horizontalOverflow, openBrowser, screenshot, seed, useSession, visit } from './browser.mjs';

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

function pages() {
  const an = data.members['Đặng Văn An'].id;
  const binh = data.members['Nguyễn Thị Bình'].id;
  return [
    ['home', '#/', 'h1'],
    ['unit-root', `#/units/${data.root.id}`, '.unit-cards'],
    ['unit-abroad', `#/units/${data.jp.id}`, '.unit-cards'],
    ['unit-cell', `#/units/${data.tokyo.id}`, '.members-table'],
    ['search', '#/search?q=dang', '.members-table'],
    ['profile', `#/members/${an}`, 'dl.fields'],
    ['profile-2', `#/members/${binh}`, 'dl.fields'],
    ['edit', `#/members/${an}/edit`, 'form'],
    ['create', `#/members/new?unit=${data.tokyo.id}`, 'form'],
    ['import', `#/import?unit=${data.tokyo.id}`, '#export-h'],
    ['not-found', '#/no/such/page', 'h1'],
  ];
}

test('every page fits a 360 px screen and passes axe-core', async () => {
  const { page } = browser;
  const failures = [];
  for (const [name, hash, ready] of pages()) {
    await visit(page, `${server.url}/${hash}`);
    await page.locator(ready).first().waitFor();
    await page.waitForLoadState('networkidle');
    const width = await horizontalOverflow(page);
    if (width > PHONE.width) failures.push(`${name}: scrollWidth ${width} > ${PHONE.width}`);
    for (const v of await axeProblems(page)) failures.push(`${name}: ${v}`);
    await screenshot(page, name);
  }
  assert.deepEqual(failures, []);
  assert.deepEqual(browser.problems, []);
});

test('a form with errors still fits and passes axe-core', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/members/new?unit=${data.tokyo.id}`);
  await page.getByRole('button', { name: 'Thêm đảng viên' }).click();
  await page.locator('.field-error').first().waitFor();
  assert.ok(await horizontalOverflow(page) <= PHONE.width);
  assert.deepEqual(await axeProblems(page), []);
  await screenshot(page, 'create-errors');
});

test('the English switch changes the labels, is remembered, and asks the API for English', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/members/${data.members['Đặng Văn An'].id}`);
  await page.locator('dl.fields').first().waitFor();
  assert.equal(await page.locator('#personal-h').innerText(), 'Thông tin cá nhân');
  const asked = page.waitForRequest((rq) => rq.url().includes('/api/v1/members/'));
  await page.getByRole('button', { name: 'Switch to English' }).click();
  assert.equal((await asked).headers()['accept-language'], 'en');
  await page.locator('#personal-h', { hasText: 'Personal details' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.locator('.site-nav a').first().innerText(), 'Organization');
  assert.match(await page.locator('dl.fields').first().innerText(), /Date of birth/);
  await page.reload();
  await page.locator('#personal-h', { hasText: 'Personal details' }).waitFor();
  await screenshot(page, 'profile-en');
  await page.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
  await page.locator('#personal-h', { hasText: 'Thông tin cá nhân' }).waitFor();
});

test('an unknown member shows the not-found page', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/members/999999`);
  await page.locator('h1', { hasText: 'Không tìm thấy trang này' }).waitFor();
});

test('when the server cannot be reached the page says so and offers to try again', async () => {
  const { page } = browser;
  await page.route('**/api/v1/**', (route) => route.abort('connectionrefused'));
  await visit(page, `${server.url}/#/units/${data.root.id}`);
  await page.locator('.banner-offline').waitFor();
  assert.match(await page.locator('main').innerText(), /Không kết nối được với máy chủ/);
  await screenshot(page, 'offline');
  await page.unroute('**/api/v1/**');
  await page.getByRole('button', { name: 'Thử lại' }).click();
  await page.locator('.unit-cards').waitFor();
  assert.equal(await page.locator('.banner-offline').count(), 0);
  browser.problems.length = 0; // the refused requests were logged on purpose
});
