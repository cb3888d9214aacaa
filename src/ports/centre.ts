// How a vehicle talks to the centre: drivers/centre/https.ts implements it (HTTPS with the centre's
// certificate pinned, every request signed). The sync (src/app/sync.ts) only sees this interface.

export interface CentreResponse {
  status: number;
  /** The parsed JSON answer. */
  body: unknown;
}

export interface CentreLink {
  request(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown, raw?: Buffer): Promise<CentreResponse>;
  /** Let go of open connections. */
  close(): void;
}

/** The centre could not be reached, or not trusted: a reason the sync says and tries again later. */
export class LinkError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'timeout' | 'certificate' | 'protocol',
    detail: string,
  ) {
    super(detail);
    this.name = 'LinkError';
  }
}
