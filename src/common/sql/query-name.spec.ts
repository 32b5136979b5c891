import { queryNameOf, UNNAMED_QUERY } from './query-name';

describe('queryNameOf', () => {
  it.each([
    ['/* query:orders.findActive */ SELECT 1', 'orders.findActive'],
    ['  /*query:menu.list_by-category*/SELECT 1', 'menu.list_by-category'],
    ['/* query:history.page */ SELECT 1 /* query:other */', 'history.page'],
  ])('reads the name of %j', (sql, name) => {
    expect(queryNameOf(sql)).toBe(name);
  });

  it.each([
    ['START TRANSACTION', 'transaction.start'],
    ['SET TRANSACTION ISOLATION LEVEL SERIALIZABLE', 'transaction.start'],
    ['COMMIT', 'transaction.commit'],
    ['ROLLBACK', 'transaction.rollback'],
    ['SAVEPOINT typeorm_1', 'transaction.savepoint'],
    ['RELEASE SAVEPOINT typeorm_1', 'transaction.savepoint'],
    ['ROLLBACK TO SAVEPOINT typeorm_2', 'transaction.savepoint'],
  ])('names TypeORM’s transaction control %j', (sql, name) => {
    expect(queryNameOf(sql)).toBe(name);
  });

  it.each([
    'SELECT 1',
    'COMMIT; DROP TABLE x',
    'SELECT 1 /* query:not.leading */',
    '/* orders.findActive */ SELECT 1',
    `/* query:${'x'.repeat(81)} */ SELECT 1`,
    "/* query:o'; DROP TABLE x */ SELECT 1",
  ])('labels %j as unnamed', (sql) => {
    expect(queryNameOf(sql)).toBe(UNNAMED_QUERY);
  });
});
