import type { EntityMetadata } from 'typeorm';
import { startTestApp, TestApp } from './support/test-app';

interface DbColumn {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
}

/** Type families: an entity and the migrated column agree when both fall in the same family. */
const FAMILIES: Record<string, RegExp> = {
  text: /^(character varying|varchar|character|char|text|citext)$/,
  integer: /^(integer|int|int4|smallint|int2|bigint|int8)$/,
  decimal: /^(numeric|decimal|real|double precision|float4|float8)$/,
  boolean: /^(boolean|bool)$/,
  timestamp: /^(timestamp with time zone|timestamp without time zone|timestamptz|timestamp)$/,
  date: /^date$/,
  json: /^(jsonb|json)$/,
  uuid: /^uuid$/,
  enum: /^(enum|USER-DEFINED)$/,
  array: /^(ARRAY|simple-array)$/,
  binary: /^bytea$/,
  network: /^inet$/,
};

function familyOf(type: string): string {
  for (const [family, pattern] of Object.entries(FAMILIES)) if (pattern.test(type)) return family;
  return `unknown (${type})`;
}

/**
 * The entities are the single description of every table (docs/decisions.md, "Persistence: the
 * entities describe every table"): the schema the migrations build must have exactly the columns
 * the entity metadata names, each of the same type family, so drift between a migration and an
 * entity fails here.
 */
describe('schema and entities agree', () => {
  let testApp: TestApp;
  let dbColumns: DbColumn[];

  beforeAll(async () => {
    testApp = await startTestApp();
    dbColumns = await testApp.dataSource.query(
      `SELECT table_name, column_name, data_type, udt_name FROM information_schema.columns
        WHERE table_schema = current_schema()`,
    );
  });

  afterAll(() => testApp?.close());

  function entities(): EntityMetadata[] {
    return testApp.dataSource.entityMetadatas.filter((m) => m.tableType === 'regular');
  }

  it('registers an entity for every table of the migrated schema except the migration log', () => {
    const described = new Set(entities().map((m) => m.tableName));
    const tables = new Set(dbColumns.map((c) => c.table_name));
    tables.delete(testApp.dataSource.options.migrationsTableName ?? 'migrations');
    expect(tables.size).toBeGreaterThanOrEqual(12);
    expect([...tables].filter((t) => !described.has(t)).sort()).toEqual([]);
  });

  it('has the same column names, table by table', () => {
    for (const metadata of entities()) {
      const inDb = dbColumns
        .filter((c) => c.table_name === metadata.tableName)
        .map((c) => c.column_name)
        .sort();
      const inEntity = metadata.columns.map((c) => c.databaseName).sort();
      expect({ table: metadata.tableName, columns: inEntity }).toEqual({
        table: metadata.tableName,
        columns: inDb,
      });
    }
  });

  it('has the same type family for every column', () => {
    const driver = testApp.dataSource.driver;
    const mismatches: string[] = [];
    for (const metadata of entities()) {
      for (const column of metadata.columns) {
        const db = dbColumns.find(
          (c) => c.table_name === metadata.tableName && c.column_name === column.databaseName,
        );
        if (!db) continue;
        const entityFamily = column.isArray ? 'array' : familyOf(driver.normalizeType(column));
        const dbFamily = familyOf(db.data_type);
        if (entityFamily !== dbFamily) {
          mismatches.push(
            `${metadata.tableName}.${column.databaseName}: entity ${entityFamily}, schema ${dbFamily}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
