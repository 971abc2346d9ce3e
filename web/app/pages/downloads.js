// downloads.js -- the "download as" buttons of a list, a statistics
// report or a record (XLSX, CSV, PDF): each button fetches the file
// through api.download (in the page's language, with the session) and
// says on the page what happened -- the file's name once saved, or the
// server's refusal in words. Builds addresses only from encoded
// parameters (api.qs); decides nothing about who may download (the server
// does).
import { useState } from '/vendor/hooks.module.js';
import { download, qs } from '../api.js';
import { t } from '../i18n.js';
import { html, LoadError } from '../ui.js';

// The formats a list offers and their button words.
const FORMAT_LABEL = { xlsx: 'dl_xlsx', csv: 'dl_csv', pdf: 'dl_pdf' };

// The address of an export: GET /exports/WHAT?format=F&... (docs/api.md,
// "Exports").
export function exportPath(what, format, params = {}) {
  return `/exports/${encodeURIComponent(what)}${qs({ ...params, format })}`;
}

// A row of buttons: files [{key, label, path, name}]. `title` (optional)
// is the block's heading text, read before the buttons.
export function Downloads({ files, title, hint }) {
  const [st, setSt] = useState({ busy: null, done: null, error: null });
  const get = async (f) => {
    setSt({ busy: f.key, done: null, error: null });
    try {
      const name = await download(f.path, f.name);
      setSt({ busy: null, done: name, error: null });
    } catch (error) {
      setSt({ busy: null, done: null, error });
    }
  };
  return html`<div class="downloads no-print">
    ${title && html`<p class="downloads-title">${title}</p>`}
    ${hint && html`<p class="hint">${hint}</p>`}
    <ul class="actions-row">
      ${files.map((f) => html`<li key=${f.key}>
        <button type="button" class="button button-secondary" disabled=${st.busy !== null}
          aria-describedby=${f.describe} onClick=${() => get(f)}>
          ${st.busy === f.key ? t('dl_busy') : f.label}
        </button>
      </li>`)}
    </ul>
    <p class="downloads-status" role="status">${st.done ? t('dl_done', { name: st.done }) : ''}</p>
    ${st.error && html`<${LoadError} error=${st.error} inline=${true} />`}
  </div>`;
}

// The spreadsheet buttons of a list: XLSX and CSV of GET /exports/WHAT
// with the list's own filters.
export function ListDownloads({ what, params, formats = ['xlsx', 'csv'] }) {
  const files = formats.map((f) => ({
    key: f, label: t(FORMAT_LABEL[f]), path: exportPath(what, f, params), name: `${what}.${f}`,
  }));
  return html`<${Downloads} files=${files} title=${t('dl_list_title')} />`;
}
