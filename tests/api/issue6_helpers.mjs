// issue6_helpers.mjs -- what the API tests of issue 6 share (statistics,
// exports, printed documents): Vietnam days, acting as an account, a trip
// taken through its steps, downloads as bytes, an XLSX read back with
// Debian's python3-openpyxl (tests/api/read_xlsx.py under /usr/bin/python3,
// or $PYTHON) and a PDF's text through
// pdftotext, each spawned with child_process.execFile.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { API, ROOT } from './helpers.mjs';

const run = promisify(execFile);

// A Vietnam date `offset` days from today (the server's "today").
export const vnDay = (offset = 0) => new Date(Date.now() + 7 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10);

// Requests as account `who` (a session from ctx.s.user()).
export function as(ctx, who) {
  return {
    get: (path, opts = {}) => ctx.req('GET', path, { ...opts, session: who }),
    post: (path, body, opts = {}) => ctx.req('POST', path, { ...opts, session: who, body }),
  };
}

// File a trip for `memberId` as `sec` (a secretary of the member's cell),
// submit it, the cell's opinion, the decision by `off` (an officer above),
// then as far as `until`: 'approved', 'departed' (today) or 'returned'
// (departed and back today). Returns the trip.
export async function tripOf(ctx, sec, off, memberId, { purpose = 'tourism', countries = ['TH'], until = 'departed', days = 10, purposeDetail } = {}) {
  const step = async (who, trip, action, body = {}) => {
    const r = await as(ctx, who).post(`/trips/${trip.id}/actions/${action}`, body, { ifMatch: `"${trip.version}"` });
    assert.equal(r.status, 200, `${action}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const c = await as(ctx, sec).post('/trips', {
    member_id: memberId, purpose, countries, payer: 'self', planned_departure: vnDay(), planned_return: vnDay(days),
    ...(purposeDetail ? { purpose_detail: purposeDetail } : {}),
  });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  // The document the purpose requires before submission (a small PNG: the
  // service knows a file by its content).
  const doc = { relatives: 'relatives_commitment', study: 'sending_decision', labour: 'sending_decision' }[purpose];
  if (doc) {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const a = await ctx.req('POST', `/trips/${c.body.id}/attachments?kind=${doc}&name=scan.png`, { session: sec, raw: png, headers: { 'content-type': 'image/png' } });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    c.body.version = (await as(ctx, sec).get(`/trips/${c.body.id}`)).body.version;
  }
  let trip = await step(sec, c.body, 'submit');
  trip = await step(sec, trip, 'opinion', { outcome: 'agree' });
  trip = await step(off, trip, 'decide', { outcome: 'approved' });
  if (until === 'approved') return trip;
  trip = await step(sec, trip, 'depart', { date: vnDay() });
  if (until === 'departed') return trip;
  return step(sec, trip, 'return', { date: vnDay() });
}

// GET a download as `who`: {status, headers, bytes, json} (json when the
// answer is an error object).
export async function download(ctx, who, path, { lang } = {}) {
  const headers = { cookie: who.cookie };
  if (lang) headers['accept-language'] = lang;
  const res = await fetch(`${ctx.s.url}${API}${path}`, { headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = (res.headers.get('content-type') || '').includes('json') ? JSON.parse(bytes.toString('utf8')) : null;
  return { status: res.status, headers: res.headers, bytes, json };
}

// Run `fn(dir)` with a private temporary directory, removed after.
async function withDir(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'caunoi-issue6-'));
  try { return await fn(dir); } finally { rmSync(dir, { recursive: true, force: true }); }
}

// The workbook as tests/api/read_xlsx.py prints it.
export function readXlsx(bytes) {
  return withDir(async (dir) => {
    const f = join(dir, 'book.xlsx');
    writeFileSync(f, bytes);
    const { stdout } = await run(process.env.PYTHON || '/usr/bin/python3', [join(ROOT, 'tests/api/read_xlsx.py'), f], { maxBuffer: 64 << 20 });
    return JSON.parse(stdout);
  });
}

// The text of a PDF (pdftotext), its white space folded to single spaces
// (a long name may wrap), and its page count (pdfinfo).
export function readPdf(bytes) {
  return withDir(async (dir) => {
    const f = join(dir, 'doc.pdf');
    writeFileSync(f, bytes);
    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', f, '-']);
    const { stdout: info } = await run('pdfinfo', [f]);
    return { text: text.replace(/\s+/g, ' '), pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]) };
  });
}

// The audit entries of `action` the test administrator sees.
export async function auditCount(ctx, action) {
  const r = await ctx.get(`/audit?action=${encodeURIComponent(action)}&limit=500`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items.length;
}
