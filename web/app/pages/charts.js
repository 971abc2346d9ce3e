// charts.js -- the figures drawn as SVG in the browser from the API's
// numbers (issue 6: "charts, each with the table of numbers beside it"):
// vertical bars over years, and a table whose rows carry a bar (by country,
// purpose, kind...). Accessible by construction: a year chart is one image
// with a title and a description that reads every number; every bar has
// its number written beside it as text, and the table of the same numbers
// sits next to the chart, so nothing is said by colour or length alone.
// Counts nothing: every number is given.
import { getLang, t } from '../i18n.js';
import { html } from '../ui.js';

// 1234 -> "1.234" in Vietnamese, "1,234" in English; decimals as given.
export function fmtNum(n, digits = 0) {
  const v = Number(n ?? 0);
  return new Intl.NumberFormat(getLang() === 'en' ? 'en-GB' : 'vi-VN', {
    minimumFractionDigits: digits, maximumFractionDigits: digits,
  }).format(Number.isFinite(v) ? v : 0);
}

let seq = 0;
function uid(prefix) { seq += 1; return `${prefix}-${seq}`; }

// Geometry of the year chart, in viewBox units (the SVG scales to its box).
const YC = { slot: 48, left: 8, top: 26, plot: 150, minSlots: 6 };

// Bars over years: rows [{key, name, n}] in year order. `title` names the
// chart; `noun` says what is counted ("lượt đi"), for the description.
export function YearBars({ rows, title, noun }) {
  const list = rows || [];
  if (!list.length) return null;
  const max = Math.max(1, ...list.map((r) => Number(r.n) || 0));
  // At least YC.minSlots wide, the bars centred: one or two years keep
  // the proportions of a longer series instead of filling the screen.
  const slots = Math.max(list.length, YC.minSlots);
  const width = YC.left * 2 + slots * YC.slot;
  const x0 = YC.left + ((slots - list.length) * YC.slot) / 2;
  // Type grows with the series so that it keeps its size on the screen
  // once the chart is scaled down; labels thin out, and the values above
  // the bars give way past eight years (the table beside has them all).
  const k = Math.max(1, slots / 7);
  const height = YC.top + YC.plot + 12 + 15 * k;
  const every = Math.ceil(list.length / 7);
  const values = list.length <= 8;
  const tid = uid('chart-t');
  const did = uid('chart-d');
  const desc = list.map((r) => `${r.name ?? r.key}: ${fmtNum(r.n)}${noun ? ` ${noun}` : ''}`).join('; ');
  return html`<figure class="chart chart-years">
    <svg viewBox=${`0 0 ${width} ${height}`} role="img" aria-labelledby=${`${tid} ${did}`}
      preserveAspectRatio="xMidYMid meet" focusable="false">
      <title id=${tid}>${title}</title>
      <desc id=${did}>${desc}</desc>
      <line class="chart-axis" x1=${YC.left} x2=${width - YC.left} y1=${YC.top + YC.plot} y2=${YC.top + YC.plot} />
      ${list.map((r, i) => {
        const n = Number(r.n) || 0;
        const h = Math.round((n / max) * YC.plot);
        const x = x0 + i * YC.slot;
        const y = YC.top + YC.plot - h;
        return html`<g key=${r.key}>
          <rect class="chart-bar" x=${x + 8} y=${y} width=${YC.slot - 16} height=${Math.max(h, n > 0 ? 1 : 0)} />
          ${values && html`<text class="chart-value" x=${x + YC.slot / 2} y=${y - 6} text-anchor="middle" font-size=${17 * k}>${fmtNum(n)}</text>`}
          ${i % every === 0 && html`<text class="chart-label" x=${x + YC.slot / 2} y=${YC.top + YC.plot + 6 + 15 * k} text-anchor="middle" font-size=${15 * k}>${r.name ?? r.key}</text>`}
        </g>`;
      })}
    </svg>
  </figure>`;
}

// The table of a breakdown with a bar in each row: `head` the first
// column's header, `count` the number's. Each bar is drawn to the largest
// number of the table and hidden from screen readers, who read the number
// in the cell before it. `link(r)`: an optional address for a row's number.
export function BarTable({ rows, caption, head, count, link, empty }) {
  const list = rows || [];
  if (!list.length) return html`<p class="none">${empty || t('st_none')}</p>`;
  const max = Math.max(1, ...list.map((r) => Number(r.n) || 0));
  return html`<table class="figures-table bar-table">
    <caption class="visually-hidden">${caption}</caption>
    <thead><tr>
      <th scope="col">${head}</th>
      <th scope="col" class="num">${count}</th>
      <th scope="col" class="bar-col"><span class="visually-hidden">${t('st_bar_col')}</span></th>
    </tr></thead>
    <tbody>${list.map((r, i) => {
      const n = Number(r.n) || 0;
      const w = n > 0 ? Math.max(1, Math.round((n / max) * 100)) : 0;
      const to = link ? link(r) : null;
      return html`<tr key=${r.key ?? `k${i}`} data-key=${r.key ?? ''}>
        <th scope="row">${r.name || r.key || t('st_unnamed')}</th>
        <td class="num">${to ? html`<a href=${to}>${fmtNum(n)}</a>` : fmtNum(n)}</td>
        <td class="bar-cell"><svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
          <rect class="chart-bar" x="0" y="0" width=${w} height="10" />
        </svg></td>
      </tr>`;
    })}</tbody>
  </table>`;
}

// A year chart and its table, side by side on a wide screen, one above
// the other on a phone.
export function YearChart({ rows, title, head, count, noun }) {
  if (!rows?.length) return html`<p class="none">${t('st_none')}</p>`;
  return html`<div class="chart-pair">
    <${YearBars} rows=${rows} title=${title} noun=${noun} />
    <${BarTable} rows=${rows} caption=${title} head=${head} count=${count} />
  </div>`;
}

// A few headline numbers as a definition list: [{key, label, n, digits,
// unit}]; `key` names the figure (data-key) for scripts and tests.
export function Numbers({ items }) {
  return html`<dl class="stat-numbers">${items.map((x) => html`<div key=${x.label} class="stat-number" data-key=${x.key}>
    <dt>${x.label}</dt>
    <dd><span class="stat-n">${fmtNum(x.n, x.digits || 0)}</span>${x.unit ? html` <span class="stat-unit">${x.unit}</span>` : ''}</dd>
  </div>`)}</dl>`;
}
