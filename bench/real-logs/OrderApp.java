import java.io.*;
import java.nio.file.*;
import java.sql.SQLException;
import java.time.*;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.*;
import java.util.logging.*;

/**
 * A small order service that logs through java.util.logging twice: with the JDK's default
 * SimpleFormatter (two lines per record) and with a logback-style pattern
 * "%d{yyyy-MM-dd HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg%n%ex".
 * Usage: java OrderApp.java OUTDIR
 */
public class OrderApp {
    static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    static final class PatternFormatter extends Formatter {
        @Override public String format(LogRecord r) {
            String level = switch (r.getLevel().getName()) {
                case "SEVERE" -> "ERROR"; case "WARNING" -> "WARN"; case "INFO", "CONFIG" -> "INFO";
                case "FINE" -> "DEBUG"; default -> "TRACE"; };
            String logger = r.getLoggerName();
            StringBuilder sb = new StringBuilder();
            sb.append(TS.format(r.getInstant())).append(" [").append(Thread.currentThread().getName()).append("] ")
              .append(String.format("%-5s", level)).append(' ').append(logger).append(" - ").append(formatMessage(r)).append('\n');
            if (r.getThrown() != null) { StringWriter w = new StringWriter(); r.getThrown().printStackTrace(new PrintWriter(w)); sb.append(w); }
            return sb.toString();
        }
    }

    static void work(Logger log, ExecutorService pool) throws Exception {
        log.info("order service starting, 4 workers");
        log.config("payment gateway url=https://pay.example.org/v2 timeout=3000ms");
        log.fine("loaded 12 tariffs from classpath:/tariffs.csv");
        log.finer("cache warm-up: 0 entries");
        for (int i = 1; i <= 6; i++) {
            final int id = 1000 + i;
            pool.submit(() -> {
                Logger l = Logger.getLogger("shop.orders.OrderProcessor");
                l.info("processing order " + id);
                try {
                    if (id % 3 == 0) throw new IllegalStateException("order " + id + " has no lines");
                    if (id % 5 == 0) Integer.parseInt("12x" + id);
                    l.fine("order " + id + " priced at " + (id * 3 % 97) + ".50 EUR");
                } catch (IllegalStateException e) {
                    l.log(Level.WARNING, "order " + id + " rejected", e);
                } catch (RuntimeException e) {
                    l.log(Level.SEVERE, "order " + id + " failed", e);
                }
                return null;
            }).get();
        }
        try {
            loadCustomer(log, 42);
        } catch (IOException e) {
            log.log(Level.SEVERE, "customer import aborted", e);
        }
        log.warning("connection pool exhausted: 10 of 10 in use, waiting");
        log.finest("pool state dump: idle=0 busy=10");
        log.info("order service stopped after " + 6 + " orders");
    }

    static void loadCustomer(Logger log, int id) throws IOException {
        try {
            throw new SQLException("relation \"customer\" does not exist", "42P01");
        } catch (SQLException e) {
            throw new IOException("could not load customer " + id, e);
        }
    }

    static void run(Path file, Formatter fmt) throws Exception {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        FileHandler h = new FileHandler(file.toString());
        h.setFormatter(fmt); h.setLevel(Level.ALL); h.setEncoding("UTF-8");
        root.addHandler(h); root.setLevel(Level.ALL);
        ExecutorService pool = Executors.newFixedThreadPool(2, r -> { Thread t = new Thread(r, "order-worker-" + r.hashCode() % 7); return t; });
        try { work(Logger.getLogger("shop.OrderApp"), pool); } finally { pool.shutdown(); h.close(); }
    }

    public static void main(String[] args) throws Exception {
        Path out = Paths.get(args[0]);
        Files.createDirectories(out);
        run(out.resolve("jul-simpleformatter.log"), new SimpleFormatter());
        run(out.resolve("logback-pattern.log"), new PatternFormatter());
    }
}
