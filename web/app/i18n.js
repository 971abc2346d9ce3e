// i18n.js -- the interface language: Vietnamese first, English on request.
// The choice is remembered in localStorage and sent to the API as
// Accept-Language, so the server's error messages match the page. Never
// builds markup: t() returns plain text.
import vi from './i18n/vi.js';
import en from './i18n/en.js';

const TABLES = { vi, en };
const KEY = 'caunoi.lang';
let current = readSaved();

function readSaved() {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function getLang() {
  return current;
}

export function setLang(lang) {
  current = lang === 'en' ? 'en' : 'vi';
  try { localStorage.setItem(KEY, current); } catch { /* private mode: not remembered */ }
  document.documentElement.lang = current;
}

// t('key', {n: 3}) -> text in the current language (Vietnamese if missing).
export function t(key, params = {}) {
  const v = TABLES[current][key] ?? vi[key];
  if (v === undefined) return key;
  return typeof v === 'function' ? v(params) : v;
}

// ISO date (YYYY-MM-DD) -> 14/03/1985 in Vietnamese, 14 Mar 1985 in English.
export function fmtDate(iso) {
  if (!iso) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  if (current === 'vi') return `${m[3]}/${m[2]}/${m[1]}`;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(d);
}

// UTC timestamp -> local date and time in the page's language.
export function fmtTime(ts) {
  if (!ts) return '';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return ts;
  return new Intl.DateTimeFormat(current === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

document.documentElement.lang = current;

// UTC timestamp -> date and time in Vietnam (UTC+7), whatever the zone of
// the browser: "23/11/2026 14:05" in Vietnamese, "23 Nov 2026, 14:05" in
// English. `seconds` adds the seconds (the audit trail).
export function fmtVnTime(ts, seconds = false) {
  if (!ts) return '';
  const d = new Date(ts);
  if (Number.isNaN(d.getTime())) return String(ts);
  const opts = { timeZone: 'Asia/Ho_Chi_Minh', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' };
  if (seconds) opts.second = '2-digit';
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', opts).formatToParts(d).map((x) => [x.type, x.value]));
  const time = `${p.hour}:${p.minute}${seconds ? `:${p.second}` : ''}`;
  if (current === 'vi') return `${time} ngày ${p.day}/${p.month}/${p.year}`;
  const month = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', month: 'short' }).format(d);
  return `${Number(p.day)} ${month} ${p.year}, ${time}`;
}
