// delegations.js -- delegations travelling abroad (docs/api.md,
// Delegations, Delegations' temporary groups): the list of the reader's
// scope, and one delegation's page with its leader, dates, members' trips
// and its temporary party group or cell, which secretaries and officers
// form before departure and dissolve on return (If-Match on the
// delegation). Whether a group is required is the compliance engine's
// business (rule arrangement.group); this page only shows and records.
import { useState } from '/vendor/hooks.module.js';
import { call } from '../api.js';
import { fmtDate, t } from '../i18n.js';
import { href } from '../router.js';
import { role } from '../session.js';
import { html, LoadError, Loading, useFocusHeading, useLoad } from '../ui.js';
import { TripCard } from './trip-common.js';
import { More, usePaged } from './trips.js';
import { StepForm } from './abroad-common.js';

function groupText(g) {
  if (!g) return t('dg_group_none');
  if (g.dissolved_on) return t('dg_group_dissolved', { from: fmtDate(g.formed_on), to: fmtDate(g.dissolved_on) });
  return t('dg_group_formed', { from: fmtDate(g.formed_on) });
}

function dates(d) {
  return `${d.planned_departure ? fmtDate(d.planned_departure) : '…'} – ${d.planned_return ? fmtDate(d.planned_return) : '…'}`;
}

export function DelegationsPage() {
  const list = usePaged('/delegations', {}, []);
  const headRef = useFocusHeading(!list.first.loading);
  if (list.first.error) return html`<${LoadError} error=${list.first.error} retry=${list.first.reload} />`;
  if (list.first.loading && !list.first.data) return html`<${Loading} />`;
  const items = list.items;
  return html`<section class="delegations-page">
    <h1 tabindex="-1" ref=${headRef}>${t('nav_delegations')}</h1>
    <p class="lead">${t('dg_intro')}</p>
    ${items.length === 0 ? html`<p>${t('dg_none')}</p>` : html`<ul class="cards">${items.map((d) => html`<li key=${d.id} class="card">
      <a class="card-link" href=${href(`/delegations/${d.id}`)}>${d.name}</a>
      <p class="card-facts">${d.unit?.name || ''} · ${dates(d)}</p>
      <p class="card-facts">${t('dg_trips', { n: typeof d.trips === 'number' ? d.trips : (d.trips || []).length })} · ${groupText(d.group)}</p>
    </li>`)}</ul>`}
    <${More} list=${list} />
  </section>`;
}

function Group({ d, reload, setFlash }) {
  const [open, setOpen] = useState(null); // 'form' or 'dissolve'
  const may = ['secretary', 'officer', 'admin'].includes(role());
  const g = d.group;
  const send = (path, msg) => async (body) => {
    await call('POST', `/delegations/${d.id}/${path}`, { body, headers: { 'If-Match': `"${d.version}"` } });
    setOpen(null);
    setFlash(msg);
    reload();
  };
  return html`<section aria-labelledby="dg-group-h" class="dg-group">
    <h2 id="dg-group-h">${t('dg_group_title')}</h2>
    <p class="hint">${t('dg_group_intro')}</p>
    <p class=${g && !g.dissolved_on ? 'dg-formed' : ''}><strong>${groupText(g)}</strong></p>
    ${g?.unit_id && html`<p><a href=${href(`/units/${g.unit_id}`)}>${t('dg_group_unit')}</a></p>`}
    ${may && !open && !g && html`<p><button type="button" class="button" onClick=${() => setOpen('form')}>${t('dg_form')}</button></p>`}
    ${may && !open && g && !g.dissolved_on && html`<p><button type="button" class="button button-secondary" onClick=${() => setOpen('dissolve')}>${t('dg_dissolve')}</button></p>`}
    ${open === 'form' && html`<${StepForm} title=${t('dg_form')} explain=${t('dg_form_explain', { leader: d.leader?.full_name || t('none') })}
      date="on" dateLabel=${t('f_formed_on')} submitLabel=${t('dg_form_save')} onSend=${send('group', t('dg_formed_done'))} onCancel=${() => setOpen(null)} />`}
    ${open === 'dissolve' && html`<${StepForm} title=${t('dg_dissolve')} explain=${t('dg_dissolve_explain')}
      date="on" dateLabel=${t('f_dissolved_on')} submitLabel=${t('dg_dissolve_save')} onSend=${send('group/dissolve', t('dg_dissolved_done'))} onCancel=${() => setOpen(null)} />`}
  </section>`;
}

export function DelegationPage({ id }) {
  const [flash, setFlash] = useState(null);
  const load = useLoad(async () => (await call('GET', `/delegations/${encodeURIComponent(id)}`)).body, [id]);
  const headRef = useFocusHeading(!load.loading && !load.error);
  if (load.error && !load.data) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (!load.data) return html`<${Loading} />`;
  const d = load.data;
  const trips = Array.isArray(d.trips) ? d.trips : [];
  return html`<article class="delegation-page">
    <nav class="breadcrumb" aria-label=${t('breadcrumb_label')}><ol>
      <li><a href="#/delegations">${t('nav_delegations')}</a></li>
      <li><span aria-current="page">${d.name}</span></li>
    </ol></nav>
    <h1 tabindex="-1" ref=${headRef}>${d.name}</h1>
    <dl class="fields">
      <div class="dl-row"><dt>${t('dg_unit')}</dt><dd>${d.unit?.name || ''}</dd></div>
      <div class="dl-row"><dt>${t('dg_leader')}</dt><dd>${d.leader ? html`<a href=${href(`/members/${d.leader.id}`)}>${d.leader.full_name}</a>` : html`<span class="none">${t('none')}</span>`}</dd></div>
      <div class="dl-row"><dt>${t('trip_planned')}</dt><dd>${dates(d)}</dd></div>
    </dl>
    ${flash && html`<p class="alert alert-ok" role="status">${flash}</p>`}
    <${Group} key=${d.version} d=${d} reload=${load.reload} setFlash=${setFlash} />
    <section aria-labelledby="dg-trips-h">
      <h2 id="dg-trips-h">${t('dg_trips_title')}</h2>
      ${trips.length === 0 ? html`<p>${t('trips_none')}</p>`
      : html`<ul class="cards trip-cards">${trips.map((x) => html`<${TripCard} key=${x.id} trip=${x} showMember=${true} />`)}</ul>`}
    </section>
  </article>`;
}
