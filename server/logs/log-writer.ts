import type { Redis } from "ioredis";
import { appendLog } from "./build-log";

/** Lines kept in memory for the stored log; a runaway build's output beyond this is streamed only. */
const MAX_KEPT_LINES = 500_000;

/**
 * Buffers a build's output and ships it in batches (every 100 ms or 200 lines), masking secrets
 * first. Partial lines are held until their newline arrives. Every batch carries the position of
 * its first line, and the writer keeps the whole (masked) log: it is what PostgreSQL stores, even
 * if Redis lost part of the stream.
 */
export class LogWriter {
  private pending: string[] = [];
  private kept: string[] = [];
  private shipped = 0;
  private partial = "";
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private mask: (line: string) => string;

  constructor(
    private redis: Redis,
    private prefix: string,
    private buildId: string,
    mask: (line: string) => string = (l) => l,
  ) {
    this.mask = mask;
  }

  /** Lines already in the stream before this writer (e.g. "waiting for the running build"): numbering continues after them. */
  seed(lines: string[]) {
    this.kept.push(...lines);
    this.shipped += lines.length;
  }

  /** The whole log so far, as stored when the build ends. */
  all(): string[] {
    return this.kept;
  }

  setMask(mask: (line: string) => string) {
    this.mask = mask;
  }

  /** Raw process output (may hold partial lines). */
  write(chunk: string) {
    const text = this.partial + chunk;
    const parts = text.split(/\r?\n/);
    this.partial = parts.pop() ?? "";
    for (const p of parts) this.line(p);
  }

  line(text: string) {
    // One entry per line, however the text came (a multi-line error message): positions must
    // match the stored log, which is the lines joined by "\n".
    for (const part of text.split(/\r?\n/)) {
      const masked = this.mask(part);
      this.pending.push(masked);
      if (this.kept.length < MAX_KEPT_LINES) this.kept.push(masked);
    }
    if (this.pending.length >= 200) this.flushSoon(0);
    else this.flushSoon(100);
  }

  private flushSoon(ms: number) {
    if (ms === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, ms);
  }

  /** Ships what is buffered, including a last line without its newline. */
  close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.partial) {
      this.line(this.partial);
      this.partial = "";
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    return this.flush();
  }

  private flush(): Promise<void> {
    const lines = this.pending;
    const offset = this.shipped;
    this.pending = [];
    this.shipped += lines.length;
    this.chain = this.chain.then(() => appendLog(this.redis, this.prefix, this.buildId, lines, offset)).catch(() => {});
    return this.chain;
  }
}
