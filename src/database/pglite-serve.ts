import { createServer, type Server, type Socket } from 'node:net';

/**
 * Serves one PGlite instance on the PostgreSQL wire protocol (loopback), for `retort db serve`:
 * psql, GUI tools, the application and other retort commands connect to it.
 *
 * Written here rather than taken from @electric-sql/pglite-socket: its releases pin one exact
 * PGlite version (0.5.14 for 0.2.17, while retort uses 0.5.16) and seven extension packages as
 * peer dependencies, which npm would install or refuse. What is needed is small: frame the
 * messages, answer SSL/GSS requests with 'N', pass every message to PGlite's own protocol handler
 * (`execProtocolRaw`, which also answers the startup packet), and keep clients from interleaving.
 *
 * PGlite is a single PostgreSQL session, so clients take turns: once a client's message leaves
 * the session anywhere but idle — inside a transaction, between Parse and Sync of the extended
 * protocol, in COPY — only that client's messages run until ReadyForQuery says idle again.
 * A client that disconnects mid-transaction is rolled back. Session state (SET, advisory locks,
 * prepared statement names) is shared by all clients.
 */

/** The slice of the PGlite API used here. */
export interface ProtocolDatabase {
  execProtocolRaw(message: Uint8Array, options?: { syncToFs?: boolean }): Promise<Uint8Array>;
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  exec(sql: string): Promise<unknown>;
  isInTransaction(): boolean;
}

export interface ServedDatabase {
  readonly host: string;
  readonly port: number;
  /** Connections open now. */
  connections(): number;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

interface Pending {
  readonly client: Client;
  readonly message: Uint8Array;
}

interface Client {
  readonly id: number;
  readonly socket: Socket;
  buffer: Buffer;
  started: boolean;
  closed: boolean;
}

/** ReadyForQuery at the end of a response: `Z`, length 5, status. */
function endsIdle(out: Uint8Array): boolean | undefined {
  const n = out.length;
  if (n < 6 || out[n - 6] !== 0x5a || out[n - 2] !== 5) return undefined;
  return out[n - 1] === 0x49; // 'I'
}

/**
 * Starts serving `db` on `host:port` (port 0: any free port).
 *
 * @example
 * const served = await servePglite(pglite, { port: 5433 });
 */
export async function servePglite(
  db: ProtocolDatabase,
  options: { host?: string; port?: number } = {},
): Promise<ServedDatabase> {
  const host = options.host ?? '127.0.0.1';
  const clients = new Set<Client>();
  const queue: Pending[] = [];
  let owner: Client | undefined;
  let running = false;
  let nextId = 1;

  const pump = async (): Promise<void> => {
    if (running) return;
    running = true;
    try {
      for (;;) {
        const index = owner ? queue.findIndex((p) => p.client === owner) : 0;
        if (index < 0 || queue.length === 0) break;
        const [next] = queue.splice(index, 1);
        if (!next || next.client.closed) continue;
        let out: Uint8Array;
        try {
          out = await db.runExclusive(() => db.execProtocolRaw(next.message));
        } catch (error) {
          next.client.socket.destroy(error instanceof Error ? error : undefined);
          continue;
        }
        if (!next.client.closed && out.length > 0) next.client.socket.write(out);
        const idle = endsIdle(out);
        owner = idle === true ? undefined : next.client;
      }
    } finally {
      running = false;
    }
  };

  const drop = async (client: Client): Promise<void> => {
    if (client.closed) return;
    client.closed = true;
    clients.delete(client);
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i]?.client === client) queue.splice(i, 1);
    if (owner === client) {
      await db
        .runExclusive(async () => {
          if (db.isInTransaction()) await db.exec('ROLLBACK');
        })
        .catch(() => undefined);
      owner = undefined;
      void pump();
    }
  };

  const onData = (client: Client, data: Buffer): void => {
    client.buffer = client.buffer.length === 0 ? data : Buffer.concat([client.buffer, data]);
    for (;;) {
      const buf = client.buffer;
      if (!client.started) {
        if (buf.length < 8) return;
        const length = buf.readInt32BE(0);
        const code = buf.readInt32BE(4);
        if (length === 8 && (code === SSL_REQUEST || code === GSSENC_REQUEST)) {
          client.socket.write('N');
          client.buffer = buf.subarray(8);
          continue;
        }
        if (length === 16 && code === CANCEL_REQUEST) {
          client.socket.end();
          return;
        }
        if (buf.length < length) return;
        client.started = true;
        queue.push({ client, message: new Uint8Array(buf.subarray(0, length)) });
        client.buffer = buf.subarray(length);
        continue;
      }
      if (buf.length < 5) break;
      const length = buf.readInt32BE(1) + 1;
      if (buf.length < length) break;
      const message = new Uint8Array(buf.subarray(0, length));
      client.buffer = buf.subarray(length);
      if (message[0] === 0x58) {
        // Terminate: end this client; the shared session stays.
        client.socket.end();
        void drop(client);
        return;
      }
      queue.push({ client, message });
    }
    void pump();
  };

  const server: Server = createServer((socket) => {
    const client: Client = {
      id: nextId++,
      socket,
      buffer: Buffer.alloc(0),
      started: false,
      closed: false,
    };
    clients.add(client);
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => onData(client, data));
    socket.on('error', () => void drop(client));
    socket.on('close', () => void drop(client));
    void pump();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  return {
    host,
    port,
    connections: () => clients.size,
    async close() {
      for (const client of clients) client.socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
