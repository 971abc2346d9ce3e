// Trips abroad in the browser, each person in their own browser: a member
// declares a visit to relatives (the commitment about relatives is
// required before sending, and sending without it is refused and changes
// nothing), the cell secretary gives an opinion from the inbox, the
// committee officer approves, the member records departure and return and
// files the report, the secretary reviews it and the officer acknowledges
// it: closed. Then a member under a disciplinary review that an officer
// opened on the member's page: the approval is refused with that reason.
// Every new page is checked on a 360 px phone with axe-core.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, startServer } from '../lib/server.mjs';
import { axeProblems, horizontalOverflow, openBrowser, PHONE, screenshot, seed, useSession, visit } from './browser.mjs';

let server;
let data;
let people;
const open = [];

// Today in Vietnam plus `days`, as ISO and as day/month/year.
function vnDate(days = 0) {
  const d = new Date(Date.now() + 7 * 3600 * 1000 + days * 86400 * 1000);
  const iso = d.toISOString().slice(0, 10);
  const [y, m, dd] = iso.split('-');
  return { iso, dmy: `${dd}/${m}/${y}` };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

before(async () => {
  server = await startServer();
  data = await seed(server.url);
  const an = data.members['Đặng Văn An'];
  people = {
    member: await server.user({ role: 'member', member: an.id }),
    secretary: await server.user({ role: 'secretary', unit: 'E2E-JP-01', name: 'Bí thư Tô-ky-ô' }),
    officer: await server.user({ role: 'officer', unit: 'E2E-JP', name: 'Cán bộ Đảng ủy Nhật Bản' }),
  };
});

after(async () => {
  for (const b of open) await b.close();
  await server?.stop();
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

// Open a step's form, fill it, confirm, and wait for the new state.
async function step(page, action, fill, badge) {
  await page.getByRole('button', { name: action, exact: true }).click();
  await page.locator('.action-form').waitFor();
  if (fill) await fill();
  await page.getByRole('button', { name: `Xác nhận: ${action}` }).click();
  await page.locator('.trip-standing .trip-badge', { hasText: badge }).waitFor();
  await page.locator('.action-form').waitFor({ state: 'detached' });
}

async function tripOf(id) {
  const r = await api(server.url, 'GET', `/api/v1/trips/${id}`);
  assert.equal(r.status, 200);
  return r.body;
}

test('the whole path: declare, opinion, approval, departure, return, report, review, acknowledgement', async () => {
  const m = (await browserAs(people.member)).page;
  const s = (await browserAs(people.secretary)).page;
  const o = (await browserAs(people.officer)).page;
  const soon = vnDate(10);
  const back = vnDate(24);

  // The member's menu leads to "my trips"; the form asks the purpose first.
  await visit(m, `${server.url}/#/`);
  await m.getByRole('link', { name: 'Chuyến đi của tôi' }).click();
  await m.getByRole('heading', { name: 'Chuyến đi của tôi' }).waitFor();
  await checkPage(m, 'trips-mine-empty');
  await m.getByRole('link', { name: 'Khai chuyến đi mới' }).click();
  await m.getByRole('heading', { name: 'Khai chuyến đi nước ngoài' }).waitFor();
  assert.equal(await m.getByLabel('Số quyết định cử đi của cơ quan').count(), 0, 'no decision number before a purpose');
  await m.getByLabel('Đi công tác').check();
  await m.getByLabel(/^Số quyết định cử đi của cơ quan/).waitFor();
  await m.getByLabel('Việc riêng khác').check();
  await m.getByLabel(/^Đi để làm gì/).waitFor();
  assert.equal(await m.getByLabel(/^Số quyết định cử đi/).count(), 0, 'the decision number is for sent trips only');
  await m.getByLabel('Việc riêng: thăm thân nhân').check();
  assert.equal(await m.getByLabel(/^Đi để làm gì/).count(), 0);
  await m.getByText('Bản cam kết về thân nhân ở nước ngoài').first().waitFor();
  await m.getByLabel('Chọn nước', { exact: true }).selectOption('JP');
  await m.getByRole('button', { name: 'Thêm nước này' }).click();
  await m.getByLabel(/^Ngày dự kiến đi/).fill(soon.dmy);
  await m.getByLabel(/^Ngày dự kiến về/).fill(back.dmy);
  await m.getByLabel('Tự túc').check();
  await checkPage(m, 'trip-new');
  await m.getByRole('button', { name: 'Lưu đơn (bản nháp)' }).click();
  await m.waitForURL(/#\/trips\/\d+$/);
  const id = Number(m.url().match(/#\/trips\/(\d+)$/)[1]);
  let trip = await tripOf(id);
  assert.equal(trip.state, 'draft');
  assert.deepEqual(trip.countries, ['JP']);
  assert.equal(trip.planned_departure, soon.iso);
  assert.equal(trip.purpose, 'relatives');

  // What is missing is shown; sending without it is refused and changes nothing.
  const missing = m.locator('.trip-missing');
  await missing.waitFor();
  assert.match(await missing.innerText(), /Bản cam kết về thân nhân ở nước ngoài/);
  await checkPage(m, 'trip-draft');
  const before = server.dump();
  await m.getByRole('button', { name: 'Gửi đơn lên chi bộ', exact: true }).click();
  const refused = m.waitForResponse((r) => r.url().endsWith(`/trips/${id}/actions/submit`));
  await m.getByRole('button', { name: 'Xác nhận: Gửi đơn lên chi bộ' }).click();
  assert.equal((await refused).status(), 422);
  await m.locator('.action-form .alert-error').waitFor();
  assert.equal(server.dump(), before, 'a refused submission changes nothing');
  await m.getByRole('button', { name: 'Huỷ', exact: true }).click();

  // The commitment, uploaded as the request body.
  await m.getByLabel('Loại giấy tờ').selectOption('relatives_commitment');
  await m.locator('#f-file').setInputFiles({ name: 'cam-ket.pdf', mimeType: 'application/pdf', buffer: PDF });
  await m.getByRole('button', { name: 'Tải giấy tờ lên' }).click();
  await m.locator('.file-list', { hasText: 'cam-ket.pdf' }).waitFor();
  await m.getByText('Đơn đã đủ thông tin và giấy tờ').waitFor();
  trip = await tripOf(id);
  assert.equal(trip.attachments.length, 1);
  assert.equal(trip.attachments[0].kind, 'relatives_commitment');
  assert.equal(trip.attachments[0].size, PDF.length);
  await step(m, 'Gửi đơn lên chi bộ', null, 'Đã gửi, chờ chi bộ');
  assert.match(await m.locator('.trip-standing').innerText(), /Chi bộ \(bí thư chi bộ\)/, 'waits for the cell');

  // The secretary: the inbox, the member's other trips, the opinion.
  await visit(s, `${server.url}/#/`);
  await s.getByRole('link', { name: 'Việc cần xử lý' }).click();
  await s.locator('.inbox-item', { hasText: 'Đặng Văn An' }).first().waitFor();
  await checkPage(s, 'trip-inbox-secretary');
  await s.locator('.inbox-item summary').first().click();
  await s.locator('.inbox-item details').first().getByText('Không có chuyến đi nào khác.').waitFor();
  await s.locator('.inbox-item', { hasText: 'Đặng Văn An' }).first().getByRole('link', { name: /thăm thân nhân/ }).click();
  await s.waitForURL(new RegExp(`#/trips/${id}$`));
  await s.getByRole('heading', { name: /Các chuyến đi khác của Đặng Văn An/ }).waitFor();
  await checkPage(s, 'trip-secretary');
  await step(s, 'Cho ý kiến của chi bộ', async () => {
    await s.getByLabel('Đồng ý', { exact: true }).check();
    await s.getByLabel(/^Nhận xét của chi bộ/).fill('Đồng chí chấp hành tốt, chi bộ đồng ý.');
    await checkPage(s, 'trip-opinion-form');
  }, 'Chờ cấp ủy quyết định');

  // The officer approves from the inbox.
  await visit(o, `${server.url}/#/inbox`);
  await o.locator('.inbox-item', { hasText: 'Đặng Văn An' }).first().waitFor();
  await checkPage(o, 'trip-inbox-officer');
  await visit(o, `${server.url}/#/trips/${id}`);
  await step(o, 'Quyết định của cấp ủy', () => o.getByLabel('Đồng ý cho đi', { exact: true }).check(), 'Được đồng ý');
  trip = await tripOf(id);
  assert.equal(trip.decision, 'approved');
  await visit(o, `${server.url}/#/trips/${id}/print/application`);
  await o.getByRole('heading', { name: 'ĐƠN ĐỀ NGHỊ' }).waitFor();
  const doc = await o.locator('.doc').innerText();
  assert.match(doc, /ĐẢNG CỘNG SẢN VIỆT NAM/);
  assert.match(doc, /CHI BỘ TÔ-KY-Ô/);
  assert.match(doc, /Đặng Văn An/);
  assert.match(doc, /T\/M CHI BỘ/);
  assert.match(doc, /Đồng ý cho đi/);
  await checkPage(o, 'trip-print-application');

  // The member leaves, comes back and reports.
  await visit(m, `${server.url}/#/trips/${id}`);
  await step(m, 'Báo đã xuất cảnh', null, 'Đang ở nước ngoài');
  await step(m, 'Báo đã về nước', null, 'Đã về, chưa nộp báo cáo');
  assert.match(await m.locator('.trip-standing').innerText(), /Hạn nộp báo cáo: .*\(còn \d+ ngày\)/);
  await checkPage(m, 'trip-returned');
  await step(m, 'Nộp báo cáo kết quả', () => m.getByLabel(/^Nội dung báo cáo/).fill('Đã thăm gia đình ở Ô-sa-ka.\nKhông có việc gì phát sinh.'), 'Đã nộp báo cáo, chờ chi bộ');
  trip = await tripOf(id);
  assert.equal(trip.actual_departure, vnDate().iso);
  assert.equal(trip.actual_return, vnDate().iso);
  assert.match(trip.report_text, /Ô-sa-ka/);
  await m.getByRole('link', { name: 'In báo cáo kết quả' }).click();
  await m.getByRole('heading', { name: 'BÁO CÁO' }).waitFor();
  assert.match(await m.locator('.doc').innerText(), /Đã thăm gia đình ở Ô-sa-ka/);
  await checkPage(m, 'trip-print-report');

  // The cell reviews, the committee acknowledges: closed.
  await visit(s, `${server.url}/#/trips/${id}`);
  await step(s, 'Chi bộ nhận xét báo cáo', () => s.getByLabel('Đồng ý', { exact: true }).check(), 'Chờ cấp ủy ghi nhận báo cáo');
  await visit(o, `${server.url}/#/trips/${id}`);
  await step(o, 'Cấp ủy ghi nhận, kết thúc', null, 'Đã xong');
  trip = await tripOf(id);
  assert.equal(trip.state, 'closed');
  assert.deepEqual(trip.allowed_actions, []);
  const actions = trip.events.map((e) => e.action).filter((a) => !['create', 'edit', 'attach'].includes(a));
  assert.deepEqual(actions, ['submit', 'opinion', 'decide', 'depart', 'return', 'submit_report', 'review_report', 'acknowledge']);
  assert.equal(await o.locator('.trip-actions').count(), 0, 'nothing left to do');
  assert.ok(await o.locator('.timeline li').count() >= 8);

  // The member's list shows it closed.
  await visit(m, `${server.url}/#/trips`);
  await m.locator('.trip-card', { hasText: 'Đã xong' }).waitFor();
  await checkPage(m, 'trips-mine');
  for (const b of open) assert.deepEqual(b.problems, []);
});

test('a member under a disciplinary review: the approval is refused with that reason', async () => {
  const binh = data.members['Nguyễn Thị Bình'];
  const sec = people.secretary;
  // The secretary files and sends a tourist trip on Bình's behalf, and agrees.
  let r = await api(server.url, 'POST', '/api/v1/trips', {
    session: sec,
    body: { member_id: binh.id, purpose: 'tourism', countries: ['KR'], planned_departure: vnDate(15).iso, planned_return: vnDate(20).iso, payer: 'self' },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const id = r.body.id;
  r = await api(server.url, 'POST', `/api/v1/trips/${id}/actions/submit`, { session: sec, body: {}, headers: { 'If-Match': `"${r.body.version}"` } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  r = await api(server.url, 'POST', `/api/v1/trips/${id}/actions/opinion`, { session: sec, body: { outcome: 'agree' }, headers: { 'If-Match': `"${r.body.version}"` } });
  assert.equal(r.status, 200, JSON.stringify(r.body));

  // The officer opens a review from the member's page.
  const o = (await browserAs(people.officer)).page;
  await visit(o, `${server.url}/#/members/${binh.id}`);
  await o.getByRole('heading', { name: 'Xem xét kỷ luật' }).waitFor();
  await o.getByText('Không có lần xem xét kỷ luật nào.').waitFor();
  await o.getByRole('button', { name: 'Ghi nhận bắt đầu xem xét kỷ luật' }).click();
  await o.getByLabel(/^Ngày bắt đầu xem xét/).fill(vnDate().dmy);
  await o.getByRole('button', { name: 'Lưu ngày bắt đầu' }).click();
  await o.getByText('Đã ghi nhận bắt đầu xem xét kỷ luật.').waitFor();
  await o.locator('.reviews .alert-warn').waitFor();
  await checkPage(o, 'member-review-open');
  const reviews = await api(server.url, 'GET', `/api/v1/members/${binh.id}/reviews`);
  assert.equal(reviews.status, 200);
  assert.equal(reviews.body.items[0].opened_on, vnDate().iso);
  assert.equal(reviews.body.items[0].closed_on, null);

  // The trip says so; approving is refused and changes nothing; the
  // refusal is recorded with the reason.
  await visit(o, `${server.url}/#/trips/${id}`);
  await o.getByText('Đảng viên này đang bị xem xét kỷ luật').waitFor();
  await o.getByRole('button', { name: 'Quyết định của cấp ủy', exact: true }).click();
  await o.getByLabel('Đồng ý cho đi', { exact: true }).check();
  await o.waitForLoadState('networkidle');
  const before = server.dump();
  const answer = o.waitForResponse((x) => x.url().endsWith(`/trips/${id}/actions/decide`));
  await o.getByRole('button', { name: 'Xác nhận: Quyết định của cấp ủy' }).click();
  const res = await answer;
  assert.equal(res.status(), 409);
  assert.equal((await res.json()).error.code, 'trip_member_under_review');
  await o.locator('.action-form .alert-warn').waitFor();
  assert.equal(server.dump(), before, 'the refused approval changes nothing');
  assert.equal(await o.getByLabel('Không đồng ý cho đi', { exact: true }).isChecked(), true, 'the form offers the refusal');
  await checkPage(o, 'trip-under-review');
  await o.getByRole('button', { name: 'Xác nhận: Quyết định của cấp ủy' }).click();
  await o.locator('.trip-standing .trip-badge', { hasText: 'Không được đồng ý' }).waitFor();
  const trip = await tripOf(id);
  assert.equal(trip.state, 'refused');
  assert.equal(trip.decision, 'refused');
  assert.match(trip.decision_reasons, /xem xét kỷ luật/);

  // Closing the review from the member's page.
  await visit(o, `${server.url}/#/members/${binh.id}`);
  await o.getByRole('button', { name: 'Ghi nhận kết thúc' }).click();
  await o.getByRole('button', { name: 'Lưu ngày kết thúc' }).click();
  await o.getByText('Đã ghi nhận kết thúc xem xét kỷ luật.').waitFor();
  const after = await api(server.url, 'GET', `/api/v1/members/${binh.id}/reviews`);
  assert.equal(after.body.items[0].closed_on, vnDate().iso);
  for (const b of open) assert.deepEqual(b.problems, []);
});

test('the inbox puts an overdue return in view, marked, with the member\'s other trips; the trip page reads in English', async () => {
  const an = data.members['Đặng Văn An'];
  const sec = people.secretary;
  const act = async (session, id, action, body, version) => {
    const r = await api(server.url, 'POST', `/api/v1/trips/${id}/actions/${action}`, { session, body, headers: { 'If-Match': `"${version}"` } });
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  // A trip that should have been over three weeks ago, still abroad.
  let r = await api(server.url, 'POST', '/api/v1/trips', {
    session: sec,
    body: { member_id: an.id, purpose: 'tourism', countries: ['TH'], planned_departure: vnDate(-40).iso, planned_return: vnDate(-30).iso, payer: 'self' },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  let t = await act(sec, r.body.id, 'submit', {}, r.body.version);
  t = await act(sec, t.id, 'opinion', { outcome: 'agree' }, t.version);
  t = await act(people.officer, t.id, 'decide', { outcome: 'approved' }, t.version);
  t = await act(sec, t.id, 'depart', { date: vnDate(-40).iso }, t.version);
  assert.equal(t.deadlines.return_late, true);

  const s = (await browserAs(sec)).page;
  await visit(s, `${server.url}/#/inbox`);
  const item = s.locator('.inbox-item', { hasText: 'Thái Lan' }).first();
  await item.waitFor();
  assert.equal(await item.locator('.trip-overdue').count(), 1, 'marked overdue');
  assert.match(await item.innerText(), /Quá hạn/);
  assert.match(await s.locator('.result-count').innerText(), /1 việc đã quá hạn/);
  assert.match(await s.getByRole('heading', { name: 'Chờ đảng viên làm tiếp' }).innerText(), /Chờ đảng viên/);
  await item.locator('summary').click();
  await item.locator('details .trip-card', { hasText: 'Đã xong' }).waitFor();
  await checkPage(s, 'trip-inbox-overdue');

  await item.getByRole('link', { name: /du lịch/ }).click();
  await s.locator('.trip-standing.trip-overdue').waitFor();
  assert.match(await s.locator('.trip-standing').innerText(), /đã quá \d+ ngày/);
  await s.getByRole('button', { name: 'Switch to English' }).click();
  await s.getByRole('heading', { name: 'Steps so far' }).waitFor();
  assert.match(await s.locator('.trip-standing').innerText(), /Overdue/);
  assert.match(await s.locator('.trip-actions').innerText(), /Record return/);
  await checkPage(s, 'trip-overdue-en');
  await s.getByRole('button', { name: 'Chuyển sang tiếng Việt' }).click();
  await s.getByRole('heading', { name: 'Các bước đã qua' }).waitFor();
  for (const b of open) assert.deepEqual(b.problems, []);
});

test('a secretary files on a member\'s behalf, in a delegation, from the member\'s page; the list of open trips', async () => {
  const binh = data.members['Nguyễn Thị Bình'];
  const d = await api(server.url, 'POST', '/api/v1/delegations', {
    session: people.secretary,
    body: { name: 'Đoàn chi bộ đi Hàn Quốc', unit_id: data.tokyo.id, leader_member_id: data.members['Đặng Văn An'].id, planned_departure: vnDate(30).iso, planned_return: vnDate(35).iso },
  });
  assert.equal(d.status, 201, JSON.stringify(d.body));
  const s = (await browserAs(people.secretary)).page;
  await visit(s, `${server.url}/#/members/${binh.id}`);
  await s.getByRole('link', { name: 'Khai chuyến đi thay đảng viên' }).click();
  await s.getByText('Khai thay cho đảng viên: Nguyễn Thị Bình').waitFor();
  await s.getByLabel('Đi công tác').check();
  await s.getByLabel(/^Số quyết định cử đi của cơ quan/).fill('125/QĐ-BNG');
  await s.getByLabel('Chọn nước', { exact: true }).selectOption('KR');
  await s.getByRole('button', { name: 'Thêm nước này' }).click();
  await s.getByLabel(/^Ngày dự kiến đi/).fill(vnDate(30).dmy);
  await s.getByLabel(/^Ngày dự kiến về/).fill(vnDate(35).dmy);
  await s.getByLabel('Cơ quan cử đi chi trả').check();
  await s.getByLabel('Đi theo đoàn').selectOption(String(d.body.id));
  await checkPage(s, 'trip-new-on-behalf');
  await s.getByRole('button', { name: 'Lưu đơn (bản nháp)' }).click();
  await s.waitForURL(/#\/trips\/\d+$/);
  const id = Number(s.url().match(/#\/trips\/(\d+)$/)[1]);
  const trip = await tripOf(id);
  assert.equal(trip.member.id, binh.id);
  assert.equal(trip.decision_number, '125/QĐ-BNG');
  assert.equal(trip.payer, 'agency');
  assert.equal(trip.delegation?.id, d.body.id);
  // Official work needs the sending decision before it can be sent.
  assert.match(await s.locator('.trip-missing').innerText(), /Quyết định cử đi của cơ quan/);

  // Changing the draft: the form comes back filled, and a change is saved.
  await s.getByRole('link', { name: 'Sửa đơn' }).click();
  await s.getByRole('heading', { name: 'Sửa đơn ra nước ngoài' }).waitFor();
  assert.equal(await s.getByLabel(/^Số quyết định cử đi của cơ quan/).inputValue(), '125/QĐ-BNG');
  await s.getByLabel(/^Số quyết định cử đi của cơ quan/).fill('126/QĐ-BNG');
  await s.getByRole('button', { name: 'Lưu đơn (bản nháp)' }).click();
  await s.getByText('Đã lưu các thay đổi của đơn.').waitFor();
  assert.equal((await tripOf(id)).decision_number, '126/QĐ-BNG');

  await visit(s, `${server.url}/#/trips`);
  await s.getByRole('heading', { name: 'Các chuyến đi chưa xong' }).waitFor();
  await s.locator('.trip-card', { hasText: 'Nguyễn Thị Bình' }).first().waitFor();
  await checkPage(s, 'trips-open');
  await visit(s, `${server.url}/#/trips?member=${binh.id}`);
  await s.getByRole('heading', { name: 'Chuyến đi của Nguyễn Thị Bình' }).waitFor();
  await checkPage(s, 'trips-of-member');
  for (const b of open) assert.deepEqual(b.problems, []);
});
