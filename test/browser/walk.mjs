// Browser tests of luoshi's web application: one scenario of the product's acceptance criteria
// per run, walked through the real pages and forms in Debian's headless Chromium, driven by
// playwright-core (which downloads no browser).
//
//   node walk.mjs roles|cycle|map|nojs|screens
//
// test/e2e/browser.sh sets up the database and the server and passes, in the environment:
// BASE (the server's address), LUOSHI and DB (the binary and the database, for the CLI steps a
// test takes between pages), ITEM (the id of item 3-20, assigned to 宜宾市人民政府 and public),
// PASSWORD (every account's) and SHOTS (where screenshots go). The server's today is 2019-09-30
// and the warnings of that date exist: every item is yellow (no report for 2019-09).
//
// Every step asserts on what a person would see — text, links, attributes, the fill of the map's
// divisions — and the first difference ends the run with exit status 1, the page's address and
// a screenshot (SHOTS/failed-SCENARIO.png). Prints "ok - STEP" for each step passed.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BASE = need('BASE');
const LUOSHI = need('LUOSHI');
const DB = need('DB');
const ITEM = need('ITEM');
const PASSWORD = need('PASSWORD');
const SHOTS = need('SHOTS');

// The colours of svg_warning_colour (src/web/svg_map.c): the map's fills.
const FILL = { red: '#d64541', yellow: '#f2c94c', blue: '#4a90d9', green: '#6fbf73' };
const YIBIN = '511500';
const WIDE = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

// Flags that keep Chromium from reaching for the network this machine does not have.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function need(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`walk: ${name} is not set (run through test/e2e/browser.sh)`);
    process.exit(2);
  }
  return v;
}

// ---- assertions: each says what it expected and what it saw -----------------------------------

class Failure extends Error {}

function expect(cond, what) {
  if (!cond) throw new Failure(what);
}
function expectEq(got, want, what) {
  if (got !== want) throw new Failure(`${what}: expected [${want}], got [${got}]`);
}
async function expectText(locator, needle, what) {
  const n = await locator.count();
  if (n === 0) throw new Failure(`${what}: nothing matches ${locator}`);
  const text = (await locator.first().innerText()).replace(/\s+/g, ' ').trim();
  if (!text.includes(needle)) throw new Failure(`${what}: [${needle}] not in [${text.slice(0, 300)}]`);
}
async function expectCount(locator, n, what) {
  const got = await locator.count();
  if (got !== n) throw new Failure(`${what}: expected ${n} of ${locator}, found ${got}`);
}
function ok(step) {
  console.log(`ok - ${step}`);
}

// ---- the browser ----------------------------------------------------------------------------

let browser;
const pages = [];  // every page opened, for the failure screenshot

// A fresh context (its own cookies) and page; opts go to newContext.
async function fresh(opts = {}) {
  const ctx = await browser.newContext({ viewport: WIDE, locale: 'zh-CN', ...opts });
  ctx.setDefaultTimeout(15000);
  const page = await ctx.newPage();
  pages.push(page);
  return page;
}

// GET path and check the answer's status (200 unless said otherwise).
async function visit(page, p, status = 200) {
  const resp = await page.goto(BASE + p);
  expectEq(resp.status(), status, `GET ${p}: status`);
  return resp;
}

// Log in through the real form as login; returns the page, now at the dashboard.
async function login(loginName, opts = {}) {
  const page = await fresh(opts);
  await visit(page, '/login');
  await page.fill('section.login input[name="login"]', loginName);
  await page.fill('section.login input[name="password"]', PASSWORD);
  const [dash] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/' && r.request().method() === 'GET'),
    page.waitForURL((u) => u.pathname === '/'),
    page.click('section.login button[type="submit"]'),
  ]);
  expectEq(dash.status(), 200, `${loginName}'s dashboard after logging in: status`);
  await expectText(page.locator('header.top .who'), '退出', `${loginName} is logged in`);
  return page;
}

// The texts of the main navigation.
async function navTexts(page) {
  return (await page.locator('header.top nav a').allInnerTexts()).map((s) => s.trim());
}

// The fill of a division of the dashboard's map.
async function divisionFill(page, code) {
  const div = page.locator(`svg path.div[data-code="${code}"]`);
  await expectCount(div, 1, `the map's division ${code}`);
  return (await div.getAttribute('fill')).toLowerCase();
}

// The red count of a division in the dashboard's table under the map (in a closed <details>,
// so read as text, not as what is on screen).
async function redCount(page, code) {
  const td = page.locator(`tr.division-row[data-code="${code}"] td[data-label="红"]`);
  await expectCount(td, 1, `the table's row of ${code}`);
  return (await td.textContent()).trim();
}

// Run the CLI on the test's database (e.g. a warnings run at another date).
function cli(...args) {
  return execFileSync(LUOSHI, ['--db', DB, ...args], { encoding: 'utf8' });
}

// Save a full-page screenshot as SHOTS/name.png and print its path.
async function shot(page, name) {
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${file}`);
  return file;
}

// A small evidence file for setInputFiles.
function evidenceFile(name, text) {
  return { name, mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') };
}

// ---- scenarios ------------------------------------------------------------------------------

const ROLES = [
  { login: 'admin', name: '系统管理员', role: '管理员', review: true },
  { login: 'supervisor', name: '督查室', role: '督查', review: true },
  { login: 'leader', name: '分管副省长', role: '领导', review: false },
  { login: 'yibin', name: '宜宾市填报员', role: '填报', review: false },
];

// Each role logs in through the form and sees its navigation; a wrong password is refused;
// logging out ends the session; the public page needs no login; the language switch works.
async function roles() {
  for (const who of ROLES) {
    const page = await login(who.login);
    await expectText(page.locator('header.top .who'), `${who.name}（${who.role}）`, `${who.login}'s name and role`);
    const nav = await navTexts(page);
    for (const want of ['挂图作战', '台账', '时间轴', '文件', '单位', '公开']) {
      expect(nav.includes(want), `${who.login}'s navigation lacks ${want}: [${nav.join(' ')}]`);
    }
    await expectCount(page.locator('svg path.div'), 21, `${who.login}'s dashboard map (21 divisions)`);
    const review = page.locator('header.top nav a[href="/review"]');
    if (who.review) {
      await expectCount(review, 1, `${who.login}'s 审核 link`);
      await expectText(review, '审核', `${who.login}'s review link`);
      await Promise.all([page.waitForURL((u) => u.pathname === '/review'), review.click()]);
      await expectText(page.locator('main h1'), '审核', 'the review queue');
      await expectText(page.locator('#queue h2'), '待审核的报告', 'the review queue');
    } else {
      await expectCount(review, 0, `${who.login} must not see a review link`);
      expect(!nav.includes('审核'), `${who.login}'s navigation has 审核: [${nav.join(' ')}]`);
      await visit(page, '/review', 403);
      await visit(page, '/');
    }
    ok(`${who.login} logs in and sees its navigation${who.review ? ' with 审核' : ', no 审核'}`);
    if (who.login === 'yibin') {
      // A reporter's ledger holds its own unit's items only.
      await visit(page, '/ledger');
      const leads = (await page.locator('table.ledger tbody td[data-label="牵头单位"]').allInnerTexts())
        .map((s) => s.trim());
      expect(leads.length >= 1, 'the reporter sees no item in its ledger');
      expect(leads.every((s) => s === '宜宾市人民政府'), `the reporter sees others' items: ${leads.join(', ')}`);
      await expectText(page.locator(`a[href="/items/${ITEM}"]`), '支持宜宾', 'item 3-20 in the reporter\'s ledger');
      ok('the reporter\'s ledger shows only 宜宾市人民政府\'s items');
      // The language switch, and back.
      await Promise.all([page.waitForURL((u) => u.pathname === '/ledger'), page.click('header.top a.lang')]);
      const en = await navTexts(page);
      for (const want of ['Dashboard', 'Ledger', 'Public']) {
        expect(en.includes(want), `English navigation lacks ${want}: [${en.join(' ')}]`);
      }
      await expectText(page.locator('main h1'), 'Ledger', 'the ledger in English');
      await page.click('header.top a.lang');
      await page.waitForLoadState();
      await expectText(page.locator('main h1'), '台账', 'the ledger in Chinese again');
      ok('the language switch turns the page to English and back');
    }
    // Log out: the session ends, the dashboard asks for a login again.
    await Promise.all([page.waitForURL((u) => u.pathname === '/login'),
      page.click('header.top .who button[type="submit"]')]);
    await page.goto(BASE + '/');
    expectEq(new URL(page.url()).pathname + new URL(page.url()).search, '/login?next=%2F',
      `after ${who.login} logged out, / leads to`);
    ok(`${who.login} logs out`);
    await page.context().close();
  }

  // A wrong password is refused with a message, and no session.
  const page = await fresh();
  await visit(page, '/login');
  await page.fill('input[name="login"]', 'yibin');
  await page.fill('input[name="password"]', 'not-the-password');
  const [resp] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'),
    page.click('section.login button[type="submit"]')]);
  expectEq(resp.status(), 401, 'a wrong password: status');
  await expectText(page.locator('section.login [role="alert"]'), '账号或密码不对', 'a wrong password');
  ok('a wrong password is refused');

  // The public page, anonymous.
  await visit(page, '/public');
  expectEq(await page.locator('header.top .who button').count(), 0, 'logout buttons on the anonymous page');
  await expectText(page.locator('header.top .who a[href="/login"]'), '登录', 'the anonymous page\'s login link');
  const nav = await navTexts(page);
  expectEq(nav.join(' '), '公开', 'the anonymous navigation');
  await expectText(page.locator('main h1'), '重点任务落实进展', 'the public page');
  await expectText(page.locator(`article.public-item#item-${ITEM}`), '支持宜宾建设长江上游区域中心城市', 'the public item');
  await expectText(page.locator(`article.public-item#item-${ITEM}`), '宜宾市人民政府', 'the public item\'s lead unit');
  await expectCount(page.locator('main a[href^="/items/"]'), 0, 'links behind the login on the public page');
  await page.click('header.top a.lang');
  await page.waitForLoadState();
  await expectText(page.locator('main h1'), 'Progress of the key tasks', 'the public page in English');
  ok('the public page shows the published item without login, in both languages');
}

// The report cycle: the 宜宾 reporter files a report with evidence and submits it; the
// supervisor returns it with a reason; the reporter sees the reason and resubmits; the
// supervisor accepts; the item page shows the accepted report and its evidence.
async function cycle() {
  const first = evidenceFile('施工进度说明.txt', '宜宾枢纽建设：完成前期工作。\n');
  const second = evidenceFile('现场照片清单.txt', '补充：现场照片三张。\n');
  const reason = '佐证材料不足，请补充现场照片';

  const rep = await login('yibin');
  await rep.click('header.top nav a[href="/ledger"]');
  await Promise.all([rep.waitForURL((u) => u.pathname === `/items/${ITEM}`),
    rep.click(`table.ledger a[href="/items/${ITEM}"]`)]);
  await expectText(rep.locator('main h1'), '3-20', 'the item page');
  await Promise.all([rep.waitForURL((u) => u.pathname === `/items/${ITEM}/report`),
    rep.click(`#reports a[href="/items/${ITEM}/report"]`)]);
  await expectText(rep.locator('main h1'), '2019-09', 'the report form\'s period');
  const form = rep.locator('form.report');
  await form.locator('input[name="progress"]').fill('40');
  await form.locator('textarea[name="done"]').fill('完成枢纽规划编制');
  await form.locator('textarea[name="problems"]').fill('资金缺口较大');
  await form.locator('textarea[name="next"]').fill('开展可研');
  await form.locator('input[type="file"][name="evidence"]').setInputFiles(first);
  await Promise.all([rep.waitForURL((u) => u.pathname === `/items/${ITEM}`),
    form.locator('button[name="action"][value="submit"]').click()]);
  await expectText(rep.locator('main [role="status"]'), '报告已提交，等待审核。', 'after submitting');
  const row = rep.locator('#reports table.reports tbody tr').first();
  await expectText(row, '待审核', 'the submitted report\'s state');
  await expectText(row.locator('ul.evidence'), first.name, 'the submitted report\'s evidence');
  ok('the reporter files a report with an evidence file and submits it');

  const sup = await login('supervisor');
  await Promise.all([sup.waitForURL((u) => u.pathname === '/review'),
    sup.click('header.top nav a[href="/review"]')]);
  let card = sup.locator('article.review', { hasText: '3-20' });
  await expectCount(card, 1, 'the report in the review queue');
  await expectText(card, '完成枢纽规划编制', 'the report\'s text in the queue');
  await expectText(card.locator('ul.evidence'), first.name, 'the evidence in the queue');
  await card.locator('form.return textarea[name="reason"]').fill(reason);
  await Promise.all([sup.waitForURL((u) => u.search === '?done=returned'),
    card.locator('button[name="action"][value="return"]').click()]);
  await expectText(sup.locator('main [role="status"]'), '报告已退回。', 'after returning');
  await expectCount(sup.locator('article.review', { hasText: '3-20' }), 0, 'the returned report in the queue');
  ok('the supervisor returns the report with a reason');

  await visit(rep, `/items/${ITEM}`);
  await expectText(rep.locator('#reports table.reports tbody tr').first(), '已退回', 'the returned report\'s state');
  await expectText(rep.locator('#reports table.reports tbody tr').first(), reason, 'the reason on the item page');
  await rep.click(`#reports a[href="/items/${ITEM}/report"]`);
  await rep.waitForURL((u) => u.pathname === `/items/${ITEM}/report`);
  await expectText(rep.locator('main .notice.red .reason'), reason, 'the reason on the report form');
  expectEq(await form.locator('input[name="progress"]').inputValue(), '40', 'the returned report\'s progress in the form');
  await form.locator('input[name="progress"]').fill('60');
  await form.locator('textarea[name="done"]').fill('完成枢纽规划编制，补充现场照片');
  await form.locator('input[type="file"][name="evidence"]').setInputFiles(second);
  await Promise.all([rep.waitForURL((u) => u.pathname === `/items/${ITEM}`),
    form.locator('button[name="action"][value="submit"]').click()]);
  await expectText(rep.locator('main [role="status"]'), '报告已提交，等待审核。', 'after resubmitting');
  ok('the reporter sees the reason and resubmits');

  await visit(sup, '/review');
  card = sup.locator('article.review', { hasText: '3-20' });
  await expectCount(card, 1, 'the resubmitted report in the queue');
  await expectText(card, '第2次提交', 'the resubmission count');
  await expectText(card, '60%', 'the resubmitted progress');
  await Promise.all([sup.waitForURL((u) => u.search === '?done=accepted'),
    card.locator('button[name="action"][value="accept"]').click()]);
  await expectText(sup.locator('main [role="status"]'), '报告已审核通过。', 'after accepting');
  await expectText(sup.locator('#queue'), '没有待审核的报告。', 'the empty queue');
  ok('the supervisor accepts the resubmitted report');

  // The item page shows the accepted report and both evidence files, which download whole.
  await visit(rep, `/items/${ITEM}`);
  const accepted = rep.locator('#reports table.reports tbody tr').first();
  await expectText(accepted, '已通过', 'the accepted report\'s state');
  await expectText(accepted, '60%', 'the accepted report\'s progress');
  await expectText(accepted, '补充现场照片', 'the accepted report\'s text');
  await expectText(accepted, '审核 supervisor', 'the reviewer');
  await expectText(rep.locator('#assignment'), '60%', 'the item\'s progress');
  const links = accepted.locator('ul.evidence a');
  await expectCount(links, 2, 'the accepted report\'s evidence files');
  for (const f of [first, second]) {
    const a = accepted.locator('ul.evidence a', { hasText: f.name });
    await expectCount(a, 1, `the evidence link ${f.name}`);
    const got = await rep.context().request.get(BASE + (await a.getAttribute('href')));
    expectEq(got.status(), 200, `downloading ${f.name}`);
    expect(Buffer.compare(await got.body(), f.buffer) === 0, `${f.name} came back changed`);
  }
  await expectText(rep.locator('#history'), '审核通过', 'the history');
  ok('the item page shows the accepted report with its evidence, which downloads whole');

  // The form is locked now; the public page shows the progress.
  await visit(rep, `/items/${ITEM}/report`);
  await expectText(rep.locator('main p.notice'), '已通过审核', 'the locked form');
  await expectCount(rep.locator('form.report button[value="submit"]'), 0, 'submit buttons on the locked form');
  const anon = await fresh();
  await visit(anon, '/public');
  await expectText(anon.locator(`#item-${ITEM}`), '60%', 'the public page\'s progress');
  ok('the accepted period is locked, and the public page shows 60%');
}

// The map: 宜宾 (511500) is yellow (no report this month) at 2019-09-30; once the deadline of
// item 3-20 (2019-12-31) has passed it turns red (overdue); when a 100 % report is accepted the
// item is 已完成 and the red goes, leaving yellow again.
async function map() {
  const page = await login('supervisor');
  expectEq(await divisionFill(page, YIBIN), FILL.yellow, '宜宾 on 2019-09-30');
  const title = () => page.locator(`svg path.div[data-code="${YIBIN}"] > title`);
  expectEq(await redCount(page, YIBIN), '0', '宜宾\'s red count in the table');
  ok('宜宾 is yellow on the map on 2019-09-30');

  cli('warnings', 'run', '--date', '2020-01-15');
  await visit(page, '/');
  expectEq(await divisionFill(page, YIBIN), FILL.red, '宜宾 after the deadline passed');
  expectEq(await redCount(page, YIBIN), '1', '宜宾\'s red count in the table');
  expect((await title().textContent()).includes('红色预警1'), `宜宾's tooltip: ${await title().textContent()}`);
  // Another division keeps its colour: 成都 (510100) has no overdue item.
  expectEq(await divisionFill(page, '510100'), FILL.yellow, '成都 after 宜宾\'s deadline passed');
  ok('宜宾 turns red when item 3-20 is overdue; 成都 stays yellow');

  // Clicking the division leads to its items, 3-20 among them with its red warning.
  await Promise.all([page.waitForURL((u) => u.pathname === '/ledger'),
    page.locator(`svg a:has(path[data-code="${YIBIN}"])`).click()]);
  expectEq(new URL(page.url()).searchParams.get('place'), YIBIN, 'the division\'s link');
  await expectText(page.locator(`tr#item-${ITEM}`), '红色预警', 'item 3-20\'s warning in the ledger');
  ok('clicking 宜宾 lists its items, 3-20 red');

  // A 100 % report, accepted: the item is done, its warning goes.
  const out = JSON.parse(cli('report', 'file', ITEM, '--period', '2020-01', '--progress', '100',
    '--done', '全部完成', '--as', 'yibin', '--json'));
  cli('report', 'submit', String(out.report), '--as', 'yibin');
  cli('report', 'accept', String(out.report), '--as', 'supervisor');
  cli('warnings', 'run', '--date', '2020-01-15');
  await visit(page, '/');
  expectEq(await divisionFill(page, YIBIN), FILL.yellow, '宜宾 after the 100 % report was accepted');
  expectEq(await redCount(page, YIBIN), '0', '宜宾\'s red count in the table');
  ok('accepting a 100 % report clears the red: 宜宾 is yellow again');
}

// The report form without JavaScript: log in, save a draft with an evidence file, submit it;
// the supervisor returns and accepts without JavaScript too.
async function nojs() {
  const rep = await login('yibin', { javaScriptEnabled: false });
  await visit(rep, `/items/${ITEM}/report`);
  const form = rep.locator('form.report');
  await form.locator('input[name="progress"]').fill('25');
  await form.locator('textarea[name="done"]').fill('无脚本填报');
  await form.locator('input[name="evidence"]').setInputFiles(evidenceFile('无脚本.txt', 'no script\n'));
  await Promise.all([rep.waitForURL((u) => u.search === '?saved=1'),
    form.locator('button[value="save"]').click()]);
  await expectText(rep.locator('main [role="status"]'), '报告草稿已保存。', 'after saving a draft');
  await expectText(rep.locator('#reports table.reports tbody tr').first(), '草稿', 'the draft\'s state');
  ok('without JavaScript, the report form saves a draft with its evidence');

  await visit(rep, `/items/${ITEM}/report`);
  expectEq(await form.locator('textarea[name="done"]').inputValue(), '无脚本填报', 'the draft in the form');
  await expectText(form.locator('ul.evidence'), '无脚本.txt', 'the draft\'s evidence in the form');
  await Promise.all([rep.waitForURL((u) => u.search === '?submitted=1'),
    form.locator('button[value="submit"]').click()]);
  await expectText(rep.locator('#reports table.reports tbody tr').first(), '待审核', 'the submitted state');
  ok('without JavaScript, the draft is submitted');

  // A refused post keeps what was typed and says why (no client-side check to lean on).
  const sup = await login('supervisor', { javaScriptEnabled: false });
  await visit(sup, '/review');
  const card = sup.locator('article.review', { hasText: '3-20' });
  await card.locator('textarea[name="reason"]').fill('请补充说明');
  await Promise.all([sup.waitForURL((u) => u.search === '?done=returned'),
    card.locator('button[value="return"]').click()]);
  await visit(rep, `/items/${ITEM}/report`);
  await expectText(rep.locator('main .notice.red .reason'), '请补充说明', 'the reason');
  await form.locator('input[name="progress"]').fill('30');
  await Promise.all([rep.waitForURL((u) => u.search === '?submitted=1'),
    form.locator('button[value="submit"]').click()]);
  await visit(sup, '/review');
  await Promise.all([sup.waitForURL((u) => u.search === '?done=accepted'),
    sup.locator('article.review', { hasText: '3-20' }).locator('button[value="accept"]').click()]);
  await visit(rep, `/items/${ITEM}`);
  await expectText(rep.locator('#reports table.reports tbody tr').first(), '已通过', 'the accepted state');
  ok('without JavaScript, the supervisor returns and accepts, the reporter resubmits');
}

// Screenshots, full page at 1366 px: the dashboard, the ledger, an item page, the public page;
// and the ledger at a phone's 390 px, which must not scroll sideways.
async function screens() {
  // Some content first: an accepted report with evidence, a milestone, a later report waiting.
  const ev = path.join(fs.mkdtempSync(path.join(process.env.TMP || os.tmpdir(), 'walk-')), 'evidence-sample.txt');
  fs.writeFileSync(ev, '宜宾枢纽建设进展：完成可研批复。\n');
  const first = JSON.parse(cli('report', 'file', ITEM, '--period', '2019-08', '--progress', '40',
    '--done', '完成项目前期工作', '--problems', '用地指标紧张', '--next', '开工建设',
    '--evidence', ev, '--as', 'yibin', '--json'));
  fs.rmSync(ev);
  cli('report', 'submit', String(first.report), '--as', 'yibin');
  cli('report', 'accept', String(first.report), '--as', 'supervisor');
  cli('milestone', 'add', ITEM, '--due', '2019-10-31', '--title', '开工建设');
  cli('milestone', 'add', ITEM, '--due', '2019-08-31', '--title', '完成可研批复');
  // 3-21 (支持泸州建设…) overdue on 2019-09-30, so that the map shows 泸州 red beside yellow.
  const luzhou = JSON.parse(cli('ledger', 'list', '1', '--place', '510500', '--json'))
    .find((it) => it.number === '3-21');
  expect(luzhou, 'item 3-21 among the items naming 泸州');
  cli('ledger', 'assign', String(luzhou.id), '--lead', '泸州市人民政府', '--deadline', '2019-09-15');
  cli('warnings', 'run', '--date', '2019-09-30');

  const sup = await login('supervisor');
  await expectCount(sup.locator('svg path.div'), 21, 'the map\'s divisions');
  expectEq(await divisionFill(sup, '510500'), FILL.red, '泸州 with an overdue item');
  expectEq(await divisionFill(sup, YIBIN), FILL.yellow, '宜宾');
  await shot(sup, 'dashboard');
  await visit(sup, '/ledger');
  await expect((await sup.locator('table.ledger tbody tr').count()) > 10, 'the ledger\'s rows');
  await shot(sup, 'ledger');
  await visit(sup, `/items/${ITEM}`);
  await expectText(sup.locator('#reports'), '已通过', 'the item\'s accepted report');
  await shot(sup, 'item');
  const anon = await fresh();
  await visit(anon, '/public');
  await shot(anon, 'public');
  ok('screenshots at 1366 px: dashboard, ledger, item, public');

  // The phone: the ledger's rows become cards (td[data-label] blocks), nothing wider than it.
  const phone = await login('yibin', { viewport: PHONE, isMobile: true, hasTouch: true });
  await visit(phone, '/ledger');
  const td = phone.locator('table.ledger tbody td[data-label]').first();
  expectEq(await td.evaluate((e) => getComputedStyle(e).display), 'block', 'a ledger cell at 390 px');
  expectEq(await phone.locator('table.ledger thead').evaluate((e) => getComputedStyle(e).display),
    'none', 'the ledger\'s head at 390 px');
  const wide = await phone.evaluate(() => document.documentElement.scrollWidth);
  expect(wide <= PHONE.width, `the ledger at ${PHONE.width} px is ${wide} px wide: it scrolls sideways`);
  await shot(phone, 'ledger-phone');
  // The item page and the report form on the phone fit too.
  for (const p of [`/items/${ITEM}`, `/items/${ITEM}/report`]) {
    await visit(phone, p);
    const w = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(w <= PHONE.width, `${p} at ${PHONE.width} px is ${w} px wide: it scrolls sideways`);
  }
  await shot(phone, 'report-phone');
  ok('at 390 px the ledger, the item page and the report form fit the screen');
}

// ---- main -------------------------------------------------------------------------------------

const SCENARIOS = { roles, cycle, map, nojs, screens };
const name = process.argv[2];
if (!SCENARIOS[name]) {
  console.error(`usage: node walk.mjs ${Object.keys(SCENARIOS).join('|')}`);
  process.exit(2);
}
const t0 = Date.now();
let status = 0;
fs.rmSync(path.join(SHOTS, `failed-${name}.png`), { force: true });
// playwright's launch gives the browser a fresh temporary profile (user-data-dir), removed on close.
browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS });
try {
  await SCENARIOS[name]();
  console.log(`walk ${name}: passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
} catch (err) {
  status = 1;
  console.log(`not ok - ${name}: ${err instanceof Failure ? err.message : err.stack}`);
  const page = pages.filter((p) => !p.isClosed()).pop();
  if (page) {
    console.log(`  at ${page.url()}`);
    try {
      fs.mkdirSync(SHOTS, { recursive: true });
      await shot(page, `failed-${name}`);
    } catch { /* the failure itself is what matters */ }
  }
} finally {
  await browser.close();
}
process.exit(status);
