import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { bypass, NOT_FOUND } from '../../../src/pipeline/outcome.js';
import { createFailureLog } from '../../../src/observe/failure-log.js';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      cb();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

describe('failure log', () => {
  it('warns once per code per interval, then reports how many were suppressed', () => {
    vi.useFakeTimers();
    try {
      const { lines, logger } = capture();
      const log = createFailureLog(logger, 'memcached', 10_000);
      for (let i = 0; i < 5; i++) log(bypass('store-error', 'STORE_TIMEOUT'));
      log(bypass('decode-error', 'DECODE_LENGTH'));
      log(NOT_FOUND); // not a failure
      expect(lines.map((l) => [l.code, l.suppressed])).toEqual([
        ['STORE_TIMEOUT', 0],
        ['DECODE_LENGTH', 0],
      ]);
      vi.advanceTimersByTime(10_001);
      log(bypass('store-error', 'STORE_TIMEOUT'));
      expect(lines.at(-1)).toMatchObject({ level: 40, code: 'STORE_TIMEOUT', suppressed: 4, store: 'memcached' });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('failure log: no count is lost', () => {
  it('flushes the suppressed count when an episode ends, and at shutdown', () => {
    vi.useFakeTimers();
    try {
      const { lines, logger } = capture();
      const log = createFailureLog(logger, 'memcached', 5_000);
      for (let i = 0; i < 4000; i++) log(bypass('store-error', 'STORE_UNAVAILABLE'));
      expect(lines).toHaveLength(1);
      vi.advanceTimersByTime(10_001); // the outage is over: nothing new for two intervals
      expect(lines.at(-1)).toMatchObject({ code: 'STORE_UNAVAILABLE', suppressed: 3999, ended: true });
      for (let i = 0; i < 3; i++) log(bypass('decode-error', 'DECODE_SYNTAX'));
      log.flush();
      expect(lines.at(-1)).toMatchObject({ code: 'DECODE_SYNTAX', suppressed: 2 });
      const total = lines.reduce((n, l) => n + 1 + Number(l.suppressed ?? 0), 0) - lines.filter((l) => l.ended).length;
      expect(total).toBe(4003);
    } finally {
      vi.useRealTimers();
    }
  });
});
