// audit.js -- the audit trail, for auditors and administrators: filters by
// person, record, action and period; entries newest first with "Xem thêm";
// each entry says when (Vietnam time), who, from where, what, and the
// values before and after as a field-by-field list of changes; the CSV
// export of the same filter; and, for the whole installation, the check
// that the chain of entries is intact. Every value is shown as text: what a
// person typed elsewhere (names, logins) may hold anything.
import { useEffect, useRef, useState } from '/vendor/hooks.module.js';
import { call, qs } from '../api.js';
import { fmtDate, fmtVnTime, t } from '../i18n.js';
import { href, replaceQuery } from '../router.js';
import { can, getSession, isRootScope } from '../session.js';
import { ErrorSummary, fieldErrors, html, LoadError, Loading, TextField, useFocusHeading } from '../ui.js';
import { dmyToIso } from './form.js';

const PAGE = 30;
const RECORD_TYPES = ['member', 'unit', 'user', 'import', 'session'];
const ACTIONS = ['member.*', 'unit.*', 'import.*', 'members.export', 'login.*', 'logout', 'account.*', 'user.*', 'totp.*', 'settings.*', 'audit.*'];
const FILTERS = ['user', 'record_type', 'record_id', 'action', 'from', 'to'];

function isoToDmy(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : (iso || '');
}

// True when an ISO date names a day that exists (no 31/02).
function realDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

// The filters as typed (dates dd/mm/yyyy) from the address's query.
function fromQuery(query) {
  const v = {};
  for (const f of FILTERS) v[f] = query.get(f) || '';
  v.from = isoToDmy(v.from);
  v.to = isoToDmy(v.to);
  return v;
}

// Typed filters -> API parameters, or {errors} for dates not understood.
function toParams(v) {
  const p = {};
  const errors = [];
  for (const f of FILTERS) {
    const s = (v[f] || '').trim();
    if (!s) continue;
    if (f === 'from' || f === 'to') {
      const iso = dmyToIso(s);
      if (!iso || !realDate(iso)) errors.push({ field: f, message: t('date_format') });
      else p[f] = iso;
    } else if (f === 'record_id' && !/^[0-9]+$/.test(s)) {
      errors.push({ field: f, message: t('audit_id_format') });
    } else p[f] = s;
  }
  return errors.length ? { errors } : { params: p };
}

export function actionName(action) {
  const exact = t(`act_${action}`);
  if (!exact.startsWith('act_')) return exact;
  const prefix = t(`actp_${String(action).split('.')[0]}`);
  return prefix.startsWith('actp_') ? action : `${prefix} (${action})`;
}

function recordLink(type, id) {
  if (!id) return null;
  const paths = { member: '/members/', unit: '/units/', user: '/users/' };
  const label = t(`rt_${type}`).startsWith('rt_') ? type : t(`rt_${type}`);
  const text = `${label} #${id}`;
  if (type === 'user' && !can.accounts()) return text;
  return paths[type] ? html`<a href=${href(`${paths[type]}${id}`)}>${text}</a>` : text;
}

function parseValues(v) {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'object') return v;
  try { const o = JSON.parse(v); return o && typeof o === 'object' ? o : { value: o }; } catch { return { value: v }; }
}

function show(v) {
  if (v === undefined) return html`<span class="none">${t('audit_absent')}</span>`;
  if (v === null || v === '') return html`<span class="none">${t('audit_empty')}</span>`;
  if (typeof v === 'boolean' || v === 'true' || v === 'false') return v === true || v === 'true' ? t('yes') : t('no');
  if (typeof v === 'object') return JSON.stringify(v);
  const s = String(v);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) ? fmtDate(s) : s;
}

// A field's label: the audit's own names first (af_), then the forms' (f_).
function fieldLabel(k) {
  const a = t(`af_${k}`);
  if (!a.startsWith('af_')) return a;
  const f = t(`f_${k}`);
  return f.startsWith('f_') ? k : f;
}

// The fields that differ between before and after, in a stable order.
export function diffRows(before, after) {
  const b = parseValues(before) || {};
  const a = parseValues(after) || {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const same = (x, y) => JSON.stringify(x) === JSON.stringify(y);
  const hasBoth = Object.keys(b).length > 0 && Object.keys(a).length > 0;
  return keys.filter((k) => !hasBoth || !same(b[k], a[k]))
    .map((k) => ({ k, before: k in b ? b[k] : undefined, after: k in a ? a[k] : undefined }));
}

function Diff({ entry }) {
  const rows = diffRows(entry.before, entry.after);
  if (rows.length === 0) return null;
  const one = parseValues(entry.before) === null || parseValues(entry.after) === null;
  if (one) {
    // An event (sign-in, creation): the values recorded, without a "before".
    return html`<dl class="audit-values">${rows.map((r) => html`<div key=${r.k}>
      <dt>${fieldLabel(r.k)}</dt><dd>${show(r.after !== undefined ? r.after : r.before)}</dd></div>`)}</dl>`;
  }
  return html`<table class="stack audit-diff">
    <thead><tr><th scope="col">${t('audit_field')}</th><th scope="col">${t('audit_before')}</th><th scope="col">${t('audit_after')}</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr key=${r.k}>
      <td data-label=${t('audit_field')} class="cell-main">${fieldLabel(r.k)}</td>
      <td data-label=${t('audit_before')}>${show(r.before)}</td>
      <td data-label=${t('audit_after')}>${show(r.after)}</td>
    </tr>`)}</tbody>
  </table>`;
}

function Entry({ e }) {
  return html`<li class="audit-entry">
    <p class="audit-what"><strong>${actionName(e.action)}</strong>${e.record_type && html` · ${recordLink(e.record_type, e.record_id) || t(`rt_${e.record_type}`)}`}</p>
    <dl class="audit-facts">
      <div><dt>${t('audit_when')}</dt><dd>${fmtVnTime(e.at, true)}</dd></div>
      <div><dt>${t('audit_who')}</dt><dd>${e.actor || t('audit_nobody')}${e.user_id ? html` <span class="muted">(#${e.user_id})</span>` : ''}</dd></div>
      <div><dt>${t('audit_from')}</dt><dd><span class="code">${e.ip || t('audit_no_ip')}</span></dd></div>
    </dl>
    <${Diff} entry=${e} />
  </li>`;
}

function Verify() {
  const [st, setSt] = useState({ phase: 'idle', r: null, error: null });
  const ref = useRef(null);
  const run = () => {
    setSt({ phase: 'busy', r: null, error: null });
    call('GET', '/audit/verify').then(
      (r) => { setSt({ phase: 'done', r: r.body, error: null }); setTimeout(() => ref.current?.focus(), 0); },
      (error) => setSt({ phase: 'failed', r: null, error }),
    );
  };
  const r = st.r;
  return html`<section aria-labelledby="verify-h" class="verify">
    <h2 id="verify-h">${t('verify_title')}</h2>
    <p>${t('verify_text')}</p>
    <p><button type="button" class="button button-secondary" onClick=${run} disabled=${st.phase === 'busy'}>
      ${st.phase === 'busy' ? t('verify_busy') : t('verify_button')}</button></p>
    ${r && (r.ok
      ? html`<div class="alert alert-ok" role="status" tabindex="-1" ref=${ref}><p class="alert-title">${t('verify_ok', { n: r.entries })}</p></div>`
      : html`<div class="alert alert-error" role="alert" tabindex="-1" ref=${ref}>
          <p class="alert-title">${t('verify_bad_title')}</p>
          <p>${t(`verify_bad_${r.problem}`, { id: r.first_bad_id })}</p>
          <p>${t('verify_bad_text', { n: r.entries })}</p>
        </div>`)}
    ${st.error && html`<${LoadError} error=${st.error} inline=${true} />`}
  </section>`;
}

export function AuditPage({ query }) {
  const [v, setV] = useState(() => fromQuery(query));
  const [params, setParams] = useState(() => toParams(fromQuery(query)).params || {});
  const [errors, setErrors] = useState([]);
  const [page, setPage] = useState({ items: [], next: null, loading: true, error: null, done: false });
  const headRef = useFocusHeading(true);
  const summaryRef = useRef(null);
  const seq = useRef(0);
  const set = (k) => (x) => setV((s) => ({ ...s, [k]: x }));

  const fetchPage = (cursor) => {
    const my = ++seq.current;
    // A new filter: the old entries go at once, so none is mistaken for a match.
    setPage((p) => ({ ...p, items: cursor ? p.items : [], next: cursor ? p.next : null, loading: true, error: null, done: false }));
    call('GET', `/audit${qs({ ...params, limit: PAGE, cursor })}`).then(
      (r) => { if (my === seq.current) setPage((p) => ({ items: cursor ? p.items.concat(r.body?.items || []) : (r.body?.items || []), next: r.body?.next_cursor || null, loading: false, error: null, done: true })); },
      (error) => { if (my === seq.current) setPage((p) => ({ ...p, loading: false, error, done: true })); },
    );
  };
  useEffect(() => fetchPage(null), [JSON.stringify(params)]);

  const submit = async (e) => {
    e.preventDefault();
    const r = toParams(v);
    if (r.errors) { setErrors(r.errors); setTimeout(() => summaryRef.current?.focus(), 0); return; }
    setErrors([]);
    setV((s) => ({ ...s, user: r.params.user || '' }));
    setParams(r.params);
    replaceQuery(r.params);
  };
  const clear = () => {
    const empty = fromQuery(new URLSearchParams());
    setV(empty);
    setErrors([]);
    setParams({});
    replaceQuery({});
  };

  if (page.error?.status === 403 && page.items.length === 0) return html`<${LoadError} error=${page.error} />`;
  const err = (f) => fieldErrors(errors, f);
  const whole = can.installation() || (getSession().user?.role === 'auditor' && isRootScope());
  return html`<section class="audit-page">
    <h1 tabindex="-1" ref=${headRef}>${t('audit_title')}</h1>
    <p class="lead">${t('audit_intro')}</p>
    <${ErrorSummary} errors=${errors} fields=${FILTERS} refEl=${summaryRef} />
    <form novalidate onSubmit=${submit} class="filters" aria-labelledby="filters-h">
      <h2 id="filters-h">${t('audit_filters')}</h2>
      <div class="filter-grid">
        <${TextField} name="user" label=${t('f_user')} value=${v.user} onInput=${set('user')} hint=${t('h_audit_user')}
          errors=${err('user')} maxlength=${64} autocapitalize="none" spellcheck="false" />
        <div class="field">
          <label for="f-record_type">${t('f_record_type')}</label>
          <select id="f-record_type" value=${v.record_type} onChange=${(e) => set('record_type')(e.currentTarget.value)}>
            <option value="">${t('audit_any')}</option>
            ${RECORD_TYPES.map((r) => html`<option key=${r} value=${r}>${t(`rt_${r}`)}</option>`)}
          </select>
        </div>
        <${TextField} name="record_id" label=${t('f_record_id')} value=${v.record_id} onInput=${set('record_id')}
          hint=${t('h_record_id')} errors=${err('record_id')} inputmode="numeric" maxlength=${20} />
        <div class="field">
          <label for="f-action">${t('f_action')}</label>
          <select id="f-action" value=${v.action} onChange=${(e) => set('action')(e.currentTarget.value)}>
            <option value="">${t('audit_any')}</option>
            ${ACTIONS.map((a) => html`<option key=${a} value=${a}>${t(`actf_${a.replace(/\.\*$/, '')}`)}</option>`)}
            ${v.action && !ACTIONS.includes(v.action) && html`<option value=${v.action}>${v.action}</option>`}
          </select>
        </div>
        <${TextField} name="from" label=${t('f_from')} value=${v.from} onInput=${set('from')} hint=${t('h_date')}
          errors=${err('from')} maxlength=${10} />
        <${TextField} name="to" label=${t('f_to')} value=${v.to} onInput=${set('to')} hint=${t('h_date')}
          errors=${err('to')} maxlength=${10} />
      </div>
      <div class="form-actions">
        <button type="submit" class="button">${t('audit_apply')}</button>
        <button type="button" class="button button-secondary" onClick=${clear}>${t('audit_clear')}</button>
      </div>
    </form>
    <p><a class="button button-secondary" href=${`/api/v1/audit/export${qs(params)}`} download="nhat-ky.csv">${t('audit_export')}</a></p>
    <section aria-labelledby="entries-h">
      <h2 id="entries-h">${t('audit_entries')}</h2>
      <p class="result-count" role="status">${page.done && !page.loading
        ? (page.items.length === 0 ? t('audit_none') : t('audit_count', { n: page.items.length, more: !!page.next })) : ''}</p>
      ${page.items.length > 0 && html`<ol class="audit-list">${page.items.map((e) => html`<${Entry} key=${e.id} e=${e} />`)}</ol>`}
      ${page.error && html`<${LoadError} inline=${true} error=${page.error} retry=${() => fetchPage(page.items.length ? page.next : null)} />`}
      ${page.loading && html`<${Loading} />`}
      ${page.next && html`<p><button type="button" class="button button-secondary" disabled=${page.loading}
        onClick=${() => fetchPage(page.next)}>${t('load_more')}</button></p>`}
    </section>
    ${whole && html`<${Verify} />`}
  </section>`;
}

