import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import net from 'node:net';

/** How a managed process ended. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Milliseconds since the process was started. */
  at: number;
}

const running = new Set<ManagedProcess>();

/**
 * Kills every process this harness started that is still running. Called on
 * teardown, and as a last resort when the runner exits or is interrupted, so
 * that no database, Redis or backend outlives the suite.
 */
export function killAll(signal: NodeJS.Signals = 'SIGKILL') {
  for (const p of running) {
    p.kill(signal);
  }
}
const dirs = new Set<string>();

/** A temporary folder removed when the run ends, however it ends. */
export function removeOnExit(dir: string) {
  dirs.add(dir);
}

function cleanUp() {
  killAll();
  for (const dir of dirs) {
    rmSync(dir, { recursive: true, force: true });
  }
  dirs.clear();
}
process.on('exit', cleanUp);
// Interrupted (Ctrl-C, CI cancelling the job): no database, Redis or backend
// may outlive the runner.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
] as const) {
  process.once(signal, () => {
    cleanUp();
    process.exit(code);
  });
}

/**
 * A child process with its output kept: written to a log file and the last
 * lines held in memory, so that a failed check can quote what the process said.
 */
export class ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly startedAt = Date.now();
  readonly exited: Promise<Exit>;
  exit?: Exit;
  readonly #lines: string[] = [];
  #total = 0;
  readonly #log?: WriteStream;
  readonly #maxLines: number;

  constructor(
    name: string,
    command: string,
    args: string[],
    options: SpawnOptions & {
      logFile?: string;
      maxLines?: number;
      /** What the process gets when the runner dies without cleaning up (default SIGKILL). */
      parentDeathSignal?: NodeJS.Signals;
    } = {},
  ) {
    this.name = name;
    this.#maxLines = options.maxLines ?? 5000;
    this.#log = options.logFile
      ? createWriteStream(options.logFile, { flags: 'a' })
      : undefined;
    // Jest does not let a test file see the runner's signals, so a killed run
    // cannot clean up after itself: the kernel does it (prctl PDEATHSIG).
    this.child = spawn(
      'setpriv',
      [
        '--pdeathsig',
        (options.parentDeathSignal ?? 'SIGKILL').replace(/^SIG/, ''),
        '--',
        command,
        ...args,
      ],
      { ...options, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running.add(this);
    for (const stream of [this.child.stdout, this.child.stderr]) {
      let partial = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        this.#log?.write(chunk);
        const parts = (partial + chunk).split('\n');
        partial = parts.pop() ?? '';
        for (const line of parts) {
          this.#lines.push(line);
          this.#total++;
        }
        if (this.#lines.length > this.#maxLines) {
          this.#lines.splice(0, this.#lines.length - this.#maxLines);
        }
      });
    }
    this.exited = new Promise(resolve => {
      const done = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.exit) {
          return;
        }
        running.delete(this);
        this.exit = { code, signal, at: Date.now() - this.startedAt };
        this.#log?.end();
        resolve(this.exit);
      };
      this.child.on('exit', done);
      this.child.on('error', error => {
        this.#lines.push(`spawn error: ${error.message}`);
        done(127, null);
      });
    });
  }

  get pid() {
    return this.child.pid;
  }

  get running() {
    return !this.exit;
  }

  /** The output lines kept in memory that match. */
  grep(pattern: RegExp): string[] {
    return this.#lines.filter(line => pattern.test(line));
  }

  /** The last `n` output lines. */
  tail(n: number): string[] {
    return this.#lines.slice(-n);
  }

  /** A mark in the output, for `since`. */
  mark(): number {
    return this.#total;
  }

  /** The lines written after `mark` (those still kept). */
  since(mark: number): string[] {
    const count = this.#total - mark;
    return count > 0 ? this.#lines.slice(-count) : [];
  }

  kill(signal: NodeJS.Signals) {
    if (this.running) {
      this.child.kill(signal);
    }
  }

  /**
   * Sends `signal` and waits for the exit; after `timeoutMs` kills it.
   * Returns the exit and how long it took from the signal.
   */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
    timeoutMs = 30_000,
  ): Promise<Exit & { ms: number; killed: boolean }> {
    const sent = Date.now();
    if (!this.running) {
      return { ...this.exit!, ms: 0, killed: false };
    }
    this.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.exited.then(() => false),
      new Promise<boolean>(resolve => {
        timer = setTimeout(() => resolve(true), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.kill('SIGKILL');
      await this.exited;
    }
    return { ...this.exit!, ms: Date.now() - sent, killed: timedOut };
  }
}

const handedOut = new Set<number>();

/**
 * A TCP port that was free a moment ago on 127.0.0.1, not handed out before
 * in this run, never the development portal's 3000 or 7007.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.unref();
      server.on('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() =>
          resolve(typeof address === 'object' && address ? address.port : 0),
        );
      });
    });
    if (port && port !== 3000 && port !== 7007 && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

export const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/** Polls `check` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  { timeoutMs = 30_000, intervalMs = 200 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${
          last ? `: ${last}` : ''
        }`,
      );
    }
    await sleep(intervalMs);
  }
}
