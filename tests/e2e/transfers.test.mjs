// Party activity abroad in the browser, each person in their own browser:
// a member of a cell at home leaves for six months in Japan without an
// arrangement, and the committee officer, who lands on the dashboard, sees
// the headline "members abroad without a unit" read 1; follows it to the
// finding and the member's record; issues a temporary transfer to the
// Tokyo cell (a unit outside the officer's scope, named by its code; an
// unknown code is refused beside the field and changes nothing); the
// headline reads 0 and one letter waits to be received. The secretary of
// the Tokyo cell receives it from the incoming list; the officer's
// dashboard shows nothing waiting. Then exemptions (a refusal explained,
// one granted and revoked), alerts, and a delegation's temporary group
// formed and dissolved. Every page is checked on a 360 px phone with
// axe-core.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, startServer } from '../lib/server.mjs';
import { axeProblems, horizontalOverflow, openBrowser, PHONE, screenshot, seed, useSession, visit } from './browser.mjs';

let server;
let data;
let people;
let trip;
const open = [];

// Today in Vietnam plus `days`, as ISO and as day/month/year.
function vnDate(days = 0) {
  const d = new Date(Date.now() + 7 * 3600 * 1000 + days * 86400 * 1000);
  const iso = d.toISOString().slice(0, 10);
  const [y, m, dd] = iso.split('-');
  return { iso, dmy: `${dd}/${m}/${y}` };
}

async function act(session, id, action, body, version) {
  const r = await api(server.url, 'POST', `/api/v1/trips/${id}/actions/${action}`, { session, body, headers: { 'If-Match': `"${version}"` } });
  assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
  return r.body;
}

before(async () => {
  server = await startServer();
  data = await seed(server.url);
  people = {
    homeSecretary: await server.user({ role: 'secretary', unit: 'E2E-HN-01', name: 'Bí thư khu phố 1' }),
    officer: await server.user({ role: 'officer', unit: 'E2E-HN', name: 'Cán bộ Đảng ủy phường Ba Đình' }),
    tokyoSecretary: await server.user({ role: 'secretary', unit: 'E2E-JP-01', name: 'Bí thư Tô-ky-ô' }),
  };
  // Trần Văn Cường leaves today for six months in Japan, approved, with
  // no transfer: the headline's case.
  const cuong = data.members['Trần Văn Cường'];
  const sec = people.homeSecretary;
  const r = await api(server.url, 'POST', '/api/v1/trips', {
    session: sec,
    body: { member_id: cuong.id, purpose: 'medical', countries: ['JP'], planned_departure: vnDate().iso, planned_return: vnDate(180).iso, payer: 'self' },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  let t = await act(sec, r.body.id, 'submit', {}, r.body.version);
  t = await act(sec, t.id, 'opinion', { outcome: 'agree' }, t.version);
  t = await act(people.officer, t.id, 'decide', { outcome: 'approved' }, t.version);
  trip = await act(sec, t.id, 'depart', { date: vnDate().iso }, t.version);
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

async function dashboardOf(session) {
  const r = await api(server.url, 'GET', '/api/v1/dashboard', { session });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

// The number a figure of the dashboard shows, by its label.
async function figure(page, label) {
  const link = page.locator('.figure-link', { hasText: label });
  await link.waitFor();
  return Number(await link.locator('.figure-n').innerText());
}

test('issue a transfer to a cell abroad, receive it as that cell\'s secretary, and see the dashboard change', async () => {
  const cuong = data.members['Trần Văn Cường'];
  const o = (await browserAs(people.officer)).page;
  const s = (await browserAs(people.tokyoSecretary)).page;

  // The officer lands on the dashboard; the headline reads 1, in red.
  assert.equal((await dashboardOf(people.officer)).abroad_without_arrangement, 1);
  await visit(o, `${server.url}/#/`);
  await o.getByRole('heading', { name: 'Tổng quan', level: 1 }).waitFor();
  assert.equal(await o.locator('.site-nav a').first().innerText(), 'Tổng quan');
  const headline = o.locator('.headline');
  await headline.waitFor();
  assert.match(await headline.innerText(), /Đảng viên ở nước ngoài chưa có nơi sinh hoạt/);
  assert.equal(await headline.locator('.headline-n').innerText(), '1');
  assert.equal(await o.locator('.headline-bad').count(), 1);
  assert.equal(await figure(o, 'Giấy giới thiệu đang chờ nơi đến tiếp nhận'), 0);
  assert.equal(await figure(o, 'Đảng viên đang ở nước ngoài'), 1);
  await o.locator('.figures-table', { hasText: 'Nhật Bản' }).first().waitFor();
  await checkPage(o, 'dashboard-officer');

  // The headline leads to the finding, the finding to the member.
  await headline.getByRole('link').click();
  await o.getByRole('heading', { name: 'Đảng viên ở nước ngoài chưa có nơi sinh hoạt', level: 1 }).waitFor();
  const finding = o.locator('.finding', { hasText: 'Trần Văn Cường' });
  await finding.waitFor();
  assert.match(await finding.innerText(), /chuyển sinh hoạt đảng tạm thời/);
  await checkPage(o, 'compliance-headline');
  await finding.getByRole('link', { name: 'Hồ sơ của Trần Văn Cường' }).click();
  await o.locator('h1', { hasText: 'Trần Văn Cường' }).waitFor();
  await o.getByRole('link', { name: 'Lập giấy giới thiệu chuyển sinh hoạt' }).click();
  await o.getByRole('heading', { name: 'Lập giấy giới thiệu sinh hoạt đảng' }).waitFor();
  await o.getByLabel(/^Chuyển sinh hoạt tạm thời/).check();
  await o.getByLabel(/^Tổ chức đảng nơi đến/).selectOption('code');
  await o.getByLabel(/^Chuyến đi/).selectOption(String(trip.id));
  await checkPage(o, 'transfer-new');

  // An unknown code: refused beside the field, nothing written.
  await o.getByLabel(/^Mã tổ chức đảng nơi đến/).fill('KHONG-CO');
  const before = server.dump();
  const refused = o.waitForResponse((r) => r.url().endsWith('/api/v1/transfers') && r.request().method() === 'POST');
  await o.getByRole('button', { name: 'Lập giấy giới thiệu', exact: true }).click();
  assert.equal((await refused).status(), 422);
  await o.locator('.field-invalid', { hasText: 'Tổ chức đảng nơi đến' }).waitFor();
  assert.equal(server.dump(), before, 'a refused transfer changes nothing');

  await o.getByLabel(/^Mã tổ chức đảng nơi đến/).fill('E2E-JP-01');
  await o.getByRole('button', { name: 'Lập giấy giới thiệu', exact: true }).click();
  await o.waitForURL(/#\/transfers\/\d+$/);
  const id = Number(o.url().match(/#\/transfers\/(\d+)$/)[1]);
  let x = (await api(server.url, 'GET', `/api/v1/transfers/${id}`)).body;
  assert.equal(x.state, 'issued');
  assert.equal(x.kind, 'temporary');
  assert.equal(x.member.id, cuong.id);
  assert.equal(x.to_unit.id, data.tokyo.id);
  assert.equal(x.trip_id, trip.id);
  assert.match(x.letter_number, /^\d+\/\d{4}\/GGT$/);
  await o.getByText(`Đã lập giấy giới thiệu số ${x.letter_number}.`).waitFor();
  assert.equal(await o.locator('.big-code').innerText(), x.letter_number);
  assert.match(await o.locator('.trip-standing').innerText(), /Hạn nộp giấy cho nơi đến/);
  await checkPage(o, 'transfer-issued');

  // The dashboard: nobody without a unit now, one letter waiting.
  await visit(o, `${server.url}/#/dashboard`);
  await o.locator('.headline-ok').waitFor();
  assert.equal(await o.locator('.headline-n').innerText(), '0');
  assert.match(await o.locator('.headline').innerText(), /phải bằng 0/);
  assert.equal(await figure(o, 'Giấy giới thiệu đang chờ nơi đến tiếp nhận'), 1);

  // The Tokyo secretary receives it from the incoming list.
  await visit(s, `${server.url}/#/`);
  await s.locator('.site-nav').getByRole('link', { name: 'Chuyển sinh hoạt' }).click();
  await s.getByRole('heading', { name: 'Đảng viên chuyển đến' }).waitFor();
  const card = s.locator('.tr-card', { hasText: 'Trần Văn Cường' });
  await card.waitFor();
  assert.match(await card.innerText(), new RegExp(`Giấy số ${x.letter_number.replace(/\//g, '\\/')}`));
  assert.match(await card.innerText(), /Hạn nộp giấy cho nơi đến/);
  await checkPage(s, 'transfers-incoming');
  await card.getByRole('button', { name: /^Tiếp nhận/ }).click();
  await card.getByLabel(/^Ngày/).waitFor();
  assert.equal(await card.getByLabel(/^Ngày/).inputValue(), vnDate().dmy);
  await checkPage(s, 'transfer-receive-form');
  await card.getByRole('button', { name: 'Xác nhận: Tiếp nhận' }).click();
  await s.getByText('Đã ghi nhận: Tiếp nhận.').waitFor();
  await s.getByText('Không có đảng viên nào đang chờ chuyển đến.').waitFor();
  x = (await api(server.url, 'GET', `/api/v1/transfers/${id}`)).body;
  assert.equal(x.state, 'received');
  assert.equal(x.received_on, vnDate().iso);
  assert.equal(x.received_by, people.tokyoSecretary.login);
  const periods = (await api(server.url, 'GET', `/api/v1/members/${cuong.id}/units`)).body.items;
  assert.ok(periods.some((p) => p.unit_id === data.tokyo.id && p.kind === 'temporary' && !p.end_date), 'a temporary period in Tokyo');
  assert.ok(periods.some((p) => p.unit_id === data.hnCell.id && p.kind === 'official' && !p.end_date), 'the official unit unchanged');

  // The transfer's page for the receiving side: received, nothing to do.
  await visit(s, `${server.url}/#/transfers/${id}`);
  await s.locator('.tr-badge', { hasText: 'Đã tiếp nhận' }).waitFor();
  await checkPage(s, 'transfer-received');

  // The officer's dashboard: nothing waiting any more.
  await visit(o, `${server.url}/#/dashboard`);
  await o.locator('.headline-ok').waitFor();
  assert.equal(await figure(o, 'Giấy giới thiệu đang chờ nơi đến tiếp nhận'), 0);
  const d = await dashboardOf(people.officer);
  assert.equal(d.transfers_pending, 0);
  assert.equal(d.abroad_without_arrangement, 0);
  await visit(o, `${server.url}/#/transfers?direction=outgoing&state=all`);
  await o.locator('.tr-card', { hasText: 'Trần Văn Cường' }).waitFor();
  await checkPage(o, 'transfers-outgoing');
  for (const b of open) assert.deepEqual(b.problems, []);
});

test('exemptions: a refusal explained with what to do instead, one granted, listed and revoked', async () => {
  const o = (await browserAs(people.officer)).page;
  const cuong = data.members['Trần Văn Cường'];
  const hoa = data.members['Đặng Thị Hoa'];

  // Trần Văn Cường is in Japan, where a unit exists: no exemption.
  await visit(o, `${server.url}/#/exemptions/new?member=${cuong.id}`);
  await o.getByRole('heading', { name: 'Miễn hoặc tạm miễn sinh hoạt đảng' }).waitFor();
  await checkPage(o, 'exemption-new');
  await o.getByLabel(/^Miễn sinh hoạt:/).check();
  await o.getByLabel(/^Lý do/).fill('Ở cùng gia đình');
  const before = server.dump();
  await o.getByRole('button', { name: 'Lưu quyết định' }).click();
  const instead = o.locator('.ex-instead');
  await instead.waitFor();
  assert.match(await instead.innerText(), /Vì sao không được, và nên làm gì/);
  assert.equal(server.dump(), before, 'a refused exemption changes nothing');
  await checkPage(o, 'exemption-refused');

  // Đặng Thị Hoa, at home, two months' temporary exemption.
  await visit(o, `${server.url}/#/members/${hoa.id}`);
  await o.getByRole('link', { name: 'Quyết định miễn hoặc tạm miễn sinh hoạt' }).click();
  await o.getByLabel(/^Tạm miễn sinh hoạt:/).check();
  await o.getByLabel(/^Lý do/).fill('Điều trị bệnh dài ngày');
  await o.getByLabel(/^Số quyết định/).fill('15-QĐ/ĐU');
  await o.getByLabel(/^Đến ngày/).fill(vnDate(60).dmy);
  await o.getByRole('button', { name: 'Lưu quyết định' }).click();
  await o.getByText('Đã ghi quyết định miễn sinh hoạt của Đặng Thị Hoa.').waitFor();
  const list = (await api(server.url, 'GET', `/api/v1/exemptions?member=${hoa.id}`)).body.items;
  assert.equal(list.length, 1);
  assert.equal(list[0].kind, 'temporary');
  assert.equal(list[0].ends_on, vnDate(60).iso);
  assert.equal(list[0].decision_number, '15-QĐ/ĐU');
  await o.locator('.ex-card', { hasText: 'Còn hiệu lực' }).waitFor();
  await checkPage(o, 'exemptions-member');
  await o.getByRole('button', { name: 'Thu hồi quyết định miễn sinh hoạt của Đặng Thị Hoa' }).click();
  await o.getByRole('button', { name: 'Thu hồi', exact: true }).click();
  await o.getByText('Đã thu hồi quyết định miễn sinh hoạt của Đặng Thị Hoa.').waitFor();
  const revoked = (await api(server.url, 'GET', `/api/v1/exemptions?member=${hoa.id}`)).body.items[0];
  assert.equal(revoked.revoked_on, vnDate().iso);

  await visit(o, `${server.url}/#/exemptions?expired=1`);
  await o.getByRole('heading', { name: 'Quyết định miễn sinh hoạt đã hết hạn' }).waitFor();
  await checkPage(o, 'exemptions-expired');
  for (const b of open) assert.deepEqual(b.problems, []);
});

test('alerts after a scan, the findings by rule, and a delegation\'s temporary group formed and dissolved', async () => {
  const o = (await browserAs(people.officer)).page;
  await visit(o, `${server.url}/#/alerts`);
  await o.getByRole('heading', { name: 'Cảnh báo', level: 1 }).waitFor();
  await o.getByRole('button', { name: 'Kiểm tra lại ngay' }).click();
  await o.getByText(/^Đã kiểm tra \d+ đảng viên/).waitFor();
  await checkPage(o, 'alerts');

  await visit(o, `${server.url}/#/compliance`);
  await o.getByRole('heading', { name: 'Kiểm tra việc chấp hành', level: 1 }).waitFor();
  await o.getByLabel('Quy định').selectOption('trip.report_due');
  await o.getByRole('button', { name: 'Xem', exact: true }).click();
  await o.getByRole('heading', { name: 'Báo cáo kết quả chuyến đi sau khi về nước', level: 1 }).waitFor();
  await checkPage(o, 'compliance-rule');

  const leader = data.members['Trần Văn Cường'];
  const d = await api(server.url, 'POST', '/api/v1/delegations', {
    session: people.officer,
    body: { name: 'Đoàn phường Ba Đình đi Lào', unit_id: data.hnCell.id, leader_member_id: leader.id, planned_departure: vnDate(20).iso, planned_return: vnDate(70).iso },
  });
  assert.equal(d.status, 201, JSON.stringify(d.body));
  await visit(o, `${server.url}/#/delegations`);
  await o.getByRole('link', { name: 'Đoàn phường Ba Đình đi Lào' }).click();
  await o.getByRole('heading', { name: 'Đoàn phường Ba Đình đi Lào' }).waitFor();
  await o.getByText('Chưa lập tổ đảng, chi bộ tạm thời.').waitFor();
  await checkPage(o, 'delegation');
  await o.getByRole('button', { name: 'Lập tổ đảng, chi bộ tạm thời' }).click();
  await o.getByLabel(/^Ngày lập/).waitFor();
  await o.getByRole('button', { name: 'Lập', exact: true }).click();
  await o.getByText('Đã lập tổ đảng, chi bộ tạm thời.').waitFor();
  let g = (await api(server.url, 'GET', `/api/v1/delegations/${d.body.id}`)).body.group;
  assert.equal(g.formed_on, vnDate().iso);
  assert.equal(g.dissolved_on, null);
  await o.getByRole('button', { name: 'Giải thể khi đoàn về nước' }).click();
  await o.getByRole('button', { name: 'Giải thể', exact: true }).click();
  await o.getByText('Đã giải thể tổ đảng, chi bộ tạm thời.').waitFor();
  g = (await api(server.url, 'GET', `/api/v1/delegations/${d.body.id}`)).body.group;
  assert.equal(g.dissolved_on, vnDate().iso);
  await checkPage(o, 'delegation-dissolved');
  for (const b of open) assert.deepEqual(b.problems, []);
});
