import { SERIALIZERS, type SerializerName } from '../php/types.js';

/** `--serializer`: PHP's session.serialize_handler names, and `json` for sessions custom handlers store as JSON. */
export const SESSION_SERIALIZERS: readonly (SerializerName | 'json')[] = Object.freeze([...SERIALIZERS, 'json']);
export type SessionSerializer = SerializerName | 'json';
