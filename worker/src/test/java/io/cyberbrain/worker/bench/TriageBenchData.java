package io.cyberbrain.worker.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Generates a log folder for the triage benchmark: syslog, log4j with stack traces, JSON lines, nginx access
 * and logfmt, about 50 distinct templates with realistic variables (ids, IPs, durations, paths, users), and
 * rotated files ({@code app.log.1}, {@code app.log.2.gz}, {@code access.log.1}, {@code syslog.1}).
 * Deterministic (fixed seed). Sizes are shares of the requested total (uncompressed).
 */
final class TriageBenchData {

    static final Instant BASE = Instant.parse("2024-05-01T00:00:00Z");

    private final Random rnd = new Random(42);
    private long clockMillis;

    /** Writes about {@code totalBytes} of logs under {@code root}; returns the bytes written (uncompressed). */
    long generate(Path root, long totalBytes) throws IOException {
        long written = 0;
        written += file(root.resolve("syslog.1"), totalBytes * 5 / 100, this::syslog, false);
        written += file(root.resolve("syslog"), totalBytes * 10 / 100, this::syslog, false);
        written += file(root.resolve("app/app.log.2.gz"), totalBytes * 10 / 100, this::log4j, true);
        written += file(root.resolve("app/app.log.1"), totalBytes * 10 / 100, this::log4j, false);
        written += file(root.resolve("app/app.log"), totalBytes * 15 / 100, this::log4j, false);
        written += file(root.resolve("svc/events.log"), totalBytes * 17 / 100, this::json, false);
        written += file(root.resolve("nginx/access.log.1"), totalBytes * 8 / 100, this::access, false);
        written += file(root.resolve("nginx/access.log"), totalBytes * 12 / 100, this::access, false);
        written += file(root.resolve("worker/worker.log"), totalBytes * 13 / 100, this::logfmt, false);
        return written;
    }

    interface Gen {
        void line(StringBuilder b);
    }

    private long file(Path path, long bytes, Gen gen, boolean gzip) throws IOException {
        Files.createDirectories(path.getParent());
        clockMillis = 0;
        long n = 0;
        StringBuilder b = new StringBuilder(8192);
        try (Writer w = new BufferedWriter(new OutputStreamWriter(gzip
                ? new GZIPOutputStream(Files.newOutputStream(path), 1 << 16)
                : Files.newOutputStream(path), StandardCharsets.UTF_8), 1 << 16)) {
            while (n < bytes) {
                b.setLength(0);
                gen.line(b);
                w.append(b);
                n += b.length();
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- pieces

    private Instant tick() {
        clockMillis += 1 + rnd.nextInt(40);
        return BASE.plusMillis(clockMillis);
    }

    private String ip() {
        return (10 + rnd.nextInt(3)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
    }

    private String hex(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(Character.forDigit(rnd.nextInt(16), 16));
        }
        return s.toString();
    }

    private String pick(String... xs) {
        return xs[rnd.nextInt(xs.length)];
    }

    private static final String[] USERS = {"alice", "bob", "carol", "deploy", "svc-build", "mallory", "trent"};
    private static final String[] HOSTS = {"web01", "web02", "db01", "cache03"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private void two(StringBuilder b, int v) {
        if (v < 10) {
            b.append('0');
        }
        b.append(v);
    }

    // ---------------------------------------------------------------- syslog (10 templates)

    private void syslog(StringBuilder b) {
        java.time.ZonedDateTime t = tick().atZone(java.time.ZoneOffset.UTC);
        b.append(MONTHS[t.getMonthValue() - 1]).append(' ');
        if (t.getDayOfMonth() < 10) {
            b.append(' ');
        }
        b.append(t.getDayOfMonth()).append(' ');
        two(b, t.getHour());
        b.append(':');
        two(b, t.getMinute());
        b.append(':');
        two(b, t.getSecond());
        b.append(' ').append(pick(HOSTS)).append(' ');
        int pid = 1000 + rnd.nextInt(60000);
        switch (rnd.nextInt(10)) {
            case 0 -> b.append("sshd[").append(pid).append("]: Accepted publickey for ").append(pick(USERS)).append(" from ")
                    .append(ip()).append(" port ").append(1024 + rnd.nextInt(60000)).append(" ssh2: RSA SHA256:").append(hex(43));
            case 1 -> b.append("sshd[").append(pid).append("]: Failed password for invalid user ").append(pick(USERS))
                    .append(" from ").append(ip()).append(" port ").append(1024 + rnd.nextInt(60000)).append(" ssh2");
            case 2 -> b.append("sshd[").append(pid).append("]: pam_unix(sshd:session): session opened for user ")
                    .append(pick(USERS)).append("(uid=").append(1000 + rnd.nextInt(50)).append(") by (uid=0)");
            case 3 -> b.append("CRON[").append(pid).append("]: (root) CMD (/usr/local/bin/backup.sh --target ").append(pick(HOSTS))
                    .append(" --keep ").append(rnd.nextInt(30)).append(')');
            case 4 -> b.append("kernel: [").append(rnd.nextInt(999999)).append('.').append(100000 + rnd.nextInt(899999))
                    .append("] eth").append(rnd.nextInt(4)).append(": Link is Up - ").append(pick("1000", "10000"))
                    .append("Mbps/Full - flow control rx/tx");
            case 5 -> b.append("systemd[1]: Started Session ").append(rnd.nextInt(100000)).append(" of user ").append(pick(USERS))
                    .append('.');
            case 6 -> b.append("kernel: [").append(rnd.nextInt(999999)).append('.').append(100000 + rnd.nextInt(899999))
                    .append("] Out of memory: Killed process ").append(pid).append(" (java) total-vm:").append(rnd.nextInt(9000000))
                    .append("kB, anon-rss:").append(rnd.nextInt(4000000)).append("kB");
            case 7 -> b.append("dhclient[").append(pid).append("]: DHCPACK of ").append(ip()).append(" from ").append(ip());
            case 8 -> b.append("systemd[1]: ").append(pick("nginx", "postgresql", "docker", "containerd"))
                    .append(".service: Main process exited, code=exited, status=").append(rnd.nextInt(3)).append("/FAILURE");
            default -> b.append("sudo[").append(pid).append("]: ").append(pick(USERS)).append(" : TTY=pts/").append(rnd.nextInt(9))
                    .append(" ; PWD=/home/").append(pick(USERS)).append(" ; USER=root ; COMMAND=/usr/bin/systemctl restart ")
                    .append(pick("nginx", "app", "worker"));
        }
        b.append('\n');
    }

    // ---------------------------------------------------------------- log4j (12 templates, stack traces)

    private void log4j(StringBuilder b) {
        Instant t = tick();
        String ts = t.toString(); // 2024-05-01T00:00:00.123Z
        b.append(ts, 0, 10).append(' ').append(ts, 11, 19).append(',');
        int ms = (int) (t.toEpochMilli() % 1000);
        b.append(ms < 100 ? (ms < 10 ? "00" : "0") : "").append(ms).append(' ');
        int k = rnd.nextInt(100);
        String thread = pick("main", "http-nio-8080-exec-" + rnd.nextInt(20), "pool-2-thread-" + rnd.nextInt(8), "scheduler-1");
        if (k < 25) {
            b.append("INFO  [").append(thread).append("] c.e.orders.OrderService - Order ").append(100000 + rnd.nextInt(900000))
                    .append(" accepted for customer ").append(rnd.nextInt(50000)).append(" total ").append(rnd.nextInt(100000) / 100.0)
                    .append(" EUR");
        } else if (k < 40) {
            b.append("INFO  [").append(thread).append("] c.e.http.AccessFilter - Completed ").append(pick("GET", "POST", "PUT"))
                    .append(" /api/v1/orders/").append(rnd.nextInt(900000)).append(" in ").append(rnd.nextInt(900)).append(" ms");
        } else if (k < 50) {
            b.append("DEBUG [").append(thread).append("] c.e.cache.CacheManager - Cache hit ratio ").append(rnd.nextInt(100))
                    .append("% for region ").append(pick("users", "orders", "sessions"));
        } else if (k < 58) {
            b.append("INFO  [").append(thread).append("] c.e.db.HikariPool - HikariPool-1 - Connection ").append("org.postgresql.jdbc.PgConnection@")
                    .append(hex(8)).append(" added to pool, total=").append(rnd.nextInt(20));
        } else if (k < 66) {
            b.append("WARN  [").append(thread).append("] c.e.payments.PaymentClient - Retrying payment ").append(hex(12))
                    .append(" attempt ").append(1 + rnd.nextInt(5)).append(" after ").append(rnd.nextInt(5000)).append(" ms");
        } else if (k < 72) {
            b.append("WARN  [").append(thread).append("] c.e.auth.TokenService - Token for user ").append(pick(USERS))
                    .append(" expires in ").append(rnd.nextInt(60)).append(" s");
        } else if (k < 78) {
            b.append("INFO  [").append(thread).append("] c.e.jobs.Scheduler - Job ").append(pick("reindex", "cleanup", "report"))
                    .append(" finished in ").append(rnd.nextInt(100000)).append(" ms, processed ").append(rnd.nextInt(10000))
                    .append(" items");
        } else if (k < 84) {
            b.append("INFO  [").append(thread).append("] c.e.session.SessionStore - Session ").append(hex(32))
                    .append(" created for ").append(ip());
        } else if (k < 89) {
            b.append("ERROR [").append(thread).append("] c.e.payments.PaymentClient - Payment ").append(hex(12))
                    .append(" failed: upstream timeout after ").append(rnd.nextInt(30000)).append(" ms\n");
            trace(b, "java.net.SocketTimeoutException: Read timed out", 12);
            return;
        } else if (k < 93) {
            b.append("ERROR [").append(thread).append("] c.e.db.OrderRepository - Could not save order ").append(rnd.nextInt(900000))
                    .append('\n');
            trace(b, "org.postgresql.util.PSQLException: ERROR: deadlock detected", 18);
            b.append("Caused by: java.sql.SQLException: lock timeout\n\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2676)\n\t... ")
                    .append(rnd.nextInt(40)).append(" more\n");
            return;
        } else if (k < 97) {
            b.append("WARN  [").append(thread).append("] c.e.http.RateLimiter - Rate limit exceeded for client ").append(ip())
                    .append(" on /api/v1/").append(pick("search", "orders", "users"));
        } else {
            b.append("ERROR [").append(thread).append("] c.e.Main - Unhandled exception in request ").append(hex(16)).append('\n');
            trace(b, "java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"name\" is null", 8);
            return;
        }
        b.append('\n');
    }

    private void trace(StringBuilder b, String head, int frames) {
        b.append(head).append('\n');
        for (int i = 0; i < frames; i++) {
            b.append("\tat com.example.").append(pick("orders", "payments", "db", "http")).append('.')
                    .append(pick("Service", "Client", "Repository", "Controller")).append('.')
                    .append(pick("handle", "call", "save", "invoke")).append('(').append(pick("Service", "Client", "Repository"))
                    .append(".java:").append(10 + rnd.nextInt(500)).append(")\n");
        }
    }

    // ---------------------------------------------------------------- JSON lines (10 templates)

    private void json(StringBuilder b) {
        b.append("{\"time\":\"").append(tick()).append("\",\"level\":\"");
        int k = rnd.nextInt(10);
        switch (k) {
            case 0 -> b.append("info\",\"logger\":\"api\",\"msg\":\"request completed\",\"path\":\"/v2/items/").append(rnd.nextInt(99999))
                    .append("\",\"status\":200,\"duration_ms\":").append(rnd.nextInt(500));
            case 1 -> b.append("info\",\"logger\":\"api\",\"msg\":\"user ").append(pick(USERS)).append(" logged in from ").append(ip()).append('"');
            case 2 -> b.append("warn\",\"logger\":\"cache\",\"msg\":\"cache miss for key user:").append(rnd.nextInt(1000000)).append('"');
            case 3 -> b.append("error\",\"logger\":\"db\",\"msg\":\"query timeout after ").append(rnd.nextInt(30000))
                    .append(" ms on table ").append(pick("orders", "users", "events")).append('"');
            case 4 -> b.append("info\",\"logger\":\"queue\",\"msg\":\"published message ").append(hex(24)).append(" to topic ")
                    .append(pick("orders.created", "orders.paid", "users.updated")).append('"');
            case 5 -> b.append("debug\",\"logger\":\"queue\",\"msg\":\"consumer lag is ").append(rnd.nextInt(100000))
                    .append(" messages on partition ").append(rnd.nextInt(12)).append('"');
            case 6 -> b.append("warn\",\"logger\":\"http\",\"msg\":\"slow upstream response from ").append(pick("inventory", "pricing"))
                    .append(" took ").append(rnd.nextInt(9000)).append(" ms\"");
            case 7 -> b.append("info\",\"logger\":\"gc\",\"msg\":\"GC pause ").append(rnd.nextInt(400)).append(" ms, heap ")
                    .append(rnd.nextInt(4000)).append("M -> ").append(rnd.nextInt(2000)).append("M\"");
            case 8 -> b.append("error\",\"logger\":\"auth\",\"msg\":\"invalid token signature for client ").append(hex(16)).append('"');
            default -> b.append("info\",\"logger\":\"health\",\"msg\":\"health check ok\",\"checks\":").append(rnd.nextInt(10));
        }
        b.append(",\"request_id\":\"").append(hex(8)).append('-').append(hex(4)).append('-').append(hex(4)).append('-')
                .append(hex(4)).append('-').append(hex(12)).append("\"}\n");
    }

    // ---------------------------------------------------------------- nginx access (8 shapes)

    private void access(StringBuilder b) {
        java.time.ZonedDateTime t = tick().atZone(java.time.ZoneOffset.UTC);
        b.append(ip()).append(" - ").append(rnd.nextInt(10) == 0 ? pick(USERS) : "-").append(" [");
        two(b, t.getDayOfMonth());
        b.append('/').append(MONTHS[t.getMonthValue() - 1]).append('/').append(t.getYear()).append(':');
        two(b, t.getHour());
        b.append(':');
        two(b, t.getMinute());
        b.append(':');
        two(b, t.getSecond());
        b.append(" +0000] \"");
        int k = rnd.nextInt(8);
        int status;
        switch (k) {
            case 0 -> { b.append("GET /api/v1/orders/").append(rnd.nextInt(900000)); status = 200; }
            case 1 -> { b.append("POST /api/v1/orders"); status = rnd.nextInt(20) == 0 ? 500 : 201; }
            case 2 -> { b.append("GET /static/js/app.").append(hex(8)).append(".js"); status = rnd.nextInt(5) == 0 ? 304 : 200; }
            case 3 -> { b.append("GET /api/v1/users/").append(rnd.nextInt(50000)).append("/profile"); status = rnd.nextInt(10) == 0 ? 404 : 200; }
            case 4 -> { b.append("PUT /api/v1/carts/").append(hex(12)).append("/items"); status = 200; }
            case 5 -> { b.append("GET /healthz"); status = 200; }
            case 6 -> { b.append("GET /search?q=").append(pick("shoes", "red+dress", "laptop", "usb-c")).append("&page=").append(rnd.nextInt(20)); status = 200; }
            default -> { b.append("POST /api/v1/login"); status = rnd.nextInt(4) == 0 ? 401 : 200; }
        }
        b.append(" HTTP/1.1\" ").append(status).append(' ').append(rnd.nextInt(90000)).append(" \"")
                .append(pick("-", "https://shop.example.com/", "https://shop.example.com/cart")).append("\" \"")
                .append(pick("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
                        "curl/8.5.0", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15"))
                .append("\"\n");
    }

    // ---------------------------------------------------------------- logfmt (8 templates)

    private void logfmt(StringBuilder b) {
        b.append("time=").append(tick()).append(" level=");
        switch (rnd.nextInt(8)) {
            case 0 -> b.append("info msg=\"job started\" job=").append(pick("resize", "encode", "thumbnail")).append(" id=").append(hex(10));
            case 1 -> b.append("info msg=\"job finished\" job=").append(pick("resize", "encode", "thumbnail")).append(" id=").append(hex(10))
                    .append(" duration=").append(rnd.nextInt(9000)).append("ms");
            case 2 -> b.append("warn msg=\"job retry\" id=").append(hex(10)).append(" attempt=").append(1 + rnd.nextInt(4))
                    .append(" err=\"connection reset by peer\"");
            case 3 -> b.append("error msg=\"job failed\" id=").append(hex(10)).append(" err=\"s3: access denied for bucket ")
                    .append(pick("media", "exports")).append("\"");
            case 4 -> b.append("info msg=\"heartbeat\" worker=w").append(rnd.nextInt(16)).append(" queue_depth=").append(rnd.nextInt(500));
            case 5 -> b.append("debug msg=\"fetched object\" key=uploads/").append(rnd.nextInt(100000)).append('/').append(hex(8))
                    .append(".png size=").append(rnd.nextInt(5000000));
            case 6 -> b.append("info msg=\"scaled pool\" from=").append(rnd.nextInt(10)).append(" to=").append(rnd.nextInt(10));
            default -> b.append("warn msg=\"disk usage high\" mount=/var/lib/worker used_pct=").append(80 + rnd.nextInt(20));
        }
        b.append('\n');
    }
}
