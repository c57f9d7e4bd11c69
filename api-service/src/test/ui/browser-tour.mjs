// The web UI used as a person would: Debian's chromium driven by playwright-core against a running Cyberbrain.
// Logs in, launches a run and watches it finish, reads its report, approves a D3 run as an admin, adds a notification
// target through its form (after a refusal shown beside the field) and edits it, checks what a viewer sees and that a forged post is refused, logs out. axe-core runs on every page (no serious or critical
// violation allowed) and every page is screenshotted into the output folder.
//
// Usage: CYBERBRAIN_TOKEN=<admin token> node browser-tour.mjs <base-url> <screenshot-dir>
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const [base, shots = 'target/ui-screenshots'] = process.argv.slice(2);
const adminToken = process.env.CYBERBRAIN_TOKEN;
const runTimeoutMs = Number(process.env.CYBERBRAIN_RUN_TIMEOUT_MS ?? 180000);
if (!base || !adminToken) {
  console.error('usage: CYBERBRAIN_TOKEN=<admin token> node browser-tour.mjs <base-url> [screenshot-dir]');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
  console.log(`ok: ${message}`);
}

async function api(method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) {
    throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  }
  return response.json();
}

/** axe-core on the page as it stands; serious and critical violations fail the tour. */
async function accessible(page, name) {
  // Evaluated over the DevTools protocol, which the page's Content-Security-Policy does not govern (a script tag
  // would be blocked by it, rightly).
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
  for (const v of result.violations) {
    console.log(`  axe ${name}: ${v.impact} ${v.id} (${v.nodes.length}): ${v.help}`);
  }
  check(bad.length === 0, `${name}: no serious or critical accessibility violation`);
}

async function visit(page, name) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
  await accessible(page, name);
}

async function login(page, token) {
  await page.goto(`${base}/ui/login`);
  await page.fill('#token', token);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

async function main() {
  const suffix = Date.now().toString(36);
  const viewer = await api('POST', '/api/tokens', { name: `tour-viewer-${suffix}`, role: 'viewer' });

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', e => { throw new Error(`script error on ${page.url()}: ${e.message}`); });
    // The pages run under a strict Content-Security-Policy: anything it blocks is a bug of the page.
    const blocked = [];
    page.on('console', m => { if (/Content Security Policy|Refused to (load|apply|execute)/.test(m.text())) blocked.push(m.text()); });

    await page.goto(`${base}/ui/runs`);
    check(page.url().includes('/ui/login'), 'an unauthenticated visit lands on the login page');
    await visit(page, '01-login');

    await page.fill('#token', 'cb_not_a_token');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    check(await page.isVisible('text=unknown or has been revoked'), 'a wrong token gets a message');

    // The refused form kept where the visit wanted to go.
    await page.fill('#token', adminToken);
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    check(page.url().endsWith('/ui/runs'), 'login returns to the page asked for');
    await page.goto(`${base}/ui`);
    check(await page.isVisible('h1:has-text("Dashboard")'), 'the dashboard opens');
    await visit(page, '02-dashboard');

    await page.click('nav >> text=Launch');
    await page.check('input[value=gpu_report]');
    await visit(page, '03-launch');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Launch")')]);
    check(await page.isVisible('text=Run launched.'), 'launching shows the new run');
    const runUrl = page.url().replace(/\?.*/, '');
    // No reload: the page follows the run by itself until it ends.
    await page.waitForSelector('#live .s-success', { timeout: runTimeoutMs });
    check(await page.isVisible('.report h1'), 'the finished run shows its rendered report');
    await visit(page, '04-run-finished');
    check(await page.isVisible('button:has-text("Run again")'), 'a finished run offers to run it again');

    await page.goto(`${base}/ui/runs`);
    check(await page.isVisible(`a[href="${new URL(runUrl).pathname}"]`), 'the run is in the runs table');
    await page.selectOption('select[name=status]', 'success');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Filter")')]);
    check(page.url().includes('status=success'), 'the runs table filters by status');
    await visit(page, '05-runs');

    await page.goto(`${base}/ui/launch`);
    await page.check('input[value=service_map]');
    await page.selectOption('#directive', { label: 'D3 Service map (needs an admin\'s approval)' });
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Launch")')]);
    check(await page.isVisible('text=Waiting for an admin'), 'a D3 run waits for approval');
    await visit(page, '06-run-awaiting-approval');
    await page.fill('#note', 'scope checked in the browser tour');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Approve")')]);
    check(await page.isVisible('text=Run approved'), 'an admin approves it from its page');
    check(!(await page.isVisible('text=Waiting for an admin')), 'the approval box is gone');

    await page.goto(`${base}/ui/schedules`);
    await page.click('text=New schedule');
    await page.fill('#name', `tour-nightly-${suffix}`);
    await page.selectOption('#job', 'log_triage');
    check(await page.isVisible('#cron') && !(await page.isVisible('#interval')) && !(await page.isVisible('#once')),
      'the schedule form shows only the chosen kind\'s inputs');
    await page.selectOption('#type', 'interval');
    check(await page.isVisible('#interval') && !(await page.isVisible('#cron')), 'choosing another kind shows its inputs instead');
    await page.selectOption('#type', 'cron');
    await page.fill('#cron', '61 2 * * *');
    await page.waitForSelector('#preview .error');
    check(await page.isVisible('#preview >> text=cron_expr'), 'the preview says what is wrong with a bad cron expression');
    await page.fill('#cron', '30 2 * * *');
    await page.fill('#tz', 'Europe/Berlin');
    await page.waitForFunction(() => document.querySelectorAll('#preview li').length === 5);
    check(await page.isVisible('#preview >> text=at 02:30'), 'the preview shows the next five fire times and a plain description');
    await visit(page, '08-schedule-form');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save")')]);
    check(await page.isVisible('text=Schedule saved.'), 'the schedule is saved');
    await page.goto(`${base}/ui/schedules`);
    check(await page.isVisible(`text=tour-nightly-${suffix}`), 'the schedule is listed with its next fire time');
    await visit(page, '09-schedules');

    await page.goto(`${base}/ui/library`);
    const runbook = `# GPU exporter runbook ${suffix}\n\nWhen the dcgm exporter stops answering, restart the exporter container ` +
      `and check that the NVIDIA driver still lists every card. Quarantine a card whose temperature stays above 90 C.\n`;
    await page.setInputFiles('#file', { name: `gpu-runbook-${suffix}.md`, mimeType: 'text/markdown', buffer: Buffer.from(runbook) });
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Upload")')]);
    check(await page.isVisible('text=queued for ingestion'), 'an upload is queued');
    // The page follows the ingestion by itself: queued -> processing -> ready.
    await page.waitForSelector(`#library-live tr:has-text("gpu-runbook-${suffix}.md") .s-ready`, { timeout: runTimeoutMs });
    await page.waitForFunction(name => document.querySelectorAll('#library-live td').length > 0
      && [...document.querySelectorAll('#library-live table')].at(-1).textContent.includes(name), `gpu-runbook-${suffix}.md`);
    check(true, 'the upload becomes a ready document, listed with its chunks');
    await visit(page, '10-library');
    await page.click('nav >> text=Search');
    await page.fill('input[name=q]', 'what to do when the dcgm exporter stops answering');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Search")')]);
    check(await page.isVisible(`.hits >> text=gpu-runbook-${suffix}.md`) && await page.isVisible('.hits >> text=restart the exporter'),
      'search finds the passage with its document, chunk and score');
    await visit(page, '11-search');

    await page.click('nav >> text=Tokens');
    await page.fill('input[name=name]', `tour-temp-${suffix}`);
    await page.selectOption('select[name=role]', 'operator');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Create token")')]);
    const temp = (await page.textContent('#secret')).trim();
    check(temp.startsWith('cb_'), 'a new token is shown once');
    await visit(page, '12-tokens');
    await page.reload();
    check(!(await page.isVisible('#secret')), 'a reload neither shows the secret again nor creates another token');
    page.once('dialog', d => d.accept());
    await Promise.all([page.waitForNavigation(), page.click(`tr:has-text("tour-temp-${suffix}") >> button:has-text("Revoke")`)]);
    check(await page.isVisible(`tr:has-text("tour-temp-${suffix}") >> text=revoked`), 'revoking marks the token revoked');
    const refused = await fetch(`${base}/api/runs`, { headers: { Authorization: `Bearer ${temp}` } });
    check(refused.status === 401, `the revoked token no longer works (HTTP ${refused.status})`);

    for (const [path, name, heading] of [['/ui/directives', '13-directives', 'Directives'],
      ['/ui/directives/1', '14-directive', 'D1'], ['/ui/allowlist', '15-allowlists', 'Allowlists'],
      ['/ui/notifications', '16-notifications', 'Notifications'], ['/ui/usage', '17-usage', 'Token usage'],
      ['/ui/alerts', '20-alerts', 'Alerts'], ['/ui/alert-rules', '21-alert-rules', 'Alert rules'],
      ['/ui/alert-rules/new', '22-alert-rule-form', 'New alert rule'],
      ['/ui/hosts', '23-hosts', 'Hosts'],
      ['/ui/investigations', '24-investigations', 'Investigations']]) {
      await page.goto(`${base}${path}`);
      check(await page.isVisible(`h1:has-text("${heading}")`), `${path} opens`);
      await visit(page, name);
    }

    // Notification targets: a field per setting of the chosen kind, the server's messages beside them, then an edit.
    await page.goto(`${base}/ui/notifications`);
    await Promise.all([page.waitForNavigation(), page.click('a:has-text("Add a target")')]);
    await page.selectOption('#kind', 'email');
    check(await page.isVisible('#f-smtp_host') && !(await page.isVisible('#f-webhook_url')),
      'the target form shows only the chosen kind\'s settings');
    await page.fill('#f-name', `tour-mail-${suffix}`);
    await page.fill('#f-smtp_host', 'mail.example.org');
    await page.fill('#f-smtp_port', 'twenty-five');
    await page.fill('#f-from', 'cyberbrain@example.org');
    await page.fill('#f-to', 'ops@example.org');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Add target")')]);
    check(await page.isVisible('#smtp_port-error >> text=whole number'),
      'a refused target says what is wrong beside the field');
    check(await page.inputValue('#f-smtp_host') === 'mail.example.org' && await page.inputValue('#f-smtp_port') === 'twenty-five'
      && await page.isVisible('#f-smtp_host'), 'the refused form keeps what was typed and the chosen kind');
    await visit(page, '18-notification-form-refused');
    await page.fill('#f-smtp_port', '2525');
    await page.fill('#f-smtp_username', 'cyberbrain');
    await page.fill('#f-smtp_password_env', 'CB_SMTP_PASSWORD');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Add target")')]);
    check(await page.isVisible('text=Target added'), 'the corrected target is added');
    await Promise.all([page.waitForNavigation(), page.click(`tr:has-text("tour-mail-${suffix}") >> a:has-text("Edit")`)]);
    check(await page.inputValue('#f-smtp_password_env') === 'CB_SMTP_PASSWORD' && await page.inputValue('#f-smtp_port') === '2525',
      'the edit form shows the stored settings');
    await visit(page, '19-notification-edit');
    await page.fill('#f-to', 'ops@example.org, oncall@example.org');
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Save target")')]);
    check(await page.isVisible('text=Target saved'), 'an edit is saved');

    const viewerContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await viewerContext.newPage();
    await login(phone, viewer.secret);
    await phone.goto(`${base}/ui`);
    check(!(await phone.isVisible('nav >> text=Launch')), 'a viewer sees no Launch link');
    await visit(phone, '07-dashboard-viewer-phone');
    await phone.goto(runUrl);
    check(!(await phone.isVisible('text=Cancel run')), 'a viewer sees no run actions');
    const forged = await phone.evaluate(async () => {
      const csrf = document.querySelector('input[name=csrf]').value;
      const response = await fetch('/ui/launch', { method: 'POST', body: new URLSearchParams({ csrf, task: 'gpu_report' }) });
      return response.status;
    });
    check(forged === 403, `the server refuses a viewer's forged launch (HTTP ${forged})`);
    await phone.click('button:has-text("Log out")');
    await phone.waitForURL(/\/ui\/login/);
    await phone.goto(`${base}/ui`);
    check(phone.url().includes('/ui/login'), 'after logout the pages ask for a login again');
    await viewerContext.close();
    check(blocked.length === 0, `the Content-Security-Policy blocked nothing (${blocked.join(' | ')})`);
  } finally {
    await browser.close();
  }
}

main().then(() => console.log('browser tour passed'), e => {
  console.error(e?.stack ?? String(e));
  process.exit(1);
});
