// transfers.js -- transfers of party activity (docs/api.md, Transfers):
// the list (addressed to the reader's units -- "incoming", what a cell
// secretary abroad receives -- or sent from them -- "outgoing"), one
// transfer's page (its state, the letter number, the last day to present
// the letter and whether it is late, the steps the reader may take now
// from allowed_actions), and the committee officer's form to issue one
// from a member's page or a trip. Every step sends If-Match; which steps
// are allowed, the deadline and "overdue" are the API's.
import { useRef, useState } from '/vendor/hooks.module.js';
import { ApiError, call, loadAll, qs } from '../api.js';
import { fmtDate, fmtVnTime, t } from '../i18n.js';
import { href, navigate } from '../router.js';
import { can, getSession, role } from '../session.js';
import { ChoiceField, ErrorSummary, fieldErrors, html, LoadError, Loading, setFlash, takeFlash, TextField, useFocusHeading, useLoad } from '../ui.js';
import { dmyToIso } from './form.js';
import { countriesText, datesText, purposeName, TextArea } from './trip-common.js';
import { More, usePaged } from './trips.js';
import { Downloads, ListDownloads } from './downloads.js';
import {
  StepForm, todayDmy, TRANSFER_KINDS, TRANSFER_STATES, TransferBadge, TransferCard, transferActionName,
  transferKindName, transferStateName, unitLabel,
} from './abroad-common.js';

// What each step asks: a date (default today) or a reason (required).
const STEPS = { receive: { date: true }, return: { comment: true }, cancel: { comment: true }, end: { date: true } };
const ORDER = ['receive', 'end', 'return', 'cancel'];
const QUIET = new Set(['return', 'cancel']);

function actOn(transfer, action, body) {
  return call('POST', `/transfers/${transfer.id}/actions/${encodeURIComponent(action)}`,
    { body, headers: { 'If-Match': `"${transfer.version}"` } });
}

// The steps the reader may take on one transfer, as buttons; one opens
// its form in place.
export function TransferSteps({ transfer, onDone, compact }) {
  const [open, setOpen] = useState(null);
  const allowed = (Array.isArray(transfer.allowed_actions) ? transfer.allowed_actions : [])
    .filter((a) => STEPS[a]).sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  if (!allowed.length) return null;
  if (open) {
    const spec = STEPS[open];
    return html`<${StepForm} key=${open} title=${transferActionName(open)} explain=${t(`tr_explain_${open}`)}
      date=${spec.date} comment=${spec.comment} submitLabel=${t('trip_confirm', { action: transferActionName(open) })}
      onSend=${async (body) => { await actOn(transfer, open, body); setOpen(null); onDone(open); }}
      onCancel=${() => setOpen(null)} />`;
  }
  return html`<ul class=${`actions-row${compact ? ' actions-compact' : ''}`}>${allowed.map((a) => html`<li key=${a}>
    <button type="button" class=${`button${QUIET.has(a) ? ' button-secondary' : ''}`} onClick=${() => setOpen(a)}
      aria-label=${compact ? t('tr_act_for', { action: transferActionName(a), name: transfer.member?.full_name || '', number: transfer.letter_number || '' }) : undefined}>${transferActionName(a)}</button>
  </li>`)}</ul>`;
}

function Filters({ direction, state }) {
  const [v, setV] = useState({ direction, state });
  return html`<form class="filters" onSubmit=${(e) => { e.preventDefault(); navigate('/transfers', { direction: v.direction || 'any', state: v.state || 'all' }); }}>
    <h2>${t('cp_filters')}</h2>
    <div class="field">
      <label for="f-direction">${t('tr_direction')}</label>
      <select id="f-direction" value=${v.direction} onChange=${(e) => setV((s) => ({ ...s, direction: e.currentTarget.value }))}>
        <option value="">${t('tr_direction_any')}</option>
        <option value="incoming">${t('tr_direction_incoming')}</option>
        <option value="outgoing">${t('tr_direction_outgoing')}</option>
      </select>
    </div>
    <div class="field">
      <label for="f-state">${t('tr_state')}</label>
      <select id="f-state" value=${v.state} onChange=${(e) => setV((s) => ({ ...s, state: e.currentTarget.value }))}>
        <option value="open">${t('tr_state_open')}</option>
        <option value="">${t('tr_state_all')}</option>
        ${TRANSFER_STATES.filter((x) => x !== 'issued').map((x) => html`<option key=${x} value=${x}>${transferStateName(x)}</option>`)}
      </select>
    </div>
    <p><button type="submit" class="button button-secondary">${t('dash_unit_show')}</button></p>
  </form>`;
}

// #/transfers?direction=incoming|outgoing|any&state=open|all|STATE&unit=&member=
// A secretary opens on what waits for the cell (incoming, in transit).
export function TransfersPage({ query }) {
  const dq = query.get('direction');
  const direction = dq === 'any' ? '' : dq || (role() === 'secretary' ? 'incoming' : '');
  const sq = query.get('state');
  const state = sq === 'all' ? '' : sq || 'open';
  const unit = query.get('unit') || '';
  const member = query.get('member') || '';
  const [flash, setFlashState] = useState(takeFlash);
  const list = usePaged('/transfers', { direction, state, unit, member }, [direction, state, unit, member]);
  const headRef = useFocusHeading(!list.first.loading);
  if (list.first.error) return html`<${LoadError} error=${list.first.error} retry=${list.first.reload} />`;
  if (list.first.loading && !list.first.data) return html`<${Loading} />`;
  const items = list.items;
  const over = items.filter((x) => x.overdue).length;
  const title = direction === 'incoming' ? t('tr_incoming_title') : direction === 'outgoing' ? t('tr_outgoing_title') : t('nav_transfers');
  const done = (action) => { setFlashState(t('trip_done', { action: transferActionName(action) })); list.first.reload(); };
  return html`<section class="transfers-page">
    <h1 tabindex="-1" ref=${headRef}>${title}</h1>
    <p class="lead">${t(direction === 'incoming' ? 'tr_incoming_intro' : 'tr_list_intro')}</p>
    ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
    <ul class="actions-row tabs">
      <li><a class="button button-secondary" aria-current=${direction === 'incoming' ? 'page' : undefined}
        href=${href('/transfers', { direction: 'incoming', state: 'open' })}>${t('tr_tab_incoming')}</a></li>
      <li><a class="button button-secondary" aria-current=${direction === 'outgoing' ? 'page' : undefined}
        href=${href('/transfers', { direction: 'outgoing', state: 'open' })}>${t('tr_tab_outgoing')}</a></li>
    </ul>
    <${Filters} key=${`${direction}:${state}`} direction=${direction} state=${state} />
    <p class="result-count" role="status">${t('tr_count', { n: items.length })}${over ? ` ${t('tr_count_overdue', { n: over })}` : ''}</p>
    ${items.length === 0 ? html`<p class="alert alert-ok">${direction === 'incoming' ? t('tr_none_incoming') : t('tr_none')}</p>`
    : html`<ul class="cards">${items.map((x) => html`<${TransferCard} key=${`${x.id}:${x.version}`} transfer=${x}>
        <${TransferSteps} transfer=${x} compact=${true} onDone=${done} />
      <//>`)}</ul>`}
    <${More} list=${list} />
    ${items.length > 0 && !member && html`<${ListDownloads} what="transfers" params=${{ unit, state, direction }} />`}
  </section>`;
}

function Row({ label, children }) {
  return html`<div class="dl-row"><dt>${label}</dt><dd>${children}</dd></div>`;
}

// #/transfers/ID
export function TransferPage({ id }) {
  const [flash, setFlashState] = useState(takeFlash);
  const load = useLoad(async () => {
    const r = await call('GET', `/transfers/${encodeURIComponent(id)}`);
    // The receiving side sees the member's name, not the record.
    const member = r.body?.member?.id && role() !== 'member'
      ? await call('GET', `/members/${encodeURIComponent(r.body.member.id)}`).then(() => true, () => false) : false;
    return { x: r.body, memberLink: member };
  }, [id]);
  const headRef = useFocusHeading(!load.loading && !load.error);
  if (load.error && !load.data) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (!load.data) return html`<${Loading} />`;
  const { x, memberLink } = load.data;
  const some = (v) => v !== null && v !== undefined && v !== '';
  const done = (action) => { setFlashState(t('trip_done', { action: transferActionName(action) })); load.reload(); };
  return html`<article class="transfer-page">
    <nav class="breadcrumb" aria-label=${t('breadcrumb_label')}><ol>
      <li><a href="#/transfers">${t('nav_transfers')}</a></li>
      <li><span aria-current="page">${t('tr_letter_short', { number: x.letter_number || x.id })}</span></li>
    </ol></nav>
    ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
    <h1 tabindex="-1" ref=${headRef}>${t('tr_title', { kind: transferKindName(x.kind) })}</h1>
    <p class="lead">${memberLink ? html`<a href=${href(`/members/${x.member.id}`)}>${x.member.full_name}</a>` : x.member?.full_name}</p>
    <div class=${`trip-standing${x.overdue ? ' trip-overdue' : ''}`}>
      <p><${TransferBadge} transfer=${x} /></p>
      <dl class="fields">
        <${Row} label=${t('f_letter_number')}><strong class="big-code">${x.letter_number || ''}</strong><//>
        <${Row} label=${t('tr_next_step')}>${t(`tr_next_${x.state}`)}<//>
        ${x.state === 'issued' && x.receive_due && html`<${Row} label=${t('tr_receive_due')}><span class=${x.overdue ? 'trip-deadline-over' : ''}>${x.overdue && html`<strong>${t('tr_overdue')}. </strong>`}${fmtDate(x.receive_due)}</span><//>`}
      </dl>
    </div>
    <section class="trip-actions" aria-labelledby="tr-actions-h">
      <h2 id="tr-actions-h">${t('trip_actions_title')}</h2>
      ${(x.allowed_actions || []).length ? html`<${TransferSteps} key=${x.version} transfer=${x} onDone=${done} />` : html`<p>${t('tr_no_actions')}</p>`}
    </section>
    <section aria-labelledby="tr-details-h">
      <h2 id="tr-details-h">${t('tr_details')}</h2>
      <dl class="fields">
        <${Row} label=${t('f_transfer_kind')}>${transferKindName(x.kind)}${x.back ? ` (${t('tr_back')})` : ''}<//>
        <${Row} label=${t('f_from_unit')}>${unitLabel(x.from_unit)}${x.from_unit?.code ? html` <span class="code muted">(${x.from_unit.code})</span>` : ''}<//>
        <${Row} label=${t('f_to_unit')}>${unitLabel(x.to_unit)}${x.to_unit?.code ? html` <span class="code muted">(${x.to_unit.code})</span>` : ''}<//>
        ${some(x.trip_id) && html`<${Row} label=${t('f_trip')}><a href=${href(`/trips/${x.trip_id}`)}>${t('cp_open_trip')}</a><//>`}
        <${Row} label=${t('f_issued_on')}>${fmtDate(x.issued_on)}${x.issued_by ? ` · ${x.issued_by}` : ''}<//>
        ${some(x.received_on) && html`<${Row} label=${t('f_received_on')}>${fmtDate(x.received_on)}${x.received_by ? ` · ${x.received_by}` : ''}<//>`}
        ${some(x.returned_on) && html`<${Row} label=${t('f_returned_on')}>${fmtDate(x.returned_on)}<//>`}
        ${some(x.cancelled_on) && html`<${Row} label=${t('f_cancelled_on')}>${fmtDate(x.cancelled_on)}<//>`}
        ${some(x.ended_on) && html`<${Row} label=${t('f_ended_on')}>${fmtDate(x.ended_on)}<//>`}
        ${some(x.note) && html`<${Row} label=${t('f_note')}>${x.note}<//>`}
      </dl>
      <p class="muted">${t('profile_updated', { when: fmtVnTime(x.updated_at) })}</p>
    </section>
    ${x.state !== 'cancelled' && html`<section aria-labelledby="tr-print-h">
      <h2 id="tr-print-h">${t('trip_print_title')}</h2>
      <${Downloads} files=${[{ key: 'letter', label: t('doc_pdf_letter'), path: `/transfers/${encodeURIComponent(x.id)}/letter`, name: `transfer-${x.id}-letter.pdf` }]} />
    </section>`}
  </article>`;
}

// ---- issuing a transfer ----

const FIELDS = ['kind', 'to_unit_id', 'to_unit_code', 'trip_id', 'issued_on', 'note'];

// Units that may receive, as the reader can name them: the units abroad of
// the reader's scope, the units earlier transfers went to (often outside
// the scope), and the other units of the scope; anything else by its code.
async function receivingUnits(memberUnitId) {
  const roots = (await call('GET', '/units')).body?.items || [];
  let all = [];
  for (const r of roots) all = all.concat(await loadAll(`/units/${r.id}/subtree`).catch(() => []));
  all = all.filter((u) => !u.dissolved_on && u.id !== memberUnitId);
  const past = await call('GET', `/transfers${qs({ direction: 'outgoing', limit: 100 })}`).then((r) => r.body?.items || [], () => []);
  const seen = new Set(all.map((u) => u.id));
  const earlier = [];
  for (const x of past) {
    if (x.to_unit?.id && !seen.has(x.to_unit.id)) { seen.add(x.to_unit.id); earlier.push(x.to_unit); }
  }
  return {
    abroad: all.filter((u) => u.country),
    earlier,
    home: all.filter((u) => !u.country),
  };
}

function UnitPick({ units, value, code, onPick, onCode, errors }) {
  const bad = errors?.length > 0;
  const opt = (u) => html`<option key=${u.id} value=${String(u.id)}>${unitLabel(u)}${u.code ? ` · ${u.code}` : ''}</option>`;
  return html`<div class=${`field${bad ? ' field-invalid' : ''}`}>
    <label for="f-to_unit_id">${t('f_to_unit')} <span class="req">(${t('required')})</span></label>
    <p class="hint" id="f-to_unit_id-hint">${t('h_to_unit')}</p>
    ${bad && html`<p class="field-error" id="f-to_unit_id-error"><span class="field-error-prefix">${t('error_prefix')} </span>${errors.join(' ')}</p>`}
    <select id="f-to_unit_id" value=${value} aria-invalid=${bad ? 'true' : undefined}
      aria-describedby=${bad ? 'f-to_unit_id-hint f-to_unit_id-error' : 'f-to_unit_id-hint'} onChange=${(e) => onPick(e.currentTarget.value)}>
      <option value="">${t('tr_unit_choose')}</option>
      ${units.abroad.length > 0 && html`<optgroup label=${t('tr_units_abroad')}>${units.abroad.map(opt)}</optgroup>`}
      ${units.earlier.length > 0 && html`<optgroup label=${t('tr_units_earlier')}>${units.earlier.map(opt)}</optgroup>`}
      ${units.home.length > 0 && html`<optgroup label=${t('tr_units_home')}>${units.home.map(opt)}</optgroup>`}
      <option value="code">${t('tr_unit_by_code')}</option>
    </select>
    ${value === 'code' && html`<div class="subform">
      <${TextField} name="to_unit_code" label=${t('f_to_unit_code')} value=${code} required=${true} hint=${t('h_to_unit_code')}
        maxlength=${64} autocapitalize="characters" spellcheck=${false} onInput=${onCode} />
    </div>`}
  </div>`;
}

function TransferForm({ member, trips, units, tripId }) {
  const [v, setV] = useState({ kind: '', to: '', code: '', trip: tripId || '', issued_on: todayDmy(), note: '' });
  const set = (k, x) => setV((s) => ({ ...s, [k]: x }));
  const [st, setSt] = useState({ busy: false, errors: [], failure: null });
  const summaryRef = useRef(null);
  const headRef = useFocusHeading(true);
  const fail = (errors, failure = null) => {
    setSt({ busy: false, errors, failure });
    if (errors.length) setTimeout(() => summaryRef.current?.focus(), 0);
  };
  const submit = async (e) => {
    e.preventDefault();
    const local = [];
    if (!v.kind) local.push({ code: 'required', field: 'kind', message: t('tr_pick_kind') });
    if (!v.to || (v.to === 'code' && !v.code.trim())) local.push({ code: 'required', field: 'to_unit_id', message: t('tr_pick_unit') });
    const iso = dmyToIso(v.issued_on);
    if (!iso) local.push({ code: 'date_format', field: 'issued_on', message: t('date_format') });
    if (local.length) { fail(local); return; }
    const body = { member_id: Number(member.id), kind: v.kind, issued_on: iso };
    if (v.to === 'code') body.to_unit_code = v.code.trim();
    else body.to_unit_id = Number(v.to);
    if (v.trip) body.trip_id = Number(v.trip);
    if (v.note.trim()) body.note = v.note.trim();
    setSt({ busy: true, errors: [], failure: null });
    try {
      const r = await call('POST', '/transfers', { body });
      setFlash(t('tr_issued_done', { number: r.body?.letter_number || '' }));
      navigate(`/transfers/${r.body.id}`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      const errs = err.errors.map((x) => (x.field === 'to_unit_code' ? { ...x, field: 'to_unit_id' } : x));
      if (errs.length && [400, 409, 422].includes(err.status)) fail(errs);
      else fail([], err);
    }
  };
  const err = (f) => fieldErrors(st.errors, f);
  return html`<section class="form-page">
    <nav class="breadcrumb" aria-label=${t('breadcrumb_label')}><ol>
      <li><a href=${href(`/members/${member.id}`)}>${member.full_name}</a></li>
      <li><span aria-current="page">${t('tr_new_title')}</span></li>
    </ol></nav>
    <h1 tabindex="-1" ref=${headRef}>${t('tr_new_title')}</h1>
    <p class="lead">${t('tr_new_for', { name: member.full_name, unit: member.unit?.name || '' })}</p>
    <p>${t('tr_new_intro')}</p>
    <${ErrorSummary} errors=${st.errors} fields=${FIELDS} refEl=${summaryRef} />
    <form novalidate onSubmit=${submit}>
      <${ChoiceField} name="kind" label=${t('f_transfer_kind')} value=${v.kind} required=${true}
        options=${TRANSFER_KINDS.map((k) => ({ value: k, label: html`<strong>${transferKindName(k)}</strong>: ${t(`tr_kind_what_${k}`)}` }))}
        onInput=${(x) => set('kind', x)} errors=${err('kind')} />
      <${UnitPick} units=${units} value=${v.to} code=${v.code} onPick=${(x) => set('to', x)} onCode=${(x) => set('code', x)}
        errors=${err('to_unit_id')} />
      ${trips.length > 0 && html`<div class=${`field${err('trip_id').length ? ' field-invalid' : ''}`}>
        <label for="f-trip_id">${t('f_trip')}</label>
        <p class="hint" id="f-trip_id-hint">${t('h_transfer_trip')}</p>
        <select id="f-trip_id" value=${v.trip} aria-describedby="f-trip_id-hint" onChange=${(e) => set('trip', e.currentTarget.value)}>
          <option value="">${t('tr_no_trip')}</option>
          ${trips.map((x) => html`<option key=${x.id} value=${String(x.id)}>${purposeName(x.purpose)}: ${countriesText(x)} · ${datesText(x)}</option>`)}
        </select>
      </div>`}
      <${TextField} name="issued_on" label=${t('f_issued_on')} value=${v.issued_on} required=${true} hint=${t('h_date')}
        maxlength=${10} onInput=${(x) => set('issued_on', x)} errors=${err('issued_on')} />
      <${TextArea} name="note" label=${t('f_note')} value=${v.note} rows=${3} maxlength=${1000}
        onInput=${(x) => set('note', x)} errors=${err('note')} />
      ${st.failure && html`<${LoadError} error=${st.failure} inline=${true} />`}
      <div class="form-actions">
        <button type="submit" class="button" disabled=${st.busy}>${st.busy ? t('trip_sending') : t('tr_issue')}</button>
        <a class="button button-secondary" href=${href(`/members/${member.id}`)}>${t('cancel')}</a>
      </div>
    </form>
  </section>`;
}

// #/transfers/new?member=ID(&trip=ID)
export function TransferNewPage({ query }) {
  const memberId = query.get('member');
  const tripId = query.get('trip') || '';
  const load = useLoad(async () => {
    if (!memberId) throw new ApiError(404, null);
    const m = (await call('GET', `/members/${encodeURIComponent(memberId)}`)).body;
    const [trips, units] = await Promise.all([
      call('GET', `/trips${qs({ member: memberId, limit: 50 })}`).then((r) => (r.body?.items || [])
        .filter((x) => !['withdrawn', 'refused', 'cancelled', 'draft'].includes(x.state) || String(x.id) === tripId), () => []),
      receivingUnits(m.unit?.id),
    ]);
    return { m, trips, units };
  }, [memberId]);
  if (!can.manage()) return html`<${LoadError} error=${new ApiError(403, { error: { code: 'forbidden' } })} />`;
  if (load.error) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (load.loading || !load.data) return html`<${Loading} />`;
  return html`<${TransferForm} member=${load.data.m} trips=${load.data.trips} units=${load.data.units} tripId=${tripId} />`;
}

// The transfers of one member, on the member's page, with the officer's
// button to issue one.
export function MemberTransfers({ memberId }) {
  const load = useLoad(async () => (await call('GET', `/transfers${qs({ member: memberId, limit: 20 })}`)).body?.items || [], [memberId]);
  if (load.error?.status === 403 || load.error?.status === 404) return null;
  const items = load.data || [];
  const user = getSession().user;
  return html`<section aria-labelledby="member-transfers-h">
    <h2 id="member-transfers-h">${t('nav_transfers')}</h2>
    <p class="hint">${t('tr_member_intro')}</p>
    ${load.error ? html`<${LoadError} error=${load.error} inline=${true} retry=${load.reload} />`
    : load.loading && !load.data ? html`<${Loading} />`
      : items.length === 0 ? html`<p>${t('tr_member_none')}</p>`
        : html`<ul class="cards">${items.map((x) => html`<${TransferCard} key=${x.id} transfer=${x} />`)}</ul>`}
    ${can.manage() && user && html`<p><a class="button button-secondary" href=${href('/transfers/new', { member: memberId })}>${t('tr_issue_button')}</a></p>`}
  </section>`;
}
