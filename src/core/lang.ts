// The languages of the app: of the operator's screen (Vietnamese by default, English with --lang en)
// and of what is printed. A module of its own: nearly every layer names a language, and none should
// have to import the data files' schema (src/core/config.ts) to do so.
export type Lang = 'vi' | 'en';

/** A name in every language of the app, as the data files give it. */
export type LocalName = Record<Lang, string>;
