// import.js -- importing members from a CSV file: check first (dry_run=1),
// show every row error in a table, then import the whole file in one go.
// Also explains the columns and offers the export of the current unit.
// The file goes to the server as it is; nothing is parsed here.
import { useRef, useState } from '/vendor/hooks.module.js';
import { ApiError, call, qs } from '../api.js';
import { t } from '../i18n.js';
import { href } from '../router.js';
import { Breadcrumb, html, LoadError, useFocusHeading, useLoad } from '../ui.js';

// docs/api.md's column table: Vietnamese header, English header, field.
const COLUMNS = [
  ['Họ và tên', 'Full name', 'full_name', true],
  ['Giới tính', 'Sex', 'sex', true],
  ['Ngày sinh', 'Date of birth', 'birth_date', true],
  ['Số CCCD', 'Citizen ID', 'cccd', false],
  ['Sinh ở nước ngoài', 'Born abroad', 'born_abroad', false],
  ['Số CMND', 'Old ID', 'cmnd', false],
  ['Số thẻ đảng viên', 'Party card number', 'card_number', false],
  ['Số lý lịch', 'Record number', 'record_number', false],
  ['Ngày vào Đảng', 'Admission date', 'admitted_on', true],
  ['Ngày chính thức', 'Official date', 'official_on', false],
  ['Mã chi bộ', 'Unit code', 'unit_code', true],
  ['Điện thoại', 'Phone', 'phone', false],
  ['Thư điện tử', 'E-mail', 'email', false],
];

function send(file, dryRun) {
  return file.arrayBuffer().then((buf) => call('POST', `/imports${qs({ file_name: file.name, dry_run: dryRun ? 1 : undefined })}`,
    { raw: buf, contentType: 'text/csv' }));
}

function RowErrors({ errors }) {
  return html`<table class="stack import-errors">
    <thead><tr><th scope="col">${t('import_col_row')}</th><th scope="col">${t('import_col_column')}</th><th scope="col">${t('import_col_message')}</th></tr></thead>
    <tbody>${errors.map((e, i) => html`<tr key=${i}>
      <td data-label=${t('import_col_row')}>${e.row ?? ''}</td>
      <td data-label=${t('import_col_column')}>${e.column || e.field || ''}</td>
      <td data-label=${t('import_col_message')} class="cell-main">${e.message || e.code}</td>
    </tr>`)}</tbody>
  </table>`;
}

function ColumnHelp() {
  return html`<section aria-labelledby="cols-h">
    <h2 id="cols-h">${t('import_columns_title')}</h2>
    <p>${t('import_columns_intro')}</p>
    <table class="stack columns-table">
      <thead><tr><th scope="col">${t('import_col_vi')}</th><th scope="col">${t('import_col_en')}</th><th scope="col">${t('import_col_what')}</th></tr></thead>
      <tbody>${COLUMNS.map(([vi, en, field, req]) => html`<tr key=${field}>
        <td data-label=${t('import_col_vi')} class="cell-main" lang="vi">${vi}</td>
        <td data-label=${t('import_col_en')} lang="en">${en}</td>
        <td data-label=${t('import_col_what')}>${req && html`<strong>${t('col_req')}</strong> `}${t(`cw_${field}`)}</td>
      </tr>`)}</tbody>
    </table>
  </section>`;
}

function ExportBlock({ unitId }) {
  const load = useLoad(async () => (unitId ? (await call('GET', `/units/${encodeURIComponent(unitId)}`)).body : null), [unitId]);
  return html`<section aria-labelledby="export-h">
    <h2 id="export-h">${t('export_title')}</h2>
    ${!unitId ? html`<p>${t('export_pick')}</p>`
      : load.error ? html`<${LoadError} inline=${true} error=${load.error} retry=${load.reload} />`
      : load.data && html`<p>${t('export_text', { unit: load.data.name })}</p>
        <p><a class="button button-secondary" href=${`/api/v1/members/export${qs({ unit: load.data.id })}`}
          download=${`${load.data.code}.csv`}>${t('export_link', { unit: load.data.name })}</a></p>`}
  </section>`;
}

export function ImportPage({ query }) {
  const unitId = query.get('unit');
  const [file, setFile] = useState(null);
  const [st, setSt] = useState({ phase: 'idle' });
  const resultRef = useRef(null);
  const headRef = useFocusHeading(true);

  const focusResult = () => setTimeout(() => resultRef.current?.focus(), 0);
  const onError = (err) => {
    if (!(err instanceof ApiError)) throw err;
    if (err.status === 422 && Array.isArray(err.body?.errors)) setSt({ phase: 'rowErrors', errors: err.body.errors });
    else if (err.status === 400 || err.status === 413 || err.status === 415) setSt({ phase: 'fileError', error: err });
    else setSt({ phase: 'failure', error: err });
    focusResult();
  };
  const check = (e) => {
    e.preventDefault();
    if (!file) { setSt({ phase: 'noFile' }); return; }
    setSt({ phase: 'checking' });
    send(file, true).then((r) => { setSt({ phase: 'checked', result: r.body }); focusResult(); }, onError);
  };
  const run = () => {
    setSt((s) => ({ ...s, phase: 'importing' }));
    send(file, false).then((r) => { setSt({ phase: 'done', result: r.body }); focusResult(); }, onError);
  };
  const counts = (r) => ({ rows: r?.rows ?? 0, created: r?.created ?? 0, updated: r?.updated ?? 0, unchanged: r?.unchanged ?? 0 });

  return html`<section class="import-page">
    <${Breadcrumb} items=${[]} current=${t('import_title')} />
    <h1 tabindex="-1" ref=${headRef}>${t('import_title')}</h1>
    <p class="lead">${t('import_intro')}</p>
    <form novalidate onSubmit=${check} class="import-form">
      <h2>${t('import_step1')}</h2>
      <div class=${`field${st.phase === 'noFile' ? ' field-invalid' : ''}`}>
        <label for="f-file">${t('import_file')}</label>
        <p class="hint" id="f-file-hint">${t('import_file_hint')}</p>
        ${st.phase === 'noFile' && html`<p class="field-error" id="f-file-error"><span class="field-error-prefix">${t('error_prefix')} </span>${t('import_no_file')}</p>`}
        <input id="f-file" class="file-input" type="file" accept=".csv,text/csv"
          aria-describedby=${st.phase === 'noFile' ? 'f-file-hint f-file-error' : 'f-file-hint'}
          aria-invalid=${st.phase === 'noFile' ? 'true' : undefined}
          onChange=${(e) => { setFile(e.currentTarget.files?.[0] || null); setSt({ phase: 'idle' }); }} />
        <div class="file-row">
          <label for="f-file" class="button button-secondary file-button">${t('import_choose')}</label>
          <span class="file-name">${file ? file.name : t('import_no_file_yet')}</span>
        </div>
      </div>
      <div class="form-actions">
        <button type="submit" class="button" disabled=${st.phase === 'checking' || st.phase === 'importing'}>
          ${st.phase === 'checking' ? t('import_checking') : t('import_check')}</button>
      </div>
    </form>
    <div class="import-result" tabindex="-1" ref=${resultRef}>
      ${(st.phase === 'checked' || st.phase === 'importing') && html`
        <p class="alert alert-ok" role="status">${t('import_ok', counts(st.result))}</p>
        <h2>${t('import_step2')}</h2>
        <p><button type="button" class="button" onClick=${run} disabled=${st.phase === 'importing'}>
          ${st.phase === 'importing' ? t('import_going') : t('import_go', counts(st.result))}</button></p>`}
      ${st.phase === 'done' && html`<p class="alert alert-ok" role="status">${t('import_done', counts(st.result))}</p>`}
      ${st.phase === 'rowErrors' && html`<div class="alert alert-error" role="alert">
          <h2 class="alert-title">${t('import_errors_title', { n: st.errors.length })}</h2>
          <p>${t('import_errors_text')}</p>
        </div>
        <${RowErrors} errors=${st.errors} />`}
      ${st.phase === 'fileError' && html`<div class="alert alert-error" role="alert">
        <h2 class="alert-title">${t('import_file_error')}</h2>
        <p>${st.error.message}</p>
      </div>`}
      ${st.phase === 'failure' && html`<${LoadError} inline=${true} error=${st.error} />`}
    </div>
    <${ColumnHelp} />
    <${ExportBlock} unitId=${unitId} />
    ${unitId && html`<p><a href=${href(`/units/${unitId}`)}>${t('back')}</a></p>`}
  </section>`;
}
