// bad_input.test.mjs -- what a careless or hostile client can send
// (docs/api.md "Conventions", DESIGN.md "Errors"): malformed and mistyped
// JSON, unknown fields, invalid UTF-8, duplicate keys, oversized bodies and
// headers, wrong media types, unknown routes and methods, path traversal,
// bad percent-encoding. Each answer is a 4xx with a clear error, the
// database is unchanged, and the server keeps serving.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { API, assertAlive, createMember, createTree, rawHttp, refused, sessionLines, setup } from './helpers.mjs';

let ctx;
let t;
let member;
before(async () => {
  ctx = await setup();
  t = await createTree(ctx);
  member = await createMember(ctx, t.bd1.id, 'Đặng Văn An');
});
after(async () => { await ctx?.s.stop(); });

// POST a raw body to /units with a JSON content type.
const postRaw = (path, raw, headers = { 'content-type': 'application/json' }) =>
  ctx.req('POST', path, { raw, headers });
const unitBody = (over = {}) => ({ kind: 'cell', code: 'X-1', name: 'Chi bộ thử', parent_id: t.bd.id, ...over });

describe('bad JSON', () => {
  test('malformed JSON 400 json_syntax', async () => {
    for (const raw of ['{"kind": "cell",', '{kind: "cell"}', "{'kind': 'cell'}", '{"kind": "cell"} trailing', '', '{"a": 01}', '{"name": "a\u0001"}']) {
      await refused(ctx, () => postRaw('/units', raw), 400, 'json_syntax');
    }
  });
  test('a body that is not an object 400 json_not_object', async () => {
    for (const raw of ['[1, 2]', '"cell"', '42', 'null', 'true']) {
      await refused(ctx, () => postRaw('/units', raw), 400, 'json_not_object');
    }
  });
  test('wrong types 400 json_type naming the field', async () => {
    await refused(ctx, () => ctx.post('/units', unitBody({ kind: 5 })), 400, 'json_type', 'kind');
    await refused(ctx, () => ctx.post('/units', unitBody({ parent_id: 'three' })), 400, 'json_type', 'parent_id');
    await refused(ctx, () => ctx.post('/units', unitBody({ temporary: 'yes' })), 400, 'json_type', 'temporary');
    await refused(ctx, () => ctx.post('/units', unitBody({ name: ['Chi bộ'] })), 400, 'json_type', 'name');
    await refused(ctx, () => ctx.post('/units', unitBody({ parent_id: 1.5 })), 400, 'json_type', 'parent_id');
    await refused(ctx, () => ctx.post('/members', { full_name: { a: 1 } }), 400, 'json_type', 'full_name');
    await refused(ctx, () => ctx.post('/members', { born_abroad: 'true', full_name: 'Lê Văn Tám' }), 400, 'json_type', 'born_abroad');
    await refused(ctx, () => ctx.patch(`/members/${member.id}`, { unit_id: '12' }, { ifMatch: '"1"' }), 400, 'json_type', 'unit_id');
    await refused(ctx, () => ctx.post(`/units/${t.bd2.id}/dissolve`, { on: 20250101 }, { ifMatch: '"1"' }), 400, 'json_type', 'on');
  });
  test('unknown field 400 json_unknown_field naming it', async () => {
    await refused(ctx, () => ctx.post('/units', unitBody({ colour: 'đỏ' })), 400, 'json_unknown_field', 'colour');
    await refused(ctx, () => ctx.post('/members', { full_name: 'Lê Văn Tám', religion: 'x' }), 400, 'json_unknown_field', 'religion');
    await refused(ctx, () => ctx.patch(`/members/${member.id}`, { version: 5 }, { ifMatch: '"1"' }), 400, 'json_unknown_field', 'version');
    await refused(ctx, () => ctx.patch(`/units/${t.bd2.id}`, { path: '/1/' }, { ifMatch: '"1"' }), 400, 'json_unknown_field', 'path');
  });
  test('invalid UTF-8 inside a JSON string 400 utf8_invalid', async () => {
    const head = Buffer.from('{"kind":"cell","code":"X-2","name":"Chi b');
    const tail = Buffer.from(`","parent_id":${t.bd.id}}`);
    for (const bad of [[0xff], [0xc3], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      const raw = Buffer.concat([head, Buffer.from(bad), tail]);
      await refused(ctx, () => postRaw('/units', raw), 400, 'utf8_invalid');
    }
  });
  test('a lone surrogate escape is refused too', async () => {
    const raw = `{"kind":"cell","code":"X-3","name":"Chi b\\ud800","parent_id":${t.bd.id}}`;
    const r = await refused(ctx, () => postRaw('/units', raw), 400);
    assert.ok(['utf8_invalid', 'json_syntax'].includes(r.body.error.code), r.body.error.code);
  });
  test('duplicate keys 400', async () => {
    const raw = `{"kind":"cell","code":"X-4","name":"Một","name":"Hai","parent_id":${t.bd.id}}`;
    await refused(ctx, () => postRaw('/units', raw), 400, 'json_duplicate_field');
  });
  test('body over 64 KiB 413 body_too_large', async () => {
    const name = 'a'.repeat(64 * 1024);
    await refused(ctx, () => ctx.post('/units', unitBody({ name })), 413, 'body_too_large');
    // Declared length alone, too (no need to read it).
    const big = Buffer.alloc(70 * 1024, 0x20);
    await refused(ctx, () => postRaw('/units', big), 413, 'body_too_large');
  });
  test('a body of exactly 64 KiB is read (then refused on its content)', async () => {
    const pad = JSON.stringify(unitBody({ name: '' }));
    const raw = pad.replace('"name":""', `"name":"${'x'.repeat(64 * 1024 - pad.length)}"`);
    assert.equal(Buffer.byteLength(raw), 64 * 1024);
    const r = await refused(ctx, () => postRaw('/units', raw), 422);
    assert.equal(r.body.error.field, 'name');
  });
});

describe('bad HTTP', () => {
  test('a header over 32 KiB is refused (431)', async () => {
    const before = ctx.s.dump();
    const r = await rawHttp(ctx.s.url, `GET ${API}/health HTTP/1.1\r\nHost: x\r\n${sessionLines(ctx)}X-Big: ${'a'.repeat(40 * 1024)}\r\nConnection: close\r\n\r\n`);
    assert.ok(r.status >= 400 && r.status < 500, `expected 4xx, got ${r.status} ${r.error || ''} ${r.head}`);
    assert.equal(r.status, 431, `expected 431, got ${r.status}`);
    assert.equal(ctx.s.dump(), before);
    await assertAlive(ctx);
  });
  test('wrong Content-Type 415', async () => {
    const body = JSON.stringify(unitBody());
    await refused(ctx, () => postRaw('/units', body, { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
    await refused(ctx, () => postRaw('/units', body, { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
    await refused(ctx, () => postRaw('/imports', body, { 'content-type': 'application/json' }), 415, 'unsupported_media_type');
    // charset=utf-8 is fine, another charset is not.
    await refused(ctx, () => postRaw('/units', body, { 'content-type': 'application/json; charset=latin1' }), 415, 'unsupported_media_type');
  });
  test('missing Content-Type 415', async () => {
    const body = Buffer.from(JSON.stringify(unitBody()));
    await refused(ctx, () => postRaw('/units', body, {}), 415, 'unsupported_media_type');
    const r = await rawHttp(ctx.s.url, `POST ${API}/units HTTP/1.1\r\nHost: x\r\n${sessionLines(ctx, 'POST')}Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    assert.equal(r.status, 415, r.head);
  });
  test('application/json; charset=utf-8 is accepted', async () => {
    const r = await postRaw('/units', JSON.stringify(unitBody({ code: 'OK-CHARSET' })), { 'content-type': 'application/json; charset=utf-8' });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  });
  test('unknown route 404', async () => {
    for (const p of ['/nothing', '/units/1/nothing', '/members/abc', '/units/-1', '/units/1x']) {
      await refused(ctx, () => ctx.get(p), 404, 'not_found');
    }
  });
  test('wrong method 405 with Allow', async () => {
    for (const [m, p] of [['DELETE', `/units/${t.bd.id}`], ['PUT', '/members'], ['DELETE', `/members/${member.id}`], ['POST', '/health'], ['PATCH', '/units']]) {
      const r = await refused(ctx, () => ctx.req(m, p, { raw: m === 'DELETE' ? undefined : '{}', headers: { 'content-type': 'application/json' } }), 405, 'method_not_allowed');
      assert.ok(r.headers.get('allow'), `${m} ${p}: no Allow header`);
    }
  });
  test('path traversal in static paths 404', async () => {
    const before = ctx.s.dump();
    for (const p of ['/../etc/passwd', '/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/app/..%2f..%2f..%2fetc%2fpasswd',
      '/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd', '/app/%2e%2e/%2e%2e/Makefile', '/..%5c..%5cetc%5cpasswd', '/app/....//....//etc/passwd']) {
      const r = await rawHttp(ctx.s.url, `GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      // Refused as a malformed path (400 path_invalid) or not found (404).
      const code = r.status === 400 ? 'path_invalid' : 'not_found';
      assert.ok(r.status === 404 || r.status === 400, `${p}: ${r.status} ${r.error || ''}`);
      assert.equal(JSON.parse(r.body).error.code, code, `${p}: ${r.body}`);
      assert.ok(!/root:.*:0:0:/.test(r.body), `${p} served /etc/passwd`);
      assert.ok(!/^CC\s*[:?]?=/m.test(r.body), `${p} served the Makefile`);
    }
    // A path that merely looks like a system file is the web app's fallback,
    // never the file.
    const r = await rawHttp(ctx.s.url, `GET /etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    assert.ok(!/root:.*:0:0:/.test(r.body));
    assert.equal(ctx.s.dump(), before);
    await assertAlive(ctx);
  });
  test('a query with invalid percent-encoding 400', async () => {
    for (const [q, code] of [['q=%zz', 'query_invalid'], ['q=%', 'query_invalid'], ['q=%e', 'query_invalid'], ['unit=%G1', 'query_invalid'],
      ['q=a%00b', 'query_invalid'], ['q=%C3', 'utf8_invalid'], ['q=%ff%fe', 'utf8_invalid']]) {
      const r = await rawHttp(ctx.s.url, `GET ${API}/members?${q} HTTP/1.1\r\nHost: x\r\n${sessionLines(ctx)}Connection: close\r\n\r\n`);
      assert.equal(r.status, 400, `${q}: ${r.status} ${r.body}`);
      const body = JSON.parse(r.body);
      assert.equal(body.error.code, code, `${q}: ${r.body}`);
    }
    await assertAlive(ctx);
  });
  test('bad ids and bad If-Match are 4xx, not crashes', async () => {
    await refused(ctx, () => ctx.get('/units/99999999999999999999999'), 404);
    await refused(ctx, () => ctx.patch(`/units/${t.bd2.id}`, { name: 'X' }, { ifMatch: '"abc"' }), 400, 'if_match_invalid');
    await refused(ctx, () => ctx.patch(`/units/${t.bd2.id}`, { name: 'X' }, { ifMatch: '"-1"' }), 400, 'if_match_invalid');
    await refused(ctx, () => ctx.patch(`/units/${t.bd2.id}`, { name: 'X' }, { ifMatch: '"99999999999999999999999"' }), 400, 'if_match_invalid');
  });
  test('many bad requests in a row: still alive, nothing changed', async () => {
    const before = ctx.s.dump();
    const reqs = [];
    for (let i = 0; i < 50; i++) {
      reqs.push(postRaw('/units', i % 2 ? '{"kind":' : Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d])));
      reqs.push(ctx.get(`/units/${1000000 + i}`));
    }
    const res = await Promise.all(reqs);
    assert.ok(res.every((r) => r.status === 400 || r.status === 404));
    assert.equal(ctx.s.dump(), before);
    await assertAlive(ctx);
  });
});
