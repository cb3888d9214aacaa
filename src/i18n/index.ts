// The message catalogue: one per language, vi by default. t() fills {placeholders}.
import type { Lang } from '../core/lang.js';
import { DomainError } from '../core/errors.js';
import { en } from './en.js';
import { vi, type MessageKey } from './vi.js';

export type { MessageKey };
export const catalogues: Record<Lang, Record<MessageKey, string>> = { vi, en };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function isMessageKey(k: string): k is MessageKey {
  return Object.prototype.hasOwnProperty.call(vi, k);
}

export function translator(lang: Lang): Translate {
  const cat = catalogues[lang];
  return (key, params) => {
    const text = cat[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
  };
}

export function parseLang(s: string | undefined): Lang {
  return s === 'en' ? 'en' : 'vi';
}

/** The operator-facing text of any error: domain refusals by their key, anything else as unexpected. */
export function userMessage(t: Translate, e: unknown): string {
  if (e instanceof DomainError && isMessageKey(e.code)) {
    // A parameter that is itself a catalogue key (a state name, say) is said in the same language.
    const params: Params = {};
    for (const [k, v] of Object.entries(e.params)) params[k] = typeof v === 'string' && isMessageKey(v) ? t(v) : v;
    return t(e.code, params);
  }
  return t('err.unexpected', { detail: (e as Error)?.message ?? String(e) });
}
