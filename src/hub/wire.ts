// Refusals that come over the link (the hub's, or the link worker's reasons): their codes are data
// from the network, so unlike the literal codes elsewhere (checked against the catalogue by a test)
// they are checked here, at run time: a code the catalogue does not have, or parameters that are
// not plain strings and numbers, become "the hub sent something invalid".
import { DomainError } from '../core/errors.js';
import { isMessageKey } from '../i18n/index.js';

export class RelayedError extends DomainError {
  constructor(e: { code: unknown; params?: unknown }) {
    const known = typeof e.code === 'string' && isMessageKey(e.code);
    const params: Record<string, string | number> = {};
    if (known && e.params && typeof e.params === 'object') {
      for (const [k, v] of Object.entries(e.params as Record<string, unknown>)) if (typeof v === 'string' || typeof v === 'number') params[k] = typeof v === 'string' ? v.slice(0, 500) : v;
    }
    super(known ? (e.code as string) : 'err.hub.protocol', params);
  }
}
