/**
 * Read access to decoded sessions for other languages (docs/inspect.md), a fastify plugin:
 *
 *   GET /sessions/:id        → the whole session as JSON (`isauth decode`'s mapping), 404 when missing,
 *                              422 JSON_TOO_LARGE when its JSON would pass the limit (docs/json-mapping.md)
 *   GET /sessions/:id/keys   → its top-level variable names
 *
 * `Authorization: Bearer TOKEN` must match `--inspect-token` (constant-time). Without a token the
 * routes still exist and answer 401 exactly as for a wrong token: nothing tells the feature apart
 * from a wrong guess. `:id` is what the session cookie holds (the cookie codec reads it). Read only.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { IsauthError } from '../errors.js';
import { bearerToken, tokenCheck } from '../inspect/token.js';
import { keysJson, sessionJson } from '../inspect/view.js';
import type { SessionRead, SessionReader } from '../pipeline/read.js';
import type { PhpSession } from '../php/types.js';

export interface InspectOptions {
  readonly reader: SessionReader;
  /** `--inspect-token`; '' = off (every request answers 401). */
  readonly token: string;
}

const UNAUTHORIZED = '{"error":"unauthorized"}\n';
const NOT_FOUND = '{"error":"not found"}\n';

function send(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').header('cache-control', 'no-store').send(body);
}

function answer(reply: FastifyReply, r: SessionRead, view: (s: PhpSession) => string): FastifyReply {
  if (r.found) {
    let body: string;
    try {
      body = view(r.session);
    } catch (e) {
      if (!(e instanceof IsauthError) || e.code !== 'JSON_TOO_LARGE') throw e;
      return send(reply, 422, `${JSON.stringify({ error: 'too large', code: e.code, message: e.message })}\n`);
    }
    return send(reply, 200, `${body}\n`);
  }
  if (r.outcome.variant === 'bypass') return send(reply, 503, `${JSON.stringify({ error: 'unavailable', code: r.outcome.code })}\n`);
  return send(reply, 404, NOT_FOUND);
}

export const inspectRoutes: FastifyPluginAsync<InspectOptions> = async (app, opts) => {
  const allowed = tokenCheck(opts.token);
  app.addHook('onRequest', async (req, reply) => {
    if (!allowed(bearerToken(req.headers.authorization))) {
      await send(reply.header('www-authenticate', 'Bearer'), 401, UNAUTHORIZED);
    }
  });
  const route = (suffix: string, view: (s: PhpSession) => string): void => {
    app.get<{ Params: { id: string } }>(`/sessions/:id${suffix}`, async (req, reply) => answer(reply, await opts.reader.read(req.params.id), view));
  };
  route('', sessionJson);
  route('/keys', keysJson);
};
