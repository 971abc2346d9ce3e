// reviews.js -- the disciplinary reviews of one member, on the member's
// page: only the dates a review opened and closed (nothing of its
// content). Staff in scope read them; a committee officer records that a
// review opened and that it closed (If-Match). While one is open the
// committee cannot approve the member's trips: the server enforces that,
// this section only says so.
import { useRef, useState } from '/vendor/hooks.module.js';
import { ApiError, call } from '../api.js';
import { fmtDate, t } from '../i18n.js';
import { role } from '../session.js';
import { ErrorSummary, fieldErrors, html, LoadError, Loading, TextField, useLoad } from '../ui.js';
import { dmyToIso } from './form.js';
import { vnToday } from './trip-common.js';

function todayDmy() {
  const [y, m, d] = vnToday().split('-');
  return `${d}/${m}/${y}`;
}

// A one-date form: "opened_on" or "closed_on".
function DateForm({ field, label, submitLabel, onSend, onCancel }) {
  const [value, setValue] = useState(todayDmy());
  const [st, setSt] = useState({ busy: false, errors: [], failure: null });
  const summaryRef = useRef(null);
  const send = async (e) => {
    e.preventDefault();
    const iso = dmyToIso(value);
    if (!iso) {
      setSt({ busy: false, errors: [{ code: 'date_format', field, message: t('date_format') }], failure: null });
      return;
    }
    setSt({ busy: true, errors: [], failure: null });
    try {
      await onSend({ [field]: iso });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.errors.length && [400, 422].includes(err.status)) {
        setSt({ busy: false, errors: err.errors, failure: null });
        setTimeout(() => summaryRef.current?.focus(), 0);
      } else setSt({ busy: false, errors: [], failure: err });
    }
  };
  return html`<form class="subform" novalidate onSubmit=${send}>
    <${ErrorSummary} errors=${st.errors} fields=${[field]} refEl=${summaryRef} />
    <${TextField} name=${field} label=${label} value=${value} hint=${t('h_date')} maxlength=${10}
      onInput=${setValue} errors=${fieldErrors(st.errors, field)} required=${true} />
    ${st.failure && html`<${LoadError} error=${st.failure} inline=${true} />`}
    <div class="form-actions">
      <button type="submit" class="button" disabled=${st.busy}>${submitLabel}</button>
      <button type="button" class="button button-secondary" onClick=${onCancel}>${t('cancel')}</button>
    </div>
  </form>`;
}

export function ReviewsSection({ memberId }) {
  const officer = role() === 'officer';
  const [form, setForm] = useState(null); // 'open' or a review id to close
  const [flash, setFlash] = useState(null);
  const load = useLoad(async () => {
    const r = await call('GET', `/members/${encodeURIComponent(memberId)}/reviews`);
    return r.body?.items || (Array.isArray(r.body) ? r.body : []);
  }, [memberId]);
  if (load.error?.status === 403 || load.error?.status === 404) return null;
  const items = load.data || [];
  const open = items.find((r) => !r.closed_on);
  const done = (msg) => { setForm(null); setFlash(msg); load.reload(); };
  const openReview = (body) => call('POST', `/members/${encodeURIComponent(memberId)}/reviews`, { body })
    .then(() => done(t('review_opened_done')));
  const closeReview = (rv) => (body) => call('POST', `/members/${encodeURIComponent(memberId)}/reviews/${rv.id}/close`,
    { body, headers: { 'If-Match': `"${rv.version}"` } }).then(() => done(t('review_closed_done')));
  return html`<section aria-labelledby="reviews-h" class="reviews">
    <h2 id="reviews-h">${t('reviews_title')}</h2>
    <p class="hint">${t('reviews_intro')}</p>
    ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
    ${load.error ? html`<${LoadError} error=${load.error} inline=${true} retry=${load.reload} />`
    : load.loading && !load.data ? html`<${Loading} />`
      : items.length === 0 ? html`<p>${t('reviews_none')}</p>`
        : html`<ul class="review-list">${items.map((rv) => html`<li key=${rv.id}>
          ${rv.closed_on ? t('review_closed', { from: fmtDate(rv.opened_on), to: fmtDate(rv.closed_on) })
            : html`<strong>${t('review_open', { from: fmtDate(rv.opened_on) })}</strong>`}
          ${officer && !rv.closed_on && form !== rv.id && html` <button type="button" class="button button-secondary button-small"
            onClick=${() => setForm(rv.id)}>${t('review_close')}</button>`}
          ${form === rv.id && html`<${DateForm} field="closed_on" label=${t('f_closed_on')} submitLabel=${t('review_close_save')}
            onSend=${closeReview(rv)} onCancel=${() => setForm(null)} />`}
        </li>`)}</ul>`}
    ${open && html`<p class="alert alert-warn">${t('review_blocks')}</p>`}
    ${officer && !open && !load.loading && form !== 'open' && html`<p><button type="button" class="button button-secondary"
      onClick=${() => setForm('open')}>${t('review_open_button')}</button></p>`}
    ${form === 'open' && html`<${DateForm} field="opened_on" label=${t('f_opened_on')} submitLabel=${t('review_open_save')}
      onSend=${openReview} onCancel=${() => setForm(null)} />`}
  </section>`;
}
