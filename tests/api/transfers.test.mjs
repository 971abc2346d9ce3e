// transfers.test.mjs -- transfers of party activity through the API
// (docs/api.md "Transfers"): the whole path of a temporary transfer abroad
// (issued by the committee officer at home, received by the secretary of a
// cell abroad whose scope does not hold the member, ended on return), an
// official transfer moving the member's official unit on the day it is
// received, two officers issuing for one member at the same moment (one
// 201, one 409, one transfer in the database), and every refusal with its
// status and code, each proved to leave the database unchanged. Scope:
// another subtree gets 404, as if the transfer did not exist.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { assertError, createMember, createTree, refused, setup } from './helpers.mjs';

let ctx;
let t;
const m = {}; // members
const u = {}; // signed-in accounts

const vnDay = (offset = 0) => new Date(Date.now() + 7 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);
const TODAY = vnDay();

before(async () => {
  ctx = await setup();
  t = await createTree(ctx);
  m.an = await createMember(ctx, t.bd1.id, 'Đặng Văn An');
  m.binh = await createMember(ctx, t.bd1.id, 'Lê Thị Bình', { sex: 'F', birth_date: '1990-02-11' });
  m.chi = await createMember(ctx, t.bd2.id, 'Phạm Văn Chí');
  m.dung = await createMember(ctx, t.hk1.id, 'Hoàng Văn Dũng');
  u.officer = await ctx.s.user({ role: 'officer', unit: 'HN-BD', login: 'canbo.bd' });
  u.officer2 = await ctx.s.user({ role: 'officer', unit: 'HN-BD', login: 'canbo2.bd' });
  u.officerHk = await ctx.s.user({ role: 'officer', unit: 'HN-HK', login: 'canbo.hk' });
  u.secretary = await ctx.s.user({ role: 'secretary', unit: 'HN-BD-01', login: 'bithu.bd01' });
  u.secretaryDe = await ctx.s.user({ role: 'secretary', unit: 'NN-DE-01', login: 'bithu.de01' });
  u.auditor = await ctx.s.user({ role: 'auditor', unit: 'HN-BD', login: 'kiemtra.bd' });
  u.member = await ctx.s.user({ role: 'member', unit: 'HN-BD-01', member: m.an.id, login: 'an.dang' });
});
after(async () => { await ctx?.s.stop(); });

const as = (who) => ({
  get: (path) => ctx.req('GET', path, { session: who }),
  post: (path, body, opts = {}) => ctx.req('POST', path, { ...opts, session: who, body }),
});
// A step of transfer `x` (its version as If-Match) as `who`.
const step = (who, x, action, body = {}) =>
  as(who).post(`/transfers/${x.id}/actions/${action}`, body, { ifMatch: `"${x.version}"` });

// Rows of the server's database (read-only), for what the API does not show.
function sql(query) {
  const r = spawnSync('sqlite3', ['-readonly', ctx.s.db, query], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

describe('a temporary transfer abroad, there and back', () => {
  let x; // the transfer, as last answered

  test('the officer issues it: 201 with a numbered letter, in transit, the sender may cancel', async () => {
    const r = await as(u.officer).post('/transfers', { member_id: m.an.id, kind: 'temporary', to_unit_code: 'NN-DE-01', note: 'Học thạc sĩ' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    x = r.body;
    assert.match(r.headers.get('location') || '', new RegExp(`/api/v1/transfers/${x.id}$`));
    assert.equal(r.headers.get('etag'), `"${x.version}"`);
    assert.equal(x.state, 'issued');
    assert.equal(x.kind, 'temporary');
    assert.deepEqual(x.member, { id: m.an.id, full_name: 'Đặng Văn An' });
    assert.deepEqual(x.from_unit, { id: t.bd1.id, code: 'HN-BD-01', name: 'Chi bộ khu phố 1' });
    assert.deepEqual(x.to_unit, { id: t.de1.id, code: 'NN-DE-01', name: 'Chi bộ lưu học sinh Berlin', country: 'DE' });
    assert.match(x.letter_number, new RegExp(`^1/${TODAY.slice(0, 4)}/GGT$`));
    assert.equal(x.issued_on, TODAY);
    assert.equal(x.received_on, null);
    assert.equal(x.back, false);
    assert.equal(x.trip_id, null);
    assert.equal(x.note, 'Học thạc sĩ');
    assert.equal(x.issued_by, 'canbo.bd');
    assert.match(x.receive_due, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(x.receive_due > TODAY, x.receive_due);
    assert.equal(x.overdue, false);
    assert.deepEqual(x.allowed_actions, ['cancel']);
  });

  test('the receiving secretary sees it addressed to the cell, may receive or return it, but not open the member', async () => {
    const one = await as(u.secretaryDe).get(`/transfers/${x.id}`);
    assert.equal(one.status, 200, JSON.stringify(one.body));
    assert.equal(one.headers.get('etag'), `"${x.version}"`);
    assert.deepEqual(one.body.allowed_actions, ['receive', 'return']);
    assert.equal(one.body.member.full_name, 'Đặng Văn An');
    const incoming = await as(u.secretaryDe).get('/transfers?direction=incoming');
    assert.deepEqual(incoming.body.items.map((i) => i.id), [x.id]);
    const outgoing = await as(u.secretaryDe).get('/transfers?direction=outgoing');
    assert.deepEqual(outgoing.body.items, []);
    assert.equal((await as(u.secretaryDe).get(`/members/${m.an.id}`)).status, 404);
    const sent = await as(u.officer).get('/transfers?direction=outgoing&state=open');
    assert.deepEqual(sent.body.items.map((i) => i.id), [x.id]);
    const byMember = await as(u.officer).get(`/transfers?member=${m.an.id}`);
    assert.deepEqual(byMember.body.items.map((i) => i.id), [x.id]);
  });

  test('another subtree gets 404, as if the transfer did not exist', async () => {
    const none = await as(u.officerHk).get('/transfers/99999999');
    const other = await as(u.officerHk).get(`/transfers/${x.id}`);
    assert.equal(other.status, 404);
    assert.deepEqual(other.body, none.body);
    assert.deepEqual((await as(u.officerHk).get('/transfers')).body.items, []);
    await refused(ctx, () => step(u.officerHk, x, 'cancel', { comment: 'không' }), 404, 'transfer_not_found');
  });

  test('a second transfer of the member while one is open: 409 transfer_already_open', async () => {
    await refused(ctx, () => as(u.officer).post('/transfers', { member_id: m.an.id, kind: 'official', to_unit_id: t.hk1.id }),
      409, 'transfer_already_open');
  });

  test('steps without If-Match, stale, unknown, or of the wrong side are refused and change nothing', async () => {
    await refused(ctx, () => as(u.secretaryDe).post(`/transfers/${x.id}/actions/receive`, {}), 428, 'precondition_required');
    await refused(ctx, () => as(u.secretaryDe).post(`/transfers/${x.id}/actions/receive`, {}, { ifMatch: '"99"' }), 409, 'version_stale');
    await refused(ctx, () => step(u.secretaryDe, x, 'accept'), 404, 'transfer_action_unknown');
    // The sender may not receive, the receiver may not cancel, a secretary
    // of the sending cell may not cancel.
    await refused(ctx, () => step(u.officer, x, 'receive'), 403, 'forbidden');
    await refused(ctx, () => step(u.secretaryDe, x, 'cancel', { comment: 'nhầm' }), 403, 'forbidden');
    await refused(ctx, () => step(u.secretary, x, 'cancel', { comment: 'nhầm' }), 403, 'forbidden');
    // A temporary transfer in transit cannot end yet; the allowed steps are listed.
    const r = await refused(ctx, () => step(u.officer, x, 'end'), 409, 'transfer_action_not_allowed');
    assert.deepEqual(r.body.allowed_actions, ['receive', 'return', 'cancel']);
    // Auditors and members are not among the route's roles.
    await refused(ctx, () => step(u.auditor, x, 'cancel', { comment: 'x' }), 403, 'forbidden');
    await refused(ctx, () => step(u.member, x, 'receive'), 403, 'forbidden');
  });

  test('a step\'s date and comment are checked: future, before the issue, comment required', async () => {
    await refused(ctx, () => step(u.secretaryDe, x, 'receive', { date: vnDay(1) }), 422, 'date_future', 'date');
    const e = assertError(await refused(ctx, () => step(u.secretaryDe, x, 'receive', { date: vnDay(-1) })),
      422, 'transfer_date_before_step', 'date');
    assert.equal(e.arg, TODAY);
    await refused(ctx, () => step(u.secretaryDe, x, 'receive', { date: '2026-02-30' }), 422, 'date_invalid');
    await refused(ctx, () => step(u.secretaryDe, x, 'return'), 422, 'required', 'comment');
    await refused(ctx, () => step(u.officer, x, 'cancel', { comment: '' }), 422, 'required', 'comment');
    await refused(ctx, () => step(u.secretaryDe, x, 'receive', { on: TODAY }), 400, 'json_unknown_field');
    await refused(ctx, () => step(u.secretaryDe, x, 'receive', { date: 20261123 }), 400, 'json_type');
  });

  test('the secretary abroad receives it: a temporary period there, the official unit unchanged', async () => {
    const r = await step(u.secretaryDe, x, 'receive', { date: TODAY });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.headers.get('etag'), `"${x.version + 1}"`);
    x = r.body;
    assert.equal(x.state, 'received');
    assert.equal(x.received_on, TODAY);
    assert.equal(x.received_by, 'bithu.de01');
    assert.deepEqual(x.allowed_actions, []); // ending it is the sender's
    const periods = (await ctx.get(`/members/${m.an.id}/units`)).body.items;
    const open = periods.filter((p) => p.end_date === null);
    assert.deepEqual(open.map((p) => [p.unit_code, p.kind]).sort(), [['HN-BD-01', 'official'], ['NN-DE-01', 'temporary']]);
    const sender = await as(u.officer).get(`/transfers/${x.id}`);
    assert.deepEqual(sender.body.allowed_actions, ['end']);
  });

  test('received, it can be neither received again nor cancelled; the receiver may not end it', async () => {
    const r = await refused(ctx, () => step(u.secretaryDe, x, 'receive'), 409, 'transfer_action_not_allowed');
    assert.deepEqual(r.body.allowed_actions, ['end']);
    await refused(ctx, () => step(u.officer, x, 'cancel', { comment: 'muộn' }), 409, 'transfer_action_not_allowed');
    await refused(ctx, () => step(u.secretaryDe, x, 'end'), 403, 'forbidden');
  });

  test('the sender ends it on return: the temporary period closes, a new transfer may follow', async () => {
    const r = await step(u.officer, x, 'end', { date: TODAY });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    x = r.body;
    assert.equal(x.state, 'ended');
    assert.equal(x.ended_on, TODAY);
    const periods = (await ctx.get(`/members/${m.an.id}/units`)).body.items;
    assert.deepEqual(periods.filter((p) => p.end_date === null).map((p) => p.unit_code), ['HN-BD-01']);
    const audit = await ctx.get(`/audit?record_type=transfer&record_id=${x.id}`);
    assert.equal(audit.status, 200, JSON.stringify(audit.body));
    assert.deepEqual(audit.body.items.map((a) => a.action).sort(), ['transfer.end', 'transfer.issue', 'transfer.receive']);
  });
});

describe('an official transfer', () => {
  test('received, the member\'s official unit becomes the receiving one, leaving the sender\'s subtree', async () => {
    const r = await as(u.officer).post('/transfers', { member_id: m.chi.id, kind: 'official', to_unit_id: t.de1.id });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const got = await step(u.secretaryDe, r.body, 'receive');
    assert.equal(got.status, 200, JSON.stringify(got.body));
    const member = await ctx.get(`/members/${m.chi.id}`);
    assert.equal(member.body.unit.id, t.de1.id);
    const open = (await ctx.get(`/members/${m.chi.id}/units`)).body.items.filter((p) => p.end_date === null);
    assert.deepEqual(open.map((p) => [p.unit_code, p.kind]), [['NN-DE-01', 'official']]);
    // The sender still sees the transfer it sent, though no longer the member.
    assert.equal((await as(u.officer).get(`/transfers/${r.body.id}`)).status, 200);
    assert.equal((await as(u.officer).get(`/members/${m.chi.id}`)).status, 404);
    // An official transfer does not end: only a temporary one does.
    const r2 = await refused(ctx, () => step(u.officer, got.body, 'end'), 409, 'transfer_action_not_allowed');
    assert.deepEqual(r2.body.allowed_actions, []);
  });

  test('returned by the receiving side with a reason, or cancelled by the sender', async () => {
    const a = await as(u.officer).post('/transfers', { member_id: m.binh.id, kind: 'official', to_unit_id: t.de1.id });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const back = await step(u.secretaryDe, a.body, 'return', { comment: 'Không có tên trong danh sách' });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.state, 'returned');
    assert.equal(back.body.returned_on, TODAY);
    const b = await as(u.officer).post('/transfers', { member_id: m.binh.id, kind: 'official', to_unit_id: t.de1.id });
    assert.equal(b.status, 201, JSON.stringify(b.body));
    assert.match(b.body.letter_number, /^\d+\/\d{4}\/GGT$/);
    assert.notEqual(b.body.letter_number, a.body.letter_number);
    const gone = await step(u.officer, b.body, 'cancel', { comment: 'Đổi nơi học' });
    assert.equal(gone.status, 200, JSON.stringify(gone.body));
    assert.equal(gone.body.state, 'cancelled');
    const states = (await as(u.officer).get(`/transfers?member=${m.binh.id}`)).body.items.map((i) => i.state);
    assert.deepEqual(states, ['cancelled', 'returned']); // newest first
  });
});

describe('issuing refused', () => {
  test('by roles that do not issue: secretaries, auditors, members (403 forbidden)', async () => {
    const body = { member_id: m.binh.id, kind: 'temporary', to_unit_id: t.de1.id };
    await refused(ctx, () => as(u.secretary).post('/transfers', body), 403, 'forbidden');
    await refused(ctx, () => as(u.auditor).post('/transfers', body), 403, 'forbidden');
    await refused(ctx, () => as(u.member).post('/transfers', body), 403, 'forbidden');
  });

  test('a member outside the scope is 404; a receiving unit nobody has 422 unit_not_found', async () => {
    await refused(ctx, () => as(u.officer).post('/transfers', { member_id: m.dung.id, kind: 'temporary', to_unit_id: t.de1.id }),
      404, 'member_not_found');
    await refused(ctx, () => as(u.officer).post('/transfers', { member_id: m.binh.id, kind: 'temporary', to_unit_id: 99999 }),
      422, 'unit_not_found', 'to_unit_id');
    await refused(ctx, () => as(u.officer).post('/transfers', { member_id: m.binh.id, kind: 'temporary', to_unit_code: 'KHONG-CO' }),
      422, 'unit_not_found', 'to_unit_code');
  });

  test('the rules of domain/transfer.h: same unit, kind, single needs the overseas committee, future date', async () => {
    await refused(ctx, () => as(u.officer).post('/transfers', { member_id: m.binh.id, kind: 'temporary', to_unit_id: t.bd1.id }),
      422, 'transfer_same_unit', 'to_unit_id');
    await refused(ctx, () => as(u.officer).post('/transfers', { member_id: m.binh.id, kind: 'forever', to_unit_id: t.de1.id }),
      422, 'transfer_kind_invalid', 'kind');
    await refused(ctx, () => as(u.officer).post('/transfers', { member_id: m.binh.id, kind: 'single', to_unit_id: t.hk1.id }),
      422, 'transfer_single_needs_overseas');
    await refused(ctx, () => as(u.officer).post('/transfers', { member_id: m.binh.id, kind: 'temporary', to_unit_id: t.de1.id, issued_on: vnDay(3) }),
      422, 'date_future', 'issued_on');
    const r = await refused(ctx, () => as(u.officer).post('/transfers', { member_id: m.binh.id, to_unit_id: t.de1.id }), 422, 'required');
    assert.equal(r.body.error.field, 'kind');
  });

  test('malformed bodies: unknown field, wrong type, not an object (400)', async () => {
    await refused(ctx, () => as(u.officer).post('/transfers', { member_id: m.binh.id, kind: 'temporary', to_unit_id: t.de1.id, from_unit_id: 1 }),
      400, 'json_unknown_field');
    await refused(ctx, () => as(u.officer).post('/transfers', { member_id: String(m.binh.id), kind: 'temporary' }), 400, 'json_type');
    await refused(ctx, () => as(u.officer).post('/transfers', [1]), 400, 'json_not_object');
  });

  test('list filters out of their values are refused (422)', async () => {
    await refused(ctx, () => as(u.officer).get('/transfers?direction=sideways'), 422, 'transfer_direction_invalid');
    await refused(ctx, () => as(u.officer).get('/transfers?state=lost'), 422, 'transfer_state_invalid');
    await refused(ctx, () => as(u.officer).get('/transfers?cursor=abc'), 422, 'cursor_invalid');
    await refused(ctx, () => as(u.officer).get(`/transfers?unit=${t.hk.id}`), 404, 'unit_not_found');
  });
});

describe('concurrent requests on one member', () => {
  test('exactly one 201, the other 409 transfer_already_open; one transfer in the database', async () => {
    for (let round = 0; round < 3; round++) {
      const member = await createMember(ctx, t.bd2.id, `Vũ Văn Đồng ${['Một', 'Hai', 'Ba'][round]}`);
      const body = (to) => ({ member_id: member.id, kind: 'temporary', to_unit_id: to });
      const rs = await Promise.all([
        as(u.officer).post('/transfers', body(t.de1.id)),
        as(u.officer2).post('/transfers', body(t.de.id)),
      ]);
      const statuses = rs.map((r) => r.status).sort();
      assert.deepEqual(statuses, [201, 409], JSON.stringify(rs.map((r) => r.body)));
      const lost = rs.find((r) => r.status === 409);
      assertError(lost, 409, 'transfer_already_open');
      assert.equal(sql(`SELECT count(*) FROM transfers WHERE member_id = ${member.id}`), '1');
      const listed = await as(u.officer).get(`/transfers?member=${member.id}`);
      assert.equal(listed.body.items.length, 1);
      assert.equal(sql(`SELECT count(*) FROM member_units WHERE member_id = ${member.id} AND end_date IS NULL AND kind = 'official'`), '1');
    }
  });

  test('receiving and cancelling one transfer at once: one step wins, the other is refused, one official unit', async () => {
    for (let round = 0; round < 3; round++) {
      const member = await createMember(ctx, t.bd2.id, `Vũ Thị Tranh ${['Một', 'Hai', 'Ba'][round]}`, { sex: 'F', birth_date: '1991-01-01' });
      const x = (await as(u.officer).post('/transfers', { member_id: member.id, kind: 'official', to_unit_id: t.de1.id })).body;
      const rs = await Promise.all([
        step(u.secretaryDe, x, 'receive'),
        step(u.officer, x, 'cancel', { comment: 'Rút lại' }),
      ]);
      assert.deepEqual(rs.map((r) => r.status).sort(), [200, 409], JSON.stringify(rs.map((r) => r.body)));
      assert.ok(['version_stale', 'transfer_action_not_allowed'].includes(rs.find((r) => r.status === 409).body.error.code));
      const won = rs.find((r) => r.status === 200).body;
      assert.equal(sql(`SELECT state FROM transfers WHERE id = ${x.id}`), won.state);
      assert.equal(sql(`SELECT count(*) FROM member_units WHERE member_id = ${member.id} AND end_date IS NULL AND kind = 'official'`), '1');
      const unit = sql(`SELECT unit_id FROM members WHERE id = ${member.id}`);
      assert.equal(Number(unit), won.state === 'received' ? t.de1.id : t.bd2.id);
    }
  });

  test('letters are numbered without a gap or a repeat', async () => {
    const numbers = sql("SELECT letter_number FROM transfers ORDER BY id").split('\n');
    const seq = numbers.map((n) => Number(n.split('/')[0]));
    assert.deepEqual(seq, seq.map((_, i) => i + 1));
  });
});
