// The citizens a dossier points at once its personal data is removed (src/core/retention.ts
// ANONYMOUS_CITIZEN): one per gender, with ids no card scan can make (a citizen ID is 12 digits).
// The ids are stored: a database that removed data keeps rows under them, so they never change.
import { describe, expect, it } from 'vitest';
import { ANONYMOUS_CITIZEN } from '../../src/core/retention.js';

describe('the anonymous citizens', () => {
  it('are "anonymous-male" and "anonymous-female": two, distinct, and no citizen ID', () => {
    expect(ANONYMOUS_CITIZEN).toEqual({ male: 'anonymous-male', female: 'anonymous-female' });
    for (const id of Object.values(ANONYMOUS_CITIZEN)) expect(id).not.toMatch(/^\d{12}$/);
  });
});
