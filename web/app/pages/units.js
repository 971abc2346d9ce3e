// units.js -- the organization tree and the member lists: the home page (the
// roots of the caller's scope), a unit's page (breadcrumb, its children with
// member counts, the members of its subtree with the search box) and the
// search page. Reads only; every change happens on other pages.
import { useEffect, useRef, useState } from '/vendor/hooks.module.js';
import { call, qs, reference, refName } from '../api.js';
import { fmtDate, t } from '../i18n.js';
import { href, replaceQuery } from '../router.js';
import { can } from '../session.js';
import { Breadcrumb, html, kindName, LoadError, Loading, StatusBadge, useFocusHeading, useLoad } from '../ui.js';
import { ListDownloads } from './downloads.js';

const PAGE = 25;
const DEBOUNCE_MS = 300;

// Follow next_cursor to the end (bounded): unit children are short lists.
async function loadAll(path, params) {
  let items = [];
  let cursor;
  for (let i = 0; i < 20; i++) {
    const r = await call('GET', path + qs({ ...params, limit: 500, cursor }));
    items = items.concat(r.body?.items || []);
    cursor = r.body?.next_cursor;
    if (!cursor) break;
  }
  return items;
}

function refs() {
  return reference().catch(() => ({}));
}

// "Chi bộ · Nhật Bản · <cell type> · 14 đảng viên"
function unitFacts(u, ref) {
  const facts = [kindName(u.kind)];
  if (u.country) facts.push(refName(ref?.countries, u.country));
  if (u.cell_type) facts.push(refName(ref?.cell_types, u.cell_type));
  if (u.temporary) facts.push(t('unit_temporary'));
  if (typeof u.member_count === 'number') facts.push(t('unit_members', { n: u.member_count }));
  return facts;
}

function UnitCards({ units, refdata }) {
  return html`<ul class="cards unit-cards">
    ${units.map((u) => html`<li key=${u.id} class=${`card${u.dissolved_on ? ' card-dissolved' : ''}`}>
      <a class="card-link" href=${href(`/units/${u.id}`)}>${u.name}</a>
      <p class="card-facts">${unitFacts(u, refdata).join(' · ')}</p>
      ${u.dissolved_on && html`<p class="card-facts">${t('unit_dissolved_on', { date: fmtDate(u.dissolved_on) })}</p>`}
    </li>`)}
  </ul>`;
}

export function HomePage() {
  const load = useLoad(async () => {
    const [items, ref] = await Promise.all([loadAll('/units', {}), refs()]);
    return { items, ref };
  }, []);
  const headRef = useFocusHeading(!load.loading);
  if (load.error) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  return html`<section>
    <h1 tabindex="-1" ref=${headRef}>${t('home_title')}</h1>
    <p class="lead">${t('home_intro')}</p>
    ${load.loading ? html`<${Loading} />` : load.data.items.length === 0
      ? html`<p>${t('home_empty')}</p>`
      : html`<${UnitCards} units=${load.data.items.filter((u) => !u.dissolved_on)} refdata=${load.data.ref} />`}
    <h2>${t('search_title')}</h2>
    <${MemberList} initialQ="" listWhenEmpty=${false} />
  </section>`;
}

export function UnitPage({ id, query }) {
  const [showDissolved, setShowDissolved] = useState(false);
  const load = useLoad(async () => {
    const [u, children, ref] = await Promise.all([
      call('GET', `/units/${encodeURIComponent(id)}`),
      loadAll(`/units/${encodeURIComponent(id)}/children`, { include_dissolved: 1 }),
      refs(),
    ]);
    return { unit: u.body, children, ref };
  }, [id]);
  const headRef = useFocusHeading(!load.loading && !load.error);
  if (load.error) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (load.loading && !load.data) return html`<${Loading} />`;
  const { unit, children, ref } = load.data;
  const ancestors = (unit.ancestors || []).filter((a) => a.id !== unit.id);
  const dissolvedCount = children.filter((c) => c.dissolved_on).length;
  const shown = showDissolved ? children : children.filter((c) => !c.dissolved_on);
  return html`<section>
    <${Breadcrumb} items=${ancestors} current=${unit.name} />
    <h1 tabindex="-1" ref=${headRef}>${unit.name}</h1>
    <p class="facts">
      ${unitFacts(unit, ref).join(' · ')}
      <br />${t('unit_code')}: <span class="code">${unit.code}</span>
      ${unit.dissolved_on && html`<br /><strong>${t('unit_dissolved_on', { date: fmtDate(unit.dissolved_on) })}</strong>`}
    </p>
    <${MemberList} key=${unit.id} unit=${unit} initialQ=${query.get('q') || ''} listWhenEmpty=${true}>
      ${(children.length > 0) && html`<section class="children" aria-labelledby="children-h">
        <h2 id="children-h">${t('children_title')}</h2>
        ${shown.length ? html`<${UnitCards} units=${shown} refdata=${ref} />` : html`<p>${t('children_empty')}</p>`}
        ${dissolvedCount > 0 && html`<div class="field check">
          <label class="check-item" for="show-dissolved">
            <input type="checkbox" id="show-dissolved" checked=${showDissolved}
              onChange=${(e) => setShowDissolved(e.currentTarget.checked)} />
            <span>${t('show_dissolved')} (${dissolvedCount})</span>
          </label>
        </div>`}
      </section>`}
    <//>
    <section class="actions-more" aria-labelledby="more-h">
      <h2 id="more-h">${t('unit_actions')}</h2>
      <ul class="link-list">
        ${!unit.dissolved_on && can.manage() && html`<li><a href=${href('/members/new', { unit: unit.id })}>${t('add_member')}</a></li>`}
        ${can.manage() && html`<li><a href=${href('/import', { unit: unit.id })}>${t('import_here')}</a></li>`}
        <li><a href=${`/api/v1/members/export${qs({ unit: unit.id })}`} download=${`${unit.code}.csv`}>${t('export_here')}</a></li>
      </ul>
      <${ListDownloads} what="members" params=${{ unit: unit.id }} />
    </section>
  </section>`;
}

export function SearchPage({ query }) {
  const headRef = useFocusHeading(true);
  return html`<section>
    <h1 tabindex="-1" ref=${headRef}>${t('search_title')}</h1>
    <${MemberList} initialQ=${query.get('q') || ''} listWhenEmpty=${false} />
  </section>`;
}

// The search box and the paged member list of a subtree (the caller's whole
// scope when no unit). With an empty box it shows `children` (the unit's
// sub-units) and, when listWhenEmpty, the first page of members.
export function MemberList({ unit, initialQ, listWhenEmpty, children }) {
  const [text, setText] = useState(initialQ);
  const [q, setQ] = useState(initialQ.trim());
  const [page, setPage] = useState({ items: [], next: null, loading: false, error: null, done: false });
  const seq = useRef(0);

  useEffect(() => {
    const tm = setTimeout(() => {
      const v = text.trim();
      if (v !== q) {
        setQ(v);
        replaceQuery({ q: v });
      }
    }, DEBOUNCE_MS);
    return () => clearTimeout(tm);
  }, [text]);

  const fetchPage = (cursor) => {
    const my = ++seq.current;
    setPage((p) => ({ ...p, loading: true, error: null }));
    call('GET', `/members${qs({ q, unit: unit?.id, limit: PAGE, cursor })}`).then(
      (r) => {
        if (my !== seq.current) return;
        const items = r.body?.items || [];
        setPage((p) => ({ items: cursor ? p.items.concat(items) : items, next: r.body?.next_cursor || null, loading: false, error: null, done: true }));
      },
      (error) => { if (my === seq.current) setPage((p) => ({ ...p, loading: false, error })); },
    );
  };

  const active = q !== '' || listWhenEmpty;
  useEffect(() => {
    if (active) fetchPage(null);
    else { seq.current++; setPage({ items: [], next: null, loading: false, error: null, done: false }); }
  }, [q, active]);

  const label = unit ? t('search_label_in', { unit: unit.name }) : t('search_label');
  return html`<div class="member-list">
    <form class="search" role="search" onSubmit=${(e) => { e.preventDefault(); setQ(text.trim()); replaceQuery({ q: text.trim() }); }}>
      <label for="q">${label}</label>
      <p class="hint" id="q-hint">${t('search_hint')}</p>
      <input id="q" type="search" value=${text} autocomplete="off" spellcheck="false"
        aria-describedby="q-hint" onInput=${(e) => setText(e.currentTarget.value)} />
    </form>
    ${q === '' && children}
    ${active && html`<section aria-labelledby="members-h">
      <h2 id="members-h">${q === '' ? t('members_title') : t('search_title')}</h2>
      <p class="result-count" role="status">${page.done && !page.loading
        ? (page.items.length === 0 ? (q ? t('search_none') : t('list_empty')) : t('search_results', { n: page.items.length, more: !!page.next }))
        : ''}</p>
      ${page.items.length > 0 && html`<${MemberTable} items=${page.items} />`}
      ${page.error && html`<${LoadError} inline=${true} error=${page.error} retry=${() => fetchPage(page.items.length ? page.next : null)} />`}
      ${page.loading && html`<${Loading} />`}
      ${page.next && html`<p><button type="button" class="button button-secondary" disabled=${page.loading}
        onClick=${() => fetchPage(page.next)}>${t('load_more')}</button></p>`}
    </section>`}
  </div>`;
}

function MemberTable({ items }) {
  return html`<table class="stack members-table">
    <thead><tr>
      <th scope="col">${t('col_name')}</th><th scope="col">${t('col_birth')}</th>
      <th scope="col">${t('col_unit')}</th><th scope="col">${t('col_status')}</th>
    </tr></thead>
    <tbody>
      ${items.map((m) => html`<tr key=${m.id}>
        <td data-label=${t('col_name')} class="cell-main"><a href=${href(`/members/${m.id}`)}>${m.full_name}</a></td>
        <td data-label=${t('col_birth')}>${fmtDate(m.birth_date)}</td>
        <td data-label=${t('col_unit')}>${m.unit?.name || ''}</td>
        <td data-label=${t('col_status')}><${StatusBadge} status=${m.status} /></td>
      </tr>`)}
    </tbody>
  </table>`;
}
