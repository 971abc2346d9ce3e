// exemptions.js -- temporary exemptions and exemptions from party activity
// (docs/api.md, Exemptions): the list of the reader's scope or of one
// member, expired ones marked; the committee officer's form to grant one
// from a member's page, each refusal explained in plain words with what to
// do instead (a transfer where a unit exists); revoking one (If-Match).
// Which exemptions are allowed and which have expired is the API's.
import { useRef, useState } from '/vendor/hooks.module.js';
import { ApiError, call, qs } from '../api.js';
import { fmtDate, t } from '../i18n.js';
import { href, navigate } from '../router.js';
import { can } from '../session.js';
import { ChoiceField, ErrorSummary, fieldErrors, html, LoadError, Loading, setFlash, takeFlash, TextField, useFocusHeading, useLoad } from '../ui.js';
import { dmyToIso } from './form.js';
import { TextArea, vnToday } from './trip-common.js';
import { More, usePaged } from './trips.js';
import { EXEMPTION_KINDS, exemptionKindName, StepForm, todayDmy } from './abroad-common.js';

// Refusals of a rule (DOMAIN.md) that deserve a word on what to do instead.
const RULE_REFUSALS = ['exemption_unit_exists', 'exemption_unit_attendable', 'exemption_too_long', 'exemption_full_needs_abroad'];

function period(x) {
  return x.ends_on ? t('ex_period', { from: fmtDate(x.starts_on), to: fmtDate(x.ends_on) }) : t('ex_period_open', { from: fmtDate(x.starts_on) });
}

// "Expiring": the dashboard's figure counts those ending within the next
// 30 days, today included (DASHBOARD_EXPIRING_DAYS in service/dashboard.h);
// the list marks the same ones so the figure can be followed.
const EXPIRING_DAYS = 30;

function daysUntil(iso) {
  const [a, b] = [iso, vnToday()].map((d) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)));
  return Math.round((a - b) / 86400000);
}

function ExemptionBadge({ x }) {
  if (x.revoked_on) return html`<span class="badge ex-badge ex-badge-revoked">${t('ex_revoked', { date: fmtDate(x.revoked_on) })}</span>`;
  if (x.expired) return html`<span class="badge ex-badge ex-badge-expired">${t('ex_expired')}</span>`;
  const left = x.ends_on ? daysUntil(x.ends_on) : null;
  if (left !== null && left >= 0 && left < EXPIRING_DAYS) return html`<span class="badge ex-badge ex-badge-expiring">${t('ex_expiring', { n: left })}</span>`;
  return html`<span class="badge ex-badge ex-badge-active">${t('ex_active')}</span>`;
}

// One exemption in a list, with the officer's "revoke" in place.
function ExemptionCard({ x, showMember, onChanged }) {
  const [revoking, setRevoking] = useState(false);
  const revoke = async (body) => {
    await call('POST', `/exemptions/${x.id}/revoke`, { body, headers: { 'If-Match': `"${x.version}"` } });
    setRevoking(false);
    onChanged(t('ex_revoked_done', { name: x.member?.full_name || '' }));
  };
  return html`<li class=${`card ex-card${x.expired && !x.revoked_on ? ' trip-overdue ex-expired' : ''}`}>
    ${showMember && x.member && html`<p class="trip-card-member"><a href=${href(`/members/${x.member.id}`)}>${x.member.full_name}</a></p>`}
    <p class="ex-kind">${exemptionKindName(x.kind)}</p>
    <p class="card-facts"><${ExemptionBadge} x=${x} /> · ${period(x)}</p>
    ${x.reason && html`<p class="card-facts">${t('f_reason')}: ${x.reason}</p>`}
    <p class="card-facts">${t('ex_decided', { number: x.decision_number || t('none'), date: fmtDate(x.decided_on), unit: x.approving_unit?.name || '' })}</p>
    ${x.expired && !x.revoked_on && html`<p class="card-facts trip-deadline-over">${t('ex_expired_note')}</p>`}
    ${can.manage() && !x.revoked_on && !revoking && html`<p><button type="button" class="button button-secondary button-small"
      onClick=${() => setRevoking(true)} aria-label=${t('ex_revoke_for', { name: x.member?.full_name || '' })}>${t('ex_revoke')}</button></p>`}
    ${revoking && html`<${StepForm} title=${t('ex_revoke')} explain=${t('ex_revoke_explain')} date="on"
      dateLabel=${t('f_revoked_on')} submitLabel=${t('ex_revoke_save')} onSend=${revoke} onCancel=${() => setRevoking(false)} />`}
  </li>`;
}

// #/exemptions?member=ID&expired=1
export function ExemptionsPage({ query }) {
  const member = query.get('member') || '';
  const expired = query.get('expired') === '1';
  const unit = query.get('unit') || '';
  const [flash, setFlashState] = useState(takeFlash);
  const list = usePaged('/exemptions', { member, expired: expired ? 1 : '', unit }, [member, expired, unit]);
  const headRef = useFocusHeading(!list.first.loading);
  if (list.first.error) return html`<${LoadError} error=${list.first.error} retry=${list.first.reload} />`;
  if (list.first.loading && !list.first.data) return html`<${Loading} />`;
  const items = list.items;
  const name = member ? items[0]?.member?.full_name : '';
  const changed = (msg) => { setFlashState(msg); list.first.reload(); };
  return html`<section class="exemptions-page">
    <nav class="breadcrumb" aria-label=${t('breadcrumb_label')}><ol>
      <li><a href=${href('/dashboard', { unit })}>${t('nav_dashboard')}</a></li>
      <li><span aria-current="page">${t('nav_exemptions')}</span></li>
    </ol></nav>
    <h1 tabindex="-1" ref=${headRef}>${expired ? t('ex_expired_title') : name ? t('ex_of_member', { name }) : t('nav_exemptions')}</h1>
    <p class="lead">${t('ex_intro')}</p>
    ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
    <p><a href=${href('/exemptions', { member, unit, expired: expired ? undefined : 1 })}>${expired ? t('ex_show_all') : t('ex_show_expired')}</a></p>
    ${member && can.manage() && html`<p><a class="button button-secondary" href=${href('/exemptions/new', { member })}>${t('ex_grant_button')}</a></p>`}
    <p class="result-count" role="status">${t('ex_count', { n: items.length })}</p>
    ${items.length === 0 ? html`<p class="alert alert-ok">${expired ? t('ex_none_expired') : t('ex_none')}</p>`
    : html`<ul class="cards">${items.map((x) => html`<${ExemptionCard} key=${`${x.id}:${x.version}`} x=${x} showMember=${!member} onChanged=${changed} />`)}</ul>`}
    <${More} list=${list} />
  </section>`;
}

const FIELDS = ['kind', 'reason', 'decision_number', 'starts_on', 'ends_on', 'decided_on'];
const DATES = ['starts_on', 'ends_on', 'decided_on'];

// What to do instead, for a refusal of a rule.
function Instead({ errors, memberId }) {
  const codes = (errors || []).map((e) => e.code).filter((c) => RULE_REFUSALS.includes(c));
  if (!codes.length) return null;
  const transfer = codes.some((c) => c === 'exemption_unit_exists' || c === 'exemption_unit_attendable');
  return html`<div class="rules ex-instead">
    <p class="rules-title">${t('ex_instead_title')}</p>
    <ul>${[...new Set(codes)].map((c) => html`<li key=${c}>${t(`ex_help_${c}`)}</li>`)}</ul>
    ${transfer && html`<p><a class="button button-secondary" href=${href('/transfers/new', { member: memberId })}>${t('tr_issue_button')}</a></p>`}
  </div>`;
}

function ExemptionForm({ member }) {
  const [v, setV] = useState({ kind: '', reason: '', decision_number: '', starts_on: todayDmy(), ends_on: '', decided_on: todayDmy() });
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
    if (!v.kind) local.push({ code: 'required', field: 'kind', message: t('ex_pick_kind') });
    const body = { member_id: Number(member.id) };
    for (const f of DATES) {
      if (!v[f].trim()) continue;
      const iso = dmyToIso(v[f]);
      if (!iso) local.push({ code: 'date_format', field: f, message: t('date_format') });
      else body[f] = iso;
    }
    if (local.length) { fail(local); return; }
    body.kind = v.kind;
    for (const f of ['reason', 'decision_number']) if (v[f].trim()) body[f] = v[f].trim();
    setSt({ busy: true, errors: [], failure: null });
    try {
      await call('POST', '/exemptions', { body });
      setFlash(t('ex_granted_done', { name: member.full_name }));
      navigate('/exemptions', { member: member.id });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.errors.length && [400, 409, 422].includes(err.status)) fail(err.errors);
      else fail([], err);
    }
  };
  const err = (f) => fieldErrors(st.errors, f);
  return html`<section class="form-page">
    <nav class="breadcrumb" aria-label=${t('breadcrumb_label')}><ol>
      <li><a href=${href(`/members/${member.id}`)}>${member.full_name}</a></li>
      <li><span aria-current="page">${t('ex_new_title')}</span></li>
    </ol></nav>
    <h1 tabindex="-1" ref=${headRef}>${t('ex_new_title')}</h1>
    <p class="lead">${t('ex_new_for', { name: member.full_name })}</p>
    <div class="rules"><p class="rules-title">${t('ex_rules_title')}</p>
      <ul><li>${t('ex_rule_temporary')}</li><li>${t('ex_rule_full')}</li><li>${t('ex_rule_never')}</li></ul></div>
    <${ErrorSummary} errors=${st.errors} fields=${FIELDS} refEl=${summaryRef} labels=${{ decision_number: t('f_ex_decision_number'), kind: t('f_exemption_kind') }} />
    <${Instead} errors=${st.errors} memberId=${member.id} />
    <form novalidate onSubmit=${submit}>
      <${ChoiceField} name="kind" label=${t('f_exemption_kind')} value=${v.kind} required=${true}
        options=${EXEMPTION_KINDS.map((k) => ({ value: k, label: html`<strong>${exemptionKindName(k)}</strong>: ${t(`ex_kind_what_${k}`)}` }))}
        onInput=${(x) => set('kind', x)} errors=${err('kind')} />
      <${TextArea} name="reason" label=${t('f_reason')} value=${v.reason} required=${true} rows=${3} maxlength=${1000}
        hint=${t('h_ex_reason')} onInput=${(x) => set('reason', x)} errors=${err('reason')} />
      <${TextField} name="decision_number" label=${t('f_ex_decision_number')} value=${v.decision_number} maxlength=${100}
        hint=${t('h_ex_decision_number')} onInput=${(x) => set('decision_number', x)} errors=${err('decision_number')} />
      <${TextField} name="starts_on" label=${t('f_starts_on')} value=${v.starts_on} required=${true} hint=${t('h_date')}
        maxlength=${10} onInput=${(x) => set('starts_on', x)} errors=${err('starts_on')} />
      <${TextField} name="ends_on" label=${t('f_ends_on')} value=${v.ends_on} required=${v.kind === 'temporary'}
        hint=${t('h_ex_ends_on')} maxlength=${10} onInput=${(x) => set('ends_on', x)} errors=${err('ends_on')} />
      <${TextField} name="decided_on" label=${t('f_decided_on')} value=${v.decided_on} hint=${t('h_date')}
        maxlength=${10} onInput=${(x) => set('decided_on', x)} errors=${err('decided_on')} />
      ${st.failure && html`<${LoadError} error=${st.failure} inline=${true} />`}
      <div class="form-actions">
        <button type="submit" class="button" disabled=${st.busy}>${st.busy ? t('trip_sending') : t('ex_grant')}</button>
        <a class="button button-secondary" href=${href(`/members/${member.id}`)}>${t('cancel')}</a>
      </div>
    </form>
  </section>`;
}

// #/exemptions/new?member=ID
export function ExemptionNewPage({ query }) {
  const memberId = query.get('member');
  const load = useLoad(async () => {
    if (!memberId) throw new ApiError(404, null);
    return (await call('GET', `/members/${encodeURIComponent(memberId)}`)).body;
  }, [memberId]);
  if (!can.manage()) return html`<${LoadError} error=${new ApiError(403, { error: { code: 'forbidden' } })} />`;
  if (load.error) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (load.loading || !load.data) return html`<${Loading} />`;
  return html`<${ExemptionForm} member=${load.data} />`;
}

// The member's exemptions, on the member's page.
export function MemberExemptions({ memberId }) {
  const load = useLoad(async () => (await call('GET', `/exemptions${qs({ member: memberId, limit: 20 })}`)).body?.items || [], [memberId]);
  const [flash, setFlashState] = useState(null);
  if (load.error?.status === 403 || load.error?.status === 404) return null;
  const items = load.data || [];
  const changed = (msg) => { setFlashState(msg); load.reload(); };
  return html`<section aria-labelledby="member-exemptions-h">
    <h2 id="member-exemptions-h">${t('nav_exemptions')}</h2>
    ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
    ${load.error ? html`<${LoadError} error=${load.error} inline=${true} retry=${load.reload} />`
    : load.loading && !load.data ? html`<${Loading} />`
      : items.length === 0 ? html`<p>${t('ex_member_none')}</p>`
        : html`<ul class="cards">${items.map((x) => html`<${ExemptionCard} key=${`${x.id}:${x.version}`} x=${x} showMember=${false} onChanged=${changed} />`)}</ul>`}
    ${can.manage() && html`<p><a class="button button-secondary" href=${href('/exemptions/new', { member: memberId })}>${t('ex_grant_button')}</a></p>`}
  </section>`;
}
