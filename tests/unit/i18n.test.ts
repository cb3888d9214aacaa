import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.js';
import { en } from '../../src/i18n/en.js';
import { catalogues, isMessageKey, parseLang, translator, userMessage } from '../../src/i18n/index.js';
import { vi } from '../../src/i18n/vi.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx)$/.test(name)) out.push(p);
  }
  return out;
}

const placeholders = (s: string) => new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));

describe('message catalogues', () => {
  const viKeys = Object.keys(vi).sort();
  const enKeys = Object.keys(en).sort();

  it('vi and en have the same keys', () => {
    expect(enKeys).toEqual(viKeys);
    expect(Object.keys(catalogues).sort()).toEqual(['en', 'vi']);
    expect(viKeys.length).toBeGreaterThan(100);
  });

  it('have no empty strings', () => {
    for (const [lang, cat] of Object.entries(catalogues)) {
      for (const [k, v] of Object.entries(cat)) expect(v.trim(), `${lang} ${k}`).not.toBe('');
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const k of viKeys) {
      const a = placeholders((vi as Record<string, string>)[k]!);
      const b = placeholders((en as Record<string, string>)[k]!);
      expect([...b].sort(), k).toEqual([...a].sort());
    }
  });

  it('Vietnamese strings are NFC', () => {
    for (const [k, v] of Object.entries(vi)) expect(v, k).toBe(v.normalize('NFC'));
  });

  it('every DomainError code used in src is a catalogue key', () => {
    const codes = new Map<string, string>();
    const re = /new\s+DomainError\(\s*(['"`])([^'"`]+)\1/g;
    for (const file of sourceFiles(SRC)) {
      for (const m of readFileSync(file, 'utf8').matchAll(re)) codes.set(m[2]!, file);
    }
    // The scan must actually find the codes (guards against a broken regex passing vacuously).
    expect(codes.size).toBeGreaterThan(25);
    expect(codes.has('err.noOpenTrip')).toBe(true);
    expect(codes.has('err.dbNewer')).toBe(true);
    for (const [code, file] of codes) expect(isMessageKey(code), `${code} in ${file}`).toBe(true);
  });

  it('every key is used somewhere in the code (no dead entries to keep translating)', () => {
    // A key is used when the code names it as a literal, or builds it from a prefix (`status.${s}`).
    const code = [...sourceFiles(SRC).filter((f) => !f.includes(`${join('src', 'i18n')}`)), ...sourceFiles(fileURLToPath(new URL('../../drivers', import.meta.url)))]
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const prefixes = new Set([...code.matchAll(/`([\w.]+\.)\$\{/g)].map((m) => m[1]!));
    const literal = (k: string) => code.includes(`'${k}'`) || code.includes(`"${k}"`) || code.includes(`\`${k}\``);
    const built = (k: string) => [...prefixes].some((p) => k.startsWith(p));
    // the scan must see the code: most keys are named as they are
    expect(viKeys.filter(literal).length).toBeGreaterThan(viKeys.length / 2);
    expect(viKeys.filter((k) => !literal(k) && !built(k))).toEqual([]);
  });

  it('no DomainError is built from a non-literal code', () => {
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new\s+DomainError\(\s*([^'"`\s])/g)) {
        throw new Error(`${file}: DomainError built from ${m[1]}...; its code cannot be checked against the catalogue`);
      }
    }
  });
});

describe('translator', () => {
  it('fills parameters', () => {
    const t = translator('en');
    expect(t('err.noneWaiting', { counter: 3 })).toBe('Nobody is waiting for counter 3.');
    expect(t('ok.tripClosed', { id: 2, issued: 12, served: 10, noShows: 1, unserved: 1 })).toBe('Trip 2 closed. Tickets issued: 12; done 10, no-shows 1, not served 1.');
    expect(translator('vi')('label.counter', { no: 2 })).toBe('Quầy 2');
  });

  it('leaves unknown or missing placeholders as they are', () => {
    const t = translator('en');
    expect(t('err.noneWaiting', {})).toBe('Nobody is waiting for counter {counter}.');
    expect(t('err.noneWaiting', { other: 1 })).toBe('Nobody is waiting for counter {counter}.');
    expect(t('err.noneWaiting')).toBe('Nobody is waiting for counter {counter}.');
  });

  it('does not expand placeholders inside parameter values', () => {
    const t = translator('en');
    expect(t('err.unknownGroup', { group: '{group}' })).toBe('There is no service group “{group}”.');
    expect(t('cli.error', { text: 'a $& b $1' })).toBe('Error: a $& b $1');
  });

  it('parseLang defaults to Vietnamese', () => {
    expect(parseLang('en')).toBe('en');
    expect(parseLang('vi')).toBe('vi');
    expect(parseLang(undefined)).toBe('vi');
    expect(parseLang('fr')).toBe('vi');
  });

  it('userMessage says domain errors by their key and anything else as unexpected', () => {
    const t = translator('en');
    expect(userMessage(t, new DomainError('err.noOpenTrip'))).toBe('No trip is open. Open a trip first.');
    expect(userMessage(t, new DomainError('err.returnTooLate', { ticket: 'A001', minutes: 30 }))).toContain('A001 came back more than 30 minutes');
    expect(userMessage(t, new Error('boom'))).toBe('Unexpected error: boom');
    expect(userMessage(t, new DomainError('err.notAKey'))).toBe('Unexpected error: err.notAKey');
    expect(userMessage(translator('vi'), new DomainError('err.noOpenTrip'))).toBe('Chưa mở chuyến nào. Hãy mở chuyến trước.');
  });
});
