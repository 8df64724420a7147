import { sleep } from './processes.ts';

export interface SignalMessage {
  channel: string;
  message: Record<string, unknown>;
}

/**
 * A browser's connection to the signals backend of one replica: the
 * WHATWG WebSocket (Node 22's, the browser API), the user's token as the
 * subprotocol as @backstage/plugin-signals' client sends it.
 */
export class SignalsConnection {
  readonly messages: { at: number; signal: SignalMessage }[] = [];
  readonly #ws: WebSocket;
  readonly #waiters = new Set<() => void>();

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.addEventListener('message', event => {
      try {
        this.messages.push({
          at: Date.now(),
          signal: JSON.parse(String(event.data)),
        });
      } catch {
        return;
      }
      for (const wake of this.#waiters) {
        wake();
      }
    });
  }

  /**
   * Connects and subscribes to `channels`. signals-backend 0.3.19 only
   * starts listening for upgrades on the first upgrade request it sees, and
   * never answers that one: like the browser client (its connectTimeout),
   * give up on a handshake after a while, close it and try again. A
   * handshake left open would also hold the replica's shutdown.
   */
  static async open(
    baseUrl: string,
    token: string,
    channels: string[],
    timeoutMs = 20_000,
  ): Promise<SignalsConnection> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/signals`;
    const deadline = Date.now() + timeoutMs;
    let lastError = '';
    while (Date.now() < deadline) {
      const ws = new WebSocket(url, token);
      const opened = await new Promise<boolean>(resolve => {
        ws.addEventListener('open', () => resolve(true), { once: true });
        ws.addEventListener(
          'error',
          event => {
            lastError = String((event as ErrorEvent).message ?? 'error');
            resolve(false);
          },
          { once: true },
        );
        ws.addEventListener('close', () => resolve(false), { once: true });
        setTimeout(() => {
          lastError = 'no answer to the handshake within 2 s';
          resolve(false);
        }, 2000);
      });
      if (opened) {
        const connection = new SignalsConnection(ws);
        for (const channel of channels) {
          ws.send(JSON.stringify({ action: 'subscribe', channel }));
        }
        return connection;
      }
      ws.close();
      await sleep(300);
    }
    throw new Error(
      `No websocket to ${url} within ${timeoutMs} ms: ${lastError}`,
    );
  }

  /** The first message (already received or to come) that matches, or undefined after `timeoutMs`. */
  async waitFor(
    match: (signal: SignalMessage) => boolean,
    timeoutMs: number,
  ): Promise<{ at: number; signal: SignalMessage } | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(m => match(m.signal));
      if (found || Date.now() >= deadline) {
        return found;
      }
      await new Promise<void>(resolve => {
        const wake = () => {
          this.#waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, deadline - Date.now());
        this.#waiters.add(wake);
      });
    }
  }

  close() {
    this.#ws.close();
  }
}
