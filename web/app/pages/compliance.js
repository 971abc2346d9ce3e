// compliance.js -- what the compliance engine finds (GET /compliance) and
// the alerts the daily scan keeps (GET /alerts). Findings can be narrowed
// to one rule, to violations or obligations, or to the rules behind the
// dashboard's headline; each names the member and links to the member's
// record and to the trip, transfer or exemption it is about. Officers may
// run the scan now (POST /alerts/scan). Judges nothing itself: every
// finding, date and count is the API's.
import { useState } from '/vendor/hooks.module.js';
import { ApiError, call, qs } from '../api.js';
import { fmtDate, fmtVnTime, t } from '../i18n.js';
import { href, navigate } from '../router.js';
import { can } from '../session.js';
import { ErrorSummary, html, LoadError, Loading, TextField, useFocusHeading, useLoad } from '../ui.js';
import { dmyToIso } from './form.js';
import { More, usePaged } from './trips.js';
import { HEADLINE_RULES, isoToDmy, partyName, RULES, ruleName } from './abroad-common.js';
import { ListDownloads } from './downloads.js';

// The links of one finding or alert: the member, then what it is about.
function Links({ x }) {
  return html`<ul class="finding-links">
    ${x.member?.id && html`<li><a href=${href(`/members/${x.member.id}`)}>${t('cp_member_record', { name: x.member.full_name || '' })}</a></li>`}
    ${x.trip_id && html`<li><a href=${href(`/trips/${x.trip_id}`)}>${t('cp_open_trip')}</a></li>`}
    ${x.transfer_id && html`<li><a href=${href(`/transfers/${x.transfer_id}`)}>${t('cp_open_transfer')}</a></li>`}
    ${x.exemption_id && html`<li><a href=${href('/exemptions', { member: x.member?.id })}>${t('cp_open_exemption')}</a></li>`}
  </ul>`;
}

function KindBadge({ kind }) {
  return html`<span class=${`badge cp-badge cp-badge-${kind}`}>${kind === 'violation' ? t('cp_violation') : t('cp_obligation')}</span>`;
}

function Finding({ x }) {
  return html`<li class=${`card finding${x.kind === 'violation' ? ' trip-overdue' : ''}`}>
    <p class="card-facts"><${KindBadge} kind=${x.kind} /></p>
    <p class="finding-rule">${x.rule_name || ruleName(x.rule)}</p>
    <p class="trip-card-member">${x.member?.full_name || ''}</p>
    <p class="card-facts">${t('cp_party')}: <strong>${partyName(x.party)}</strong>
      ${x.due && html` · ${t('cp_due', { date: fmtDate(x.due) })}`}
      ${x.kind === 'violation' && x.since && html` · <span class="trip-deadline-over">${t('cp_since', { date: fmtDate(x.since) })}</span>`}</p>
    <${Links} x=${x} />
  </li>`;
}

function Filters({ q }) {
  const [v, setV] = useState({ rule: q.rule, kind: q.kind, as_of: isoToDmy(q.as_of) });
  const [errs, setErrs] = useState([]);
  const go = (e) => {
    e.preventDefault();
    const asOf = v.as_of.trim() ? dmyToIso(v.as_of) : '';
    if (asOf === null) { setErrs([{ code: 'date_format', field: 'as_of', message: t('date_format') }]); return; }
    navigate('/compliance', { unit: q.unit, rule: v.rule === 'headline' ? undefined : v.rule, rules: v.rule === 'headline' ? 'headline' : undefined, kind: v.kind, as_of: asOf });
  };
  return html`<form class="filters" onSubmit=${go}>
    <h2>${t('cp_filters')}</h2>
    <${ErrorSummary} errors=${errs} fields=${['as_of']} />
    <div class="field">
      <label for="f-rule">${t('cp_rule')}</label>
      <select id="f-rule" value=${v.rule} onChange=${(e) => setV((s) => ({ ...s, rule: e.currentTarget.value }))}>
        <option value="">${t('cp_rule_all')}</option>
        <option value="headline">${t('dash_headline')}</option>
        ${RULES.map((r) => html`<option key=${r} value=${r}>${ruleName(r)}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="f-kind">${t('cp_kind')}</label>
      <select id="f-kind" value=${v.kind} onChange=${(e) => setV((s) => ({ ...s, kind: e.currentTarget.value }))}>
        <option value="">${t('cp_kind_all')}</option>
        <option value="violation">${t('cp_kind_violation')}</option>
        <option value="obligation">${t('cp_kind_obligation')}</option>
      </select>
    </div>
    <${TextField} name="as_of" label=${t('f_as_of')} value=${v.as_of} hint=${t('h_as_of')} maxlength=${10}
      onInput=${(x) => setV((s) => ({ ...s, as_of: x }))} errors=${errs.map((x) => x.message)} />
    <p><button type="submit" class="button button-secondary">${t('dash_unit_show')}</button></p>
  </form>`;
}

export function CompliancePage({ query }) {
  const q = {
    unit: query.get('unit') || '', rule: query.get('rule') || '', kind: query.get('kind') || '',
    as_of: query.get('as_of') || '', headline: query.get('rules') === 'headline',
  };
  const load = useLoad(async () => {
    const r = await call('GET', `/compliance${qs({ unit: q.unit, as_of: q.as_of, rule: q.headline ? '' : q.rule })}`);
    return r.body;
  }, [q.unit, q.rule, q.as_of, q.headline]);
  const headRef = useFocusHeading(!load.loading && !load.error);
  if (load.error) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (load.loading && !load.data) return html`<${Loading} />`;
  const d = load.data;
  let items = Array.isArray(d.items) ? d.items : [];
  if (q.headline) items = items.filter((x) => HEADLINE_RULES.includes(x.rule) && x.kind === 'violation');
  if (q.kind) items = items.filter((x) => x.kind === q.kind);
  items = items.slice().sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'violation' ? -1 : 1));
  const title = q.headline ? t('dash_headline') : q.rule ? ruleName(q.rule) : t('nav_compliance');
  return html`<section class="compliance-page">
    <nav class="breadcrumb" aria-label=${t('breadcrumb_label')}><ol>
      <li><a href=${href('/dashboard', { unit: q.unit })}>${t('nav_dashboard')}</a></li>
      <li><span aria-current="page">${t('nav_compliance')}</span></li>
    </ol></nav>
    <h1 tabindex="-1" ref=${headRef}>${title}</h1>
    <p class="lead">${t('cp_intro', { date: fmtDate(d.as_of) })}</p>
    ${q.headline && html`<p class="rules">${t('dash_headline_note')}</p>`}
    <dl class="fields cp-summary">
      <div class="dl-row"><dt>${t('cp_members_checked')}</dt><dd>${d.members_checked ?? 0}</dd></div>
      <div class="dl-row"><dt>${t('cp_members_abroad')}</dt><dd>${d.members_abroad ?? 0}</dd></div>
      <div class="dl-row"><dt>${t('dash_headline')}</dt><dd><strong>${d.abroad_without_arrangement ?? 0}</strong></dd></div>
      <div class="dl-row"><dt>${t('dash_violations')}</dt><dd>${d.violations ?? 0}</dd></div>
      <div class="dl-row"><dt>${t('dash_obligations')}</dt><dd>${d.obligations ?? 0}</dd></div>
    </dl>
    <${Filters} q=${{ ...q, rule: q.headline ? 'headline' : q.rule }} />
    <h2>${t('cp_findings')}</h2>
    <p class="result-count" role="status">${t('cp_count', { n: items.length })}</p>
    ${items.length === 0 ? html`<p class="alert alert-ok">${t('cp_none')}</p>`
    : html`<ul class="cards">${items.map((x, i) => html`<${Finding} key=${i} x=${x} />`)}</ul>`}
    <p><a href=${href('/alerts', { unit: q.unit })}>${t('nav_alerts')}</a></p>
  </section>`;
}

function Alert({ x }) {
  const open = !x.resolved_at;
  return html`<li class=${`card finding${open ? ' trip-overdue' : ''}`}>
    <p class="card-facts"><span class=${`badge cp-badge cp-badge-${open ? 'violation' : 'resolved'}`}>${open ? t('al_open') : t('al_resolved')}</span></p>
    <p class="finding-rule">${x.rule_name || ruleName(x.rule)}</p>
    <p class="trip-card-member">${x.member?.full_name || ''}</p>
    <p class="card-facts">${t('cp_party')}: <strong>${partyName(x.party)}</strong>
      ${x.due && html` · ${t('cp_due', { date: fmtDate(x.due) })}`}
      ${x.since && html` · ${t('cp_since', { date: fmtDate(x.since) })}`}</p>
    <p class="card-facts">${t('al_opened_at', { when: fmtVnTime(x.opened_at) })}${x.resolved_at ? ` · ${t('al_resolved_at', { when: fmtVnTime(x.resolved_at) })}` : ''}</p>
    <${Links} x=${x} />
  </li>`;
}

function Scan({ unit, onDone }) {
  const [st, setSt] = useState({ busy: false, result: null, error: null });
  const run = async () => {
    setSt({ busy: true, result: null, error: null });
    try {
      const r = await call('POST', '/alerts/scan', { body: unit ? { unit_id: Number(unit) } : {} });
      setSt({ busy: false, result: r.body, error: null });
      onDone();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      setSt({ busy: false, result: null, error: err });
    }
  };
  return html`<div class="scan">
    <p><button type="button" class="button button-secondary" disabled=${st.busy} onClick=${run}>${st.busy ? t('al_scanning') : t('al_scan')}</button></p>
    ${st.result && html`<p class="alert alert-ok" role="status">${t('al_scanned', st.result)}</p>`}
    ${st.error && html`<${LoadError} error=${st.error} inline=${true} />`}
  </div>`;
}

export function AlertsPage({ query }) {
  const unit = query.get('unit') || '';
  const member = query.get('member') || '';
  const all = query.get('all') === '1';
  const list = usePaged('/alerts', { unit, member, all: all ? 1 : '' }, [unit, member, all]);
  const headRef = useFocusHeading(!list.first.loading);
  if (list.first.error) return html`<${LoadError} error=${list.first.error} retry=${list.first.reload} />`;
  if (list.first.loading && !list.first.data) return html`<${Loading} />`;
  const items = list.items;
  return html`<section class="alerts-page">
    <nav class="breadcrumb" aria-label=${t('breadcrumb_label')}><ol>
      <li><a href=${href('/dashboard', { unit })}>${t('nav_dashboard')}</a></li>
      <li><span aria-current="page">${t('nav_alerts')}</span></li>
    </ol></nav>
    <h1 tabindex="-1" ref=${headRef}>${t('nav_alerts')}</h1>
    <p class="lead">${t('al_intro')}</p>
    ${can.manage() && html`<${Scan} unit=${unit} onDone=${list.first.reload} />`}
    <p><a href=${href('/alerts', { unit, member, all: all ? undefined : 1 })}>${all ? t('al_only_open') : t('al_show_all')}</a></p>
    ${items.length === 0 ? html`<p class="alert alert-ok">${all ? t('al_none_all') : t('al_none')}</p>`
    : html`<ul class="cards">${items.map((x) => html`<${Alert} key=${x.id} x=${x} />`)}</ul>`}
    <${More} list=${list} />
    ${items.length > 0 && !member && html`<${ListDownloads} what="alerts" params=${{ unit, all: all ? 1 : '' }} />`}
    <p><a href=${href('/compliance', { unit })}>${t('nav_compliance')}</a></p>
  </section>`;
}
