// handbook.js -- "Cẩm nang": the pages an administrator of the whole
// installation writes in Markdown and everyone signed in reads (what to do
// before, during and after a trip abroad, the forms, the deadlines): the
// list, one page in large type for phones, and for the administrator the
// editor (a Markdown textarea saved with If-Match, the server's rendered
// page shown as the preview after each save, archive and restore).
//
// The server renders the Markdown and sanitizes the HTML (docs/api.md,
// Handbook). This page still never inserts markup as a string: the HTML is
// parsed by the browser's DOMParser (which runs nothing) and rebuilt as
// Preact elements from an allow-list of tags and attributes, links and
// images checked again, so a fault on either side cannot run a script.
import { h } from '/vendor/preact.module.js';
import { useRef, useState } from '/vendor/hooks.module.js';
import { call, qs } from '../api.js';
import { fmtVnTime, t } from '../i18n.js';
import { href, navigate } from '../router.js';
import { can } from '../session.js';
import { ErrorSummary, fieldErrors, html, LoadError, Loading, setFlash, takeFlash, TextField, useFocusHeading, useLoad } from '../ui.js';
import { TextArea } from './trip-common.js';

const enc = encodeURIComponent;

// ---- the page's body: the server's HTML rebuilt from an allow-list -------

// Headings move one level down: the page's title is the only h1.
const TAGS = {
  h1: 'h2', h2: 'h3', h3: 'h4', h4: 'h5', h5: 'h6', h6: 'h6',
  p: 'p', ul: 'ul', ol: 'ol', li: 'li', strong: 'strong', em: 'em', b: 'b', i: 'i', u: 'u',
  code: 'code', pre: 'pre', blockquote: 'blockquote', a: 'a', img: 'img', br: 'br', hr: 'hr',
  del: 'del', s: 's', sup: 'sup', sub: 'sub', table: 'table', thead: 'thead', tbody: 'tbody',
  tr: 'tr', th: 'th', td: 'td', input: null,
};

// Relative addresses, http(s), mailto and tel for links; relative and
// http(s) for images (the server's own rule, checked once more).
export function safeUrl(url, image) {
  const u = String(url || '').trim();
  if (!u) return null;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(u);
  if (!scheme) return /^\/\//.test(u) ? null : u;
  const s = scheme[1].toLowerCase();
  const ok = image ? ['http', 'https'] : ['http', 'https', 'mailto', 'tel'];
  return ok.includes(s) ? u : null;
}

function attrsOf(el, tag) {
  const a = {};
  if (tag === 'a') {
    const u = safeUrl(el.getAttribute('href'), false);
    if (u) a.href = u;
    if (u && /^https?:/i.test(u)) a.rel = 'noopener noreferrer';
    if (el.getAttribute('title')) a.title = el.getAttribute('title');
  } else if (tag === 'img') {
    const u = safeUrl(el.getAttribute('src'), true);
    if (u) a.src = u;
    a.alt = el.getAttribute('alt') || '';
  } else if (tag === 'ol' && /^\d{1,6}$/.test(el.getAttribute('start') || '')) {
    a.start = el.getAttribute('start');
  } else if ((tag === 'th' || tag === 'td') && /^(left|right|center)$/.test(el.getAttribute('align') || '')) {
    a.class = `align-${el.getAttribute('align')}`;
  }
  return a;
}

function rebuild(node, key) {
  if (node.nodeType === 3) return node.nodeValue;
  if (node.nodeType !== 1) return null;
  const tag = node.tagName.toLowerCase();
  const kids = () => Array.from(node.childNodes).map((c, i) => rebuild(c, i));
  if (!(tag in TAGS)) return kids(); // unknown element: its text only
  const to = TAGS[tag];
  if (to === null) {
    // A task list's box: shown as a character, read as its state.
    return node.hasAttribute('checked') ? '☑ ' : '☐ ';
  }
  if (tag === 'img' || tag === 'br' || tag === 'hr') return h(to, { key, ...attrsOf(node, tag) });
  return h(to, { key, ...attrsOf(node, tag) }, kids());
}

// The server's HTML as Preact elements.
export function RenderedHtml({ source, className }) {
  const doc = new DOMParser().parseFromString(`<body>${source || ''}</body>`, 'text/html');
  return h('div', { class: className }, Array.from(doc.body.childNodes).map((c, i) => rebuild(c, i)));
}

// ---- the list -----------------------------------------------------------

function Crumbs({ current }) {
  return html`<nav class="breadcrumb" aria-label=${t('breadcrumb_label')}><ol>
    <li><a href="#/handbook">${t('nav_handbook')}</a></li>
    ${current && html`<li><span aria-current="page">${current}</span></li>`}
  </ol></nav>`;
}

export function HandbookListPage({ query }) {
  const admin = can.installation();
  const archived = admin && query.get('archived') === '1';
  const load = useLoad(() => call('GET', `/handbook${qs({ include_archived: archived ? 1 : '' })}`).then((r) => r.body?.items || []), [archived]);
  const [flash] = useState(takeFlash);
  const headRef = useFocusHeading(!load.loading && !load.error);
  if (load.error) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (load.loading && !load.data) return html`<${Loading} />`;
  const items = load.data;
  const live = items.filter((p) => !p.archived);
  const old = items.filter((p) => p.archived);
  return html`<section class="handbook">
    ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
    <h1 tabindex="-1" ref=${headRef}>${t('nav_handbook')}</h1>
    <p class="lead">${t('hb_intro')}</p>
    ${admin && html`<p><a class="button" href="#/handbook/new">${t('hb_new')}</a></p>`}
    ${live.length === 0 ? html`<p class="none">${t('hb_none')}</p>`
    : html`<ol class="handbook-list">${live.map((p) => html`<li key=${p.slug}>
        <a href=${href(`/handbook/${p.slug}`)}>${p.title}</a></li>`)}</ol>`}
    ${admin && html`<p><a href=${href('/handbook', { archived: archived ? undefined : 1 })}>${archived ? t('hb_hide_archived') : t('hb_show_archived')}</a></p>`}
    ${archived && html`<section aria-labelledby="hb-archived-h">
      <h2 id="hb-archived-h">${t('hb_archived_title')}</h2>
      ${old.length === 0 ? html`<p class="none">${t('hb_archived_none')}</p>`
      : html`<ul class="handbook-list">${old.map((p) => html`<li key=${p.slug}>
          <a href=${href(`/handbook/${p.slug}`)}>${p.title}</a> <span class="badge hb-badge-archived">${t('hb_archived')}</span></li>`)}</ul>`}
    </section>`}
  </section>`;
}

// ---- one page -------------------------------------------------------------

export function HandbookPage({ slug }) {
  const load = useLoad(() => call('GET', `/handbook/${enc(slug)}`).then((r) => r.body), [slug]);
  const [flash] = useState(takeFlash);
  const headRef = useFocusHeading(!load.loading && !load.error);
  if (load.error) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (load.loading && !load.data) return html`<${Loading} />`;
  const p = load.data;
  return html`<article class="handbook handbook-page">
    <${Crumbs} current=${p.title} />
    ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
    <h1 tabindex="-1" ref=${headRef}>${p.title}</h1>
    ${p.archived && html`<p class="alert alert-warn">${t('hb_is_archived')}</p>`}
    <${RenderedHtml} source=${p.html} className="handbook-body" />
    <p class="muted">${t('hb_updated', { when: fmtVnTime(p.updated_at) })}</p>
    ${can.installation() && html`<p class="no-print"><a class="button button-secondary" href=${href(`/handbook/${p.slug}/edit`)}>${t('hb_edit')}</a></p>`}
    <p class="no-print"><a href="#/handbook">${t('hb_back')}</a></p>
  </article>`;
}

// ---- the editor (administrators of the whole installation) -----------------

const FIELDS = ['slug', 'title', 'body', 'position'];
const fieldLabels = () => ({ slug: t('hb_f_slug'), title: t('hb_f_title'), body: t('hb_f_body'), position: t('hb_f_position') });

function ArchiveBlock({ page, etag, onDone }) {
  const [st, setSt] = useState({ confirm: false, busy: false, error: null });
  const act = async (action) => {
    setSt({ confirm: false, busy: true, error: null });
    try {
      const r = await call('POST', `/handbook/${enc(page.slug)}/${action}`, { headers: { 'If-Match': etag } });
      setSt({ confirm: false, busy: false, error: null });
      onDone(action, r);
    } catch (error) {
      setSt({ confirm: false, busy: false, error });
    }
  };
  return html`<section class="hb-archive" aria-labelledby="hb-archive-h">
    <h2 id="hb-archive-h">${page.archived ? t('hb_restore_title') : t('hb_archive_title')}</h2>
    <p class="hint">${page.archived ? t('hb_restore_hint') : t('hb_archive_hint')}</p>
    ${st.error && html`<${LoadError} error=${st.error} inline=${true} />`}
    ${page.archived ? html`<p><button type="button" class="button button-secondary" disabled=${st.busy} onClick=${() => act('restore')}>${t('hb_restore')}</button></p>`
    : st.confirm ? html`<div class="alert alert-warn confirm-block" role="alert">
        <p>${t('hb_archive_confirm', { title: page.title })}</p>
        <ul class="actions-row">
          <li><button type="button" class="button" disabled=${st.busy} onClick=${() => act('archive')}>${t('hb_archive_yes')}</button></li>
          <li><button type="button" class="button button-secondary" onClick=${() => setSt((s) => ({ ...s, confirm: false }))}>${t('cancel')}</button></li>
        </ul>
      </div>`
      : html`<p><button type="button" class="button button-secondary" onClick=${() => setSt((s) => ({ ...s, confirm: true }))}>${t('hb_archive')}</button></p>`}
  </section>`;
}

// The form for a new page (page null) or a change. After a save the page
// stays open with the server's rendered text below it as the preview.
function Editor({ page, etag: etag0, onReload, flash }) {
  const creating = !page;
  const [v, setV] = useState({
    slug: page?.slug || '', title: page?.title || '', body: page?.body || '',
    position: page?.position !== undefined && page?.position !== null ? String(page.position) : '',
  });
  const [saved, setSaved] = useState(page ? { page, etag: etag0 } : null);
  const [st, setSt] = useState({ busy: false, errors: [], done: flash || null });
  const sumRef = useRef(null);
  const set = (k) => (x) => setV((s) => ({ ...s, [k]: x }));
  const cur = saved?.page;
  const fail = (err) => {
    const errors = err.errors?.length ? err.errors : [{ message: err.message }];
    setSt({ busy: false, errors, done: null });
    setTimeout(() => sumRef.current?.focus(), 0);
  };
  const save = async (e) => {
    e.preventDefault();
    const pos = v.position.trim();
    if (pos !== '' && !/^\d{1,6}$/.test(pos)) {
      fail({ errors: [{ field: 'position', message: t('hb_position_format') }] });
      return;
    }
    setSt({ busy: true, errors: [], done: null });
    const body = { title: v.title, body: v.body };
    if (pos !== '') body.position = Number(pos);
    try {
      let r;
      if (creating) {
        // The new page's own editor takes over (its address, its version),
        // saying it was saved.
        r = await call('POST', '/handbook', { body: { slug: v.slug.trim(), ...body } });
        setFlash(t('hb_saved', { version: r.body.version }));
        history.replaceState(null, '', href(`/handbook/${r.body.slug}/edit`));
        dispatchEvent(new HashChangeEvent('hashchange'));
        return;
      }
      r = await call('PATCH', `/handbook/${enc(cur.slug)}`, { body, headers: { 'If-Match': saved.etag } });
      setSaved({ page: r.body, etag: r.etag || `"${r.body.version}"` });
      setSt({ busy: false, errors: [], done: t('hb_saved', { version: r.body.version }) });
    } catch (err) {
      fail(err);
    }
  };
  const archived = (action, r) => {
    if (action === 'archive') {
      setFlash(t('hb_archived_done', { title: cur.title }));
      navigate('/handbook');
      return;
    }
    setSaved({ page: r.body, etag: r.etag || `"${r.body.version}"` });
    setSt({ busy: false, errors: [], done: t('hb_restored_done') });
  };
  const labels = fieldLabels();
  const stale = st.errors.some((x) => x.code === 'version_stale');
  return html`<div>
    <form class="hb-editor" onSubmit=${save} novalidate>
      <${ErrorSummary} errors=${st.errors} fields=${FIELDS} refEl=${sumRef} labels=${labels} />
      ${stale && html`<div class="alert alert-warn"><p>${t('hb_stale')}</p>
        <p><button type="button" class="button button-secondary" onClick=${onReload}>${t('hb_reload')}</button></p></div>`}
      ${creating ? html`<${TextField} name="slug" label=${labels.slug} value=${v.slug} required=${true} maxlength=${64}
          hint=${t('hb_h_slug')} autocapitalize="none" spellcheck=${false} errors=${fieldErrors(st.errors, 'slug')} onInput=${set('slug')} />`
      : html`<p class="hint">${t('hb_address')}: <a href=${href(`/handbook/${cur.slug}`)}><span class="code">#/handbook/${cur.slug}</span></a></p>`}
      <${TextField} name="title" label=${labels.title} value=${v.title} required=${true} maxlength=${300}
        errors=${fieldErrors(st.errors, 'title')} onInput=${set('title')} />
      <${TextArea} name="body" label=${labels.body} value=${v.body} required=${true} rows=${16}
        hint=${t('hb_h_body')} errors=${fieldErrors(st.errors, 'body')} onInput=${set('body')} />
      <${TextField} name="position" label=${labels.position} value=${v.position} inputmode="numeric" maxlength=${6}
        hint=${t('hb_h_position')} errors=${fieldErrors(st.errors, 'position')} onInput=${set('position')} />
      ${cur?.archived && html`<p class="alert alert-warn">${t('hb_is_archived')}</p>`}
      <div class="form-actions">
        <button type="submit" class="button" disabled=${st.busy || !!cur?.archived}>${st.busy ? t('hb_saving') : t('hb_save')}</button>
        <a class="button button-secondary" href=${cur ? href(`/handbook/${cur.slug}`) : '#/handbook'}>${cur ? t('hb_view') : t('cancel')}</a>
      </div>
      <p role="status" class="hb-status">${st.done || ''}</p>
    </form>
    ${cur && html`<section class="hb-preview" aria-labelledby="hb-preview-h">
      <h2 id="hb-preview-h">${t('hb_preview')}</h2>
      <p class="hint">${t('hb_preview_hint', { version: cur.version, when: fmtVnTime(cur.updated_at) })}</p>
      <div class="hb-preview-frame">
        <p class="hb-preview-title">${cur.title}</p>
        <${RenderedHtml} source=${cur.html} className="handbook-body" />
      </div>
    </section>
    <${ArchiveBlock} key=${saved.etag} page=${cur} etag=${saved.etag} onDone=${archived} />`}
  </div>`;
}

export function HandbookEditPage({ slug }) {
  const load = useLoad(async () => {
    if (!slug) return null;
    const r = await call('GET', `/handbook/${enc(slug)}`);
    return { page: r.body, etag: r.etag || `"${r.body.version}"` };
  }, [slug]);
  const [flash] = useState(takeFlash);
  const headRef = useFocusHeading(!load.loading && !load.error);
  if (load.error) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (load.loading && !load.data && slug) return html`<${Loading} />`;
  const p = load.data?.page;
  return html`<section class="handbook">
    <${Crumbs} current=${p ? t('hb_edit_title', { title: p.title }) : t('hb_new')} />
    <h1 tabindex="-1" ref=${headRef}>${p ? t('hb_edit_title', { title: p.title }) : t('hb_new')}</h1>
    <${Editor} key=${load.data?.etag || 'new'} page=${p} etag=${load.data?.etag} onReload=${load.reload} flash=${flash} />
  </section>`;
}
