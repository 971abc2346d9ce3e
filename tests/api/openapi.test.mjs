// openapi.test.mjs -- the served API description (GET /api/v1/openapi.json)
// is valid JSON, OpenAPI 3.x, and documents every route the API tests call
// (helpers.mjs ROUTES, which every successful test request must match).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ROUTES, setup } from './helpers.mjs';

let ctx;
before(async () => { ctx = await setup(); });
after(async () => { await ctx?.s.stop(); });

// "/api/v1/units/{unit_id}" and "/units/{id}" both become "/units/{}".
const norm = (p) => p.replace(/^\/api\/v1(?=\/)/, '').replace(/\{[^}]+\}/g, '{}');

test('openapi.json is OpenAPI 3.x JSON', async () => {
  const r = await ctx.get('/openapi.json');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type') || '', /^application\/json/);
  assert.equal(typeof r.body, 'object');
  assert.match(String(r.body.openapi), /^3\.\d+\.\d+$/);
  assert.ok(r.body.info && r.body.info.title && r.body.info.version, 'info.title and info.version');
  assert.equal(typeof r.body.paths, 'object');
});

test('every path the tests call is documented with its method', async () => {
  const doc = (await ctx.get('/openapi.json')).body;
  const paths = new Map(Object.entries(doc.paths).map(([p, v]) => [norm(p), v]));
  const missing = [];
  for (const [method, path] of ROUTES) {
    const item = paths.get(norm(path));
    if (!item || !item[method]) missing.push(`${method.toUpperCase()} ${path}`);
  }
  assert.deepEqual(missing, [], `not in openapi.json: ${missing.join(', ')}`);
});

test('every documented operation has responses', async () => {
  const doc = (await ctx.get('/openapi.json')).body;
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const m of ['get', 'post', 'patch', 'put', 'delete']) {
      if (item[m]) assert.ok(item[m].responses && Object.keys(item[m].responses).length > 0, `${m} ${p} has no responses`);
    }
  }
});
