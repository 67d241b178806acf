import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/errors.ts';
import { storageFailure } from '../../src/store/storage-health.ts';

function sqliteError(errcode: number, message: string) {
  return Object.assign(new Error(message), { code: 'ERR_SQLITE_ERROR', errcode });
}
function postgresError(code: string, message: string) {
  return Object.assign(new Error(message), { code });
}

describe('storageFailure', () => {
  it.each([
    [sqliteError(13, 'database or disk is full'), /disk full/],
    [sqliteError(10, 'disk I/O error'), /I\/O error/],
    [sqliteError(8, 'attempt to write a readonly database'), /read-only/],
    [postgresError('53100', 'could not extend file'), /disk full/],
    [postgresError('25006', 'cannot execute INSERT in a read-only transaction'), /read-only/],
  ])('names %s a storage failure', (err, words) => {
    const failure = storageFailure(err);
    expect(failure).toBeInstanceOf(StoreError);
    expect(failure?.code).toBe('storage_failed');
    expect(failure?.message).toMatch(words);
  });

  it.each([
    [sqliteError(19, 'UNIQUE constraint failed')],
    [postgresError('23505', 'duplicate key')],
    [new StoreError('plan_not_found', 'no plan')],
    [new Error('anything else')],
    ['not an error'],
  ])('leaves %s alone', (err) => {
    expect(storageFailure(err)).toBeUndefined();
  });
});
