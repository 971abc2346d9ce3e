// abroad-common.js -- what the pages of party activity abroad share
// (transfers, exemptions, compliance findings and alerts, the dashboard,
// delegations' temporary groups): the names of kinds, states, actions,
// parties and rule codes in the page's language; the card of one
// transfer; a one-date or one-comment step form; the unit picker over the
// reader's scope. Holds no rule: which steps are allowed, what is overdue
// and every count come from the API (allowed_actions, overdue, expired).
import { useEffect, useRef, useState } from '/vendor/hooks.module.js';
import { ApiError, call, loadAll } from '../api.js';
import { fmtDate, t } from '../i18n.js';
import { href } from '../router.js';
import { isAbove } from '../session.js';
import { ErrorSummary, fieldErrors, html, LoadError, TextField } from '../ui.js';
import { dmyToIso } from './form.js';
import { TextArea, vnToday } from './trip-common.js';

// The rule codes of docs/rules.md, in its order.
export const RULES = [
  'trip.undeclared', 'trip.opinion_pending', 'trip.decision_pending', 'trip.extension_pending',
  'trip.not_returned', 'trip.report_due', 'trip.report_review', 'trip.report_ack',
  'arrangement.group', 'arrangement.temporary_transfer', 'arrangement.official_transfer', 'arrangement.single',
  'transfer.not_received', 'transfer.back', 'exemption.expired', 'exemption.not_allowed', 'probation.abroad',
];
// The rules behind the headline "members abroad without a unit" (docs/api.md, Dashboard).
export const HEADLINE_RULES = ['arrangement.temporary_transfer', 'arrangement.official_transfer', 'arrangement.single',
  'arrangement.group', 'exemption.expired'];
export const TRANSFER_KINDS = ['temporary', 'official', 'single'];
export const TRANSFER_STATES = ['issued', 'received', 'returned', 'cancelled', 'ended'];
export const EXEMPTION_KINDS = ['temporary', 'full'];

function named(prefix, code) {
  if (!code) return '';
  const key = `${prefix}${String(code).replace(/\./g, '_')}`;
  const s = t(key);
  return s === key ? code : s;
}

export const transferKindName = (k) => named('tr_kind_', k);
export const transferStateName = (s) => named('tr_state_', s);
export const transferActionName = (a) => named('tr_act_', a);
export const exemptionKindName = (k) => named('ex_kind_', k);
export const ruleName = (r) => named('rule_', r);
export const partyName = (p) => named('cp_party_', p);

export function todayDmy() {
  const [y, m, d] = vnToday().split('-');
  return `${d}/${m}/${y}`;
}

export function isoToDmy(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

export function TransferBadge({ transfer }) {
  if (!transfer?.state) return null;
  const late = transfer.overdue ? ' tr-badge-overdue' : '';
  return html`<span class=${`badge tr-badge tr-badge-${transfer.state}${late}`}>${transferStateName(transfer.state)}</span>`;
}

// "Hạn nộp giấy: 05/01/2027", with "Quá hạn" in front when the API says so.
export function ReceiveDue({ transfer }) {
  if (transfer.state !== 'issued' || !transfer.receive_due) return null;
  return html`<span class=${transfer.overdue ? 'tr-due-over' : ''}>${transfer.overdue && html`<strong>${t('tr_overdue')}. </strong>`}${t('tr_receive_due')}: ${fmtDate(transfer.receive_due)}</span>`;
}

export function unitLabel(u) {
  if (!u) return '';
  return `${u.name || u.code || ''}${u.country ? ` (${u.country})` : ''}`;
}

// One transfer in a list: the member and the letter number as the link,
// where from and where to, its state and the deadline to be received.
export function TransferCard({ transfer: x, children }) {
  return html`<li class=${`card tr-card${x.overdue ? ' trip-overdue' : ''}`}>
    <p class="trip-card-member">${x.member?.full_name || ''}</p>
    <a class="card-link" href=${href(`/transfers/${x.id}`)}>${t('tr_letter_short', { number: x.letter_number || x.id })}: ${transferKindName(x.kind)}</a>
    <p class="card-facts">${t('tr_from_to', { from: unitLabel(x.from_unit), to: unitLabel(x.to_unit) })}</p>
    <p class="card-facts"><${TransferBadge} transfer=${x} /> · ${t('tr_issued_on_short', { date: fmtDate(x.issued_on) })}</p>
    ${x.state === 'issued' && x.receive_due && html`<p class=${`card-facts${x.overdue ? ' trip-deadline-over' : ''}`}><${ReceiveDue} transfer=${x} /></p>`}
    ${children}
  </li>`;
}

// A small form for one step: a date (default today; `date` is true for
// the field "date" or names another, such as "on") or a comment
// (required). onSend(body) posts it and throws the ApiError on refusal.
export function StepForm({ title, explain, date, dateLabel, comment, submitLabel, onSend, onCancel }) {
  const [v, setV] = useState({ date: date ? todayDmy() : '', comment: '' });
  const [st, setSt] = useState({ busy: false, errors: [], failure: null });
  const headRef = useRef(null);
  const summaryRef = useRef(null);
  useEffect(() => { headRef.current?.focus(); }, []);
  const field = typeof date === 'string' ? date : 'date';
  const send = async (e) => {
    e.preventDefault();
    const body = {};
    if (date) {
      const iso = dmyToIso(v.date);
      if (!iso) {
        setSt({ busy: false, errors: [{ code: 'date_format', field, message: t('date_format') }], failure: null });
        setTimeout(() => summaryRef.current?.focus(), 0);
        return;
      }
      body[field] = iso;
    }
    if (comment) {
      if (!v.comment.trim()) {
        setSt({ busy: false, errors: [{ code: 'required', field: 'comment', message: t('tr_comment_required') }], failure: null });
        setTimeout(() => summaryRef.current?.focus(), 0);
        return;
      }
      body.comment = v.comment.trim();
    }
    setSt({ busy: true, errors: [], failure: null });
    try {
      await onSend(body);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.errors.length && [400, 422].includes(err.status)) {
        setSt({ busy: false, errors: err.errors, failure: null });
        setTimeout(() => summaryRef.current?.focus(), 0);
      } else setSt({ busy: false, errors: [], failure: err });
    }
  };
  return html`<form class="action-form" novalidate onSubmit=${send}>
    <h3 tabindex="-1" ref=${headRef}>${title}</h3>
    ${explain && html`<p class="hint">${explain}</p>`}
    <${ErrorSummary} errors=${st.errors} fields=${[field, 'comment']} refEl=${summaryRef} />
    ${date && html`<${TextField} name=${field} label=${dateLabel || t(`f_${field}`)} value=${v.date} hint=${t('h_date')} maxlength=${10}
      required=${true} onInput=${(x) => setV((s) => ({ ...s, date: x }))} errors=${fieldErrors(st.errors, field)} />`}
    ${comment && html`<${TextArea} name="comment" label=${t('tr_reason')} value=${v.comment} required=${true}
      onInput=${(x) => setV((s) => ({ ...s, comment: x }))} errors=${fieldErrors(st.errors, 'comment')} />`}
    ${st.failure && html`<${LoadError} error=${st.failure} inline=${true} />`}
    <div class="form-actions">
      <button type="submit" class="button" disabled=${st.busy}>${st.busy ? t('trip_sending') : submitLabel}</button>
      <button type="button" class="button button-secondary" onClick=${onCancel}>${t('cancel')}</button>
    </div>
  </form>`;
}

// The units a dashboard or list may be narrowed to: the ancestors of
// `unitId` inside the reader's scope, the unit itself and its children.
export async function unitChoices(unitId) {
  if (!unitId) {
    const roots = (await call('GET', '/units')).body?.items || [];
    return { current: null, choices: roots.map((u) => ({ id: u.id, name: u.name, depth: 0 })) };
  }
  const [u, children] = await Promise.all([
    call('GET', `/units/${encodeURIComponent(unitId)}`).then((r) => r.body),
    loadAll(`/units/${encodeURIComponent(unitId)}/children`).catch(() => []),
  ]);
  const above = (u.ancestors || []).filter((a) => a.id !== u.id && !isAbove(a.id));
  const choices = above.map((a, i) => ({ id: a.id, name: a.name, depth: i }))
    .concat([{ id: u.id, name: u.name, depth: above.length }])
    .concat(children.filter((c) => !c.dissolved_on).map((c) => ({ id: c.id, name: c.name, depth: above.length + 1 })));
  return { current: u, choices };
}

// "Xem số liệu của: [select] [Xem]": a form, so that choosing never
// navigates by itself (keyboard and screen-reader users move through the
// options freely).
export function UnitPicker({ choices, value, onPick, label }) {
  const [v, setV] = useState(value ? String(value) : '');
  if (!choices?.length) return null;
  return html`<form class="filters unit-picker" onSubmit=${(e) => { e.preventDefault(); onPick(v); }}>
    <label for="f-unit-pick">${label || t('dash_unit_pick')}</label>
    <div class="pick-row">
      <select id="f-unit-pick" value=${v} onChange=${(e) => setV(e.currentTarget.value)}>
        ${!value && html`<option value="">${t('dash_unit_all')}</option>`}
        ${choices.map((c) => html`<option key=${c.id} value=${String(c.id)}>${'\u2003'.repeat(c.depth)}${c.name}</option>`)}
      </select>
      <button type="submit" class="button button-secondary">${t('dash_unit_show')}</button>
    </div>
  </form>`;
}
