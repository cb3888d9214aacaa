import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/check.js';
import { checkProcedures, PROCEDURE_FIELDS, procedureChoices, searchProcedures, type Procedure } from '../../src/core/procedures.js';

const GROUPS = ['civil', 'land', 'finance', 'labour', 'welfare', 'merit', 'digital', 'legal'];

function raw(): any {
  return JSON.parse(readFileSync(new URL('../../data/procedures.json', import.meta.url), 'utf8'));
}

const list = checkProcedures(raw(), GROUPS);

function expectDataError(json: unknown, path: string, problem?: string): void {
  try {
    checkProcedures(json, GROUPS);
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    // the message names the file to mend, the path in it and, where given, what is wrong there
    expect((e as DataError).file).toBe('procedures.json');
    expect((e as DataError).path).toBe(path);
    if (problem !== undefined) expect((e as DataError).problem).toBe(problem);
    return;
  }
  throw new Error(`expected a DataError at ${path}`);
}

describe('procedure catalogue', () => {
  it('the real catalogue passes the check, with at least 30 procedures covering all 8 fields', () => {
    expect(list.length).toBeGreaterThanOrEqual(30);
    expect(new Set(list.map((p) => p.field))).toEqual(new Set(PROCEDURE_FIELDS));
    for (const p of list) {
      // verified means its national code and name were found in a public source
      if (p.verified) expect(p.code).toMatch(/^\d\.\d{6}$/);
      if (p.field === 'certification' || p.field === 'residence') expect(p.group).toBe('civil');
    }
  });

  it('every Vietnamese string is NFC', () => {
    const data = raw();
    const vis: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === 'vi' && typeof x === 'string') vis.push(x);
          walk(x);
        }
      }
    };
    walk(data);
    expect(vis.length).toBeGreaterThan(100);
    for (const s of vis) expect(s, s).toBe(s.normalize('NFC'));
    const text = readFileSync(new URL('../../data/procedures.json', import.meta.url), 'utf8');
    expect(text).toBe(text.normalize('NFC'));
  });
});

describe('searchProcedures', () => {
  const birth = list.find((p) => p.name.vi === 'Đăng ký khai sinh');

  it.each(['đăng ký khai sinh', 'dang ky khai sinh', 'khai sinh', 'ĐĂNG KÝ KHAI SINH', '1.001193'])(
    '"%s" finds birth registration first',
    (q) => {
      expect(birth).toBeDefined();
      const found = searchProcedures(list, q);
      expect(found[0]).toBe(birth);
    },
  );

  it('finds by words in any order and by English name', () => {
    expect(searchProcedures(list, 'sinh khai')).toContain(birth);
    expect(searchProcedures(list, 'birth registration')[0]).toBe(birth);
    expect(searchProcedures(list, 'chung thuc ban sao')[0]?.name.vi).toBe('Chứng thực bản sao từ bản chính');
  });

  it('ranks the exact code, then names starting with the query, then by where the query stands, then shorter names, then catalogue order', () => {
    const mk = (code: string | null, vi: string, en: string): Procedure => ({ ...(list[0] as Procedure), code, name: { vi, en } });
    const cat = [
      mk('1.000001', 'Đăng ký khai tử', 'Death registration'),
      mk('1.000002', 'Khai tử lưu động', 'Mobile death registration'),
      mk('1.000003', 'Xác nhận khai tử', 'Death confirmation'),
      mk('1.000004', 'Trích lục khai tử', 'Death extract'),
      mk(null, 'Tử tuất khai báo', 'Survivor allowance'),
      mk('1.000006', 'Khai tử', 'Registration of a death'),
      mk('1.000007', 'Sửa giấy tờ', 'Death record correction'),
      mk('1.000008', 'Khai báo tử tuất', 'Survivor declaration'),
      mk('1.000009', 'Trích lục khai tử bản sao', 'Extract copy B'),
      mk('1.000010', 'Trích lục khai tử bản gốc', 'Extract copy A'),
    ];
    const names = (q: string) => searchProcedures(cat, q).map((p) => p.name.vi);
    // starting with the query (shorter first), then by position: 8 and 9 characters in, then the words apart
    // (the words apart: the first word at the start before one further in); equal in all this, catalogue order
    expect(names('khai tu')).toEqual(['Khai tử', 'Khai tử lưu động', 'Đăng ký khai tử', 'Xác nhận khai tử', 'Trích lục khai tử', 'Trích lục khai tử bản sao', 'Trích lục khai tử bản gốc', 'Khai báo tử tuất', 'Tử tuất khai báo']);
    expect(names('luc khai tu ban')).toEqual(['Trích lục khai tử bản sao', 'Trích lục khai tử bản gốc']);
    expect(searchProcedures([...cat].reverse(), 'luc khai tu ban').map((p) => p.name.vi)).toEqual(['Trích lục khai tử bản gốc', 'Trích lục khai tử bản sao']);
    expect(names('  KHAI   tử ')).toEqual(names('khai tu'));
    // an English name that starts with it counts too (shorter Vietnamese names first); a name holding it later comes after
    expect(names('death')).toEqual(['Sửa giấy tờ', 'Đăng ký khai tử', 'Xác nhận khai tử', 'Trích lục khai tử', 'Khai tử lưu động', 'Khai tử']);
    // the exact code first, whatever the names
    expect(names('1.000007')[0]).toBe('Sửa giấy tờ');
  });

  it('the exact code first, even where another procedure\'s name cites that code', () => {
    const mk = (code: string | null, vi: string, en: string): Procedure => ({ ...(list[0] as Procedure), code, name: { vi, en } });
    const cat = [mk('1.000099', 'Liên thông thủ tục 1.000001 với cấp thẻ bảo hiểm y tế', 'Joint procedure with 1.000001'), mk('1.000001', 'Đăng ký khai tử', 'Death registration')];
    expect(searchProcedures(cat, '1.000001').map((p) => p.code)).toEqual(['1.000001', '1.000099']);
    expect(searchProcedures(cat, '1.000099').map((p) => p.code)).toEqual(['1.000099']);
  });

  it('a procedure without a code is found by its names alone', () => {
    const p: Procedure = { ...(list[0] as Procedure), code: null, name: { vi: 'Khai tử', en: 'Death' } };
    const letters = 'abcdefghijklmnopqrstuvwxyz!.0123456789'.split('');
    for (const l of letters) expect(searchProcedures([p], l), l).toEqual('khai tu\ndeath'.includes(l) ? [p] : []);
  });

  it('a query with no match returns []', () => {
    expect(searchProcedures(list, 'xyzzy không có')).toEqual([]);
  });

  it('an empty query returns the list up to the limit', () => {
    expect(searchProcedures(list, '   ')).toHaveLength(Math.min(list.length, 50));
    expect(searchProcedures(list, '', 5)).toEqual(list.slice(0, 5));
    expect(searchProcedures(list, 'khai sinh', 2)).toHaveLength(2);
  });
});

describe('checkProcedures refuses broken data', () => {
  it('a bad document form', () => {
    const d = raw();
    d.procedures[3].documents[0].form = 'photocopy';
    expectDataError(d, '$.procedures[3].documents[0].form');
  });

  it('a duplicate code', () => {
    const d = raw();
    d.procedures[2].code = d.procedures[0].code;
    expectDataError(d, '$.procedures[2].code', `duplicate code "${d.procedures[0].code}" (also $.procedures[0])`);
  });

  it('a negative fee, a fee rule of no known kind, a rule at odds with its type', () => {
    const d = raw();
    const i = d.procedures.findIndex((p: any) => p.fee.rule.kind === 'fixed');
    d.procedures[i].fee.rule.vnd = -2000;
    expectDataError(d, `$.procedures[${i}].fee.rule.vnd`);
    const k = raw();
    k.procedures[3].fee.rule = { kind: 'percent', value: 5 };
    expectDataError(k, '$.procedures[3].fee.rule.kind');
    const t = raw();
    const j = t.procedures.findIndex((p: any) => p.fee.rule.kind === 'none');
    t.procedures[j].fee.type = 'le_phi';
    expectDataError(t, `$.procedures[${j}].fee.type`);
  });

  it('an unknown group', () => {
    const d = raw();
    d.procedures[1].group = 'police';
    expectDataError(d, '$.procedures[1].group');
  });

  it('no documents', () => {
    const d = raw();
    d.procedures[4].documents = [];
    expectDataError(d, '$.procedures[4].documents', 'at least one document is needed');
  });

  it('every other field out of form, at its own path', () => {
    const cases: [string, (d: any) => void][] = [
      ['$.version', (d) => (d.version = 2)],
      ['$.procedures', (d) => (d.procedures = {})],
      ['$.procedures', (d) => (d.procedures = [])],
      ['$.procedures[2]', (d) => (d.procedures[2] = 'Đăng ký kết hôn')],
      ['$.procedures[2].code', (d) => (d.procedures[2].code = '1.00119')],
      ['$.procedures[2].code', (d) => (d.procedures[2].code = '1.0011933')],
      ['$.procedures[2].code', (d) => (d.procedures[2].code = '12.001193')],
      ['$.procedures[2].code', (d) => (d.procedures[2].code = '1-001193')],
      ['$.procedures[2].name.en', (d) => (d.procedures[2].name.en = '')],
      ['$.procedures[2].documents', (d) => (d.procedures[2].documents = null)],
      ['$.procedures[2].documents[1]', (d) => (d.procedures[2].documents[1] = [])],
      ['$.procedures[2].documents[1].name.vi', (d) => (d.procedures[2].documents[1].name.vi = ' ')],
      ['$.procedures[2].documents[1].count', (d) => (d.procedures[2].documents[1].count = 0)],
      ['$.procedures[2].documents[1].count', (d) => (d.procedures[2].documents[1].count = 101)],
      ['$.procedures[2].documents[1].mandatory', (d) => (d.procedures[2].documents[1].mandatory = 'yes')],
      ['$.procedures[2].fee', (d) => (d.procedures[2].fee = 8000)],
      ['$.procedures[2].feeNote', (d) => (d.procedures[2].feeNote = 'miễn phí')],
      ['$.procedures[2].subject', (d) => (d.procedures[2].subject = 'marriage')],
      ['$.procedures[2].processingDays', (d) => (d.procedures[2].processingDays = -1)],
      ['$.procedures[2].processingDays', (d) => (d.procedures[2].processingDays = 366)],
      ['$.procedures[2].postalReturn', (d) => (d.procedures[2].postalReturn = 1)],
      ['$.procedures[2].agency', (d) => (d.procedures[2].agency = 'UBND xã')],
      ['$.procedures[2].verified', (d) => (d.procedures[2].verified = null)],
      ['$.procedures[2].source', (d) => (d.procedures[2].source = '')],
    ];
    expectDataError([], '$');
    expectDataError({ ...raw(), procedures: [] }, '$.procedures', 'at least one procedure is needed');
    for (const [path, spoil] of cases) {
      const d = raw();
      spoil(d);
      expectDataError(d, path);
    }
  });

  it('the optional fields: no code, no fee note, no subject, no source; and the limits taken at their ends', () => {
    const d = raw();
    Object.assign(d.procedures[2], { code: null, feeNote: null, subject: null, source: null, processingDays: 365 });
    delete d.procedures[3].subject;
    delete d.procedures[3].source;
    d.procedures[3].processingDays = 0;
    d.procedures[2].documents[0].count = 100;
    d.procedures[3].documents[0].count = 1;
    const [a, b] = checkProcedures(d, GROUPS).slice(2, 4) as [Procedure, Procedure];
    expect([a.code, a.feeNote, a.subject, a.source, a.processingDays, a.documents[0]!.count]).toEqual([null, null, null, null, 365, 100]);
    expect([b.subject, b.source, b.processingDays, b.documents[0]!.count]).toEqual([null, null, 0, 1]);
    // two procedures without a code are not a duplicate
    d.procedures[4].code = null;
    expect(checkProcedures(d, GROUPS)[4]!.code).toBeNull();
  });

  it('what a procedure is read as: every field, the subject and source when given, the fee of the plainest case', () => {
    const d = raw();
    const [birth, withSource] = checkProcedures(d, GROUPS).slice(0, 2) as [Procedure, Procedure];
    const src = d.procedures[0];
    expect(birth).toMatchObject({ code: src.code, name: src.name, field: src.field, group: src.group, subject: 'birth', feeNote: src.feeNote, processingDays: src.processingDays, postalReturn: src.postalReturn, agency: src.agency, verified: src.verified, source: null });
    expect(birth.documents).toEqual(src.documents);
    expect(withSource.source).toBe(d.procedures[1].source);
    expect(checkProcedures(d, GROUPS)[4]!.subject).toBe('death');
    const fixed = checkProcedures(d, GROUPS).find((p) => p.fee.rule.kind === 'fixed') as Procedure;
    expect(fixed.feeVnd).toBe((fixed.fee.rule as { vnd: number }).vnd);
    expect(fixed.feeVnd).toBeGreaterThan(0);
  });

  it('a duplicate Vietnamese name, an unknown field, a fractional day count', () => {
    const a = raw();
    a.procedures[6].name.vi = a.procedures[0].name.vi;
    expectDataError(a, '$.procedures[6].name.vi', `duplicate name "${a.procedures[0].name.vi}" (also $.procedures[0])`);
    const b = raw();
    b.procedures[7].field = 'police';
    expectDataError(b, '$.procedures[7].field');
    const c = raw();
    c.procedures[8].processingDays = 1.5;
    expectDataError(c, '$.procedures[8].processingDays');
  });
});

describe('procedureChoices', () => {
  it('with no filter, the procedures of the served ticket’s group first, each part in catalogue order', () => {
    const land = list.filter((p) => p.group === 'land');
    expect(land.length).toBeGreaterThan(0);
    const all = procedureChoices(list, '', 'land');
    expect(all).toHaveLength(list.length);
    expect(all.slice(0, land.length)).toEqual(land);
    expect(all.slice(land.length)).toEqual(list.filter((p) => p.group !== 'land'));
    expect(procedureChoices(list, '  ', undefined)).toEqual(list);
  });
  it('with a filter, the matches as searchProcedures ranks them, whatever the group', () => {
    expect(procedureChoices(list, 'khai sinh', 'land')).toEqual(searchProcedures(list, 'khai sinh', 500));
    // a match of the served group ranked after one of another group stays after it
    const mk = (vi: string, group: string): Procedure => ({ ...(list[0] as Procedure), code: null, name: { vi, en: vi }, group });
    const cat = [mk('Xác nhận đất ở', 'land'), mk('Đất đai: chứng thực hợp đồng', 'civil')];
    expect(procedureChoices(cat, 'dat', 'land').map((p) => p.group)).toEqual(['civil', 'land']);
    // a filter of blanks is no filter: the group first
    expect(procedureChoices(cat, '   ', 'civil').map((p) => p.group)).toEqual(['civil', 'land']);
    expect(procedureChoices(cat, '', 'land').map((p) => p.group)).toEqual(['land', 'civil']);
  });
});
