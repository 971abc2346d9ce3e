// dashboard.js -- "Tổng quan": the figures of GET /dashboard for the
// reader's subtree (or a unit of it chosen with the picker), each a large
// number that is the link to the list behind it (docs/api.md, Dashboard).
// The headline -- members abroad without a unit to belong to -- comes
// first and says plainly that it should read zero. Members abroad by
// country and by overseas cell type are simple tables (the charts over a
// period are on "Thống kê", stats.js). The landing page of committee
// officers. Counts nothing itself: every number is the API's.
import { call, reference } from '../api.js';
import { fmtDate, t } from '../i18n.js';
import { href, navigate } from '../router.js';
import { getSession } from '../session.js';
import { html, LoadError, Loading, useFocusHeading, useLoad } from '../ui.js';
import { ruleName, UnitPicker, unitChoices } from './abroad-common.js';

// One figure: the number and what it counts, the whole block a link.
// `bad`: a number that should be zero (overdue, expired, violations).
function Figure({ n, label, link, bad }) {
  const alarm = bad && n > 0;
  return html`<li class=${`figure${alarm ? ' figure-bad' : ''}`}>
    <a class="figure-link" href=${link}>
      <span class="figure-n">${n ?? 0}</span>
      <span class="figure-label">${label}</span>
    </a>
  </li>`;
}

function Headline({ d, unit }) {
  const n = d.abroad_without_arrangement ?? 0;
  const ok = n === 0;
  return html`<section class=${`headline ${ok ? 'headline-ok' : 'headline-bad'}`} aria-labelledby="headline-h">
    <h2 id="headline-h" class="headline-title">${t('dash_headline')}</h2>
    <a class="headline-link" href=${href('/compliance', { unit, rules: 'headline' })}>
      <span class="headline-n">${n}</span>
      <span class="headline-say">${ok ? t('dash_headline_zero') : t('dash_headline_bad', { n })}</span>
    </a>
    <p class="headline-note">${t('dash_headline_note')}</p>
  </section>`;
}

function ByCountry({ rows, countries, unit }) {
  const nameOf = (c) => countries.find((x) => x.code === c)?.name || c;
  return html`<section aria-labelledby="by-country-h">
    <h2 id="by-country-h">${t('dash_by_country')}</h2>
    ${!rows?.length ? html`<p>${t('dash_none_abroad')}</p>` : html`<table class="figures-table">
      <thead><tr><th scope="col">${t('dash_country')}</th><th scope="col" class="num">${t('dash_members')}</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr key=${r.country}>
        <th scope="row" data-label=${t('dash_country')}>${nameOf(r.country)}</th>
        <td data-label=${t('dash_members')} class="num"><a href=${href('/trips', { state: 'abroad', unit, country: r.country })}
          aria-label=${t('dash_country_link', { n: r.n, country: nameOf(r.country) })}>${r.n}</a></td>
      </tr>`)}</tbody>
    </table>`}
  </section>`;
}

function ByCellType({ rows }) {
  return html`<section aria-labelledby="by-type-h">
    <h2 id="by-type-h">${t('dash_by_cell_type')}</h2>
    ${!rows?.length ? html`<p>${t('dash_none_abroad')}</p>` : html`<table class="figures-table">
      <thead><tr><th scope="col">${t('dash_cell_type')}</th><th scope="col" class="num">${t('dash_members')}</th></tr></thead>
      <tbody>${rows.map((r, i) => html`<tr key=${r.cell_type || `none${i}`}>
        <th scope="row" data-label=${t('dash_cell_type')}>${r.name || (r.cell_type ? r.cell_type : t('dash_no_cell_type'))}</th>
        <td data-label=${t('dash_members')} class="num">${r.n}</td>
      </tr>`)}</tbody>
    </table>`}
  </section>`;
}

function ByRule({ rows, unit }) {
  if (!rows?.length) return null;
  return html`<section aria-labelledby="by-rule-h">
    <h2 id="by-rule-h">${t('dash_by_rule')}</h2>
    <table class="figures-table">
      <thead><tr><th scope="col">${t('dash_rule')}</th><th scope="col" class="num">${t('dash_cases')}</th></tr></thead>
      <tbody>${rows.map((r) => html`<tr key=${r.rule}>
        <th scope="row" data-label=${t('dash_rule')}>${r.rule_name || ruleName(r.rule)}</th>
        <td data-label=${t('dash_cases')} class="num"><a href=${href('/compliance', { unit, rule: r.rule, kind: 'violation' })}
          aria-label=${t('dash_rule_link', { n: r.n, rule: r.rule_name || ruleName(r.rule) })}>${r.n}</a></td>
      </tr>`)}</tbody>
    </table>
  </section>`;
}

export function DashboardPage({ query }) {
  const asked = query.get('unit') || '';
  const load = useLoad(async () => {
    const [r, ref] = await Promise.all([
      call('GET', `/dashboard${asked ? `?unit=${encodeURIComponent(asked)}` : ''}`),
      reference().catch(() => ({ countries: [] })),
    ]);
    const unitId = asked || r.body?.unit?.id || getSession().user?.unit?.id || '';
    const picker = await unitChoices(unitId).catch(() => ({ choices: [] }));
    return { d: r.body, countries: ref?.countries || [], picker, unitId };
  }, [asked]);
  const headRef = useFocusHeading(!load.loading && !load.error);
  if (load.error) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if (load.loading && !load.data) return html`<${Loading} />`;
  const { d, countries, picker, unitId } = load.data;
  const unit = d.unit?.id || unitId || undefined;
  const comp = (rule, kind) => href('/compliance', { unit, rule, kind });
  return html`<section class="dashboard">
    <h1 tabindex="-1" ref=${headRef}>${t('nav_dashboard')}</h1>
    <p class="lead">${d.unit?.name ? t('dash_of_unit', { name: d.unit.name }) : t('dash_of_all')}
      ${d.as_of && html` <span class="muted">${t('dash_as_of', { date: fmtDate(d.as_of) })}</span>`}</p>
    <${UnitPicker} choices=${picker.choices} value=${unitId} onPick=${(v) => navigate('/dashboard', { unit: v })} />
    <${Headline} d=${d} unit=${unit} />
    <section aria-labelledby="figures-h">
      <h2 id="figures-h">${t('dash_figures')}</h2>
      <p class="hint">${t('dash_figures_hint')}</p>
      <ul class="figures">
        <${Figure} n=${d.abroad_now} label=${t('dash_abroad_now')} link=${href('/trips', { state: 'abroad', unit })} />
        <${Figure} n=${d.trips_in_progress} label=${t('dash_trips_in_progress')} link=${href('/trips', { state: 'open', unit })} />
        <${Figure} n=${d.reports_due} label=${t('dash_reports_due')} link=${comp('trip.report_due', 'obligation')} />
        <${Figure} n=${d.reports_overdue} label=${t('dash_reports_overdue')} link=${comp('trip.report_due', 'violation')} bad=${true} />
        <${Figure} n=${d.transfers_pending} label=${t('dash_transfers_pending')} link=${href('/transfers', { state: 'open', unit })} />
        <${Figure} n=${d.transfers_overdue} label=${t('dash_transfers_overdue')} link=${comp('transfer.not_received', 'violation')} bad=${true} />
        <${Figure} n=${d.exemptions_expiring} label=${t('dash_exemptions_expiring')} link=${href('/exemptions', { unit })} />
        <${Figure} n=${d.exemptions_expired} label=${t('dash_exemptions_expired')} link=${href('/exemptions', { expired: 1, unit })} bad=${true} />
        <${Figure} n=${d.violations} label=${t('dash_violations')} link=${comp('', 'violation')} bad=${true} />
        <${Figure} n=${d.obligations} label=${t('dash_obligations')} link=${comp('', 'obligation')} />
      </ul>
    </section>
    <${ByCountry} rows=${d.abroad_by_country} countries=${countries} unit=${unit} />
    <${ByCellType} rows=${d.abroad_by_cell_type} />
    <${ByRule} rows=${d.violations_by_rule} unit=${unit} />
    <section aria-labelledby="more-h">
      <h2 id="more-h">${t('dash_more')}</h2>
      <ul class="link-list">
        <li><a href=${href('/alerts', { unit })}>${t('nav_alerts')}</a></li>
        <li><a href=${href('/compliance', { unit })}>${t('nav_compliance')}</a></li>
        <li><a href=${href('/transfers', { unit })}>${t('nav_transfers')}</a></li>
        <li><a href=${href('/exemptions', { unit })}>${t('nav_exemptions')}</a></li>
        <li><a href="#/delegations">${t('nav_delegations')}</a></li>
        <li><a href=${href('/stats', { unit })}>${t('nav_stats')}</a></li>
        <li><a href=${href('/stats/review', { unit })}>${t('nav_review')}</a></li>
      </ul>
    </section>
  </section>`;
}
