// stats.js -- "Thống kê" (GET /stats) and "Báo cáo sơ kết" (GET
// /stats/review) for staff: a unit of the reader's scope and a period
// (quick choices: this year, last year, the last six months), then every
// statistics table of the period with its chart beside it; the review
// report puts each figure beside the previous period of equal length with
// the change, and hands the report over as PDF, XLSX and CSV. Counts
// nothing itself: every number is the API's (docs/api.md, Statistics); the
// charts are drawn from those numbers (charts.js).
import { useState } from '/vendor/hooks.module.js';
import { call, qs } from '../api.js';
import { fmtDate, t } from '../i18n.js';
import { href, navigate } from '../router.js';
import { getSession } from '../session.js';
import { ErrorSummary, fieldErrors, html, LoadError, Loading, TextField, useFocusHeading, useLoad } from '../ui.js';
import { dmyToIso } from './form.js';
import { vnToday } from './trip-common.js';
import { isoToDmy, unitChoices } from './abroad-common.js';
import { BarTable, fmtNum, Numbers, YearChart } from './charts.js';
import { Downloads } from './downloads.js';

const pad = (n) => String(n).padStart(2, '0');
const isoOf = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

// The quick periods, from today in Vietnam: [key, from, to].
export function quickPeriods(today = vnToday()) {
  const [y, m, d] = today.split('-').map(Number);
  // Six months back, the day clamped to the month's length, then one day
  // on: 24/11/2026 -> 25/05/2026 .. 24/11/2026.
  const back = new Date(Date.UTC(y, m - 1 - 6, 1));
  const last = new Date(Date.UTC(back.getUTCFullYear(), back.getUTCMonth() + 1, 0)).getUTCDate();
  const six = new Date(Date.UTC(back.getUTCFullYear(), back.getUTCMonth(), Math.min(d, last) + 1));
  return [
    ['this_year', `${y}-01-01`, `${y}-12-31`],
    ['last_year', `${y - 1}-01-01`, `${y - 1}-12-31`],
    ['last_6_months', isoOf(six), today],
  ];
}

// The period of the address, this year when none is given.
function periodOf(query) {
  const [, from, to] = quickPeriods()[0];
  return { unit: query.get('unit') || '', from: query.get('from') || from, to: query.get('to') || to };
}

// The unit and period form, with the quick choices as links. `base`: the
// route the form shows ("/stats" or "/stats/review").
function PeriodForm({ base, p, choices, errors }) {
  const [v, setV] = useState({ unit: p.unit, from: isoToDmy(p.from), to: isoToDmy(p.to) });
  const [local, setLocal] = useState([]);
  const go = (e) => {
    e.preventDefault();
    const errs = [];
    const from = dmyToIso(v.from);
    const to = dmyToIso(v.to);
    if (!from) errs.push({ field: 'from', message: t('date_format') });
    if (!to) errs.push({ field: 'to', message: t('date_format') });
    setLocal(errs);
    if (!errs.length) navigate(base, { unit: v.unit, from, to });
  };
  const shown = local.length ? local : errors || [];
  const labels = { from: t('st_from'), to: t('st_to') };
  return html`<div class="filters period-form no-print">
    <h2 id="period-h">${t('st_choose')}</h2>
    <p class="period-quick-label" id="quick-h">${t('st_quick')}</p>
    <ul class="period-quick" aria-labelledby="quick-h">
      ${quickPeriods().map(([k, from, to]) => html`<li key=${k}>
        <a href=${href(base, { unit: p.unit, from, to })}
          aria-current=${from === p.from && to === p.to ? 'true' : undefined}>${t(`st_q_${k}`)}</a></li>`)}
    </ul>
    <form onSubmit=${go} aria-labelledby="period-h">
      <${ErrorSummary} errors=${shown} fields=${['from', 'to']} labels=${labels} />
      ${choices?.length > 0 && html`<div class="field">
        <label for="f-stat-unit">${t('st_unit')}</label>
        <select id="f-stat-unit" value=${v.unit} onChange=${(e) => setV((s) => ({ ...s, unit: e.currentTarget.value }))}>
          ${!choices.some((c) => String(c.id) === String(v.unit)) && html`<option value=${v.unit}>${t('st_unit_default')}</option>`}
          ${choices.map((c) => html`<option key=${c.id} value=${String(c.id)}>${'\u2003'.repeat(c.depth)}${c.name}</option>`)}
        </select>
      </div>`}
      <div class="period-dates">
        <${TextField} name="from" label=${labels.from} value=${v.from} hint=${t('h_date')} maxlength=${10}
          errors=${fieldErrors(shown, 'from')} onInput=${(x) => setV((s) => ({ ...s, from: x }))} />
        <${TextField} name="to" label=${labels.to} value=${v.to} hint=${t('h_date')} maxlength=${10}
          errors=${fieldErrors(shown, 'to')} onInput=${(x) => setV((s) => ({ ...s, to: x }))} />
      </div>
      <p><button type="submit" class="button">${t('st_show')}</button></p>
    </form>
  </div>`;
}

// The answer's refusal of the period is shown beside the fields; any
// other failure as the page's error.
function periodErrors(err) {
  if (!err || err.status === 404 || err.status === 403 || err.network) return null;
  const e = (err.errors || []).filter((x) => x.field === 'from' || x.field === 'to');
  return e.length ? e : null;
}

// The unit choices of the picker: ancestors in scope, the unit, children.
function usePicker(unit) {
  return useLoad(() => unitChoices(unit || getSession().user?.unit?.id || '').catch(() => ({ choices: [] })), [unit]);
}

function Section({ id, title, children }) {
  return html`<section class="stat-section" aria-labelledby=${id}>
    <h2 id=${id}>${title}</h2>
    ${children}
  </section>`;
}

function Block({ title, note, children }) {
  return html`<div class="stat-block">
    <h3>${title}</h3>
    ${note && html`<p class="hint">${note}</p>`}
    ${children}
  </div>`;
}

// The violations of each year of the period: the sum over rules of
// by_rule_year, on the years trips.by_year lists (every year of the period).
function violationsByYear(s) {
  const years = (s.trips?.by_year || []).map((r) => String(r.key));
  const sums = new Map(years.map((y) => [y, 0]));
  for (const r of s.violations?.by_rule_year || []) {
    const y = String(r.year);
    sums.set(y, (sums.get(y) || 0) + (Number(r.n) || 0));
  }
  return [...sums.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([y, n]) => ({ key: y, name: y, n }));
}

// The post-trip reports as a breakdown, in the order a reader asks.
export function reportRows(r) {
  return ['on_time', 'late', 'overdue', 'pending'].map((k) => ({ key: k, name: t(`st_rep_${k}`), n: r?.[k] ?? 0 }));
}

function RuleYearTable({ rows }) {
  if (!rows?.length) return null;
  return html`<table class="stack figures-table rule-year">
    <caption class="visually-hidden">${t('st_viol_rule_year')}</caption>
    <thead><tr><th scope="col">${t('st_rule')}</th><th scope="col">${t('st_year')}</th><th scope="col" class="num">${t('st_cases')}</th></tr></thead>
    <tbody>${rows.map((r) => html`<tr key=${`${r.rule}-${r.year}`}>
      <td class="cell-main" data-label=${t('st_rule')}>${r.rule_name || r.rule}</td>
      <td data-label=${t('st_year')}>${r.year}</td>
      <td class="num" data-label=${t('st_cases')}>${fmtNum(r.n)}</td>
    </tr>`)}</tbody>
  </table>`;
}

function TripsSection({ s }) {
  const tr = s.trips || {};
  return html`<${Section} id="st-trips" title=${t('st_trips')}>
    <${Numbers} items=${[{ key: 'trips', label: t('st_trips_total'), n: tr.total }]} />
    <${Block} title=${t('st_by_year')}>
      <${YearChart} rows=${tr.by_year} title=${t('st_trips_by_year')} head=${t('st_year')} count=${t('st_trips_n')} noun=${t('st_trips_noun')} />
    </${Block}>
    <${Block} title=${t('st_by_purpose')}>
      <${BarTable} rows=${tr.by_purpose} caption=${t('st_trips_by_purpose')} head=${t('st_purpose')} count=${t('st_trips_n')} />
    </${Block}>
    <${Block} title=${t('st_by_country')} note=${t('st_by_country_note')}>
      <${BarTable} rows=${tr.by_country} caption=${t('st_trips_by_country')} head=${t('st_country')} count=${t('st_trips_n')} />
    </${Block}>
    <${Block} title=${t('st_by_unit')}>
      <${BarTable} rows=${tr.by_unit} caption=${t('st_trips_by_unit')} head=${t('st_unit_col')} count=${t('st_trips_n')} />
    </${Block}>
  </${Section}>`;
}

function AbroadSection({ s }) {
  const a = s.abroad || {};
  const date = fmtDate(s.abroad_on);
  const cellRows = (a.by_cell_type || []).map((r) => ({ ...r, key: r.key ?? '', name: r.name || t('dash_no_cell_type') }));
  const countryRows = (a.by_country || []).map((r) => ({ ...r, name: r.name || t('st_no_country') }));
  return html`<${Section} id="st-abroad" title=${t('st_abroad', { date })}>
    <${Numbers} items=${[{ key: 'abroad', label: t('st_abroad_total', { date }), n: a.total }]} />
    <${Block} title=${t('st_by_country')}>
      <${BarTable} rows=${countryRows} caption=${t('st_abroad_by_country', { date })} head=${t('st_country')} count=${t('st_members_n')} empty=${t('dash_none_abroad')} />
    </${Block}>
    <${Block} title=${t('st_by_cell_type')}>
      <${BarTable} rows=${cellRows} caption=${t('st_abroad_by_cell_type', { date })} head=${t('dash_cell_type')} count=${t('st_members_n')} empty=${t('dash_none_abroad')} />
    </${Block}>
  </${Section}>`;
}

function ArrangementsSection({ s }) {
  const a = s.arrangements || {};
  return html`<${Section} id="st-arr" title=${t('st_arrangements')}>
    <${Block} title=${t('st_transfers_by_kind')}>
      <${BarTable} rows=${a.transfers_by_kind} caption=${t('st_transfers_by_kind')} head=${t('st_kind')} count=${t('st_count')} />
    </${Block}>
    <${Numbers} items=${[{ key: 'transfers_back', label: t('st_transfers_back'), n: a.transfers_back }, { key: 'groups_formed', label: t('st_groups_formed'), n: a.groups_formed }]} />
    <${Block} title=${t('st_exemptions_by_kind')}>
      <${BarTable} rows=${a.exemptions_by_kind} caption=${t('st_exemptions_by_kind')} head=${t('st_kind')} count=${t('st_count')} />
    </${Block}>
  </${Section}>`;
}

function ReportsSection({ s }) {
  const r = s.reports || {};
  return html`<${Section} id="st-reports" title=${t('st_reports')}>
    <p class="hint">${t('st_reports_note')}</p>
    <${BarTable} rows=${reportRows(r)} caption=${t('st_reports')} head=${t('st_report_state')} count=${t('st_reports_n')} />
    <${Numbers} items=${[{ key: 'avg_delay_days', label: t('st_avg_delay'), n: r.avg_delay_days, digits: 1, unit: t('st_days') }]} />
  </${Section}>`;
}

function ViolationsSection({ s }) {
  const v = s.violations || {};
  return html`<${Section} id="st-viol" title=${t('st_violations')}>
    <p class="hint">${t('st_violations_note')}</p>
    <${Numbers} items=${[{ key: 'violations', label: t('st_violations_total'), n: v.total }]} />
    <${Block} title=${t('st_by_rule')}>
      <${BarTable} rows=${v.by_rule} caption=${t('st_viol_by_rule')} head=${t('st_rule')} count=${t('st_cases')} />
    </${Block}>
    <${Block} title=${t('st_by_year')}>
      <${YearChart} rows=${violationsByYear(s)} title=${t('st_viol_by_year')} head=${t('st_year')} count=${t('st_cases')} noun=${t('st_viol_noun')} />
    </${Block}>
    ${v.by_rule_year?.length > 0 && html`<${Block} title=${t('st_viol_rule_year')}><${RuleYearTable} rows=${v.by_rule_year} /></${Block}>`}
  </${Section}>`;
}

function Lead({ unit, from, to }) {
  return html`<p class="lead">${unit?.name ? t('st_of_unit', { name: unit.name }) : t('st_of_all')}
    ${' '}${t('st_period', { from: fmtDate(from), to: fmtDate(to) })}</p>`;
}

export function StatsPage({ query }) {
  const p = periodOf(query);
  const load = useLoad(() => call('GET', `/stats${qs(p)}`).then((r) => r.body), [p.unit, p.from, p.to]);
  const picker = usePicker(p.unit);
  const headRef = useFocusHeading(!load.loading);
  const perr = periodErrors(load.error);
  if (load.error && !perr) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if ((load.loading && !load.data) || picker.loading) return html`<${Loading} />`;
  const s = load.data;
  const unit = s?.unit?.id ? String(s.unit.id) : p.unit;
  return html`<section class="stats-page">
    <h1 tabindex="-1" ref=${headRef}>${t('nav_stats')}</h1>
    ${s && html`<${Lead} unit=${s.unit} from=${s.from} to=${s.to} />`}
    <${PeriodForm} key=${`${p.unit}|${p.from}|${p.to}`} base="/stats" p=${{ ...p, unit }} choices=${picker.data?.choices} errors=${perr} />
    ${s && html`<p class="no-print"><a class="button button-secondary" href=${href('/stats/review', { unit, from: p.from, to: p.to })}>${t('st_to_review')}</a></p>
      <${TripsSection} s=${s} />
      <${AbroadSection} s=${s} />
      <${ArrangementsSection} s=${s} />
      <${ReportsSection} s=${s} />
      <${ViolationsSection} s=${s} />`}
  </section>`;
}

// ---- the review report -----------------------------------------------------

// "tăng 29" / "giảm 3" / "không đổi": the change said in words and sign,
// never by colour alone.
export function changeText(d) {
  const n = Number(d) || 0;
  if (n > 0) return t('rv_up', { n: fmtNum(n) });
  if (n < 0) return t('rv_down', { n: fmtNum(-n) });
  return t('rv_same');
}

function Change({ d }) {
  const n = Number(d) || 0;
  return html`<span class=${`change ${n > 0 ? 'change-up' : n < 0 ? 'change-down' : 'change-same'}`}>${changeText(n)}</span>`;
}

// A breakdown of both periods by key: rows of this period first (in its
// order), then keys only the previous period has.
function merge(cur, prev) {
  const byKey = new Map();
  for (const r of cur || []) byKey.set(String(r.key ?? ''), { key: r.key, name: r.name, cur: r.n, prev: 0 });
  for (const r of prev || []) {
    const k = String(r.key ?? '');
    if (byKey.has(k)) byKey.get(k).prev = r.n;
    else byKey.set(k, { key: r.key, name: r.name, cur: 0, prev: r.n });
  }
  return [...byKey.values()];
}

function CompareTable({ rows, caption, head, digits = 0 }) {
  if (!rows?.length) return html`<p class="none">${t('st_none')}</p>`;
  return html`<table class="stack figures-table compare">
    <caption class="visually-hidden">${caption}</caption>
    <thead><tr>
      <th scope="col">${head}</th>
      <th scope="col" class="num">${t('rv_current')}</th>
      <th scope="col" class="num">${t('rv_previous')}</th>
      <th scope="col">${t('rv_change')}</th>
    </tr></thead>
    <tbody>${rows.map((r, i) => html`<tr key=${r.key ?? `k${i}`} data-key=${r.key ?? ''}>
      <td class="cell-main" data-label=${head}>${r.name || r.key || t('st_unnamed')}</td>
      <td class="num" data-label=${t('rv_current')}>${fmtNum(r.cur, digits)}</td>
      <td class="num" data-label=${t('rv_previous')}>${fmtNum(r.prev, digits)}</td>
      <td data-label=${t('rv_change')}><${Change} d=${Math.round(((Number(r.cur) || 0) - (Number(r.prev) || 0)) * 10 ** digits) / 10 ** digits} /></td>
    </tr>`)}</tbody>
  </table>`;
}

// The review report's files: PDF (the printed report with its charts),
// XLSX and CSV: GET /stats/review.pdf, .xlsx, .csv (docs/api.md).
export function reviewFiles(p, unitCode) {
  const base = `review-${unitCode || 'all'}-${p.from}-${p.to}`;
  const q = { unit: p.unit, from: p.from, to: p.to };
  return [
    { key: 'pdf', label: t('rv_pdf'), path: `/stats/review.pdf${qs(q)}`, name: `${base}.pdf` },
    { key: 'xlsx', label: t('rv_xlsx'), path: `/stats/review.xlsx${qs(q)}`, name: `${base}.xlsx` },
    { key: 'csv', label: t('rv_csv'), path: `/stats/review.csv${qs(q)}`, name: `${base}.csv` },
  ];
}

function CompareBlocks({ cur, prev }) {
  const c = (x) => x || {};
  const blocks = [
    ['st_trips_by_purpose', 'st_purpose', c(cur.trips).by_purpose, c(prev.trips).by_purpose],
    ['st_trips_by_country', 'st_country', c(cur.trips).by_country, c(prev.trips).by_country],
    ['st_trips_by_unit', 'st_unit_col', c(cur.trips).by_unit, c(prev.trips).by_unit],
    ['rv_abroad_by_country', 'st_country', c(cur.abroad).by_country, c(prev.abroad).by_country],
    ['rv_abroad_by_cell_type', 'dash_cell_type', c(cur.abroad).by_cell_type, c(prev.abroad).by_cell_type],
    ['st_transfers_by_kind', 'st_kind', c(cur.arrangements).transfers_by_kind, c(prev.arrangements).transfers_by_kind],
    ['st_exemptions_by_kind', 'st_kind', c(cur.arrangements).exemptions_by_kind, c(prev.arrangements).exemptions_by_kind],
    ['st_reports', 'st_report_state', reportRows(cur.reports), reportRows(prev.reports)],
    ['st_viol_by_rule', 'st_rule', c(cur.violations).by_rule, c(prev.violations).by_rule],
  ];
  return blocks.map(([title, head, a, b], i) => {
    const rows = merge(a, b).map((r) => (r.key === null || r.key === '' ? { ...r, name: r.name || t('dash_no_cell_type') } : r));
    return html`<section class="stat-section" key=${title} aria-labelledby=${`rv-b${i}`}>
      <h2 id=${`rv-b${i}`}>${t(title, { date: '' })}</h2>
      <${CompareTable} rows=${rows} caption=${t(title, { date: '' })} head=${t(head)} />
      ${title === 'st_reports' && html`<${CompareTable} caption=${t('st_avg_delay')} head=${t('rv_figure')} digits=${1}
        rows=${[{ key: 'avg', name: `${t('st_avg_delay')} (${t('st_days')})`, cur: cur.reports?.avg_delay_days ?? 0, prev: prev.reports?.avg_delay_days ?? 0 }]} />`}
    </section>`;
  });
}

export function ReviewPage({ query }) {
  const p = periodOf(query);
  const load = useLoad(() => call('GET', `/stats/review${qs(p)}`).then((r) => r.body), [p.unit, p.from, p.to]);
  const picker = usePicker(p.unit);
  const headRef = useFocusHeading(!load.loading);
  const perr = periodErrors(load.error);
  if (load.error && !perr) return html`<${LoadError} error=${load.error} retry=${load.reload} />`;
  if ((load.loading && !load.data) || picker.loading) return html`<${Loading} />`;
  const r = load.data;
  const cur = r?.current || {};
  const prev = r?.previous || {};
  const unit = r?.unit?.id ? String(r.unit.id) : p.unit;
  const changes = (r?.changes || []).map((x) => ({ key: x.key, name: x.name, cur: x.current, prev: x.previous }));
  return html`<section class="review-page">
    <nav class="breadcrumb no-print" aria-label=${t('breadcrumb_label')}><ol>
      <li><a href=${href('/stats', { unit, from: p.from, to: p.to })}>${t('nav_stats')}</a></li>
      <li><span aria-current="page">${t('nav_review')}</span></li>
    </ol></nav>
    <h1 tabindex="-1" ref=${headRef}>${t('nav_review')}</h1>
    ${r && html`<p class="lead">${r.unit?.name ? t('st_of_unit', { name: r.unit.name }) : t('st_of_all')}</p>
      <dl class="fields review-periods">
        <div class="dl-row"><dt>${t('rv_current')}</dt><dd>${t('rv_span', { from: fmtDate(cur.from), to: fmtDate(cur.to) })}</dd></div>
        <div class="dl-row"><dt>${t('rv_previous')}</dt><dd>${t('rv_span', { from: fmtDate(prev.from), to: fmtDate(prev.to) })}</dd></div>
        ${r.generated_on && html`<div class="dl-row"><dt>${t('rv_generated')}</dt><dd>${fmtDate(r.generated_on)}</dd></div>`}
      </dl>
      <${Downloads} files=${reviewFiles({ ...p, unit }, r.unit?.code)} title=${t('rv_download')} hint=${t('rv_download_hint')} />`}
    <${PeriodForm} key=${`${p.unit}|${p.from}|${p.to}`} base="/stats/review" p=${{ ...p, unit }} choices=${picker.data?.choices} errors=${perr} />
    ${r && html`<section class="stat-section" aria-labelledby="rv-main">
        <h2 id="rv-main">${t('rv_headline')}</h2>
        <${CompareTable} rows=${changes} caption=${t('rv_headline')} head=${t('rv_figure')} />
      </section>
      <${CompareBlocks} cur=${cur} prev=${prev} />`}
  </section>`;
}
