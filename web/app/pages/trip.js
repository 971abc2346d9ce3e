// trip.js -- one trip abroad: where it stands (state, the next step, who
// it waits for, the days left, anything late), what a draft still lacks
// before it can be sent (the API's `missing`), the steps the reader may
// take now (the API's `allowed_actions`, each with the fields it needs),
// the attachments (upload with the file as the request body), the
// timeline of events, links to the printable application and report, and,
// for staff, the member's other trips, the delegation's page, and for
// committee officers the way to issue a transfer of party activity for
// the trip. Every step sends If-Match; the
// server decides what is allowed and the page shows its answer.
import { useEffect, useRef, useState } from '/vendor/hooks.module.js';
import { API, ApiError, call, reference } from '../api.js';
import { fmtDate, fmtVnTime, t } from '../i18n.js';
import { href } from '../router.js';
import { can, role } from '../session.js';
import { ChoiceField, ErrorSummary, fieldErrors, html, LoadError, Loading, setFlash, takeFlash, TextField, useFocusHeading, useLoad } from '../ui.js';
import { dmyToIso } from './form.js';
import { Downloads } from './downloads.js';
import {
  actionName, countriesText, datesText, deadlineText, docName, DOC_KINDS, eventName, isOverdue, lateNotes, outcomeName,
  partyName, payerName, purposeName, StateBadge, TextArea, TripCard, vnToday,
} from './trip-common.js';

// What each action asks for. outcome: the two answers; comment: required
// always (true), when refusing (the refusing outcome), or never (false).
const ACTIONS = {
  submit: {},
  withdraw: { comment: false },
  opinion: { outcomes: ['agree', 'disagree'], comment: 'disagree' },
  decide: { outcomes: ['approved', 'refused'], comment: 'refused' },
  cancel: { comment: true },
  depart: { date: 'today' },
  request_extension: { date: 'empty', comment: true },
  decide_extension: { outcomes: ['approved', 'refused'], comment: false },
  return: { date: 'today' },
  submit_report: { text: true, date: 'today' },
  review_report: { outcomes: ['agree', 'disagree'], comment: false },
  acknowledge: { comment: false },
};
const ORDER = Object.keys(ACTIONS);
// Steps that end or give up the trip: shown as secondary buttons.
const QUIET = new Set(['withdraw', 'cancel', 'request_extension']);
const STEP_FIELDS = ['outcome', 'comment', 'date', 'text'];
// States in which a committee officer may arrange the member's party
// activity abroad for the trip (a transfer is issued before departure).
const TRANSFER_STATES = ['approved', 'departed', 'extension_requested', 'returned'];

function isoToDmy(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

function label(key, action) {
  const own = t(`${key}_${action}`);
  return own === `${key}_${action}` ? t(key) : own;
}

function ActionForm({ trip, etag, action, onDone, onCancel }) {
  const spec = ACTIONS[action] || {};
  const [v, setV] = useState({ outcome: '', comment: '', text: '', date: spec.date === 'today' ? isoToDmy(vnToday()) : '' });
  const set = (k, x) => setV((s) => ({ ...s, [k]: x }));
  const [st, setSt] = useState({ busy: false, errors: [], failure: null, note: null });
  const headRef = useRef(null);
  const summaryRef = useRef(null);
  useEffect(() => { headRef.current?.focus(); }, []);
  const commentRequired = spec.comment === true || (typeof spec.comment === 'string' && v.outcome === spec.comment);
  const send = async (e) => {
    e.preventDefault();
    const body = {};
    if (spec.outcomes) body.outcome = v.outcome;
    if (spec.comment !== undefined && v.comment.trim()) body.comment = v.comment.trim();
    if (spec.text && v.text.trim()) body.text = v.text.trim();
    if (spec.date && v.date.trim()) {
      const iso = dmyToIso(v.date);
      if (!iso) {
        setSt({ busy: false, errors: [{ code: 'date_format', field: 'date', message: t('date_format') }], failure: null, note: null });
        setTimeout(() => summaryRef.current?.focus(), 0);
        return;
      }
      body.date = iso;
    }
    setSt({ busy: true, errors: [], failure: null, note: null });
    try {
      await call('POST', `/trips/${trip.id}/actions/${encodeURIComponent(action)}`, { body, headers: { 'If-Match': etag } });
      onDone(action);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.code === 'trip_member_under_review') {
        // The committee may not approve: offer to record the refusal, with
        // that reason, in the same form.
        setV((s) => ({ ...s, outcome: 'refused', comment: s.comment || t('trip_under_review_reason') }));
        setSt({ busy: false, errors: [], failure: null, note: err.message });
      } else if (err.errors.length && [400, 409, 422].includes(err.status) && !['version_stale', 'trip_action_not_allowed'].includes(err.code)) {
        setSt({ busy: false, errors: err.errors, failure: null, note: null });
        setTimeout(() => summaryRef.current?.focus(), 0);
      } else {
        setSt({ busy: false, errors: [], failure: err, note: null });
      }
    }
  };
  const err = (f) => fieldErrors(st.errors, f);
  return html`<form class="action-form" novalidate onSubmit=${send} aria-labelledby="action-h">
    <h3 id="action-h" tabindex="-1" ref=${headRef}>${actionName(action)}</h3>
    <p class="hint">${t(`trip_explain_${action}`)}</p>
    ${st.note && html`<div class="alert alert-warn" role="alert"><p class="alert-title">${st.note}</p><p>${t('trip_under_review_then')}</p></div>`}
    <${ErrorSummary} errors=${st.errors} fields=${STEP_FIELDS} refEl=${summaryRef} />
    ${spec.outcomes && html`<${ChoiceField} name="outcome" label=${label('trip_outcome_label', action)} value=${v.outcome} required=${true}
      options=${spec.outcomes.map((o) => ({ value: o, label: outcomeName(o) }))} onInput=${(x) => set('outcome', x)} errors=${err('outcome')} />`}
    ${spec.date && html`<${TextField} name="date" label=${label('trip_date_label', action)} value=${v.date} required=${spec.date === 'empty'}
      hint=${t('h_date')} maxlength=${10} onInput=${(x) => set('date', x)} errors=${err('date')} />`}
    ${spec.text && html`<${TextArea} name="text" label=${t('trip_report_text')} value=${v.text} required=${true} rows=${8}
      hint=${t('h_report_text')} onInput=${(x) => set('text', x)} errors=${err('text')} />`}
    ${spec.comment !== undefined && html`<${TextArea} name="comment" label=${label('trip_comment_label', action)} value=${v.comment}
      required=${commentRequired} hint=${typeof spec.comment === 'string' ? t(`trip_comment_when_${spec.comment}`) : undefined}
      onInput=${(x) => set('comment', x)} errors=${err('comment')} />`}
    ${st.failure && html`<${LoadError} error=${st.failure} inline=${true} />`}
    <div class="form-actions">
      <button type="submit" class="button" disabled=${st.busy}>${st.busy ? t('trip_sending') : t('trip_confirm', { action: actionName(action) })}</button>
      <button type="button" class="button button-secondary" onClick=${onCancel}>${t('cancel')}</button>
    </div>
  </form>`;
}

function Actions({ trip, etag, reload }) {
  const [open, setOpen] = useState(null);
  const allowed = (Array.isArray(trip.allowed_actions) ? trip.allowed_actions : []).slice()
    .sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  if (!allowed.length) return null;
  const done = (action) => {
    setFlash(t('trip_done', { action: actionName(action) }));
    setOpen(null);
    reload();
  };
  return html`<section class="trip-actions" aria-labelledby="trip-actions-h">
    <h2 id="trip-actions-h">${t('trip_actions_title')}</h2>
    ${open ? html`<${ActionForm} key=${open} trip=${trip} etag=${etag} action=${open} onDone=${done} onCancel=${() => setOpen(null)} />`
    : html`<ul class="actions-row">${allowed.map((a) => html`<li key=${a}>
        <button type="button" class=${`button${QUIET.has(a) ? ' button-secondary' : ''}`} onClick=${() => setOpen(a)}>${actionName(a)}</button>
      </li>`)}</ul>`}
  </section>`;
}

function nextStep(trip) {
  const s = t(`trip_next_${trip.state}`);
  return s === `trip_next_${trip.state}` ? '' : s;
}

function Standing({ trip }) {
  const over = isOverdue(trip);
  const dl = deadlineText(trip);
  const late = lateNotes(trip);
  return html`<div class=${`trip-standing${over ? ' trip-overdue' : ''}`}>
    <p><${StateBadge} state=${trip.state} /></p>
    <dl class="fields">
      <div class="dl-row"><dt>${t('trip_next_step')}</dt><dd>${nextStep(trip)}</dd></div>
      ${trip.waiting_for && html`<div class="dl-row"><dt>${t('trip_waiting_for')}</dt><dd><strong>${partyName(trip.waiting_for)}</strong></dd></div>`}
      ${dl && html`<div class="dl-row"><dt>${t('trip_deadline')}</dt><dd class=${over ? 'trip-deadline-over' : ''}>${over && html`<strong>${t('trip_overdue')}. </strong>`}${dl}</dd></div>`}
    </dl>
    ${late.length > 0 && html`<ul class="trip-late">${late.map((x) => html`<li key=${x}>${x}</li>`)}</ul>`}
    ${trip.under_review && role() !== 'member' && html`<p class="alert alert-warn">${t('trip_member_under_review_note')}</p>`}
  </div>`;
}

function Missing({ trip }) {
  if (trip.state !== 'draft') return null;
  const missing = Array.isArray(trip.missing) ? trip.missing : [];
  if (!missing.length) return html`<p class="alert alert-ok" role="status">${t('trip_complete')}</p>`;
  return html`<div class="alert alert-warn trip-missing">
    <h2 class="alert-title">${t('trip_missing_title')}</h2>
    <ul>${missing.map((m, i) => html`<li key=${i}>${m.code === 'trip_document_missing' && m.arg ? t('trip_doc_missing', { doc: docName(m.arg) })
      : m.field && !m.message ? t(`f_${m.field}`) : (m.message || m.code)}</li>`)}</ul>
  </div>`;
}

function Row({ label: l, children }) {
  return html`<div class="dl-row"><dt>${l}</dt><dd>${children}</dd></div>`;
}

function Details({ trip, countries }) {
  const some = (x) => x !== null && x !== undefined && x !== '';
  return html`<section aria-labelledby="trip-details-h">
    <h2 id="trip-details-h">${t('trip_details')}</h2>
    <dl class="fields">
      <${Row} label=${t('f_purpose')}>${purposeName(trip.purpose)}<//>
      ${some(trip.purpose_detail) && html`<${Row} label=${t('f_purpose_detail')}>${trip.purpose_detail}<//>`}
      ${some(trip.decision_number) && html`<${Row} label=${t('f_decision_number')}>${trip.decision_number}<//>`}
      <${Row} label=${t('f_countries')}>${countriesText(trip, { countries }) || html`<span class="none">${t('none')}</span>`}<//>
      <${Row} label=${t('trip_planned')}>${datesText(trip)}<//>
      ${some(trip.extended_return) && html`<${Row} label=${t('f_extended_return')}>${fmtDate(trip.extended_return)}<//>`}
      ${some(trip.requested_return) && html`<${Row} label=${t('f_requested_return')}>${fmtDate(trip.requested_return)}<//>`}
      <${Row} label=${t('f_payer')}>${trip.payer ? payerName(trip.payer) : html`<span class="none">${t('none')}</span>`}${some(trip.payer_note) ? ` (${trip.payer_note})` : ''}<//>
      ${some(trip.delegation) && html`<${Row} label=${t('f_delegation')}>${role() === 'member' ? (trip.delegation.name || trip.delegation.id || '')
        : html`<a href=${href(`/delegations/${trip.delegation.id}`)}>${trip.delegation.name || trip.delegation.id}</a>`}<//>`}
      ${some(trip.submitted_on) && html`<${Row} label=${t('f_submitted_on')}>${fmtDate(trip.submitted_on)}<//>`}
      ${some(trip.cell_opinion) && html`<${Row} label=${t('f_cell_opinion')}>${outcomeName(trip.cell_opinion)}${some(trip.cell_comment) ? `: ${trip.cell_comment}` : ''}<//>`}
      ${some(trip.decision) && html`<${Row} label=${t('f_decision')}>${outcomeName(trip.decision)}${some(trip.decided_on) ? ` (${fmtDate(trip.decided_on)})` : ''}${some(trip.decision_reasons) ? `: ${trip.decision_reasons}` : ''}<//>`}
      ${some(trip.actual_departure) && html`<${Row} label=${t('f_actual_departure')}>${fmtDate(trip.actual_departure)}<//>`}
      ${some(trip.actual_return) && html`<${Row} label=${t('f_actual_return')}>${fmtDate(trip.actual_return)}<//>`}
      ${some(trip.report_submitted_on) && html`<${Row} label=${t('f_report_submitted_on')}>${fmtDate(trip.report_submitted_on)}<//>`}
      ${some(trip.report_opinion) && html`<${Row} label=${t('f_report_opinion')}>${outcomeName(trip.report_opinion)}${some(trip.report_comment) ? `: ${trip.report_comment}` : ''}<//>`}
    </dl>
    ${some(trip.report_text) && html`<h3>${t('trip_report_text')}</h3><p class="trip-report-text">${trip.report_text}</p>`}
  </section>`;
}

function fmtSize(n) {
  if (typeof n !== 'number') return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / 1024 / 1024).toFixed(1).replace('.', t('decimal_sep'))} MB`;
}

const MEDIA = new Set(['application/pdf', 'image/jpeg', 'image/png']);

// Which kinds can be added now: any to a draft; after return, the
// self-assessment and the signed report.
function attachKinds(trip) {
  if (trip.state === 'draft') return DOC_KINDS;
  if (['returned', 'report_submitted'].includes(trip.state)) return ['self_assessment', 'report'];
  return [];
}

function Attachments({ trip, etag, reload }) {
  const list = Array.isArray(trip.attachments) ? trip.attachments : [];
  const kinds = role() === 'officer' || role() === 'admin' || role() === 'auditor' ? [] : attachKinds(trip);
  const needed = (trip.missing || []).filter((m) => m.code === 'trip_document_missing').map((m) => m.arg);
  const [kind, setKind] = useState(needed[0] || kinds[0] || '');
  const [file, setFile] = useState(null);
  const [st, setSt] = useState({ busy: false, error: null, noFile: false });
  const upload = async (e) => {
    e.preventDefault();
    if (!file) { setSt({ busy: false, error: null, noFile: true }); return; }
    setSt({ busy: true, error: null, noFile: false });
    try {
      const buf = await file.arrayBuffer();
      const type = MEDIA.has(file.type) ? file.type : 'application/octet-stream';
      await call('POST', `/trips/${trip.id}/attachments?kind=${encodeURIComponent(kind)}&name=${encodeURIComponent(file.name)}`,
        { raw: buf, contentType: type });
      setFlash(t('trip_attached', { name: file.name }));
      reload();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setSt({ busy: false, error: err, noFile: false });
    }
  };
  const remove = async (a) => {
    setSt({ busy: true, error: null, noFile: false });
    try {
      await call('DELETE', `/trips/${trip.id}/attachments/${a.id}`, { headers: { 'If-Match': etag } });
      setFlash(t('trip_detached', { name: a.file_name }));
      reload();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setSt({ busy: false, error: err, noFile: false });
    }
  };
  return html`<section aria-labelledby="trip-files-h">
    <h2 id="trip-files-h">${t('trip_files')}</h2>
    ${list.length === 0 ? html`<p>${t('trip_files_none')}</p>` : html`<ul class="file-list">${list.map((a) => html`<li key=${a.id}>
      <a href=${`${API}/trips/${trip.id}/attachments/${a.id}`} download=${a.file_name}>${a.file_name}</a>
      <span class="muted"> · ${docName(a.kind)} · ${fmtSize(a.size)}</span>
      ${trip.state === 'draft' && kinds.length > 0 && html` <button type="button" class="button button-secondary button-small" disabled=${st.busy}
        onClick=${() => remove(a)}>${t('trip_file_remove', { name: a.file_name })}</button>`}
    </li>`)}</ul>`}
    ${kinds.length > 0 && html`<form class="upload-form" novalidate onSubmit=${upload}>
      <div class="field">
        <label for="f-kind">${t('trip_file_kind')}</label>
        <select id="f-kind" value=${kind} onChange=${(e) => setKind(e.currentTarget.value)}>
          ${kinds.map((k) => html`<option key=${k} value=${k}>${docName(k)}${needed.includes(k) ? ` (${t('required')})` : ''}</option>`)}
        </select>
      </div>
      <div class=${`field${st.noFile ? ' field-invalid' : ''}`}>
        <label for="f-file">${t('trip_file')}</label>
        <p class="hint" id="f-file-hint">${t('trip_file_hint')}</p>
        ${st.noFile && html`<p class="field-error" id="f-file-error"><span class="field-error-prefix">${t('error_prefix')} </span>${t('import_no_file')}</p>`}
        <input id="f-file" class="file-input" type="file" accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
          aria-describedby=${st.noFile ? 'f-file-hint f-file-error' : 'f-file-hint'}
          onChange=${(e) => { setFile(e.currentTarget.files?.[0] || null); setSt({ busy: false, error: null, noFile: false }); }} />
        <div class="file-row">
          <label for="f-file" class="button button-secondary file-button">${t('import_choose')}</label>
          <span class="file-name">${file ? file.name : t('import_no_file_yet')}</span>
        </div>
      </div>
      ${st.error && html`<${LoadError} error=${st.error} inline=${true} />`}
      <p><button type="submit" class="button" disabled=${st.busy}>${st.busy ? t('trip_uploading') : t('trip_upload')}</button></p>
    </form>`}
  </section>`;
}

function Timeline({ events }) {
  const list = Array.isArray(events) ? events : [];
  return html`<section aria-labelledby="trip-timeline-h">
    <h2 id="trip-timeline-h">${t('trip_timeline')}</h2>
    ${list.length === 0 ? html`<p>${t('trip_timeline_empty')}</p>` : html`<ol class="timeline">${list.map((ev, i) => html`<li key=${i}>
      <p class="timeline-what"><strong>${eventName(ev.action)}</strong>${ev.outcome ? `: ${outcomeName(ev.outcome)}` : ''}</p>
      <p class="timeline-when muted">${ev.on_date ? fmtDate(ev.on_date) : fmtVnTime(ev.at)}${ev.actor ? ` · ${ev.actor}` : ''}${ev.actor_role ? ` (${t(`role_${ev.actor_role}`)})` : ''}</p>
      ${ev.comment && html`<p class="timeline-comment">${ev.comment}</p>`}
    </li>`)}</ol>`}
  </section>`;
}

function OtherTrips({ trip, countries }) {
  const memberId = trip.member?.id;
  const load = useLoad(async () => {
    if (!memberId) return [];
    const r = await call('GET', `/trips?member=${encodeURIComponent(memberId)}&limit=20`);
    return (r.body?.items || []).filter((x) => x.id !== trip.id);
  }, [memberId, trip.id]);
  return html`<section aria-labelledby="trip-others-h">
    <h2 id="trip-others-h">${t('trip_others', { name: trip.member?.full_name || '' })}</h2>
    ${load.error ? html`<${LoadError} error=${load.error} inline=${true} retry=${load.reload} />`
    : load.loading && !load.data ? html`<${Loading} />`
      : load.data.length === 0 ? html`<p>${t('trip_others_none')}</p>`
        : html`<ul class="cards trip-cards">${load.data.map((x) => html`<${TripCard} key=${x.id} trip=${x} reference=${{ countries }} />`)}</ul>`}
    ${memberId && html`<p><a href=${href('/trips', { member: memberId })}>${t('trip_all_of_member')}</a></p>`}
  </section>`;
}

// The trip's printed documents as PDF (GET /trips/{id}/documents/{kind}):
// the application always; the commitment about relatives abroad for a
// visit to relatives; the post-trip report once the member is back (the
// server refuses the others with its reason).
const REPORT_STATES = ['returned', 'report_submitted', 'report_reviewed', 'closed'];
function tripPdfs(trip) {
  const kinds = ['application'];
  if (trip.purpose === 'relatives') kinds.push('commitment');
  if (REPORT_STATES.includes(trip.state)) kinds.push('report');
  return kinds.map((k) => ({
    key: k, label: t(`doc_pdf_${k}`), path: `/trips/${encodeURIComponent(trip.id)}/documents/${k}`, name: `trip-${trip.id}-${k}.pdf`,
  }));
}

export function TripPage({ id }) {
  const [flash, setFlashState] = useState(takeFlash);
  const load = useLoad(async () => {
    const [r, ref] = await Promise.all([call('GET', `/trips/${encodeURIComponent(id)}`), reference().catch(() => ({ countries: [] }))]);
    return { trip: r.body, etag: r.etag || `"${r.body.version}"`, countries: ref?.countries || [] };
  }, [id]);
  const headRef = useFocusHeading(!load.loading && !load.error);
  const reload = () => { load.reload(); };
  useEffect(() => { if (!load.loading) { const f = takeFlash(); if (f) setFlashState(f); } }, [load.loading, load.data]);
  if (load.error && !load.data) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (!load.data) return html`<${Loading} />`;
  const { trip, etag, countries } = load.data;
  const staff = role() !== 'member';
  const title = `${purposeName(trip.purpose)}${trip.countries?.length ? `: ${countriesText(trip, { countries })}` : ''}`;
  return html`<article class="trip-page">
    <nav class="breadcrumb" aria-label=${t('breadcrumb_label')}><ol>
      <li><a href=${staff ? '#/inbox' : '#/trips'}>${staff ? t('nav_inbox') : t('nav_my_trips')}</a></li>
      ${staff && trip.member && html`<li><a href=${href('/trips', { member: trip.member.id })}>${trip.member.full_name}</a></li>`}
      <li><span aria-current="page">${t('trip_title_short')}</span></li>
    </ol></nav>
    ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
    <h1 tabindex="-1" ref=${headRef}>${title}</h1>
    ${staff && trip.member && html`<p class="lead">${t('trip_of_member')}: <a href=${href(`/members/${trip.member.id}`)}>${trip.member.full_name}</a>${trip.unit ? ` · ${trip.unit.name}` : ''}</p>`}
    <${Standing} trip=${trip} />
    <${Missing} trip=${trip} />
    ${trip.state === 'draft' && (trip.allowed_actions || []).includes('submit') && html`<p><a class="button button-secondary" href=${href(`/trips/${trip.id}/edit`)}>${t('trip_edit')}</a></p>`}
    <${Actions} key=${etag} trip=${trip} etag=${etag} reload=${reload} />
    <${Attachments} key=${`a${etag}`} trip=${trip} etag=${etag} reload=${reload} />
    <${Details} trip=${trip} countries=${countries} />
    <section aria-labelledby="trip-print-h">
      <h2 id="trip-print-h">${t('trip_print_title')}</h2>
      <ul class="actions-row">
        <li><a class="button button-secondary" href=${href(`/trips/${trip.id}/print/application`)}>${t('trip_print_application')}</a></li>
        ${trip.report_text && html`<li><a class="button button-secondary" href=${href(`/trips/${trip.id}/print/report`)}>${t('trip_print_report')}</a></li>`}
      </ul>
      <${Downloads} files=${tripPdfs(trip)} title=${t('doc_pdf_title')} hint=${t('doc_pdf_hint')} />
    </section>
    ${can.manage() && TRANSFER_STATES.includes(trip.state) && trip.member && html`<section aria-labelledby="trip-transfer-h">
      <h2 id="trip-transfer-h">${t('trip_transfer_title')}</h2>
      <p class="hint">${t('trip_transfer_hint')}</p>
      <p><a class="button button-secondary" href=${href('/transfers/new', { member: trip.member.id, trip: trip.id })}>${t('tr_issue_button')}</a></p>
    </section>`}
    <${Timeline} events=${trip.events} />
    ${staff && html`<${OtherTrips} trip=${trip} countries=${countries} />`}
  </article>`;
}
