import { isDatabaseUnavailable } from './internalErrors';

const withCode = (message: string, code: string) =>
  Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  // as seen from replicas while PostgreSQL restarted (topology suite)
  it.each([
    withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
    withCode('terminating connection due to administrator command', '57P01'),
    withCode('the database system is shutting down', '57P03'),
    withCode('the database system is starting up', '57P03'),
    new Error(
      'COMMIT; - Client has encountered a connection error and is not queryable',
    ),
    new Error(
      'insert into "incident_events" ... - Connection terminated unexpectedly',
    ),
    Object.assign(new Error('Knex: Timeout acquiring a connection.'), {
      name: 'KnexTimeoutError',
    }),
    Object.assign(new Error('wrapped'), {
      cause: withCode('read ECONNRESET', 'ECONNRESET'),
    }),
  ])('%s', error => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    withCode('relation "incident_events" does not exist', '42P01'),
    withCode('duplicate key value violates unique constraint', '23505'),
    new Error('Cannot read properties of undefined'),
  ])('not %s', error => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
