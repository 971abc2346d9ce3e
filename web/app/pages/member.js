// member.js -- one member's profile: every field with a readable label, the
// warnings explained, the history of the member's units, and for staff the
// member's transfers, exemptions and disciplinary reviews. Read only; the
// "Edit" button (for the roles that may change records) leads to the form,
// and officers find there the buttons to issue a transfer or grant an
// exemption.
// A member reading their own record sees no links to unit pages.
import { useState } from '/vendor/hooks.module.js';
import { call } from '../api.js';
import { fmtDate, fmtTime, t } from '../i18n.js';
import { href } from '../router.js';
import { can, role } from '../session.js';
import { Breadcrumb, html, LoadError, Loading, StatusBadge, takeFlash, useFocusHeading, useLoad } from '../ui.js';
import { ReviewsSection } from './reviews.js';
import { MemberTransfers } from './transfers.js';
import { MemberExemptions } from './exemptions.js';

function Row({ label, children }) {
  return html`<div class="dl-row"><dt>${label}</dt><dd>${children}</dd></div>`;
}

// A unit's name: a link to its page for those who may see unit pages.
function UnitName({ id, name }) {
  return can.browse() ? html`<a href=${href(`/units/${id}`)}>${name}</a>` : html`<span>${name}</span>`;
}

function orNone(v) {
  return v === null || v === undefined || v === '' ? html`<span class="none">${t('none')}</span>` : v;
}

// The kind of a period in the history: official or temporary membership.
function periodKind(kind) {
  const s = t(`period_${kind}`);
  return s.startsWith('period_') ? kind : s;
}

function warningText(code) {
  const known = { cccd_foreign: 'warn_cccd_foreign', cccd_missing: 'warn_cccd_missing' };
  return known[code] ? t(known[code]) : t('warn_unknown', { code });
}

export function ProfilePage({ id }) {
  const [flash] = useState(takeFlash);
  const load = useLoad(async () => {
    const enc = encodeURIComponent(id);
    const [m, units] = await Promise.all([
      call('GET', `/members/${enc}`),
      call('GET', `/members/${enc}/units`).then((r) => r.body?.items || []).catch(() => null),
    ]);
    let ancestors = [];
    if (m.body?.unit?.id && role() !== 'member') {
      ancestors = await call('GET', `/units/${encodeURIComponent(m.body.unit.id)}`)
        .then((r) => (r.body?.ancestors || []).filter((a) => a.id !== m.body.unit.id).concat([m.body.unit]))
        .catch(() => [m.body.unit]);
    }
    return { m: m.body, units, ancestors };
  }, [id]);
  const headRef = useFocusHeading(!load.loading && !load.error);
  if (load.error) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (load.loading && !load.data) return html`<${Loading} />`;
  const { m, units, ancestors } = load.data;
  const warnings = Array.isArray(m.warnings) ? m.warnings : [];
  return html`<article class="profile">
    <${Breadcrumb} items=${ancestors} current=${m.full_name} />
    ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
    <h1 tabindex="-1" ref=${headRef}>${m.full_name}</h1>
    <p class="facts"><${StatusBadge} status=${m.status} />${m.unit && html` · ${m.unit.name}`}</p>
    ${can.edit() && html`<p><a class="button" href=${href(`/members/${m.id}/edit`)}>${t('profile_edit')}</a></p>`}
    ${warnings.length > 0 && html`<div class="alert alert-warn">
      <h2 class="alert-title">${t('warnings_title')}</h2>
      <ul>${warnings.map((w) => html`<li key=${w}>${warningText(w)}</li>`)}</ul>
    </div>`}
    <section aria-labelledby="personal-h">
      <h2 id="personal-h">${t('profile_personal')}</h2>
      <dl class="fields">
        <${Row} label=${t('f_full_name')}>${m.full_name}<//>
        <${Row} label=${t('f_sex')}>${m.sex ? t(`sex_${m.sex}`) : orNone(null)}<//>
        <${Row} label=${t('f_birth_date')}>${orNone(fmtDate(m.birth_date))}<//>
        <${Row} label=${t('f_cccd')}><span class="code">${orNone(m.cccd)}</span><//>
        <${Row} label=${t('f_born_abroad')}>${m.born_abroad ? t('yes') : t('no')}<//>
        <${Row} label=${t('f_cmnd')}><span class="code">${orNone(m.cmnd)}</span><//>
        <${Row} label=${t('f_phone')}>${m.phone ? html`<a href=${`tel:${m.phone}`}>${m.phone}</a>` : orNone(null)}<//>
        <${Row} label=${t('f_email')}>${m.email ? html`<a href=${`mailto:${m.email}`}>${m.email}</a>` : orNone(null)}<//>
      </dl>
    </section>
    <section aria-labelledby="party-h">
      <h2 id="party-h">${t('profile_party')}</h2>
      <dl class="fields">
        <${Row} label=${t('f_status')}><${StatusBadge} status=${m.status} /><//>
        <${Row} label=${t('f_status_date')}>${orNone(fmtDate(m.status_date))}<//>
        <${Row} label=${t('f_unit')}>${m.unit ? html`<${UnitName} id=${m.unit.id} name=${m.unit.name} /> <span class="code">(${m.unit.code})</span>` : orNone(null)}<//>
        <${Row} label=${t('f_card_number')}><span class="code">${orNone(m.card_number)}</span><//>
        <${Row} label=${t('f_record_number')}><span class="code">${orNone(m.record_number)}</span><//>
        <${Row} label=${t('f_admitted_on')}>${orNone(fmtDate(m.admitted_on))}<//>
        <${Row} label=${t('f_official_on')}>${orNone(fmtDate(m.official_on))}<//>
      </dl>
    </section>
    <section aria-labelledby="history-h">
      <h2 id="history-h">${t('profile_history')}</h2>
      ${!units || units.length === 0 ? html`<p>${t('history_empty')}</p>` : html`<table class="stack">
        <thead><tr><th scope="col">${t('history_unit')}</th><th scope="col">${t('history_from')}</th><th scope="col">${t('history_to')}</th></tr></thead>
        <tbody>${units.map((p, i) => html`<tr key=${i}>
          <td data-label=${t('history_unit')} class="cell-main"><${UnitName} id=${p.unit_id} name=${p.unit_name} />${p.kind && html` <span class="muted">(${periodKind(p.kind)})</span>`}</td>
          <td data-label=${t('history_from')}>${fmtDate(p.start_date)}</td>
          <td data-label=${t('history_to')}>${p.end_date ? fmtDate(p.end_date) : t('history_now')}</td>
        </tr>`)}</tbody>
      </table>`}
    </section>
    <section aria-labelledby="trips-h">
      <h2 id="trips-h">${t('profile_trips')}</h2>
      <ul class="actions-row">
        <li><a class="button button-secondary" href=${role() === 'member' ? '#/trips' : href('/trips', { member: m.id })}>${t('profile_trips_list')}</a></li>
        ${['secretary', 'officer'].includes(role()) && html`<li><a class="button button-secondary" href=${href('/trips/new', { member: m.id })}>${t('profile_trip_new')}</a></li>`}
      </ul>
    </section>
    ${role() !== 'member' && html`<${MemberTransfers} memberId=${m.id} />`}
    ${role() !== 'member' && html`<${MemberExemptions} memberId=${m.id} />`}
    ${role() !== 'member' && html`<${ReviewsSection} memberId=${m.id} />`}
    ${can.accounts() && html`<p><a href=${href('/users/new', { member: m.id })}>${t('profile_make_account')}</a></p>`}
    <p class="muted">${t('profile_updated', { when: fmtTime(m.updated_at) })}</p>
  </article>`;
}
