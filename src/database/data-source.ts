import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { typeOrmOptions } from './typeorm-options';

/**
 * Used by the TypeORM CLI for `npm run migration:generate` (development) on the compiled output.
 * The app registers each feature's entities through its module; here they are found by suffix.
 */
export default new DataSource({
  ...typeOrmOptions(loadConfig()),
  entities: [join(__dirname, '..', '**', '*.entity.js')],
});
