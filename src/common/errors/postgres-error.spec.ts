import {
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { isDatabaseUnavailable } from './postgres-error';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

function queryFailed(code: string): QueryFailedError {
  return new QueryFailedError('SELECT 1', [], withCode('server said no', code));
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
    ['a server shutting down', queryFailed('57P01')],
    ['a server starting up', queryFailed('57P03')],
    ['too many connections', queryFailed('53300')],
    ['a connection exception', queryFailed('08006')],
    ['the pool giving up', new Error('timeout exceeded when trying to connect')],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    [
      'a client reused after its connection failed',
      new Error('Client has encountered a connection error and is not queryable'),
    ],
    [
      'a client the pool closed after its connection failed',
      new Error('Client was closed and is not queryable'),
    ],
    [
      "a transaction's next statement through its manager after the backend was killed",
      new QueryRunnerProviderAlreadyReleasedError(),
    ],
    [
      "a transaction's next statement through its runner after the backend was killed",
      new QueryRunnerAlreadyReleasedError(),
    ],
  ])('is true for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', queryFailed('23505')],
    ['a syntax error', queryFailed('42601')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['something not an error', { code: 'ECONNREFUSED' }],
  ])('is false for %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
