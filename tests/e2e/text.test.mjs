// Whatever a person typed is shown as text, never as markup: a unit name
// with a <script> tag, an account name with an <img onerror>, a login
// attempt with a <script>, and a member name with the characters a name may
// hold (an apostrophe and a hyphen; the server refuses < and > in names).
// Each is checked on every page that shows it (unit page and cards, member
// list, profile, breadcrumb, search, accounts, audit) and no dialog opens.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, startServer } from '../lib/server.mjs';
import { openBrowser, seed, useSession, visit } from './browser.mjs';

const UNIT = 'Chi bộ <script>alert("u")</script> & <b>"đậm"</b>';
const PERSON = '<img src=x onerror=alert("p")> Quản trị';
const LOGIN = '<script>alert("l")</script>';
const HTML_NAME = 'Nguyễn <img src=x onerror=alert("m")> An';
const SAFE_NAME = "Lê O'Neil-Hà";

let server;
let data;
let browser;
let unit;
let member;
let memberName;
const dialogs = [];

async function must(method, path, body) {
  const r = await api(server.url, method, path, { body });
  assert.ok(r.status < 300, `${method} ${path} -> ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

before(async () => {
  server = await startServer();
  data = await seed(server.url);
  unit = await must('POST', '/api/v1/units',
    { kind: 'cell', code: 'E2E-JP-02', name: UNIT, parent_id: data.jp.id, country: 'JP', cell_type: data.tokyo.cell_type, founded_on: '2001-01-01' });
  const person = { sex: 'F', birth_date: '1991-04-05', cccd: '001191004567', admitted_on: '2015-02-03', unit_id: unit.id };
  // A name with markup first; the server refuses < and >, so then a name
  // with the characters it does accept that matter in markup (' and -).
  let r = await api(server.url, 'POST', '/api/v1/members', { body: { ...person, full_name: HTML_NAME } });
  if (r.status === 422) r = await api(server.url, 'POST', '/api/v1/members', { body: { ...person, full_name: SAFE_NAME } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  member = r.body;
  memberName = member.full_name;
  const u = await api(server.url, 'POST', '/api/v1/users', { body: { display_name: PERSON, role: 'officer', unit_id: unit.id, login: 'xss.officer' } });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  const failed = await api(server.url, 'POST', '/api/v1/session', { session: null, body: { login: LOGIN, password: 'không đúng đâu' } });
  assert.equal(failed.status, 401);
  browser = await openBrowser();
  await useSession(browser, server.url, server.admin);
  browser.page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// No element the strings would create if parsed as markup; the text shown.
async function assertText(page, where, ...texts) {
  const injected = await page.evaluate(() => document.querySelectorAll('main script, main img, main b, [onerror]').length);
  assert.equal(injected, 0, `${where}: markup from data became elements`);
  const main = await page.locator('main').innerText();
  for (const s of texts) assert.ok(main.includes(s), `${where}: shows ${JSON.stringify(s)} as text`);
}

test('a unit name with a script tag is text on the unit page, its card and the breadcrumb', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/units/${data.jp.id}`);
  await page.locator('.unit-cards').waitFor();
  await assertText(page, 'card', UNIT);
  await visit(page, `${server.url}/#/units/${unit.id}`);
  await page.locator('.members-table').waitFor();
  assert.equal(await page.locator('h1').innerText(), UNIT);
  await assertText(page, 'unit page', UNIT, memberName);
  assert.equal(await page.locator('.members-table tbody td').nth(2).innerText(), UNIT, 'the unit column');
});

test('the member and the unit are text on the profile, its breadcrumb, the edit form and search', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/members/${member.id}`);
  await page.locator('dl.fields').first().waitFor();
  assert.equal(await page.locator('h1').innerText(), memberName);
  assert.equal(await page.locator('.breadcrumb [aria-current]').innerText(), memberName);
  assert.ok((await page.locator('.breadcrumb').innerText()).includes(UNIT));
  await assertText(page, 'profile', memberName, UNIT);
  await visit(page, `${server.url}/#/members/${member.id}/edit`);
  await page.locator('#f-full_name').waitFor();
  assert.equal(await page.locator('#f-full_name').inputValue(), memberName);
  await assertText(page, 'edit');
  const words = memberName.split(' ').pop().replace(/[^\p{L}]/gu, ' ').trim().split(' ')[0];
  await visit(page, `${server.url}/#/search?q=${encodeURIComponent(words)}`);
  await page.locator('.members-table').waitFor();
  await assertText(page, 'search', memberName, UNIT);
});

test('an account name with an img tag is text in the accounts list and on its page', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/users`);
  await page.locator('.users-table').waitFor();
  await assertText(page, 'accounts', PERSON, UNIT);
  await page.locator('.users-table a', { hasText: 'onerror' }).click();
  await page.locator('h1', { hasText: 'onerror' }).waitFor();
  assert.equal(await page.locator('h1').innerText(), PERSON);
  assert.equal(await page.locator('#f-display_name').inputValue(), PERSON);
  await assertText(page, 'account page', PERSON);
});

test('the audit trail shows a login attempt with a script tag, and names with markup, as text', async () => {
  const { page } = browser;
  await visit(page, `${server.url}/#/audit`);
  await page.locator('.audit-list').waitFor();
  await assertText(page, 'audit', LOGIN, PERSON);
  await page.getByLabel('Việc đã làm').selectOption('user.*');
  await page.getByRole('button', { name: 'Lọc', exact: true }).click();
  await page.waitForURL(/action=user/);
  await page.locator('.audit-entry', { hasText: PERSON }).first().waitFor();
  await assertText(page, 'audit accounts', PERSON);
  // The unit's creation, when the server records it.
  const units = await api(server.url, 'GET', `/api/v1/audit?record_type=unit&record_id=${unit.id}`);
  if (units.body.items?.length) {
    await visit(page, `${server.url}/#/audit?record_type=unit&record_id=${unit.id}`);
    await page.locator('.audit-entry', { hasText: UNIT }).first().waitFor();
    await assertText(page, 'audit unit', UNIT);
  }
  assert.deepEqual(dialogs, [], 'no dialog ever opened');
  assert.deepEqual(browser.problems, []);
});
