// trip-common.js -- what the trip pages share: the names of states,
// purposes, payers, documents, actions and parties in the page's language;
// the deadline line ("còn 5 ngày"); today's date in Vietnam; a labelled
// text area; and the card of one trip in a list. Holds no rule: which
// actions are possible, what is missing and every deadline come from the
// API (allowed_actions, missing, deadlines).
import { fmtDate, t } from '../i18n.js';
import { href } from '../router.js';
import { html } from '../ui.js';

export const PURPOSES = ['official', 'study', 'labour', 'tourism', 'relatives', 'medical', 'private_other'];
export const PAYERS = ['self', 'agency', 'host', 'other'];
export const DOC_KINDS = ['sending_decision', 'relatives_commitment', 'invitation', 'self_assessment', 'report', 'other'];
export const PRIVATE = ['tourism', 'relatives', 'medical', 'private_other'];
// Purposes that carry the sending body's decision (the number is required
// for official work only; the document for all three).
export const SENT = ['official', 'study', 'labour'];

// t(prefix + code), or the code itself when the table has no such key.
function named(prefix, code) {
  if (!code) return '';
  const s = t(`${prefix}${code}`);
  return s === `${prefix}${code}` ? code : s;
}

export const stateName = (s) => named('trip_state_', s);
export const purposeName = (p) => named('trip_purpose_', p);
export const payerName = (p) => named('trip_payer_', p);
export const docName = (k) => named('trip_doc_', k);
export const actionName = (a) => named('trip_act_', a);
export const eventName = (a) => named('trip_ev_', a);
export const partyName = (p) => named('trip_party_', p);
export const outcomeName = (o) => named('trip_outcome_', o);

// Today in Vietnam (UTC+7) as ISO, whatever the browser's zone.
export function vnToday() {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(new Date()).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

// The trip is late in some way the API flagged.
export function isOverdue(trip) {
  const d = trip?.deadlines || {};
  return !!(d.return_late || d.report_late) || (d.next_deadline && typeof d.days_left === 'number' && d.days_left < 0);
}

// Which date next_deadline is, by state.
function deadlineLabel(state) {
  if (['draft', 'submitted', 'cell_reviewed', 'approved'].includes(state)) return t('trip_dl_departure');
  if (['departed', 'extension_requested'].includes(state)) return t('trip_dl_return');
  if (state === 'returned') return t('trip_dl_report');
  return t('trip_dl_next');
}

// "Hạn nộp báo cáo: 20/12/2026 (còn 5 ngày)", or null when nothing is due.
export function deadlineText(trip) {
  const d = trip?.deadlines;
  if (!d?.next_deadline) return null;
  const n = d.days_left;
  const left = typeof n !== 'number' ? '' : n > 0 ? t('trip_days_left', { n }) : n === 0 ? t('trip_due_today') : t('trip_days_over', { n: -n });
  return `${deadlineLabel(trip.state)}: ${fmtDate(d.next_deadline)}${left ? ` (${left})` : ''}`;
}

// The late flags the API set, as sentences.
export function lateNotes(trip) {
  const d = trip?.deadlines || {};
  const out = [];
  if (d.return_late) out.push(t('trip_return_late', { date: fmtDate(d.return_overdue_from) }));
  if (d.report_late) out.push(t('trip_report_late', { date: fmtDate(d.report_due) }));
  if (d.declared_late) out.push(t('trip_declared_late'));
  return out;
}

export function countriesText(trip, ref) {
  const list = Array.isArray(trip?.countries) ? trip.countries : [];
  return list.map((c) => ref?.countries?.find((x) => x.code === c)?.name || c).join(', ');
}

export function datesText(trip) {
  const a = trip.planned_departure ? fmtDate(trip.planned_departure) : '…';
  const b = trip.extended_return || trip.planned_return;
  return `${a} – ${b ? fmtDate(b) : '…'}`;
}

export function StateBadge({ state }) {
  if (!state) return null;
  return html`<span class=${`badge trip-badge trip-badge-${state}`}>${stateName(state)}</span>`;
}

// A labelled multi-line text box with its hint and errors (ui.js has the
// one-line kind).
export function TextArea({ name, label, value, onInput, hint, errors, required, rows = 4, maxlength }) {
  const id = `f-${name}`;
  const bad = errors?.length > 0;
  const desc = [hint && `${id}-hint`, bad && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return html`<div class=${`field${bad ? ' field-invalid' : ''}`}>
    <label for=${id}>${label}${required && html` <span class="req">(${t('required')})</span>`}</label>
    ${hint && html`<p class="hint" id=${`${id}-hint`}>${hint}</p>`}
    ${bad && html`<p class="field-error" id=${`${id}-error`}><span class="field-error-prefix">${t('error_prefix')} </span>${errors.join(' ')}</p>`}
    <textarea id=${id} name=${name} rows=${rows} maxlength=${maxlength} value=${value ?? ''}
      aria-invalid=${bad ? 'true' : undefined} aria-required=${required ? 'true' : undefined}
      aria-describedby=${desc} onInput=${(e) => onInput(e.currentTarget.value)}></textarea>
  </div>`;
}

// One trip in a list: purpose, countries and dates as the link, its state,
// who it waits for, the deadline (overdue ones marked), the member's name
// when the reader is staff.
export function TripCard({ trip, reference, showMember }) {
  const over = isOverdue(trip);
  const dl = deadlineText(trip);
  return html`<li class=${`card trip-card${over ? ' trip-overdue' : ''}`}>
    ${showMember && trip.member && html`<p class="trip-card-member">${trip.member.full_name}${trip.unit ? html` <span class="muted">· ${trip.unit.name}</span>` : ''}</p>`}
    <a class="card-link" href=${href(`/trips/${trip.id}`)}>${purposeName(trip.purpose)}${trip.countries?.length ? `: ${countriesText(trip, reference)}` : ''}</a>
    <p class="card-facts">${datesText(trip)}</p>
    <p class="card-facts"><${StateBadge} state=${trip.state} />
      ${trip.waiting_for && trip.waiting_for !== 'none' && html` · ${t('trip_waiting_for')}: <strong>${partyName(trip.waiting_for)}</strong>`}</p>
    ${dl && html`<p class=${`card-facts trip-deadline${over ? ' trip-deadline-over' : ''}`}>${over && html`<strong>${t('trip_overdue')}. </strong>`}${dl}</p>`}
  </li>`;
}
