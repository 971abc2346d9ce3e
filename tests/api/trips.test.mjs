// trips.test.mjs -- trips abroad through the API (docs/api.md "Trips"):
// the whole path as the member, the cell secretary and the committee
// officer (draft, attachments, submission, opinion, decision, departure,
// return, report, review, acknowledgement), the refused approval of a
// member under a disciplinary review, and every refusal on the way with
// its status and code, each proved to leave the database unchanged.
// Attachments are judged by their bytes, not their names, and come back
// byte for byte with their headers. Scope: the secretary of another cell
// gets 404, as if the trip did not exist.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { API, assertError, createMember, createTree, rawHttp, refused, setup } from './helpers.mjs';

let ctx;
let t;
const m = {}; // members
const u = {}; // signed-in accounts

// Vietnam dates, as the server counts them.
const vnDay = (offset = 0) => new Date(Date.now() + 7 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
const TODAY = vnDay();

// A PNG's signature and a minimal IHDR chunk: enough for a sniffer.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 0xff, 0xd9]);

before(async () => {
  ctx = await setup();
  t = await createTree(ctx);
  m.an = await createMember(ctx, t.bd1.id, 'Đặng Văn An');
  m.binh = await createMember(ctx, t.bd1.id, 'Lê Thị Bình', { sex: 'F', birth_date: '1990-02-11' });
  m.chi = await createMember(ctx, t.bd2.id, 'Phạm Văn Chí');
  u.member = await ctx.s.user({ role: 'member', unit: 'HN-BD-01', member: m.an.id, login: 'an.dang' });
  u.binh = await ctx.s.user({ role: 'member', unit: 'HN-BD-01', member: m.binh.id, login: 'binh.le' });
  u.secretary = await ctx.s.user({ role: 'secretary', unit: 'HN-BD-01', login: 'bithu.bd01' });
  u.secretary2 = await ctx.s.user({ role: 'secretary', unit: 'HN-BD-02', login: 'bithu.bd02' });
  u.officer = await ctx.s.user({ role: 'officer', unit: 'HN-BD', login: 'canbo.bd' });
  u.officerHk = await ctx.s.user({ role: 'officer', unit: 'HN-HK', login: 'canbo.hk' });
  u.auditor = await ctx.s.user({ role: 'auditor', unit: 'HN-BD', login: 'kiemtra.bd' });
});
after(async () => { await ctx?.s.stop(); });

// Requests as a given account.
const as = (who) => ({
  get: (path) => ctx.req('GET', path, { session: who }),
  post: (path, body, opts = {}) => ctx.req('POST', path, { ...opts, session: who, body }),
  patch: (path, body, opts = {}) => ctx.req('PATCH', path, { ...opts, session: who, body }),
  del: (path, opts = {}) => ctx.req('DELETE', path, { ...opts, session: who }),
});
// A step of trip `trip` (its version as If-Match) as `who`.
const step = (who, trip, action, body = {}) =>
  as(who).post(`/trips/${trip.id}/actions/${action}`, body, { ifMatch: `"${trip.version}"` });

// Upload bytes as an attachment; answers {status, body}.
async function upload(who, tripId, bytes, { kind = 'relatives_commitment', name = 'file.pdf', type = 'application/pdf' } = {}) {
  const qs = new URLSearchParams({ kind, name });
  return ctx.req('POST', `/trips/${tripId}/attachments?${qs}`, { session: who, raw: bytes, headers: { 'content-type': type } });
}

// A download as raw bytes with its headers.
async function download(who, tripId, aid) {
  const res = await fetch(`${ctx.s.url}${API}/trips/${tripId}/attachments/${aid}`, { headers: { cookie: who.cookie } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

const relativesTrip = (over = {}) => ({
  purpose: 'relatives', countries: ['JP', 'KR'], planned_departure: vnDay(20),
  planned_return: vnDay(40), payer: 'self', ...over,
});

describe('the whole path of a trip', () => {
  let trip; // the member's trip, as last answered
  let att;  // its commitment

  test('the member files a draft: 201, what it lacks, what may be done next', async () => {
    const r = await as(u.member).post('/trips', relativesTrip());
    assert.equal(r.status, 201, JSON.stringify(r.body));
    trip = r.body;
    assert.match(r.headers.get('location') || '', new RegExp(`/api/v1/trips/${trip.id}$`));
    assert.equal(r.headers.get('etag'), `"${trip.version}"`);
    assert.equal(trip.state, 'draft');
    assert.deepEqual(trip.member, { id: m.an.id, full_name: 'Đặng Văn An' });
    assert.deepEqual(trip.unit, { id: t.bd1.id, code: 'HN-BD-01', name: 'Chi bộ khu phố 1' });
    assert.deepEqual(trip.countries, ['JP', 'KR']);
    assert.equal(trip.purpose, 'relatives');
    assert.equal(trip.payer, 'self');
    assert.equal(trip.delegation, null);
    assert.equal(trip.waiting_for, 'member');
    assert.ok(trip.allowed_actions.includes('submit'), JSON.stringify(trip.allowed_actions));
    assert.ok(trip.allowed_actions.includes('withdraw'));
    const doc = trip.missing.find((e) => e.code === 'trip_document_missing');
    assert.ok(doc, JSON.stringify(trip.missing));
    assert.equal(doc.field, 'attachments');
    assert.equal(doc.arg, 'relatives_commitment');
    assert.equal(typeof doc.message, 'string');
    assert.deepEqual(trip.attachments, []);
    assert.equal(trip.events[0].action, 'create');
  });

  test('submitting without the commitment is 422 trip_incomplete naming it, and changes nothing', async () => {
    const r = await refused(ctx, () => step(u.member, trip, 'submit'), 422, 'trip_incomplete');
    assert.ok(r.body.errors.some((e) => e.code === 'trip_document_missing' && e.arg === 'relatives_commitment'),
      JSON.stringify(r.body));
  });

  test('a step without If-Match is 428; with a stale version 409 version_stale', async () => {
    await refused(ctx, () => as(u.member).post(`/trips/${trip.id}/actions/submit`, {}), 428, 'precondition_required');
    await refused(ctx, () => as(u.member).post(`/trips/${trip.id}/actions/withdraw`, {}, { ifMatch: '"99"' }), 409, 'version_stale');
    await refused(ctx, () => as(u.member).patch(`/trips/${trip.id}`, { payer_note: 'x' }), 428, 'precondition_required');
  });

  test('an unknown action is 404; an action of another party 403 trip_party_forbidden', async () => {
    await refused(ctx, () => step(u.member, trip, 'fly'), 404, 'trip_action_unknown');
    await refused(ctx, () => step(u.member, trip, 'SUBMIT'), 404, 'trip_action_unknown');
    await refused(ctx, () => step(u.officer, trip, 'withdraw', { comment: 'không' }), 403, 'trip_party_forbidden');
  });

  test('an action the state does not allow is 409 with the allowed actions beside the error', async () => {
    const r = await refused(ctx, () => step(u.member, trip, 'depart'), 409, 'trip_action_not_allowed');
    assert.deepEqual([...r.body.allowed_actions].sort(), ['submit', 'withdraw']);
    assert.deepEqual(r.body.error.arg.split(',').sort(), ['submit', 'withdraw']);
  });

  test('a text file named .pdf is refused 422 attachment_type; empty 422; a wrong Content-Type 415', async () => {
    await refused(ctx, () => upload(u.member, trip.id, Buffer.from('Tôi cam kết...\n')), 422, 'attachment_type');
    await refused(ctx, () => upload(u.member, trip.id, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), { name: 'a.png', type: 'image/png' }), 422, 'attachment_type');
    await refused(ctx, () => upload(u.member, trip.id, Buffer.alloc(0)), 422, 'attachment_empty');
    await refused(ctx, () => upload(u.member, trip.id, PDF, { type: 'text/plain' }), 415, 'unsupported_media_type');
    await refused(ctx, () => upload(u.member, trip.id, PDF, { type: 'text/html' }), 415, 'unsupported_media_type');
  });

  test('a file over 8 MiB is 413 before it is read, and changes nothing', async () => {
    // Headers alone: the server refuses on Content-Length, so the test
    // never races the server closing while a client still writes.
    const before = ctx.s.dump();
    const r = await rawHttp(ctx.s.url, `POST ${API}/trips/${trip.id}/attachments?kind=other&name=big.pdf HTTP/1.1\r\nHost: x\r\n`
      + `Cookie: ${u.member.cookie}\r\nX-CSRF-Token: ${u.member.csrf}\r\nContent-Type: application/pdf\r\n`
      + `Content-Length: ${8 * 1024 * 1024 + 1}\r\nConnection: close\r\n\r\n`);
    assert.equal(r.status, 413, r.head);
    assert.equal(JSON.parse(r.body).error.code, 'body_too_large');
    assert.equal(ctx.s.dump(), before);
  });

  test('a .pdf name with PNG bytes is stored as PNG, with its SHA-256', async () => {
    const r = await upload(u.member, trip.id, PNG, { name: 'cam-ket.pdf' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    att = r.body;
    assert.equal(att.media_type, 'image/png');
    assert.equal(att.kind, 'relatives_commitment');
    assert.equal(att.size, PNG.length);
    assert.equal(att.sha256, createHash('sha256').update(PNG).digest('hex'));
    assert.equal(att.created_by, 'an.dang');
    const j = await upload(u.secretary, trip.id, JPEG, { kind: 'invitation', name: 'thư mời.jpg', type: 'application/octet-stream' });
    assert.equal(j.status, 201, JSON.stringify(j.body));
    assert.equal(j.body.media_type, 'image/jpeg');
    assert.equal(j.body.file_name, 'thư mời.jpg');
  });

  test('the download answers the identical bytes, the stored type, attachment and nosniff', async () => {
    const d = await download(u.member, trip.id, att.id);
    assert.equal(d.status, 200);
    assert.ok(d.bytes.equals(PNG), 'the bytes differ');
    assert.equal(d.headers.get('content-type'), 'image/png');
    assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(d.headers.get('content-disposition'), 'attachment; filename="cam-ket.pdf"');
    const list = (await as(u.member).get(`/trips/${trip.id}`)).body.attachments;
    const jpg = list.find((a) => a.media_type === 'image/jpeg');
    const dj = await download(u.officer, trip.id, jpg.id);
    assert.ok(dj.bytes.equals(JPEG));
    assert.equal(dj.headers.get('content-disposition'),
      `attachment; filename="th_ m_i.jpg"; filename*=UTF-8''${encodeURIComponent('thư mời.jpg')}`);
    const none = await download(u.member, trip.id, 999999);
    assert.equal(none.status, 404);
  });

  test('the secretary of another cell, and an officer of another subtree, get 404', async () => {
    for (const who of [u.secretary2, u.officerHk]) {
      const g = await as(who).get(`/trips/${trip.id}`);
      assertError(g, 404);
      assert.equal((await download(who, trip.id, att.id)).status, 404);
      await refused(ctx, () => step(who, trip, 'submit'), 404);
    }
    await refused(ctx, () => upload(u.secretary2, trip.id, PDF), 404);
    await refused(ctx, () => as(u.secretary2).del(`/trips/${trip.id}/attachments/${att.id}`), 404);
    // Officers act as the committee: files are the member party's.
    await refused(ctx, () => upload(u.officer, trip.id, PDF), 403, 'forbidden');
    const list = await as(u.secretary2).get('/trips');
    assert.equal(list.status, 200);
    assert.ok(!list.body.items.some((x) => x.id === trip.id));
  });

  test('another member sees neither the trip nor its files', async () => {
    assertError(await as(u.binh).get(`/trips/${trip.id}`), 404);
    assert.equal((await download(u.binh, trip.id, att.id)).status, 404);
    const list = await as(u.binh).get('/trips');
    assert.deepEqual(list.body.items.filter((x) => x.id === trip.id), []);
  });

  test('the member edits the draft with If-Match; the version moves', async () => {
    trip = (await as(u.member).get(`/trips/${trip.id}`)).body;
    const r = await as(u.member).patch(`/trips/${trip.id}`, { countries: ['JP'] }, { ifMatch: `"${trip.version}"` });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.countries, ['JP']);
    assert.equal(r.body.version, trip.version + 1);
    assert.deepEqual(r.body.missing, []);
    trip = r.body;
    await refused(ctx, () => as(u.member).patch(`/trips/${trip.id}`, { countries: ['VN'] }, { ifMatch: `"${trip.version}"` }), 422, 'trip_country_home', 'countries');
    await refused(ctx, () => as(u.member).patch(`/trips/${trip.id}`, { countries: 'JP' }, { ifMatch: `"${trip.version}"` }), 400, 'json_type', 'countries');
    await refused(ctx, () => as(u.member).patch(`/trips/${trip.id}`, { member_id: m.binh.id }, { ifMatch: `"${trip.version}"` }), 400, 'json_unknown_field', 'member_id');
  });

  test('the member submits; the draft can no longer be edited nor its files removed', async () => {
    const r = await step(u.member, trip, 'submit');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    trip = r.body;
    assert.equal(trip.state, 'submitted');
    assert.equal(trip.submitted_on, TODAY);
    assert.equal(trip.waiting_for, 'cell');
    assert.deepEqual(trip.allowed_actions, ['withdraw']);
    const last = trip.events.at(-1);
    assert.deepEqual([last.action, last.from_state, last.to_state, last.actor], ['submit', 'draft', 'submitted', 'an.dang']);
    await refused(ctx, () => as(u.member).patch(`/trips/${trip.id}`, { payer: 'host' }, { ifMatch: `"${trip.version}"` }), 409, 'trip_not_editable');
    await refused(ctx, () => as(u.member).del(`/trips/${trip.id}/attachments/${att.id}`), 409, 'trip_not_editable');
  });

  test('the secretary finds it in the inbox and gives the cell\'s opinion', async () => {
    const inbox = await as(u.secretary).get('/trips/inbox');
    assert.equal(inbox.status, 200);
    assert.ok(inbox.body.items.some((x) => x.id === trip.id && x.waiting_for === 'cell'));
    await refused(ctx, () => step(u.secretary, trip, 'opinion', { outcome: 'disagree' }), 422, undefined);
    await refused(ctx, () => step(u.secretary, trip, 'opinion', { outcome: 'maybe' }), 422);
    const r = await step(u.secretary, trip, 'opinion', { outcome: 'agree', comment: 'Chi bộ nhất trí.' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    trip = r.body;
    assert.equal(trip.state, 'cell_reviewed');
    assert.equal(trip.cell_opinion, 'agree');
    assert.equal(trip.cell_comment, 'Chi bộ nhất trí.');
  });

  test('the officer approves; the auditor may read but not act', async () => {
    await refused(ctx, () => step(u.auditor, trip, 'decide', { outcome: 'approved' }), 403, 'forbidden');
    const inbox = await as(u.officer).get('/trips/inbox');
    assert.ok(inbox.body.items.some((x) => x.id === trip.id));
    const r = await step(u.officer, trip, 'decide', { outcome: 'approved' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    trip = r.body;
    assert.equal(trip.state, 'approved');
    assert.equal(trip.decision, 'approved');
    assert.equal(trip.decided_on, TODAY);
    assert.equal((await as(u.auditor).get(`/trips/${trip.id}`)).status, 200);
  });

  test('the member leaves and comes back; a departure in the future is refused', async () => {
    await refused(ctx, () => step(u.member, trip, 'depart', { date: vnDay(3) }), 422, 'date_future', 'date');
    await refused(ctx, () => step(u.member, trip, 'depart', { date: '2026-02-30' }), 422, 'date_invalid', 'date');
    let r = await step(u.member, trip, 'depart', { date: TODAY });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    trip = r.body;
    assert.equal(trip.state, 'departed');
    assert.equal(trip.actual_departure, TODAY);
    assert.deepEqual([...trip.allowed_actions].sort(), ['request_extension', 'return']);
    r = await step(u.member, trip, 'return', {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
    trip = r.body;
    assert.equal(trip.state, 'returned');
    assert.equal(trip.actual_return, TODAY);
    assert.match(trip.deadlines.report_due, /^\d{4}-\d\d-\d\d$/);
    assert.ok(trip.deadlines.report_due > TODAY);
    assert.equal(trip.deadlines.next_deadline, trip.deadlines.report_due);
  });

  test('the report, its review by the cell, the acknowledgement: closed, every step in the timeline', async () => {
    await refused(ctx, () => step(u.member, trip, 'submit_report', {}), 422, undefined);
    let r = await step(u.member, trip, 'submit_report', { text: 'Chuyến thăm thân nhân tại Nhật Bản diễn ra tốt đẹp.' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    trip = r.body;
    assert.equal(trip.state, 'report_submitted');
    assert.equal(trip.report_submitted_on, TODAY);
    r = await step(u.secretary, trip, 'review_report', { outcome: 'agree' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    trip = r.body;
    assert.equal(trip.state, 'report_reviewed');
    r = await step(u.officer, trip, 'acknowledge', { comment: 'Đã nhận.' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    trip = r.body;
    assert.equal(trip.state, 'closed');
    assert.equal(trip.waiting_for, 'none');
    assert.deepEqual(trip.allowed_actions, []);
    assert.deepEqual(trip.events.map((e) => e.action),
      ['create', 'attach', 'attach', 'edit', 'submit', 'opinion', 'decide', 'depart', 'return', 'submit_report', 'review_report', 'acknowledge'].filter((a) => trip.events.some((e) => e.action === a)));
    for (const a of ['submit', 'opinion', 'decide', 'depart', 'return', 'submit_report', 'review_report', 'acknowledge']) {
      assert.ok(trip.events.some((e) => e.action === a), `no ${a} in the timeline`);
    }
    const fin = await refused(ctx, () => step(u.member, trip, 'withdraw'), 409, 'trip_action_not_allowed');
    assert.deepEqual(fin.body.allowed_actions, []);
  });

  test('every step is in the audit trail', async () => {
    const r = await ctx.get(`/audit?record_type=trip&record_id=${trip.id}&limit=100`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const actions = new Set(r.body.items.map((e) => e.action));
    for (const a of ['trip.create', 'trip.attach', 'trip.submit', 'trip.opinion', 'trip.decide', 'trip.depart', 'trip.return', 'trip.submit_report', 'trip.review_report', 'trip.acknowledge']) {
      assert.ok(actions.has(a), `${a} not audited: ${[...actions]}`);
    }
  });
});

describe('a member under a disciplinary review', () => {
  test('the approval is refused 409 trip_member_under_review and changes nothing; a refusal with that reason is taken', async () => {
    // The secretary files for Bình, on her behalf.
    let r = await as(u.secretary).post('/trips', { ...relativesTrip({ purpose: 'tourism', countries: ['TH'] }), member_id: m.binh.id });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    let trip = r.body;
    assert.deepEqual(trip.member, { id: m.binh.id, full_name: 'Lê Thị Bình' });
    r = await step(u.secretary, trip, 'submit');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    r = await step(u.secretary, r.body, 'opinion', { outcome: 'agree' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    trip = r.body;
    const open = await as(u.officer).post(`/members/${m.binh.id}/reviews`, { opened_on: TODAY });
    assert.equal(open.status, 201, JSON.stringify(open.body));
    trip = (await as(u.officer).get(`/trips/${trip.id}`)).body;
    assert.equal(trip.under_review, true);
    await refused(ctx, () => step(u.officer, trip, 'decide', { outcome: 'approved' }), 409, 'trip_member_under_review');
    await refused(ctx, () => step(u.officer, trip, 'decide', { outcome: 'refused' }), 422);
    r = await step(u.officer, trip, 'decide', { outcome: 'refused', comment: 'Đảng viên đang trong thời gian xem xét kỷ luật.' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.state, 'refused');
    assert.equal(r.body.decision, 'refused');
    assert.equal(r.body.waiting_for, 'none');
  });
});

describe('extensions, cancellation and the draft\'s files', () => {
  // A trip of Bình's taken to approved by the three parties.
  async function approvedTrip(over = {}) {
    let r = await as(u.binh).post('/trips', relativesTrip({ purpose: 'tourism', countries: ['FR'], ...over }));
    assert.equal(r.status, 201, JSON.stringify(r.body));
    for (const [who, action, body] of [[u.binh, 'submit', {}], [u.secretary, 'opinion', { outcome: 'agree' }], [u.officer, 'decide', { outcome: 'approved' }]]) {
      r = await step(who, r.body, action, body);
      if (r.status === 409 && r.body.error.code === 'trip_member_under_review') return null;
      assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
    }
    return r.body;
  }

  test('an approved trip is cancelled with a reason, not without', async () => {
    // Bình's review (opened above) is closed first, so approval is possible.
    const reviews = (await as(u.officer).get(`/members/${m.binh.id}/reviews`)).body.items;
    for (const rv of reviews.filter((x) => !x.closed_on)) {
      const c = await as(u.officer).post(`/members/${m.binh.id}/reviews/${rv.id}/close`, { closed_on: TODAY }, { ifMatch: `"${rv.version}"` });
      assert.equal(c.status, 200, JSON.stringify(c.body));
    }
    const trip = await approvedTrip();
    assert.ok(trip, 'approval refused');
    await refused(ctx, () => step(u.binh, trip, 'cancel', {}), 422, undefined, 'comment');
    const r = await step(u.binh, trip, 'cancel', { comment: 'Gia đình có việc.' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.state, 'cancelled');
  });

  test('abroad, an extension is requested and approved: the planned return moves', async () => {
    let trip = await approvedTrip();
    let r = await step(u.binh, trip, 'depart', {});
    assert.equal(r.status, 200, JSON.stringify(r.body));
    trip = r.body;
    await refused(ctx, () => step(u.binh, trip, 'request_extension', { date: trip.planned_return, comment: 'Ốm' }), 422, 'trip_extension_not_later', 'date');
    const later = vnDay(50);
    r = await step(u.binh, trip, 'request_extension', { date: later, comment: 'Điều trị thêm.' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    trip = r.body;
    assert.equal(trip.state, 'extension_requested');
    assert.equal(trip.requested_return, later);
    assert.equal(trip.waiting_for, 'committee');
    await refused(ctx, () => step(u.secretary, trip, 'decide_extension', { outcome: 'approved' }), 403, 'trip_party_forbidden');
    r = await step(u.officer, trip, 'decide_extension', { outcome: 'approved' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.state, 'departed');
    assert.equal(r.body.extended_return, later);
    assert.equal(r.body.deadlines.next_deadline, later);
  });

  test('a draft\'s file is removed (204) and gone; the answer is in English when asked', async () => {
    const r = await as(u.member).post('/trips', relativesTrip());
    const a = await upload(u.member, r.body.id, PDF, { name: 'cam-ket.pdf' });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    assert.equal(a.body.media_type, 'application/pdf');
    const d = await as(u.member).del(`/trips/${r.body.id}/attachments/${a.body.id}`);
    assert.equal(d.status, 204);
    assert.equal((await download(u.member, r.body.id, a.body.id)).status, 404);
    const again = await as(u.member).del(`/trips/${r.body.id}/attachments/${a.body.id}`);
    assertError(again, 404, 'attachment_not_found');
    const trip = (await as(u.member).get(`/trips/${r.body.id}`)).body;
    assert.deepEqual(trip.attachments, []);
    const en = await ctx.req('POST', `/trips/${trip.id}/actions/submit`, { session: u.member, body: {}, ifMatch: `"${trip.version}"`, lang: 'en' });
    assertError(en, 422, 'trip_incomplete');
    assert.match(en.body.error.message, /[a-z]/);
    assert.doesNotMatch(en.body.error.message, /[ăâđêôơư]/i);
  });
});

describe('filing rules', () => {
  test('a member files only for themselves; staff must name the member; admins and auditors do not file', async () => {
    await refused(ctx, () => as(u.member).post('/trips', { ...relativesTrip(), member_id: m.binh.id }), 404, 'member_not_found');
    await refused(ctx, () => as(u.secretary).post('/trips', relativesTrip()), 422, 'required', 'member_id');
    await refused(ctx, () => as(u.secretary2).post('/trips', { ...relativesTrip(), member_id: m.an.id }), 404);
    await refused(ctx, () => as(u.auditor).post('/trips', { ...relativesTrip(), member_id: m.an.id }), 403, 'forbidden');
    await refused(ctx, () => ctx.post('/trips', { ...relativesTrip(), member_id: m.an.id }), 403, 'forbidden');
  });

  test('bad bodies are refused with the field named, and nothing is filed', async () => {
    await refused(ctx, () => as(u.member).post('/trips', { countries: ['JP'] }), 422, 'required', 'purpose');
    await refused(ctx, () => as(u.member).post('/trips', { purpose: 'holiday' }), 422, 'trip_purpose_invalid', 'purpose');
    await refused(ctx, () => as(u.member).post('/trips', relativesTrip({ countries: ['JP', 'JP'] })), 422, 'trip_country_repeated', 'countries');
    await refused(ctx, () => as(u.member).post('/trips', relativesTrip({ countries: ['XX'] })), 422, 'country_invalid', 'countries');
    await refused(ctx, () => as(u.member).post('/trips', relativesTrip({ planned_return: vnDay(10) })), 422, 'trip_dates_order');
    await refused(ctx, () => as(u.member).post('/trips', relativesTrip({ countries: [1] })), 400, 'json_type', 'countries');
    await refused(ctx, () => as(u.member).post('/trips', relativesTrip({ delegation_id: 0 })), 400, 'json_id_invalid', 'delegation_id');
    await refused(ctx, () => as(u.member).post('/trips', { purpose: 'tourism', colour: 'red' }), 400, 'json_unknown_field', 'colour');
    await refused(ctx, () => as(u.member).post('/trips', null), 400, 'json_not_object');
  });

  test('lists filter by state and purpose; bad filters are refused', async () => {
    const r = await as(u.officer).get('/trips?state=closed');
    assert.equal(r.status, 200);
    assert.ok(r.body.items.length >= 1);
    assert.ok(r.body.items.every((x) => x.state === 'closed'));
    assert.ok(r.body.items.every((x) => !('events' in x) && !('attachments' in x)));
    const p = await as(u.officer).get('/trips?purpose=tourism');
    assert.ok(p.body.items.every((x) => x.purpose === 'tourism'));
    assertError(await as(u.officer).get('/trips?state=flying'), 422, 'trip_state_invalid');
    assertError(await as(u.officer).get('/trips?limit=0'), 400, 'query_value');
    const mine = await as(u.member).get('/trips');
    assert.ok(mine.body.items.length >= 1);
    assert.ok(mine.body.items.every((x) => x.member.id === m.an.id));
  });

  test('a draft with only its purpose is filed, listed and in the inbox, its blanks null', async () => {
    const r = await as(u.member).post('/trips', { purpose: 'study' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.payer, null);
    assert.equal(r.body.planned_departure, null);
    assert.deepEqual(r.body.countries, []);
    assert.ok(r.body.missing.some((e) => e.code === 'required' && e.field === 'payer'), JSON.stringify(r.body.missing));
    const list = await as(u.member).get('/trips');
    assert.equal(list.status, 200, JSON.stringify(list.body));
    assert.ok(list.body.items.some((x) => x.id === r.body.id && x.payer === null));
    const inbox = await as(u.member).get('/trips/inbox');
    assert.equal(inbox.status, 200, JSON.stringify(inbox.body));
    assert.ok(inbox.body.items.some((x) => x.id === r.body.id));
  });

  test('withdrawing a draft with a comment; then it is final', async () => {
    let r = await as(u.member).post('/trips', relativesTrip({ purpose: 'medical', countries: ['SG'] }));
    assert.equal(r.status, 201);
    r = await step(u.member, r.body, 'withdraw', { comment: 'Không đi nữa.' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.state, 'withdrawn');
    assert.deepEqual(r.body.allowed_actions, []);
  });
});
