import net from "node:net";

/**
 * A TCP proxy in front of the test Postgres server, so a test can take the database away from
 * the app without touching the server itself (CI and other suites share it). `cut()` is what
 * the app sees when Postgres restarts: every open connection drops at once and new ones are
 * refused (the port stops listening, so connecting fails with ECONNREFUSED as it does against a
 * stopped server); `restore()` listens on the same port again.
 */
export interface TcpProxy {
  readonly port: number;
  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string;
  /** Drops every connection through the proxy and refuses new ones until `restore()`. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let server = net.createServer(forward);
  function forward(client: net.Socket): void {
    const upstream = net.connect(target);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      // Either side failing ends both: a half-open pair would look like a hung server.
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
  await listen(0);
  const { port } = server.address() as net.AddressInfo;
  let listening: Promise<void> | undefined = Promise.resolve();
  const proxy: TcpProxy = {
    port,
    urlFor(url) {
      const proxied = new URL(url);
      proxied.hostname = "127.0.0.1";
      proxied.port = String(port);
      return proxied.toString();
    },
    async cut() {
      if (!listening) return;
      await listening;
      listening = undefined;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of open) socket.destroy();
      await closed;
    },
    async restore() {
      if (listening) return listening;
      server = net.createServer(forward);
      listening = listen(port);
      await listening;
    },
    close: () => proxy.cut(),
  };
  return proxy;
}
