package dev.latchkey.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * An HTTP/1.1 load generator whose latencies can be trusted on a small shared machine: wrk's on
 * this project's 2-core VM do not agree with Little's law (bench/README.md). One thread drives
 * every connection through one selector, each connection with at most one request in flight (no
 * pipelining); answers are parsed in place (Content-Length or chunked) and latencies go into a
 * preallocated histogram, so the generator allocates nothing per request and its own garbage
 * collections do not show up as the server's latency.
 *
 * <p>Closed loop ({@code --rate 0}): each connection sends its next request as soon as the answer
 * to the last one is read (wrk's model), latency counted from the send: the rate at saturation for
 * a number of connections, and the latency at that load.
 *
 * <p>Open loop ({@code --rate R}): requests fall due R times a second whatever the server does, and
 * latency runs from the due time, not from the moment a free connection sent the request. A closed
 * loop sends fewer requests while the server stalls, so a 5 ms stall shows up in one sample instead
 * of in every request that should have been sent meanwhile ("coordinated omission", the reason wrk2
 * exists). Between events the thread parks until the next request is due; a request sent late and
 * an answer read late both count against the server, and the send lag (due to sent) is reported so
 * that a generator which could not keep its schedule is visible: on 2 shared cores it is the
 * generator's own wait for a CPU, which then dominates the open-loop tail.
 *
 * <p>Prints one markdown row: label, load, achieved rate, latency percentiles (p50, p90, p99,
 * p99.9, max), p99 of the send lag (open loop only), non-2xx answers and I/O errors; on standard
 * error, the generator's own CPU time per request. Runs from its source file, nothing to build:
 *
 * <pre>
 * java bench/src/main/java/dev/latchkey/bench/LoadGenerator.java \
 *     --url http://127.0.0.1:8080/healthz --rate 20000 (or 0 for a closed loop)
 *     [--duration 20] [--warmup 5] [--connections 32] [--label name] [--method POST]
 *     [--header 'Authorization: Bearer x']... [--body-template '{"api_key_token":"%s"}'
 *     --body-values tokens.txt]
 * </pre>
 */
public final class LoadGenerator {
  private LoadGenerator() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Result result = new Run(options).call();
    System.out.println(result.row(options));
    System.err.printf(
        Locale.ROOT,
        "%s: generator CPU %.1f µs per request%n",
        options.label(),
        processCpuNanos() / 1000.0 / Math.max(1, result.latency().count()));
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  record Options(
      URI url,
      double rate,
      int durationSeconds,
      int warmupSeconds,
      int connections,
      String label,
      List<byte[]> requests) {

    static Options parse(String[] args) throws IOException {
      URI url = null;
      double rate = 0;
      int duration = 20;
      int warmup = 5;
      int connections = 32;
      String label = null;
      String method = "GET";
      List<String> headers = new ArrayList<>();
      String bodyTemplate = null;
      Path bodyValues = null;
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        if (value == null) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        switch (args[i++]) {
          case "--url" -> url = URI.create(value);
          case "--rate" -> rate = Double.parseDouble(value);
          case "--duration" -> duration = Integer.parseInt(value);
          case "--warmup" -> warmup = Integer.parseInt(value);
          case "--connections" -> connections = Integer.parseInt(value);
          case "--label" -> label = value;
          case "--method" -> method = value;
          case "--header" -> headers.add(value);
          case "--body-template" -> bodyTemplate = value;
          case "--body-values" -> bodyValues = Path.of(value);
          default -> throw new IllegalArgumentException("unknown option " + args[i - 1]);
        }
      }
      if (url == null || rate < 0) {
        throw new IllegalArgumentException("--url is required; --rate is 0 (closed loop) or more");
      }
      if (connections < 1 || duration < 1 || warmup < 0) {
        throw new IllegalArgumentException("--connections and --duration must be at least 1");
      }
      List<String> bodies = new ArrayList<>();
      if (bodyTemplate == null) {
        bodies.add(null);
      } else if (bodyValues == null) {
        bodies.add(bodyTemplate);
      } else {
        for (String line : Files.readAllLines(bodyValues)) {
          if (!line.isBlank()) {
            bodies.add(bodyTemplate.replace("%s", line.strip()));
          }
        }
      }
      List<byte[]> requests = new ArrayList<>(bodies.size());
      for (String body : bodies) {
        requests.add(format(method, url, headers, body));
      }
      return new Options(
          url,
          rate,
          duration,
          warmup,
          connections,
          label == null ? method + " " + url.getPath() : label,
          requests);
    }

    private static byte[] format(String method, URI url, List<String> headers, String body) {
      String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      head.append("Host: ").append(url.getHost()).append(':').append(port(url)).append("\r\n");
      for (String header : headers) {
        head.append(header).append("\r\n");
      }
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      if (body != null) {
        if (headers.stream().noneMatch(h -> h.regionMatches(true, 0, "content-type:", 0, 13))) {
          head.append("Content-Type: application/json\r\n");
        }
        head.append("Content-Length: ").append(content.length).append("\r\n");
      }
      head.append("\r\n");
      byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
      byte[] request = Arrays.copyOf(start, start.length + content.length);
      System.arraycopy(content, 0, request, start.length, content.length);
      return request;
    }

    static int port(URI url) {
      return url.getPort() > 0 ? url.getPort() : 80;
    }
  }

  /**
   * A latency histogram without allocation after construction: 1 µs buckets up to 100 ms, then 100
   * µs buckets up to 100 s (longer values count in the last bucket).
   */
  static final class Samples {
    private static final int FINE = 100_000;
    private static final int COARSE = 1_000_000;
    private final long[] fine = new long[FINE];
    private final long[] coarse = new long[COARSE];
    private long count;
    private long max;

    void add(long micros) {
      long value = Math.max(0, micros);
      if (value < FINE) {
        fine[(int) value]++;
      } else {
        coarse[(int) Math.min(COARSE - 1, value / 100)]++;
      }
      count++;
      max = Math.max(max, value);
    }

    long count() {
      return count;
    }

    long max() {
      return max;
    }

    /** The smallest value at or below which p percent of the samples lie, in microseconds. */
    long percentile(double p) {
      long rank = Math.max(1, (long) Math.ceil(p / 100.0 * count));
      long seen = 0;
      for (int i = 0; i < FINE; i++) {
        seen += fine[i];
        if (seen >= rank) {
          return i;
        }
      }
      for (int i = 0; i < COARSE; i++) {
        seen += coarse[i];
        if (seen >= rank) {
          return i * 100L;
        }
      }
      return max;
    }
  }

  record Result(long measuredNanos, Samples latency, Samples sendLag, long non2xx, long ioErrors) {
    String row(Options options) {
      double achieved = latency.count() / (measuredNanos / 1e9);
      boolean closed = options.rate() <= 0;
      return String.format(
          Locale.ROOT,
          "| %s | %s | %.0f | %s | %s | %s | %s | %s | %s | %d | %d |",
          options.label(),
          closed
              ? "closed, " + options.connections() + " connections"
              : String.format(
                  Locale.ROOT,
                  "open, %.0f/s, %d connections",
                  options.rate(),
                  options.connections()),
          achieved,
          ms(latency.percentile(50)),
          ms(latency.percentile(90)),
          ms(latency.percentile(99)),
          ms(latency.percentile(99.9)),
          ms(latency.max()),
          closed ? "-" : ms(sendLag.percentile(99)),
          non2xx,
          ioErrors);
    }

    private static String ms(long micros) {
      return String.format(Locale.ROOT, "%.3f ms", micros / 1000.0);
    }
  }

  /** Due times waiting for a free connection, without boxing. */
  static final class DueQueue {
    private long[] values = new long[1 << 16];
    private int head;
    private int size;

    void add(long due) {
      if (size == values.length) {
        long[] grown = new long[size * 2];
        for (int i = 0; i < size; i++) {
          grown[i] = values[(head + i) % values.length];
        }
        values = grown;
        head = 0;
      }
      values[(head + size) % values.length] = due;
      size++;
    }

    long poll() {
      long due = values[head];
      head = (head + 1) % values.length;
      size--;
      return due;
    }

    boolean isEmpty() {
      return size == 0;
    }
  }

  /** One connection: at most one request in flight, and the buffer its answer is read into. */
  static final class Connection {
    final SocketChannel channel;
    final SelectionKey key;
    final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    long due;
    boolean busy;

    Connection(SocketChannel channel, SelectionKey key) {
      this.channel = channel;
      this.key = key;
    }
  }

  static final class Run {
    private static final long POLL_NANOS = 20_000;
    private final Options options;
    private final Selector selector;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private final DueQueue waiting = new DueQueue();
    private final Samples latency = new Samples();
    private final Samples sendLag = new Samples();
    private long measureFrom;
    private long measureTo;
    private long non2xx;
    private long ioErrors;
    private int inFlight;

    Run(Options options) throws IOException {
      this.options = options;
      this.selector = Selector.open();
    }

    Result call() throws IOException {
      for (int i = 0; i < options.connections(); i++) {
        idle.add(connect());
      }
      long start = System.nanoTime();
      measureFrom = start + options.warmupSeconds() * 1_000_000_000L;
      measureTo = measureFrom + options.durationSeconds() * 1_000_000_000L;
      if (options.rate() > 0) {
        openLoop(start, (long) (1e9 / options.rate()));
      } else {
        closedLoop();
      }
      return new Result(measureTo - measureFrom, latency, sendLag, non2xx, ioErrors);
    }

    /**
     * Requests fall due every interval whatever the server does; latency counts from the due time.
     * Between events the thread parks briefly instead of blocking in select, whose timeout has
     * millisecond granularity: a send up to a millisecond late would be charged to the server.
     */
    private void openLoop(long start, long interval) throws IOException {
      long next = start;
      while (next < measureTo || inFlight > 0 || !waiting.isEmpty()) {
        long now = System.nanoTime();
        while (next <= now && next < measureTo) {
          waiting.add(next);
          next += interval;
        }
        while (!waiting.isEmpty() && !idle.isEmpty()) {
          send(idle.poll(), waiting.poll());
        }
        if (selector.selectNow() > 0) {
          readSelected();
          continue;
        }
        long wait = next < measureTo ? next - System.nanoTime() : Long.MAX_VALUE;
        if (!waiting.isEmpty()) {
          LockSupport.parkNanos(POLL_NANOS);
        } else if (wait >= 2_000_000) {
          // nothing due for a while: block until an answer arrives or shortly before the next
          selector.select(Math.min(wait / 1_000_000 - 1, 1000));
          readSelected();
        } else if (wait > 0) {
          LockSupport.parkNanos(inFlight > 0 ? Math.min(wait, POLL_NANOS) : wait);
        }
      }
    }

    /**
     * Every connection sends its next request as soon as the previous answer is read (wrk's model);
     * latency counts from the send. Gives the rate at saturation for a connection count.
     */
    private void closedLoop() throws IOException {
      while (System.nanoTime() < measureTo || inFlight > 0) {
        long now = System.nanoTime();
        while (!idle.isEmpty() && now < measureTo) {
          send(idle.poll(), now);
        }
        selector.select(100);
        readSelected();
      }
    }

    /** Reads every connection the last select found readable. */
    private void readSelected() throws IOException {
      for (SelectionKey key : selector.selectedKeys()) {
        if (key.isValid() && read((Connection) key.attachment())) {
          inFlight--;
        }
      }
      selector.selectedKeys().clear();
    }

    private Connection connect() throws IOException {
      SocketChannel channel =
          SocketChannel.open(
              new InetSocketAddress(options.url().getHost(), Options.port(options.url())));
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.configureBlocking(false);
      SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
      Connection connection = new Connection(channel, key);
      key.attach(connection);
      return connection;
    }

    private void send(Connection connection, long due) throws IOException {
      List<byte[]> requests = options.requests();
      byte[] request =
          requests.size() == 1
              ? requests.get(0)
              : requests.get(ThreadLocalRandom.current().nextInt(requests.size()));
      ByteBuffer out = ByteBuffer.wrap(request);
      long sent = System.nanoTime();
      while (out.hasRemaining()) {
        if (connection.channel.write(out) == 0) {
          Thread.onSpinWait();
        }
      }
      connection.due = due;
      connection.busy = true;
      inFlight++;
      if (due >= measureFrom && due < measureTo) {
        sendLag.add((sent - due) / 1000);
      }
    }

    /** Reads what has arrived; true when it completed the connection's answer. */
    private boolean read(Connection connection) throws IOException {
      int n;
      try {
        n = connection.channel.read(connection.in);
      } catch (IOException e) {
        n = -1;
      }
      if (n < 0) {
        return fail(connection);
      }
      int status = complete(connection.in);
      if (status == 0) {
        return false;
      }
      long done = System.nanoTime();
      if (connection.due >= measureFrom && connection.due < measureTo) {
        latency.add((done - connection.due) / 1000);
        if (status < 200 || status > 299) {
          non2xx++;
        }
      }
      connection.busy = false;
      idle.add(connection);
      return true;
    }

    private boolean fail(Connection connection) throws IOException {
      ioErrors++;
      connection.key.cancel();
      connection.channel.close();
      boolean wasBusy = connection.busy;
      idle.add(connect());
      return wasBusy;
    }

    /**
     * The answer's status once the whole answer (Content-Length or chunked) is in the buffer, and
     * the buffer emptied of it; 0 while incomplete. Parses bytes in place: the generator allocates
     * nothing per answer, so its own garbage collections do not show up as the server's latency.
     */
    static int complete(ByteBuffer in) {
      byte[] bytes = in.array();
      int length = in.position();
      int headEnd = indexOf(bytes, 0, length, CRLFCRLF);
      if (headEnd < 0 || length < 12) {
        return 0;
      }
      int status = (bytes[9] - '0') * 100 + (bytes[10] - '0') * 10 + (bytes[11] - '0');
      int bodyStart = headEnd + 4;
      int end;
      int declared = headerValue(bytes, headEnd, CONTENT_LENGTH);
      if (declared >= 0) {
        end = bodyStart + parseInt(bytes, declared, 10);
      } else if (headerValue(bytes, headEnd, TRANSFER_ENCODING) >= 0) {
        end = chunkedEnd(bytes, bodyStart, length);
      } else {
        end = bodyStart;
      }
      if (end < 0 || end > length) {
        return 0;
      }
      in.flip();
      in.position(end);
      in.compact();
      return status;
    }

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CRLFCRLF = {'\r', '\n', '\r', '\n'};
    private static final byte[] CONTENT_LENGTH =
        "\r\ncontent-length:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING =
        "\r\ntransfer-encoding:".getBytes(StandardCharsets.US_ASCII);

    /**
     * Where the named header's value starts (blanks skipped), or -1; names compare ignoring case.
     */
    private static int headerValue(byte[] bytes, int headEnd, byte[] name) {
      outer:
      for (int i = 0; i <= headEnd - name.length; i++) {
        for (int j = 0; j < name.length; j++) {
          int b = bytes[i + j];
          if (b >= 'A' && b <= 'Z') {
            b += 'a' - 'A';
          }
          if (b != name[j]) {
            continue outer;
          }
        }
        int at = i + name.length;
        while (bytes[at] == ' ') {
          at++;
        }
        return at;
      }
      return -1;
    }

    private static int parseInt(byte[] bytes, int at, int radix) {
      int value = 0;
      for (; ; at++) {
        int digit = Character.digit(bytes[at], radix);
        if (digit < 0) {
          return value;
        }
        value = value * radix + digit;
      }
    }

    private static int chunkedEnd(byte[] bytes, int from, int length) {
      int at = from;
      while (true) {
        int lineEnd = indexOf(bytes, at, length, CRLF);
        if (lineEnd < 0) {
          return -1;
        }
        int chunk = parseInt(bytes, at, 16);
        at = lineEnd + 2 + chunk + 2;
        if (chunk == 0) {
          return at <= length ? at : -1;
        }
        if (at > length) {
          return -1;
        }
      }
    }

    private static int indexOf(byte[] bytes, int from, int to, byte[] needle) {
      outer:
      for (int i = from; i <= to - needle.length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (bytes[i + j] != needle[j]) {
            continue outer;
          }
        }
        return i;
      }
      return -1;
    }
  }
}
