// Statistics, the review report, downloads and the handbook in the browser
// (issue 6), on the demo data. A committee officer of Hà Nội opens
// "Thống kê" for the city's subtree and this year: every figure on the page
// equals a count made another way, through the public API (the trips,
// alerts, transfers and exemptions lists, counted here); the review report
// compares with the year before and is downloaded from the browser as PDF
// (its text read with pdftotext: the unit's name with its diacritics) and
// as XLSX (read with python3-openpyxl: the trips of the period), and a list
// is downloaded as a spreadsheet. A member reads the handbook on a phone;
// the installation's administrator writes a page, sees the server's
// rendering after saving, is stopped by a stale version, and archives it,
// after which the member no longer finds it. Every new page is checked on a
// 360 px phone with axe-core.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { api, startServer } from '../lib/server.mjs';
import { axeProblems, horizontalOverflow, openBrowser, PHONE, screenshot, useSession, visit } from './browser.mjs';

const run = promisify(execFile);
// Debian's python3, where python3-openpyxl is installed ($PYTHON to override).
const PYTHON = process.env.PYTHON || '/usr/bin/python3';

let server;
let officer;
let member;
let hn;
let tmp;
const open = [];

// Today in Vietnam, and this year's and last year's periods.
const today = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
const year = Number(today.slice(0, 4));
const period = { from: `${year}-01-01`, to: `${year}-12-31` };
const previous = { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
const inside = (d, p) => !!d && d >= p.from && d <= p.to;

before(async () => {
  server = await startServer({ demo: true });
  tmp = mkdtempSync(join(tmpdir(), 'caunoi-stats-'));
  hn = (await api(server.url, 'GET', '/api/v1/units/8')).body;
  assert.equal(hn.code, 'HN', 'the demo\'s Hà Nội committee');
  officer = await server.user({ role: 'officer', unit: 'HN', login: 'thong-ke-hn', name: 'Cán bộ Ban Tổ chức Thành ủy' });
  // A member of the city without an account yet (the demo gives some one).
  const some = (await api(server.url, 'GET', `/api/v1/members?unit=${hn.id}&limit=20`)).body.items;
  for (const m of some) {
    member = await server.user({ role: 'member', member: m.id, login: 'doc-cam-nang' }).catch(() => null);
    if (member) break;
  }
  assert.ok(member, 'a member account');
});

after(async () => {
  for (const b of open) await b.close();
  await server?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

async function browserAs(session) {
  const b = await openBrowser();
  open.push(b);
  await useSession(b, server.url, session);
  return b;
}

// 360 px, axe-core, a screenshot: the checks every new page gets.
async function checkPage(page, name) {
  await page.waitForLoadState('networkidle');
  const width = await horizontalOverflow(page);
  assert.ok(width <= PHONE.width, `${name}: scrollWidth ${width}`);
  assert.deepEqual(await axeProblems(page), [], name);
  await screenshot(page, name);
}

// Every item of a list route, as `session` sees it (followed to the end).
async function all(session, path, params = {}) {
  let items = [];
  let cursor;
  for (let i = 0; i < 100; i++) {
    const q = new URLSearchParams({ ...params, limit: '200', ...(cursor ? { cursor } : {}) });
    const r = await api(server.url, 'GET', `${path}?${q}`, { session });
    assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
    items = items.concat(r.body.items || []);
    cursor = r.body.next_cursor;
    if (!cursor) break;
  }
  return items;
}

function tally(list, keyOf) {
  const m = {};
  for (const x of list) for (const k of [].concat(keyOf(x))) m[k] = (m[k] || 0) + 1;
  return m;
}

// "1.234" (Vietnamese) -> 1234.
const num = (s) => Number(String(s).replace(/\./g, '').replace(',', '.').trim());

// The figure shown in the definition list under data-key `key`.
async function figure(page, key) {
  return num(await page.locator(`.stat-number[data-key="${key}"] .stat-n`).innerText());
}

// A table of numbers named by its caption: {key: n} from its rows.
async function tableOf(page, caption) {
  const table = page.getByRole('table', { name: caption, exact: true });
  await table.waitFor();
  const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.dataset.key, tr.querySelector('td.num').innerText]));
  return Object.fromEntries(rows.map(([k, n]) => [k, num(n)]));
}

// Counts made from the lists, the statistics' definitions applied by hand
// (docs/api.md, Statistics).
async function independentCounts(p) {
  const trips = await all(officer, '/api/v1/trips', { unit: String(hn.id) });
  const left = trips.filter((x) => inside(x.actual_departure, p));
  const back = trips.filter((x) => inside(x.actual_return, p));
  const filed = back.filter((x) => x.report_submitted_on);
  const notFiled = back.filter((x) => !x.report_submitted_on);
  const abroadTrips = await all(officer, '/api/v1/trips', { unit: String(hn.id), state: 'abroad' });
  const alerts = (await all(officer, '/api/v1/alerts', { unit: String(hn.id), all: '1' })).filter((a) => inside(a.since, p));
  const transfers = (await all(officer, '/api/v1/transfers', { unit: String(hn.id) }))
    .filter((x) => inside(x.issued_on, p) && x.state !== 'cancelled');
  const exemptions = (await all(officer, '/api/v1/exemptions', { unit: String(hn.id) })).filter((x) => inside(x.decided_on, p));
  return {
    trips: left.length,
    byPurpose: tally(left, (x) => x.purpose),
    byCountry: tally(left, (x) => x.countries || []),
    abroad: new Set(abroadTrips.map((x) => x.member.id)).size,
    reports: {
      on_time: filed.filter((x) => !x.deadlines.report_late).length,
      late: filed.filter((x) => x.deadlines.report_late).length,
      overdue: notFiled.filter((x) => x.deadlines.report_due && x.deadlines.report_due < today).length,
      pending: notFiled.filter((x) => !x.deadlines.report_due || x.deadlines.report_due >= today).length,
    },
    violations: alerts.length,
    byRule: tally(alerts, (a) => a.rule),
    transfersByKind: tally(transfers.filter((x) => !x.back), (x) => x.kind),
    transfersBack: transfers.filter((x) => x.back).length,
    exemptionsByKind: tally(exemptions, (x) => x.kind),
  };
}

const dmy = (iso) => iso.split('-').reverse().join('/');

test('an officer opens the statistics of the subtree for a period, and every figure matches a count through the API', async () => {
  const { page, problems } = await browserAs(officer);
  await visit(page, `${server.url}/#/`);
  await page.getByRole('navigation', { name: 'Các trang chính' }).getByRole('link', { name: 'Thống kê' }).click();
  await page.getByRole('heading', { name: 'Thống kê', level: 1 }).waitFor();
  // Choose the unit and the period in the form.
  await page.getByLabel('Tổ chức (gồm cả các tổ chức trực thuộc)').selectOption(String(hn.id));
  await page.getByLabel('Từ ngày').fill(dmy(period.from));
  await page.getByLabel('Đến ngày').fill(dmy(period.to));
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/stats'
    && new URL(r.url()).searchParams.get('from') === period.from);
  await page.getByRole('button', { name: 'Xem số liệu' }).click();
  assert.equal((await answered).status(), 200);
  await page.getByText(`Số liệu của ${hn.name} và các tổ chức trực thuộc.`).waitFor();
  await page.getByText(`Từ ngày ${dmy(period.from)} đến ngày ${dmy(period.to)}.`).waitFor();

  const want = await independentCounts(period);
  assert.ok(want.trips > 0 && want.violations > 0, `the demo has trips and violations this year: ${JSON.stringify(want)}`);
  assert.equal(await figure(page, 'trips'), want.trips, 'trips that left in the period');
  assert.deepEqual(await tableOf(page, 'Lượt đi nước ngoài theo mục đích'), want.byPurpose);
  assert.deepEqual(await tableOf(page, 'Lượt đi nước ngoài theo nước đến'), want.byCountry);
  assert.deepEqual(await tableOf(page, 'Lượt đi nước ngoài theo năm'), { [String(year)]: want.trips });
  assert.equal(await figure(page, 'abroad'), want.abroad, 'members abroad today');
  const abroadByCountry = await tableOf(page, `Đảng viên ở nước ngoài ngày ${dmy(today)}, theo nước`);
  assert.equal(Object.values(abroadByCountry).reduce((a, b) => a + b, 0), want.abroad);
  assert.deepEqual(await tableOf(page, 'Báo cáo sau chuyến đi'), want.reports);
  assert.equal(await figure(page, 'violations'), want.violations, 'violations begun in the period');
  assert.deepEqual(await tableOf(page, 'Vi phạm theo từng quy định'), want.byRule);
  assert.deepEqual(await tableOf(page, 'Giấy giới thiệu sinh hoạt đảng đã cấp, theo hình thức'), want.transfersByKind);
  assert.equal(await figure(page, 'transfers_back'), want.transfersBack);
  assert.deepEqual(await tableOf(page, 'Quyết định miễn, giảm sinh hoạt, theo hình thức'), want.exemptionsByKind);

  // The chart over years is one image named by its title, its numbers in
  // its description and written beside the bars.
  const chart = page.getByRole('img', { name: /^Lượt đi nước ngoài theo năm/ });
  assert.match(await chart.evaluate((svg) => svg.querySelector('desc').textContent), new RegExp(`${year}: ${want.trips} lượt đi`));
  assert.ok((await chart.locator('text.chart-value').allTextContents()).includes(String(want.trips)));
  await checkPage(page, 'stats');

  // The quick choice "last year" shows last year's trips.
  await page.getByRole('link', { name: 'Năm trước' }).click();
  await page.getByText(`Từ ngày ${dmy(previous.from)} đến ngày ${dmy(previous.to)}.`).waitFor();
  const before = await independentCounts(previous);
  assert.equal(await figure(page, 'trips'), before.trips);
  // A period the other way round is refused beside the field, in words.
  await page.getByLabel('Từ ngày').fill(dmy(period.to));
  await page.getByLabel('Đến ngày').fill(dmy(period.from));
  await page.getByRole('button', { name: 'Xem số liệu' }).click();
  await page.locator('#f-from-error').waitFor();
  assert.deepEqual(problems, []);
});

// Read a cell of the review workbook with python3-openpyxl: the "Kỳ này"
// figure of the summary row keyed `key`.
async function xlsxFigure(file, key) {
  const py = [
    'import sys, openpyxl',
    'wb = openpyxl.load_workbook(sys.argv[1])',
    'ws = wb.worksheets[0]',
    'head = [c.value for c in ws[2]]',
    'k, cur = head.index("Mã"), head.index("Kỳ này")',
    'print(ws.title)',
    'print(next(r[cur] for r in ws.iter_rows(min_row=3, values_only=True) if r[k] == sys.argv[2]))',
  ].join('\n');
  const { stdout } = await run(PYTHON, ['-c', py, file, key]);
  const [title, value] = stdout.trim().split('\n');
  return { title, value: Number(value) };
}

async function save(page, button) {
  const [dl] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const file = join(tmp, dl.suggestedFilename());
  await dl.saveAs(file);
  return { file, name: dl.suggestedFilename() };
}

test('the officer downloads the review report of the subtree as PDF and XLSX from the browser, beside the previous period', async () => {
  const { page, problems } = await browserAs(officer);
  await visit(page, `${server.url}/#/stats?unit=${hn.id}&from=${period.from}&to=${period.to}`);
  await page.getByRole('link', { name: 'Báo cáo sơ kết (so với kỳ trước)' }).click();
  await page.getByRole('heading', { name: 'Báo cáo sơ kết', level: 1 }).waitFor();
  const now = await independentCounts(period);
  const then = await independentCounts(previous);
  const headline = page.getByRole('table', { name: 'Các con số chính, so với kỳ trước', exact: true });
  const row = headline.locator('tr[data-key="trips"] td.num');
  assert.deepEqual((await row.allInnerTexts()).map(num), [now.trips, then.trips]);
  const change = now.trips - then.trips;
  const words = change > 0 ? `tăng ${change}` : change < 0 ? `giảm ${-change}` : 'không đổi';
  assert.equal(await headline.locator('tr[data-key="trips"] .change').innerText(), words);
  await checkPage(page, 'review');

  const pdf = await save(page, page.getByRole('button', { name: 'Tải PDF' }));
  assert.match(pdf.name, /\.pdf$/);
  assert.equal(readFileSync(pdf.file).subarray(0, 5).toString(), '%PDF-');
  const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', pdf.file, '-']);
  assert.ok(text.normalize('NFC').includes(hn.name), `the PDF names ${hn.name}`);
  await page.getByText(`Đã tải xuống tệp ${pdf.name}.`).waitFor();

  const xlsx = await save(page, page.getByRole('button', { name: 'Tải XLSX (Excel)' }));
  assert.match(xlsx.name, /\.xlsx$/);
  const cell = await xlsxFigure(xlsx.file, 'trips');
  assert.equal(cell.title, 'Tổng hợp');
  assert.equal(cell.value, now.trips, 'the workbook\'s trips of the period');
  assert.deepEqual(problems, []);
});

test('a list is downloaded as a spreadsheet with the rows it shows', async () => {
  const { page } = await browserAs(officer);
  await visit(page, `${server.url}/#/trips?state=abroad&unit=${hn.id}`);
  await page.locator('.trip-cards').first().waitFor();
  const shown = await page.locator('.trip-cards > li').count();
  await checkPage(page, 'trips-downloads');
  const xlsx = await save(page, page.getByRole('button', { name: 'Tải XLSX (Excel)' }));
  const py = 'import sys, openpyxl\nws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]\nprint(ws.max_row - 2)';
  const { stdout } = await run(PYTHON, ['-c', py, xlsx.file]);
  assert.equal(Number(stdout.trim()), shown, 'one row per trip shown, under the title and the header');
});

test('a trip\'s papers and a transfer\'s letter are downloaded as PDF beside the print views', async () => {
  const { page, problems } = await browserAs(officer);
  const trips = await all(officer, '/api/v1/trips', { unit: String(hn.id) });
  const trip = trips.find((x) => x.purpose === 'relatives' && ['returned', 'report_submitted', 'report_reviewed', 'closed'].includes(x.state));
  assert.ok(trip, 'a visit to relatives back home in the demo');
  await visit(page, `${server.url}/#/trips/${trip.id}`);
  await page.getByRole('link', { name: 'In đơn đề nghị ra nước ngoài' }).waitFor();
  await checkPage(page, 'trip-pdf');
  for (const [label, kind] of [['Đơn đề nghị (PDF)', 'application'], ['Bản cam kết về thân nhân ở nước ngoài (PDF)', 'commitment'], ['Báo cáo sau chuyến đi (PDF)', 'report']]) {
    const pdf = await save(page, page.getByRole('button', { name: label }));
    assert.equal(pdf.name, `trip-${trip.id}-${kind}.pdf`);
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', pdf.file, '-']);
    assert.ok(stdout.normalize('NFC').includes(trip.member.full_name), `${kind} names ${trip.member.full_name}`);
  }
  const other = trips.find((x) => x.purpose !== 'relatives' && !['returned', 'report_submitted', 'report_reviewed', 'closed'].includes(x.state));
  await visit(page, `${server.url}/#/trips/${other.id}`);
  await page.getByRole('button', { name: 'Đơn đề nghị (PDF)' }).waitFor();
  assert.equal(await page.getByRole('button', { name: /Bản cam kết|Báo cáo sau chuyến đi/ }).count(), 0, 'only the papers that apply');

  const transfer = (await all(officer, '/api/v1/transfers', { unit: String(hn.id) })).find((x) => x.state !== 'cancelled');
  await visit(page, `${server.url}/#/transfers/${transfer.id}`);
  const letter = await save(page, page.getByRole('button', { name: 'Giấy giới thiệu sinh hoạt đảng (PDF)' }));
  const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', letter.file, '-']);
  const letterText = stdout.normalize('NFC');
  assert.ok(letterText.includes(transfer.letter_number), 'the letter\'s number');
  assert.ok(letterText.includes(transfer.to_unit.name), `the letter names ${transfer.to_unit.name}`);
  await checkPage(page, 'transfer-pdf');
  assert.deepEqual(problems, []);
});

test('a member reads the handbook on a phone in large type', async () => {
  const { page, problems } = await browserAs(member);
  await visit(page, `${server.url}/#/`);
  await page.getByRole('navigation', { name: 'Các trang chính' }).getByRole('link', { name: 'Cẩm nang' }).click();
  await page.getByRole('heading', { name: 'Cẩm nang', level: 1 }).waitFor();
  const pages = (await api(server.url, 'GET', '/api/v1/handbook', { session: member })).body.items;
  assert.ok(pages.length >= 3, 'the demo\'s handbook pages');
  const links = page.locator('.handbook-list a');
  assert.deepEqual(await links.allInnerTexts(), pages.map((p) => p.title));
  await checkPage(page, 'handbook-list');
  await links.first().click();
  await page.getByRole('heading', { name: pages[0].title, level: 1 }).waitFor();
  const body = page.locator('.handbook-body');
  assert.ok((await body.innerText()).length > 100, 'the page\'s text is shown');
  const size = await body.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(size >= 20, `large type: ${size}px`);
  assert.equal(await page.getByRole('link', { name: 'Sửa trang này' }).count(), 0, 'a member does not edit');
  await checkPage(page, 'handbook-page');
  assert.deepEqual(problems, []);
});

test('the administrator writes a page, sees the server\'s rendering after saving, is stopped by a stale version, and archives it', async () => {
  const { page, problems } = await browserAs(server.admin);
  await visit(page, `${server.url}/#/handbook`);
  await page.getByRole('link', { name: 'Viết trang mới' }).click();
  await page.getByRole('heading', { name: 'Viết trang mới', level: 1 }).waitFor();
  await checkPage(page, 'handbook-new');
  await page.getByLabel(/^Địa chỉ trang/).fill('kiem-thu-e2e');
  await page.getByLabel(/^Tiêu đề/).fill('Giấy tờ cần mang khi về nước');
  await page.getByLabel(/^Nội dung \(Markdown\)/).fill('## Trước khi về\n\nMang theo **hộ chiếu** và giấy giới thiệu.\n\n<script>alert(1)</script>');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await page.getByText('Đã lưu (phiên bản 1).', { exact: false }).waitFor();
  const preview = page.locator('.hb-preview .handbook-body');
  await preview.getByRole('heading', { name: 'Trước khi về', level: 3 }).waitFor();
  assert.equal(await preview.locator('strong').innerText(), 'hộ chiếu');
  assert.equal(await page.locator('.hb-preview script').count(), 0, 'raw HTML is text, never a script');
  assert.match(await preview.innerText(), /<script>alert\(1\)<\/script>/);
  assert.match(page.url(), /#\/handbook\/kiem-thu-e2e\/edit$/);
  await checkPage(page, 'handbook-edit');

  // Someone else saves meanwhile: this save names a version that is gone.
  const other = await api(server.url, 'PATCH', '/api/v1/handbook/kiem-thu-e2e',
    { body: { title: 'Giấy tờ cần mang khi về nước (sửa)' }, headers: { 'If-Match': '"1"' } });
  assert.equal(other.status, 200, JSON.stringify(other.body));
  await page.getByLabel(/^Nội dung \(Markdown\)/).fill('## Trước khi về\n\nMang theo hộ chiếu.');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await page.getByRole('button', { name: 'Tải bản mới nhất' }).click();
  await page.getByRole('heading', { name: 'Sửa trang: Giấy tờ cần mang khi về nước (sửa)', level: 1 }).waitFor();
  await page.getByLabel(/^Nội dung \(Markdown\)/).fill('## Trước khi về\n\nMang theo hộ chiếu.');
  await page.getByRole('button', { name: 'Lưu', exact: true }).click();
  await page.getByText('Đã lưu (phiên bản 3).', { exact: false }).waitFor();
  const saved = (await api(server.url, 'GET', '/api/v1/handbook/kiem-thu-e2e')).body;
  assert.equal(saved.version, 3);
  assert.equal(saved.body, '## Trước khi về\n\nMang theo hộ chiếu.');

  // The member reads it, then it is archived and gone for the member.
  const reader = await browserAs(member);
  await visit(reader.page, `${server.url}/#/handbook/kiem-thu-e2e`);
  await reader.page.getByRole('heading', { name: 'Giấy tờ cần mang khi về nước (sửa)', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Lưu trữ trang này' }).click();
  await page.getByRole('button', { name: 'Đồng ý lưu trữ' }).click();
  await page.getByRole('heading', { name: 'Cẩm nang', level: 1 }).waitFor();
  await page.getByText('Đã lưu trữ trang “Giấy tờ cần mang khi về nước (sửa)”.').waitFor();
  assert.equal(await page.locator('.handbook-list a', { hasText: 'Giấy tờ cần mang khi về nước' }).count(), 0);
  await visit(reader.page, `${server.url}/#/handbook/kiem-thu-e2e`);
  await reader.page.getByRole('heading', { name: 'Không tìm thấy trang này' }).waitFor();
  assert.deepEqual(problems, []);
});
