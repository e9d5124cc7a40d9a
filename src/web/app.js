// The outreach web page: plain JavaScript, no framework, works offline.
'use strict';

const T = {
  de: {
    nav_print: 'Drucken', nav_event: 'Neue Veranstaltung', nav_check: 'Prüfen',
    nav_campaign: 'Kampagne', print_title: 'Etwas drucken',
    step_product: '1. Produkt', step_record: '2. Für wen?', step_langs: '3. Sprachen',
    search_placeholder: 'Suchen: Name, Ort, Kategorie …', no_second: '– keine zweite –',
    dl_pdf: 'PDF', dl_print_shop: 'PDF für die Druckerei', dl_sheet: 'A4-Bogen fürs Büro',
    dl_png: 'PNG', site_record: 'Für das ganze Portal – keine Auswahl nötig.',
    chosen: 'Gewählt:', choose_record: 'Bitte oben einen Eintrag wählen.',
    residents: 'Bewohner sprechen:', rendering: 'Vorschau wird erstellt …',
    busy: 'Gerade viel zu tun – bitte gleich noch einmal.', page: 'Seite',
    problems: 'Das Dokument hat Fehler:', no_match: 'Nichts gefunden.',
    more: 'weitere – bitte genauer suchen.',
    event_title: 'Plakat für eine neue Veranstaltung', event_texts: 'Titel und Text je Sprache',
    event_when: 'Wann', event_date: 'Datum', event_start: 'Beginn', event_end: 'Ende',
    event_where: 'Wo', event_venue: 'Ort (Name)', event_street: 'Straße und Nr.',
    event_postcode: 'PLZ', event_town: 'Stadt', event_lat: 'Breite', event_lon: 'Länge',
    event_geo_hint: 'Die Koordinaten des Ortes, z. B. aus einer Karte: 50.9787 und 11.0328.',
    event_district: 'Landkreis oder Stadt', event_who: 'Wer lädt ein',
    event_what: 'Worum geht es', event_category: 'Kategorie (Farbe und Symbol des Plakats)',
    event_organizer: 'Veranstalter', event_check: 'Prüfen', event_save: 'Speichern',
    title: 'Titel', text: 'Text', event_ok: 'Alles in Ordnung.',
    event_fix: 'Bitte die markierten Felder korrigieren.',
    event_saved: 'Gespeichert als', event_print: 'Plakat jetzt drucken',
    check_title: 'Vor dem Druck prüfen', check_run: 'Jetzt prüfen',
    checking: 'Alle Dokumente werden geprüft – das dauert einen Moment …',
    check_summary: (d, e, w) => `${d} Dokumente geprüft: ${e} mit Fehlern, ${w} mit Warnungen.`,
    check_clean: 'Keine Probleme gefunden.', check_content: 'Inhaltsdateien',
    error: 'Fehler', warning: 'Warnung', in_docs: 'In:', todo: 'Was tun:',
    site: 'Das Portal', offer: 'Angebot', event: 'Veranstaltung', shelter: 'Unterkunft',
    campaign_title: 'Eine Kampagne bauen', campaign_choose: 'Kampagne',
    campaign_start: 'Starten', campaign_zip: 'ZIP herunterladen',
    campaign_running: (d, t) => t ? `${d} von ${t} Dokumenten …` : 'Wird vorbereitet …',
    campaign_done: 'Fertig: alle Dokumente sind da.',
    campaign_failed: 'Fertig, aber einige Dokumente fehlen – siehe Liste im ZIP (manifest).',
    footer_content: 'Inhalt:', failed: 'Das hat nicht geklappt:',
    advice: {
      1: 'Die Datei an der genannten Stelle reparieren (YAML-Schreibweise).',
      2: 'Den Eintrag in der genannten Inhaltsdatei ergänzen oder korrigieren.',
      3: 'Das Layout an der genannten Stelle korrigieren.',
      4: 'Den Text kürzen oder eine Übersetzung ergänzen, damit er auf die Seite passt.',
      5: 'Prüfen, ob genug Speicherplatz frei ist und der Ordner beschreibbar ist.',
      9: 'Die Auswahl prüfen.',
      226: 'Die fehlende Übersetzung in der Inhaltsdatei ergänzen; bis dahin wird ersatzweise eine andere Sprache gedruckt.',
    },
  },
  en: {
    nav_print: 'Print', nav_event: 'New event', nav_check: 'Check',
    nav_campaign: 'Campaign', print_title: 'Print one thing',
    step_product: '1. Product', step_record: '2. For whom?', step_langs: '3. Languages',
    search_placeholder: 'Search: name, town, category …', no_second: '– no second –',
    dl_pdf: 'PDF', dl_print_shop: 'PDF for the print shop', dl_sheet: 'A4 office sheet',
    dl_png: 'PNG', site_record: 'For the whole portal – nothing to choose.',
    chosen: 'Chosen:', choose_record: 'Please choose an entry above.',
    residents: 'Residents speak:', rendering: 'Making the preview …',
    busy: 'Busy right now – please try again in a moment.', page: 'Page',
    problems: 'The document has problems:', no_match: 'Nothing found.',
    more: 'more – please narrow the search.',
    event_title: 'A poster for a new event', event_texts: 'Title and text per language',
    event_when: 'When', event_date: 'Date', event_start: 'Starts', event_end: 'Ends',
    event_where: 'Where', event_venue: 'Venue (name)', event_street: 'Street and number',
    event_postcode: 'Postcode', event_town: 'Town', event_lat: 'Latitude', event_lon: 'Longitude',
    event_geo_hint: 'The coordinates of the venue, e.g. from a map: 50.9787 and 11.0328.',
    event_district: 'District or city', event_who: 'Who invites',
    event_what: 'What it is about', event_category: 'Category (the poster\'s colour and symbol)',
    event_organizer: 'Organizer', event_check: 'Check', event_save: 'Save',
    title: 'Title', text: 'Text', event_ok: 'All good.',
    event_fix: 'Please correct the marked fields.',
    event_saved: 'Saved as', event_print: 'Print the poster now',
    check_title: 'Check before printing', check_run: 'Check now',
    checking: 'Checking every document – this takes a moment …',
    check_summary: (d, e, w) => `${d} documents checked: ${e} with errors, ${w} with warnings.`,
    check_clean: 'No problems found.', check_content: 'Content files',
    error: 'Error', warning: 'Warning', in_docs: 'In:', todo: 'What to do:',
    site: 'The portal', offer: 'Offer', event: 'Event', shelter: 'Shelter',
    campaign_title: 'Build a campaign', campaign_choose: 'Campaign',
    campaign_start: 'Start', campaign_zip: 'Download ZIP',
    campaign_running: (d, t) => t ? `${d} of ${t} documents …` : 'Getting ready …',
    campaign_done: 'Done: every document is there.',
    campaign_failed: 'Done, but some documents are missing – see the list in the ZIP (manifest).',
    footer_content: 'Content:', failed: 'That did not work:',
    advice: {
      1: 'Repair the file at the place named (YAML syntax).',
      2: 'Complete or correct the entry in the content file named.',
      3: 'Correct the layout at the place named.',
      4: 'Shorten the text or add a translation so that it fits the page.',
      5: 'Check there is free disk space and the folder may be written.',
      9: 'Check the choice.',
      226: 'Add the missing translation to the content file; until then another language is printed instead.',
    },
  },
};

let ui = (localStorage.getItem('outreach-ui') ||
          (navigator.language || 'de').slice(0, 2)) === 'en' ? 'en' : 'de';
let info = null;
let records = { offer: null, event: null, shelter: null };
let chosen = null;
let previewSerial = 0;

const $ = (id) => document.getElementById(id);
const t = (key) => T[ui][key];

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

function translate() {
  document.documentElement.lang = ui;
  for (const node of document.querySelectorAll('[data-t]')) {
    const text = t(node.dataset.t);
    if (typeof text === 'string') node.textContent = text;
  }
  for (const node of document.querySelectorAll('[data-tp]'))
    node.placeholder = t(node.dataset.tp);
  for (const b of document.querySelectorAll('[data-ui]'))
    b.setAttribute('aria-pressed', b.dataset.ui === ui ? 'true' : 'false');
}

function advice(code) {
  const n = parseInt(String(code).slice(1), 10);
  return t('advice')[n] || t('advice')[Math.floor(n / 100)] || '';
}

async function getJSON(url) {
  const response = await fetch(url, { credentials: 'same-origin' });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw Object.assign(new Error(body.error || response.statusText), { body, status: response.status });
  return body;
}

async function post(url, fields) {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': info.csrf },
    body: new URLSearchParams(fields),
  });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw Object.assign(new Error(body.error || response.statusText), { body, status: response.status });
  return body;
}

function showMessages(container, messages) {
  container.replaceChildren();
  for (const m of messages || []) {
    const where = m.file ? `${m.file}${m.line ? ':' + m.line : ''}` : '';
    container.append(el('p', { class: m.error ? 'error' : 'warning' },
      `${m.error ? t('error') : t('warning')} ${m.code}: ${m.message}`,
      where ? el('span', { class: 'where' }, ` (${where})`) : ''));
  }
}

// ---- Print one thing -------------------------------------------------------

function layout() { return info.layouts.find((l) => l.name === $('layout').value); }

function langs() {
  const a = $('lang1').value, b = $('lang2').value;
  return b && b !== a ? `${a},${b}` : a;
}

function renderURL(as, page) {
  const l = layout();
  const q = new URLSearchParams({ layout: l.name, lang: langs(), as });
  if (l.record !== 'site' && chosen) q.set('id', chosen.id);
  if (page) q.set('page', String(page));
  return `/api/render?${q}`;
}

async function loadRecords(kind) {
  if (!records[kind])
    records[kind] = (await getJSON(`/api/records?kind=${kind}&lang=${ui}`)).records;
  return records[kind];
}

function recordLine(r, kind) {
  const bits = [r.name];
  if (r.start) bits.push(r.start.slice(0, 10));
  if (r.town) bits.push(r.town);
  if (r.category) bits.push(r.category);
  const li = el('li', { role: 'option', 'data-id': r.id }, bits.join(' · '));
  if (kind === 'shelter' && r.languages.length)
    li.append(el('span', { class: 'langs' }, ` ${t('residents')} ${r.languages.join(', ')}`));
  return li;
}

async function showRecords() {
  const l = layout();
  const list = $('records');
  list.hidden = l.record === 'site';
  if (l.record === 'site') {
    list.replaceChildren();
    $('search').hidden = true;
    $('record-chosen').textContent = t('site_record');
    chosen = null;
    return;
  }
  $('search').hidden = false;
  const all = await loadRecords(l.record);
  if (layout() !== l) return; // the product changed meanwhile
  if (chosen && !all.some((r) => r.id === chosen.id)) chosen = null;
  const words = $('search').value.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = all.filter((r) => {
    const hay = [r.id, r.name, r.town, r.category, r.start].join(' ').toLowerCase();
    return words.every((w) => hay.includes(w));
  });
  const items = matches.slice(0, 50).map((r) => {
    const li = recordLine(r, l.record);
    if (chosen && chosen.id === r.id) li.setAttribute('aria-selected', 'true');
    li.addEventListener('click', () => chooseRecord(r));
    return li;
  });
  if (!matches.length) items.push(el('li', { class: 'none' }, t('no_match')));
  else if (matches.length > 50) items.push(el('li', { class: 'none' }, `… ${matches.length - 50} ${t('more')}`));
  list.replaceChildren(...items);
  $('record-chosen').textContent = chosen ? `${t('chosen')} ${chosen.name}` : t('choose_record');
}

function chooseRecord(r) {
  chosen = r;
  // A shelter's handout: the residents' first language, German beside it.
  if (layout().record === 'shelter' && r.languages.length) {
    $('lang1').value = r.languages[0];
    $('lang-hint').textContent = `${t('residents')} ${r.languages.join(', ')}`;
  } else {
    $('lang-hint').textContent = '';
  }
  showRecords();
  preview();
}

async function preview() {
  const serial = ++previewSerial;
  const l = layout();
  const area = $('preview');
  const ready = l.record === 'site' || chosen;
  for (const id of ['dl-pdf', 'dl-print-shop', 'dl-sheet', 'dl-png']) {
    const a = $(id);
    if (ready) a.href = renderURL({ 'dl-pdf': 'pdf', 'dl-print-shop': 'print-shop', 'dl-sheet': 'sheet', 'dl-png': 'png' }[id]);
    else a.removeAttribute('href');
    a.classList.toggle('disabled', !ready);
  }
  $('print-messages').replaceChildren();
  if (!ready) { area.replaceChildren(); $('preview-status').textContent = t('choose_record'); return; }
  $('preview-status').textContent = t('rendering');
  const response = await fetch(renderURL('preview', 1), { credentials: 'same-origin' });
  if (serial !== previewSerial) return;
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    area.replaceChildren();
    $('preview-status').textContent = response.status === 503 ? t('busy') : `${t('problems')} ${body.error || response.status}`;
    showMessages($('print-messages'), body.messages);
    return;
  }
  const pages = parseInt(response.headers.get('X-Pages') || '1', 10);
  const images = [];
  const first = URL.createObjectURL(await response.blob());
  images.push(el('figure', {}, el('img', { src: first, alt: `${t('page')} 1` }), el('figcaption', {}, `${t('page')} 1`)));
  area.replaceChildren(...images);
  $('preview-status').textContent = '';
  area.dataset.ready = 'true';
  for (let p = 2; p <= Math.min(pages, 8); p++) {
    const r = await fetch(renderURL('preview', p), { credentials: 'same-origin' });
    if (serial !== previewSerial || !r.ok) return;
    const src = URL.createObjectURL(await r.blob());
    area.append(el('figure', {}, el('img', { src, alt: `${t('page')} ${p}` }), el('figcaption', {}, `${t('page')} ${p}`)));
  }
}

function setupPrint() {
  const select = $('layout');
  select.replaceChildren(...info.layouts.map((l) => el('option', { value: l.name }, l.name)));
  const lang1 = $('lang1'), lang2 = $('lang2');
  lang1.replaceChildren(...info.languages.map((g) => el('option', { value: g.code }, `${g.name} (${g.code})`)));
  lang2.replaceChildren(el('option', { value: '', 'data-t': 'no_second' }, t('no_second')),
    ...info.languages.map((g) => el('option', { value: g.code }, `${g.name} (${g.code})`)));
  const describe = () => { $('layout-description').textContent = layout().description; };
  select.addEventListener('change', () => { describe(); chosen = null; $('lang-hint').textContent = ''; $('search').value = ''; showRecords().then(preview); });
  $('search').addEventListener('input', () => showRecords());
  lang1.addEventListener('change', preview);
  lang2.addEventListener('change', preview);
  describe();
  showRecords().then(preview);
}

// ---- Event form ---------------------------------------------------------------

function setupEvent() {
  const box = $('event-texts');
  for (const g of info.languages) {
    const dir = g.rtl ? 'rtl' : 'ltr';
    box.append(el('div', { class: 'lang-block', lang: g.code, dir },
      el('h3', {}, `${g.name} (${g.code})`),
      el('label', {}, el('span', { 'data-t': 'title' }, t('title')), ' ', el('input', { name: `title_${g.code}`, lang: g.code, dir })),
      el('p', { class: 'field-error', 'data-for': `title_${g.code}` }),
      el('label', {}, el('span', { 'data-t': 'text' }, t('text')), ' ', el('textarea', { name: `text_${g.code}`, rows: '2', lang: g.code, dir })),
      el('p', { class: 'field-error', 'data-for': `text_${g.code}` })));
  }
  // Saved once: saving again would add a second copy of the event.
  $('event-form').addEventListener('input', () => { $('event-save').disabled = false; });
  $('event-category').replaceChildren(...info.categories.map((c) => el('option', { value: c.id }, c.name)));
  $('event-check').addEventListener('click', () => sendEvent('check'));
  $('event-form').addEventListener('submit', (e) => { e.preventDefault(); sendEvent('save'); });
}

async function sendEvent(action) {
  const form = $('event-form');
  const fields = Object.fromEntries(new FormData(form).entries());
  fields.action = action;
  for (const p of form.querySelectorAll('.field-error')) p.textContent = '';
  for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
  const status = $('event-status');
  status.replaceChildren(t('rendering'));
  try {
    const result = await post('/api/event', fields);
    let bad = false;
    for (const m of result.messages) {
      const where = form.querySelector(`.field-error[data-for="${m.field || ''}"]`) ||
                    form.querySelector('.field-error[data-for=""]');
      where.append(el('span', { class: m.error ? 'error' : 'warning' }, m.message), ' ');
      const input = m.field && form.elements[m.field];
      if (input && m.error) input.setAttribute('aria-invalid', 'true');
      bad = bad || m.error;
    }
    if (bad) { status.textContent = t('event_fix'); return; }
    if (result.saved) {
      records.event = null;
      $('event-save').disabled = true;
      const link = el('a', { href: '#print', id: 'event-print' }, t('event_print'));
      link.addEventListener('click', () => printSaved(result.id));
      status.replaceChildren(`${t('event_saved')} events/${result.id}.yaml. `, link);
    } else {
      status.textContent = t('event_ok');
    }
  } catch (e) {
    status.textContent = `${t('failed')} ${e.message}`;
  }
}

async function printSaved(id) {
  $('layout').value = info.layouts.some((l) => l.name === 'event-poster') ? 'event-poster' : $('layout').value;
  const all = await loadRecords('event');
  chosen = all.find((r) => r.id === id) || null;
  $('search').value = '';
  await showRecords();
  preview();
}

// ---- Check -----------------------------------------------------------------------

function finding(d, where) {
  return el('li', { class: d.error ? 'error' : 'warning' },
    el('strong', {}, `${d.error ? t('error') : t('warning')} ${d.code}: `), d.message,
    d.file ? el('div', { class: 'where' }, `${d.file}${d.line ? ':' + d.line + ':' + d.col : ''}`) : '',
    where ? el('div', { class: 'where' }, `${t('in_docs')} ${where}`) : '',
    el('div', { class: 'todo' }, `${t('todo')} ${advice(d.code)}`));
}

async function runCheck() {
  $('check-status').textContent = t('checking');
  $('check-result').replaceChildren();
  try {
    const r = await getJSON('/api/check');
    $('check-status').textContent = t('check_summary')(r.documents, r.with_errors || 0, r.with_warnings || 0);
    const out = [];
    if (r.load.length)
      out.push(el('details', { open: '' }, el('summary', {}, `${t('check_content')} (${r.load.length})`),
        el('ul', {}, ...r.load.map((d) => finding(d, '')))));
    for (const rec of r.records) {
      const errors = rec.findings.filter((f) => f.diag.error).length;
      out.push(el('details', errors ? { open: '', class: 'has-errors' } : {},
        el('summary', {}, `${t(rec.kind)}: ${rec.name || ''} `, el('code', {}, rec.id || ''), ` (${rec.findings.length})`),
        el('ul', {}, ...rec.findings.map((f) => finding(f.diag, f.where)))));
    }
    if (!out.length) out.push(el('p', {}, t('check_clean')));
    $('check-result').replaceChildren(...out);
  } catch (e) {
    $('check-status').textContent = `${t('failed')} ${e.message}`;
  }
}

// ---- Campaign --------------------------------------------------------------------

async function startCampaign() {
  const status = $('campaign-status'), bar = $('campaign-progress'), zip = $('campaign-zip');
  zip.hidden = true;
  try {
    const { id } = await post('/api/campaign', { name: $('campaign-name').value });
    bar.hidden = false;
    bar.removeAttribute('value');
    for (;;) {
      const s = await getJSON(`/api/campaign?id=${id}`);
      if (s.total) { bar.max = s.total; bar.value = s.done; }
      status.textContent = t('campaign_running')(s.done, s.total);
      if (s.finished) {
        bar.value = bar.max;
        status.textContent = s.complete ? t('campaign_done') : t('campaign_failed');
        if (s.zip) { zip.href = `/api/campaign.zip?id=${id}`; zip.hidden = false; }
        return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } catch (e) {
    status.textContent = `${t('failed')} ${e.message}`;
  }
}

// ---- Start -------------------------------------------------------------------------

function route() {
  const page = (location.hash || '#print').slice(1);
  for (const s of document.querySelectorAll('.page')) s.hidden = s.id !== page;
  for (const a of document.querySelectorAll('nav a'))
    a.setAttribute('aria-current', a.getAttribute('href') === `#${page}` ? 'page' : 'false');
}

async function start() {
  for (const b of document.querySelectorAll('[data-ui]'))
    b.addEventListener('click', () => {
      ui = b.dataset.ui;
      localStorage.setItem('outreach-ui', ui);
      translate();
      records = { offer: null, event: null, shelter: null };
      if (info) showRecords();
    });
  translate();
  route();
  window.addEventListener('hashchange', route);
  info = await getJSON('/api/info');
  $('content-dir').textContent = info.content;
  $('version').textContent = info.version;
  $('campaign-name').replaceChildren(...info.campaigns.map((c) => el('option', { value: c }, c)));
  $('campaign-start').addEventListener('click', startCampaign);
  $('check-run').addEventListener('click', runCheck);
  setupEvent();
  setupPrint();
  translate();
}

start();
