// A tiny authenticating reverse proxy for tests: the MCP conformance suite cannot send an Authorization header, and
// api-service rightly refuses MCP requests without one. This proxy adds "Authorization: Bearer <token>" to every
// request and changes nothing else, so the service's own checks still see what the client sent:
//   - Host and Origin are forwarded untouched (the DNS-rebinding scenario must reach the service's Host/Origin guard);
//   - responses are streamed as they arrive (Streamable HTTP answers with SSE, which must not be buffered).
//
// Configuration (environment, so that the token never shows in a process listing):
//   AUTH_PROXY_TARGET  base URL of the service, e.g. http://127.0.0.1:8081 (required)
//   AUTH_PROXY_TOKEN   API token to send as Bearer (required)
//   AUTH_PROXY_PORT    port to listen on, 127.0.0.1 only (default 0: any free port)
// When listening it prints one line, "auth-proxy listening on 127.0.0.1:<port>", on stdout.
// It exits when its stdin closes, so it never outlives the process that started it.
import http from 'node:http';

const target = new URL(requiredEnv('AUTH_PROXY_TARGET'));
const token = requiredEnv('AUTH_PROXY_TOKEN');
const port = Number.parseInt(process.env.AUTH_PROXY_PORT ?? '0', 10);

// Connection-level headers are about one hop only (RFC 9110, section 7.6.1); Node sets its own for each side.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate',
  'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

const upstreamAgent = new http.Agent({ keepAlive: true });

const server = http.createServer((req, res) => {
  const headers = forwardable(req.headers);
  headers.authorization = `Bearer ${token}`;

  const upstream = http.request({
    protocol: target.protocol,
    hostname: target.hostname,
    port: target.port,
    method: req.method,
    path: req.url,
    headers,
    agent: upstreamAgent,
    // Node would otherwise replace the Host header with the target's; the service must see the client's.
    setHost: false,
  }, (upstreamRes) => {
    res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, forwardable(upstreamRes.headers));
    // Headers now, not with the first body chunk: an SSE client waits for them before it sends anything else.
    res.flushHeaders();
    upstreamRes.pipe(res);
    upstreamRes.on('error', () => res.destroy());
  });

  upstream.on('error', (err) => {
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`auth-proxy: upstream request failed: ${err.message}\n`);
    } else {
      res.destroy(err);
    }
  });
  // A client that goes away (an SSE reader that is done, say) must release the service's stream too.
  res.on('close', () => {
    if (!res.writableFinished) {
      upstream.destroy();
    }
  });

  req.pipe(upstream);
});

// SSE streams may stay open for as long as a session lives; no server-side timeouts on either side.
server.requestTimeout = 0;
server.headersTimeout = 0;
server.keepAliveTimeout = 5_000;

server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`auth-proxy listening on 127.0.0.1:${server.address().port}\n`);
});

process.stdin.resume();
process.stdin.on('end', shutDown);
process.stdin.on('error', shutDown);
process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);

function shutDown() {
  server.closeAllConnections();
  server.close(() => process.exit(0));
  upstreamAgent.destroy();
  // Whatever still hangs on (a half-closed socket) must not keep the process alive.
  setTimeout(() => process.exit(0), 2_000).unref();
}

function forwardable(incoming) {
  const out = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) {
      out[name] = value;
    }
  }
  return out;
}

function requiredEnv(name) {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`auth-proxy: ${name} is not set\n`);
    process.exit(2);
  }
  return value;
}
