// An agent's view of Cyberbrain, through the official MCP TypeScript SDK: connects with a bearer token over one
// transport, lists the tools, launches a gpu_report run, polls get_run to the end, fetches the report (as a tool
// result validated against its output schema, and as a resource), then launches once more with wait=true and
// checks that progress notifications arrive; uploads a runbook and finds it through rag_search. Exits non-zero on the
// first failed expectation.
//
// Usage: node sdk-client.mjs <base-url> <streamable|sse>   (token in CYBERBRAIN_TOKEN)
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';

const [base, transportName] = process.argv.slice(2);
const token = process.env.CYBERBRAIN_TOKEN;
const runTimeoutMs = Number(process.env.CYBERBRAIN_RUN_TIMEOUT_MS ?? 180000);
const PRODUCT_TOOLS = ['launch_run', 'list_runs', 'get_run', 'get_run_report', 'cancel_run', 'approve_run', 'deny_run',
  'list_directives', 'get_directive', 'get_allowlist', 'set_allowlist', 'list_schedules', 'create_schedule',
  'set_schedule_enabled', 'run_schedule_now', 'rag_search', 'rag_list_documents', 'rag_upload_status', 'token_stats',
  'start_investigation', 'get_investigation'];
const FINAL = new Set(['success', 'failed', 'cancelled']);

if (!base || !['streamable', 'sse'].includes(transportName) || !token) {
  console.error('usage: CYBERBRAIN_TOKEN=... node sdk-client.mjs <base-url> <streamable|sse>');
  process.exit(2);
}

function check(condition, message) {
  if (!condition) {
    throw new Error(`[${transportName}] ${message}`);
  }
  console.log(`[${transportName}] ok: ${message}`);
}

function transport(headers) {
  const requestInit = { headers };
  return transportName === 'streamable'
    ? new StreamableHTTPClientTransport(new URL(`${base}/mcp`), { requestInit })
    : new SSEClientTransport(new URL(`${base}/mcp/sse`), { requestInit });
}

async function refusedWithoutToken() {
  const client = new Client({ name: 'cyberbrain-sdk-test-no-token', version: '1.0.0' });
  try {
    await client.connect(transport({}));
    await client.close();
    return false;
  } catch (e) {
    return /401|Unauthorized/i.test(String(e?.message ?? e) + String(e?.code ?? ''));
  }
}

async function main() {
  check(await refusedWithoutToken(), 'connecting without a token is refused with 401');

  const client = new Client({ name: 'cyberbrain-sdk-test', version: '1.0.0' });
  await client.connect(transport({ Authorization: `Bearer ${token}` }));
  check(client.getServerVersion()?.name === 'cyberbrain-orchestrator', 'initialize names the server');

  const { tools } = await client.listTools();
  const names = new Set(tools.map(t => t.name));
  const missing = PRODUCT_TOOLS.filter(n => !names.has(n));
  check(missing.length === 0, `every product tool is listed (missing: ${missing.join(', ') || 'none'})`);
  check(tools.filter(t => PRODUCT_TOOLS.includes(t.name)).every(t => t.outputSchema), 'every product tool has an output schema');

  // callTool validates structuredContent against the tool's output schema, so each call below also checks the schema.
  const launched = await client.callTool({ name: 'launch_run', arguments: { tasks: ['gpu_report'] } });
  check(!launched.isError, `launch_run succeeded: ${launched.content?.[0]?.text}`);
  const runId = launched.structuredContent.run.id;
  check(launched.structuredContent.run.trigger === 'mcp', `run ${runId} has trigger mcp`);

  const deadline = Date.now() + runTimeoutMs;
  let run;
  for (;;) {
    const got = await client.callTool({ name: 'get_run', arguments: { run_id: runId } });
    check(!got.isError, `get_run ${runId}: ${got.structuredContent?.status}`);
    run = got.structuredContent;
    if (FINAL.has(run.status) || Date.now() > deadline) {
      break;
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  check(run.status === 'success', `run ${runId} ended success (was ${run.status}: ${run.error_summary ?? ''})`);

  const report = await client.callTool({ name: 'get_run_report', arguments: { run_id: runId } });
  check(!report.isError && report.structuredContent.markdown?.length > 0, 'get_run_report returns the Markdown report');
  check(report.structuredContent.json !== null && report.structuredContent.tokens !== undefined,
    'get_run_report returns the JSON report and token totals');
  const resource = await client.readResource({ uri: `cyberbrain://runs/${runId}/report` });
  check(resource.contents[0].text === report.structuredContent.markdown, 'the report resource holds the same Markdown');

  // The document library end to end: a runbook uploaded over REST, ingested by the real ingester (followed over MCP),
  // then found by rag_search over MCP.
  const marker = `${transportName}${Date.now()}`;
  const form = new FormData();
  form.append('file', new Blob([`# Exporter runbook ${marker}\n\nWhen the dcgm exporter stops answering scrapes, `
    + 'restart the exporter container and check that the NVIDIA driver still loads.\n'], { type: 'text/markdown' }),
  `exporter-runbook-${marker}.md`);
  const uploaded = await fetch(`${base}/api/rag/uploads`, { method: 'POST', headers: { Authorization: `Bearer ${token}` },
    body: form });
  check(uploaded.status === 201, `a runbook uploaded over REST (HTTP ${uploaded.status})`);
  const uploadId = (await uploaded.json()).id;
  let upload;
  for (const until = Date.now() + runTimeoutMs; ;) {
    const st = await client.callTool({ name: 'rag_upload_status', arguments: { upload_id: uploadId } });
    upload = st.structuredContent.items[0];
    if (['ready', 'failed'].includes(upload.status) || Date.now() > until) {
      break;
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  check(upload.status === 'ready', `rag_upload_status follows it to ready (${upload.status}, ${upload.chunks_done} chunk(s))`);
  let hit;
  for (const until = Date.now() + 30000; !hit && Date.now() < until;) { // the search index follows by NOTIFY
    // the marker word makes this run's runbook the best match even in a library that holds earlier runs' copies
    const found = await client.callTool({ name: 'rag_search', arguments: {
      query: `dcgm exporter stopped answering scrapes ${marker}`, top_k: 5 } });
    hit = found.structuredContent.hits.find(h => h.document_title === `exporter-runbook-${marker}.md`);
    if (!hit) {
      await new Promise(resolve => setTimeout(resolve, 500));
    }
  }
  check(hit && hit.text.includes('restart the exporter container'), `rag_search finds the runbook (score ${hit?.score})`);

  // The SDK hands a notification to its handler in a microtask but settles a response at once, so when the last
  // progress notification and the result arrive in one network read, the response removes the progress handler
  // first and the SDK reports the notification as 'for an unknown token' through onerror. The server did send it
  // before the result; collect it from there so the check sees what came over the wire, in order.
  const progress = [];
  client.onerror = e => {
    const late = /progress notification for an unknown token: (.*)$/s.exec(String(e?.message ?? ''));
    if (late) {
      progress.push(JSON.parse(late[1]).params);
    }
  };
  const waited = await client.callTool({ name: 'launch_run', arguments: { tasks: ['gpu_report'], wait: true,
    wait_timeout_seconds: Math.ceil(runTimeoutMs / 1000) } }, undefined, {
    onprogress: p => progress.push(p), timeout: runTimeoutMs + 30000, resetTimeoutOnProgress: true });
  check(!waited.isError && waited.structuredContent.finished, `launch_run with wait returned at the run's end (${waited.structuredContent?.run?.status})`);
  await new Promise(resolve => setImmediate(resolve)); // lets a notification's pending microtask run
  client.onerror = undefined;
  check(progress.length > 0 && progress.at(-1).progress === progress.at(-1).total
      && progress.every((p, i) => i === 0 || p.progress > progress[i - 1].progress),
    `progress notifications arrived, increasing, the last at the total (${progress.map(p => `${p.progress}/${p.total}`).join(', ')})`);

  const forbidden = await client.callTool({ name: 'launch_run', arguments: { tasks: ['no_such_task'] } });
  check(forbidden.isError && /unknown task/.test(forbidden.content[0].text), 'a bad argument is a tool error that says what to fix');

  await client.close();
}

main().then(() => console.log(`[${transportName}] all checks passed`), e => {
  console.error(e?.stack ?? String(e));
  process.exit(1);
});
