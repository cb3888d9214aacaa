// @ts-nocheck
// A refusal by a domain rule. `code` is a key of the message catalogue (src/i18n), so every front
// door (CLI, TUI, print worker) says it in the operator's language.
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code + (Object.keys(params).length ? ' ' + JSON.stringify(params) : ''));
    this.name = 'DomainError';
  }
}
