/**
 * What may reach a log line about a request. No level may log a full session id: Node's parse
 * errors carry the raw request bytes (`rawPacket`, Cookie header included) that fastify's
 * client-error line would serialize at `trace`; a URL may hold an id (`/sessions/<id>`). The
 * serializers here drop the raw bytes and shorten anything id-like; `requestId` takes the id
 * nginx sets (`X-Request-Id: $request_id`) when it has a safe shape.
 */
import type { IncomingMessage } from 'node:http';
import { stdSerializers } from 'pino';
import { redactId } from '../session-ref/index.js';

/** Path segments or query values long enough to be an id are shortened. */
const ID_LIKE = /[A-Za-z0-9,_%+=-]{17,}/g;

export function redactUrl(url: string): string {
  return url.replace(ID_LIKE, (m) => redactId(m));
}

/** An error without raw request bytes; id-like runs in its message shortened (also in the stack's first line). */
export function safeErr(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const out = stdSerializers.err(err) as unknown as Record<string, unknown>;
  delete out.rawPacket;
  if (typeof out.message === 'string') {
    const message = out.message;
    out.message = redactUrl(message);
    if (typeof out.stack === 'string') out.stack = out.stack.replace(message, out.message as string);
  }
  return out;
}

export function safeReq(req: { method?: string; url?: string; id?: unknown }): Record<string, unknown> {
  return { method: req.method, url: redactUrl(req.url ?? ''), reqId: req.id };
}

export const SAFE_SERIALIZERS = { err: safeErr, req: safeReq } as const;

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request id from `X-Request-Id` when it has a safe shape, else undefined. */
export function requestId(req: IncomingMessage): string | undefined {
  const v = req.headers['x-request-id'];
  return typeof v === 'string' && REQUEST_ID.test(v) ? v : undefined;
}
