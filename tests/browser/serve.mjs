// The web page in a real browser: Debian's chromium, driven by
// playwright-core. Clicks through "print one thing" in Arabic and Farsi,
// the event form with a mistake and then right, the check page and a
// campaign; checks what was downloaded with zbarimg, pdftotext and unzip;
// writes a screenshot of each page to SHOTS (default: a temporary folder)
// for review against tests/browser/reference/.
//
//   OUTREACH=build/outreach SOURCE_DIR=. node tests/browser/serve.mjs
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const OUTREACH = process.env.OUTREACH;
const SOURCE_DIR = process.env.SOURCE_DIR;
if (!OUTREACH || !SOURCE_DIR) throw new Error('set OUTREACH and SOURCE_DIR');

const work = mkdtempSync(join(tmpdir(), 'outreach-browser-'));
const shots = process.env.SHOTS || join(work, 'shots');
mkdirSync(shots, { recursive: true });
let failures = 0;
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
};
const run = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });

// A copy of the content: the event form writes into it.
const content = join(work, 'content');
cpSync(join(SOURCE_DIR, 'content'), content, { recursive: true });
writeFileSync(join(content, 'campaigns', 'browser-test.yaml'),
  'name: browser-test\noutput: "{layout}/{lang}/{record}.pdf"\njobs:\n' +
  '  - layout: postcard\n    languages: [de, ar, fa]\n');

const server = spawn(OUTREACH, ['serve', '--listen', '127.0.0.1:0', '--content', content,
  '--layouts', join(SOURCE_DIR, 'layouts')],
{ cwd: SOURCE_DIR, env: { ...process.env, TMPDIR: work }, stdio: ['ignore', 'pipe', 'inherit'] });
process.on('exit', () => server.kill('SIGKILL'));
const base = await new Promise((resolve, reject) => {
  server.stdout.once('data', (d) => {
    const m = String(d).match(/(http:\/\/127\.0\.0\.1:\d+)\//);
    m ? resolve(m[1]) : reject(new Error(`server said: ${d}`));
  });
  server.once('exit', (code) => reject(new Error(`server exited: ${code}`)));
});

const profile = join(work, 'profile');
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  acceptDownloads: true,
  viewport: { width: 1200, height: 900 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] || await context.newPage();
page.setDefaultTimeout(60000);
const offSite = [];
page.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) offSite.push(r.url()); });
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));

async function download(selector, name) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = join(work, name);
  await dl.saveAs(path);
  return { path, suggested: dl.suggestedFilename() };
}

function qrCodes(pdf) {
  const prefix = join(work, 'qr');
  run('pdftoppm', ['-png', '-r', '150', pdf, prefix]);
  const pngs = run('sh', ['-c', `ls ${prefix}*.png`]).trim().split('\n');
  let out = '';
  for (const png of pngs) {
    try { out += run('zbarimg', ['-q', '--raw', png]); } catch { /* no code on this page */ }
    rmSync(png);
  }
  return out;
}

async function waitPreview() {
  await page.waitForFunction(() => document.querySelector('#preview-status').textContent === '' ||
    document.querySelector('#print-messages').textContent !== '');
  const problems = await page.textContent('#print-messages');
  if (problems) throw new Error(`the preview failed: ${problems}`);
  await page.waitForFunction(() => document.querySelector('#preview img') &&
    document.querySelector('#preview img').complete &&
    document.querySelector('#preview-status').textContent === '');
}

// ---- Print one thing: a shelter's handout in Arabic ----------------------------
await page.goto(base + '/');
await page.click('[data-ui="en"]');
await page.waitForSelector('#layout option', { state: 'attached' });
check((await page.textContent('#version')).length > 0, 'the page shows the version');
check((await page.textContent('#content-dir')) === content, 'the page shows the content folder');
await page.selectOption('#layout', 'handout');
await page.fill('#search', 'Ringelberg');
await page.waitForSelector('#records li[data-id="erfurt-gu-ringelberg"]');
const line = await page.textContent('#records li[data-id="erfurt-gu-ringelberg"]');
check(/ar, fa, ru/.test(line), `a shelter shows its residents' languages (${line})`);
await page.click('#records li[data-id="erfurt-gu-ringelberg"]');
check(await page.inputValue('#lang1') === 'ar', 'choosing the shelter picks its first language, ar');
await page.selectOption('#lang2', 'de');
await waitPreview();
await page.waitForFunction(() => document.querySelectorAll('#preview img').length === 2);
check(await page.locator('#records li[data-id="erfurt-gu-ringelberg"]').count() === 1, 'the shelter is listed once');
await page.screenshot({ path: join(shots, 'print-handout-ar.png'), fullPage: true });
let pdf = await download('#dl-pdf', 'handout-ar.pdf');
check(pdf.suggested === 'handout-erfurt-gu-ringelberg-ar-de.pdf', `file name ${pdf.suggested}`);
let text = run('pdftotext', [pdf.path, '-']);
check(text.includes('مساعدة') || text.includes('المساعدة'), 'the handout has Arabic text');
check(text.includes('Gemeinschaftsunterkunft Am Ringelberg'), 'the handout names the shelter');
let codes = qrCodes(pdf.path);
check(/\/ar\/orte\/erfurt-gu-ringelberg/.test(codes) || /\/ar\//.test(codes), `the QR codes open Arabic pages (${codes.split('\n')[0]})`);

// ---- Print one thing: a postcard in Farsi, print shop and PNG -----------------------
await page.selectOption('#layout', 'postcard');
await page.selectOption('#lang1', 'fa');
await page.selectOption('#lang2', '');
await waitPreview();
await page.waitForFunction(() => document.querySelectorAll('#preview img').length === 2);
await page.screenshot({ path: join(shots, 'print-postcard-fa.png'), fullPage: true });
pdf = await download('#dl-print-shop', 'postcard-fa-print-shop.pdf');
check(pdf.suggested === 'postcard-fa-print-shop.pdf', `file name ${pdf.suggested}`);
const info = run('pdfinfo', ['-box', pdf.path]);
check(/TrimBox/.test(info) && /BleedBox/.test(info), 'the print-shop PDF has TrimBox and BleedBox');
codes = qrCodes(pdf.path);
check(/\/fa\//.test(codes), `the postcard's QR code opens the Farsi portal (${codes.trim()})`);
text = run('pdftotext', [pdf.path, '-']);
check(/[\u0600-\u06FF]/.test(text), 'the postcard has Farsi text');
pdf = await download('#dl-sheet', 'postcard-fa-sheet.pdf');
check(/A4|595 x 842|595.276 x 841.89/.test(run('pdfinfo', [pdf.path])), 'the office sheet is A4');
const png = await download('#dl-png', 'postcard-fa.png');
check(readFileSync(png.path).subarray(1, 4).toString() === 'PNG', 'the PNG download is a PNG');

// ---- The event form: a mistake, then right ----------------------------------
await page.click('a[href="#event"]');
await page.fill('input[name="title_de"]', 'Nähcafé für alle');
await page.fill('input[name="title_en"]', 'Sewing café for everyone');
await page.fill('input[name="title_ar"]', 'مقهى الخياطة للجميع');
await page.fill('input[name="title_fa"]', 'کافه خیاطی برای همه');
await page.fill('textarea[name="text_de"]', 'Wir nähen und reparieren gemeinsam. Nähmaschinen sind da.');
await page.fill('textarea[name="text_en"]', 'We sew and mend together. Sewing machines are there.');
await page.fill('textarea[name="text_ar"]', 'نخيط ونصلح الملابس معاً. ماكينات الخياطة متوفرة.');
await page.fill('textarea[name="text_fa"]', 'با هم می‌دوزیم و تعمیر می‌کنیم. چرخ خیاطی هست.');
await page.fill('input[name="date"]', '2027-03-12');
await page.fill('input[name="start"]', '18:00');
await page.fill('input[name="end"]', '16:00'); // the mistake: it ends before it starts
await page.fill('input[name="venue"]', 'Stadtteilzentrum Herrenberg');
await page.fill('input[name="street"]', 'Sofioter Straße 5');
await page.fill('input[name="postcode"]', '99091');
await page.fill('input[name="town"]', 'Erfurt');
await page.fill('input[name="lat"]', '50.9482');
await page.fill('input[name="lon"]', '11.0583');
await page.fill('input[name="district"]', 'Erfurt');
await page.fill('input[name="organizer"]', 'Nachbarschaftshilfe Herrenberg');
await page.selectOption('select[name="category"]', 'clubs-meeting-places');
await page.click('#event-save');
await page.waitForFunction(() => document.querySelector('.field-error[data-for="end"]').textContent.length > 0);
const endError = await page.textContent('.field-error[data-for="end"]');
check(/before it starts/.test(endError), `the mistake is shown at the end time (${endError.trim()})`);
check(await page.getAttribute('input[name="end"]', 'aria-invalid') === 'true', 'the end time is marked');
check(!existsSync(join(content, 'events')), 'nothing was saved');
await page.screenshot({ path: join(shots, 'event-mistake.png'), fullPage: true });
await page.fill('input[name="end"]', '20:00');
await page.click('#event-save');
await page.waitForSelector('#event-print');
const saved = join(content, 'events', 'erfurt-naehcafe-fuer-alle-2027-03.yaml');
check(existsSync(saved), 'saved as content/events/erfurt-naehcafe-fuer-alle-2027-03.yaml');
check(readFileSync(saved, 'utf8').includes('"2027-03-12T18:00:00+01:00"'), 'start written with the German offset');
await page.screenshot({ path: join(shots, 'event-saved.png'), fullPage: true });
await page.click('#event-print');
await page.waitForFunction(() => document.querySelector('#layout').value === 'event-poster' &&
  document.querySelector('#record-chosen').textContent.includes('Sewing café'));
await page.selectOption('#lang1', 'ar');
await waitPreview();
pdf = await download('#dl-pdf', 'event-poster-ar.pdf');
text = run('pdftotext', [pdf.path, '-']);
check(text.includes('الخياطة'), 'the new event\'s poster has its Arabic title');
codes = qrCodes(pdf.path);
check(codes.includes('/ar/veranstaltungen/erfurt-naehcafe-fuer-alle-2027-03'), `the poster's QR code opens the new event (${codes.trim()})`);

// ---- Check ---------------------------------------------------------------------
await page.click('a[href="#check"]');
await page.click('#check-run');
await page.waitForFunction(() => /documents checked/.test(document.querySelector('#check-status').textContent), null, { timeout: 120000 });
const groups = await page.locator('#check-result details').count();
check(groups > 0, `the check's findings are grouped by record (${groups} groups)`);
check((await page.textContent('#check-result')).includes('What to do:'), 'each finding says what to do');
await page.screenshot({ path: join(shots, 'check.png') });

// ---- Campaign ------------------------------------------------------------------
await page.click('a[href="#campaign"]');
await page.selectOption('#campaign-name', 'browser-test');
await page.click('#campaign-start');
await page.waitForSelector('#campaign-zip:not([hidden])', { timeout: 120000 });
await page.screenshot({ path: join(shots, 'campaign.png') });
const zip = await download('#campaign-zip', 'campaign.zip');
const listing = run('unzip', ['-Z1', zip.path]);
check(/manifest\.csv/.test(listing) && /manifest\.json/.test(listing), 'the ZIP has the manifest');
check(/postcard\/fa\/postcard\.pdf/.test(listing), 'the ZIP has the Farsi postcard');
execFileSync('unzip', ['-q', '-o', zip.path, '-d', join(work, 'unzipped')]);
codes = qrCodes(join(work, 'unzipped', 'postcard', 'ar', 'postcard.pdf'));
check(/utm_campaign=browser-test/.test(codes), `the campaign's QR codes carry its name (${codes.trim()})`);

// ---- German, and nothing from elsewhere ----------------------------------------------
await page.click('[data-ui="de"]');
await page.click('a[href="#print"]');
check((await page.textContent('a[href="#event"]')) === 'Neue Veranstaltung', 'the page speaks German');
check(offSite.length === 0, `no request left the server (${offSite.join(' ')})`);
check(pageErrors.length === 0, `no script errors (${pageErrors.join(' ')})`);

await context.close();
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
if (!process.env.SHOTS) rmSync(work, { recursive: true, force: true });
else console.log(`screenshots in ${shots}`);
if (failures) {
  console.error(`${failures} failure(s)`);
  process.exit(1);
}
console.log('all passed');
